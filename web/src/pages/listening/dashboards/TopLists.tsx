import { channelLabel } from '../../../channelLabel.js';
import { ChannelMark } from '../../../components/ChannelMark.js';
import { useI18n } from '../../../i18n/index.js';
import { useTimeFormat } from '../../../time.js';
import { readAnalysis, safeUrl } from '../analysis.js';
import { ChartCard } from './ChartCard.js';
import type { Chart, Dashboard } from './dashboardsApi.js';

type Csv = ((chart: Chart) => string) | undefined;

/** Trending keywords (log-odds vs the previous period) as a ranked bar list. */
export function KeywordsPanel({ d, csvUrl, onKeyword }: { d: Dashboard; csvUrl: Csv; onKeyword?(k: string): void }) {
  const { t } = useI18n();
  const max = Math.max(1, ...d.keywords.map((k) => k.z));
  return (
    <ChartCard title={t('ld.chart.keywords')} chart="keywords" csvUrl={csvUrl}>
      {d.keywords.length === 0 ? (
        <p className="muted small">{t('ld.d.noData')}</p>
      ) : (
        <ol className="ld-bars" translate="no">
          {d.keywords.slice(0, 15).map((k) => (
            <li key={k.term}>
              {onKeyword ? (
                <button type="button" className="ld-link" onClick={() => onKeyword(k.term)}>
                  {k.term}
                </button>
              ) : (
                <span>{k.term}</span>
              )}
              <span className="ld-bar" style={{ width: `${Math.max(4, (k.z / max) * 100)}%` }} aria-hidden="true" />
              <span className="small muted">{t('ld.d.keywordCount', { n: k.count, before: k.background })}</span>
            </li>
          ))}
        </ol>
      )}
    </ChartCard>
  );
}

/** A weighted tag cloud in HTML (ECharts has no word cloud): size by frequency, alphabetic order kept random-looking by count rank. */
export function WordCloudPanel({ d, csvUrl, onKeyword }: { d: Dashboard; csvUrl: Csv; onKeyword?(k: string): void }) {
  const { t } = useI18n();
  const counts = d.wordCloud.map((w) => w.count);
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  const size = (n: number) => (hi === lo ? 1.2 : 0.8 + ((Math.log(n) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * 1.6);
  // Interleave big and small words so the cloud does not read as a sorted list.
  const words = [...d.wordCloud].sort((a, b) => (a.term < b.term ? -1 : 1));
  return (
    <ChartCard title={t('ld.chart.wordCloud')} chart="word_cloud" csvUrl={csvUrl}>
      {words.length === 0 ? (
        <p className="muted small">{t('ld.d.noData')}</p>
      ) : (
        <p className="ld-cloud" translate="no">
          {words.map((w, i) => {
            const style = { fontSize: `${size(w.count).toFixed(2)}rem`, opacity: 0.55 + (size(w.count) / 2.4) * 0.45 };
            const cls = `ld-word tone-${i % 4}`;
            return onKeyword ? (
              <button key={w.term} type="button" className={cls} style={style} title={String(w.count)} onClick={() => onKeyword(w.term)}>
                {w.term}
              </button>
            ) : (
              <span key={w.term} className={cls} style={style} title={String(w.count)}>
                {w.term}
              </span>
            );
          })}
        </p>
      )}
    </ChartCard>
  );
}

export function TopPostsPanel({ d, csvUrl }: { d: Dashboard; csvUrl: Csv }) {
  const { t, tMaybe } = useI18n();
  const time = useTimeFormat();
  return (
    <ChartCard title={t('ld.chart.topPosts')} chart="top_posts" csvUrl={csvUrl} wide>
      {d.topPosts.length === 0 ? (
        <p className="muted small">{t('ld.d.noData')}</p>
      ) : (
        <ol className="ld-posts">
          {d.topPosts.map(({ item, reach, reposts }) => {
            const a = readAnalysis(item.analysis);
            const url = safeUrl(item.url);
            return (
              <li key={item.id}>
                <ChannelMark type={item.channel} size="sm" />
                <div>
                  <p className="ld-post-text" translate="no">
                    {a.masked ?? item.text}
                  </p>
                  <p className="small muted">
                    <span translate="no">{item.author.name || item.author.handle || item.author.id}</span> · {channelLabel(tMaybe, item.channel)} · {time.absolute(item.createdAt)} · {t('ld.d.reachN', { n: time.compact(reach), reposts })}
                    {url && (
                      <>
                        {' · '}
                        <a href={url} target="_blank" rel="noopener noreferrer">
                          {t('listening.original')}
                        </a>
                      </>
                    )}
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </ChartCard>
  );
}

export function TopAuthorsPanel({ d, csvUrl, onAuthor }: { d: Dashboard; csvUrl: Csv; onAuthor?(id: string, name: string): void }) {
  const { t, tMaybe } = useI18n();
  const time = useTimeFormat();
  return (
    <ChartCard title={t('ld.chart.topAuthors')} chart="top_authors" csvUrl={csvUrl}>
      {d.topAuthors.length === 0 ? (
        <p className="muted small">{t('ld.d.noData')}</p>
      ) : (
        <table className="table ld-authors">
          <thead>
            <tr>
              <th>{t('ld.d.author')}</th>
              <th>{t('ld.d.items')}</th>
              <th>{t('ld.sentiment.negative')}</th>
            </tr>
          </thead>
          <tbody>
            {d.topAuthors.map(({ author, count, negative }) => {
              const name = author.name || author.handle || author.id;
              return (
                <tr key={author.id}>
                  <td>
                    {onAuthor ? (
                      <button type="button" className="ld-link" translate="no" onClick={() => onAuthor(author.id, name)}>
                        {name}
                      </button>
                    ) : (
                      <span translate="no">{name}</span>
                    )}
                    <span className="small muted">
                      {' '}
                      · {channelLabel(tMaybe, author.channel)}
                      {author.followers !== null ? ` · ${t('listening.followers', { n: time.compact(author.followers) })}` : ''}
                    </span>
                  </td>
                  <td>{count}</td>
                  <td>{negative}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </ChartCard>
  );
}
