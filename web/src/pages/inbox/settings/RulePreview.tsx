import { channelLabel } from '../../../channelLabel.js';
import { useI18n } from '../../../i18n/index.js';
import { href } from '../../../router.js';
import { useTimeFormat } from '../../../time.js';
import type { ConditionTrace, PreviewResult } from './settingsApi.js';

const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** Every condition as the server evaluated it on one item: what was expected, what it saw, and the verdict. */
function Trace({ node }: { node: ConditionTrace }) {
  const { t } = useI18n();
  return (
    <li className={node.result ? 'trace-yes' : 'trace-no'}>
      <span className="trace-mark" aria-hidden="true">
        {node.result ? '✓' : '✗'}
      </span>
      <span className="visually-hidden">{node.result ? t('inboxSettings.preview.true') : t('inboxSettings.preview.false')}</span>
      {node.group ? (
        <code>{node.group}</code>
      ) : (
        <>
          <code>{node.field}</code> <span className="muted">{node.op}</span> <code>{show(node.expected)}</code>
          <span className="muted small">
            {' '}
            ← {t('inboxSettings.preview.actual')}: {show(node.actual)}
          </span>
        </>
      )}
      {node.note && <span className="muted small"> ({node.note})</span>}
      {node.children && node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <Trace key={c.path} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

function outcomeText(o: PreviewResult['outcome']): string {
  const parts: string[] = [];
  if (o.priority) parts.push(`priority=${o.priority}`);
  if (o.teamId) parts.push(`team=${o.teamId.slice(0, 8)}`);
  if (o.tags.length) parts.push(`tags=${o.tags.join(',')}`);
  if (o.assignment) parts.push(`assign=${JSON.stringify(o.assignment)}`);
  if (o.autoAcknowledgeTemplateId) parts.push('auto_acknowledge');
  if (o.escalations.length) parts.push('escalate');
  if (o.slaPolicyId) parts.push('sla');
  return parts.join(' · ');
}

/** "Test against recent items": which of the latest conversations the draft rule would match, and why. */
export function RulePreview({ evaluated, matched, results }: { evaluated: number; matched: number; results: PreviewResult[] }) {
  const { t, tMaybe } = useI18n();
  const time = useTimeFormat();
  return (
    <section className="card rule-preview" aria-labelledby="rule-preview-title" data-testid="rule-preview">
      <h3 id="rule-preview-title">{t('inboxSettings.preview.title')}</h3>
      <p role="status">{t('inboxSettings.preview.summary', { matched, evaluated })}</p>
      {results.length === 0 ? (
        <p className="muted">{t('inboxSettings.preview.none')}</p>
      ) : (
        <ul className="preview-list">
          {results.map((r) => (
            <li key={r.itemId} className={r.matched ? 'is-match' : undefined}>
              <details>
                <summary>
                  <span className={`badge ${r.matched ? 'badge-ok' : 'badge-muted'}`}>{r.matched ? t('inboxSettings.preview.match') : t('inboxSettings.preview.noMatch')}</span>
                  <span className="muted small">
                    {channelLabel(tMaybe, r.channel)} · {time.relative(r.at)}
                  </span>
                  <span className="preview-text">{r.text}</span>
                </summary>
                {r.matched && outcomeText(r.outcome) && <p className="small">{t('inboxSettings.preview.outcome', { what: outcomeText(r.outcome) })}</p>}
                {r.trace.conditions && (
                  <ul className="trace">
                    <Trace node={r.trace.conditions} />
                  </ul>
                )}
                <a className="small" href={href(`/inbox/${r.conversationId}`)}>
                  {t('inboxSettings.preview.open')}
                </a>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
