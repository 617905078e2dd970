import { measureFor } from '../../channelMeasure.js';
import { safeHref } from '../../safeHref.js';
import { useI18n } from '../../i18n/index.js';
import type { MediaItem } from './publishingApi.js';
import { useTargetLabel } from './shared.js';

/**
 * How a channel will show the post, with the count in its own unit through the adapter's one `measure()`
 * (the very file the server counts with). The layout follows what the channel declares: a channel that
 * requires an image shows the image first and the text as its caption; a long-form one (no length limit)
 * as an article with its title; the others as a short post card with its images under the text.
 */
export function ChannelPreview({ target, accountName, title, text, media }: { target: string; accountName: string; title: string; text: string; media: MediaItem[] }) {
  const { t, tMaybe } = useI18n();
  const label = useTargetLabel();
  const measure = measureFor(target);
  const m = measure ? measure(text) : null;
  const over = m !== null && m.limit !== null && m.length > m.limit;
  const unit = m ? (tMaybe(`pub.unit.${m.unit}`) ?? m.unit) : '';
  const images = media.filter((x) => safeHref(x.url) || x.url.startsWith('data:image/'));
  const img = (x: MediaItem, i: number) => <img key={i} src={x.url.startsWith('data:image/') ? x.url : safeHref(x.url)} alt={x.altText} loading="lazy" />;
  const layout = m?.imageRequired ? 'image-first' : !m || m.limit === null ? 'article' : 'card';
  return (
    <figure className={`pub-chpv pub-chpv-${layout}`} data-preview={target} data-layout={layout}>
      <figcaption className="pub-chpv-head">
        <span className="pub-chpv-avatar" aria-hidden="true" />
        <span>
          <strong translate="no">{accountName || label(target)}</strong>
          <span className="muted small"> · {label(target)}</span>
        </span>
      </figcaption>
      {layout === 'image-first' && (images.length ? images.slice(0, 1).map(img) : <div className="pub-chpv-noimage">{t('pub.preview.noImage')}</div>)}
      {layout === 'article' && title && <h3 translate="no">{title}</h3>}
      <p className="pub-chpv-text" translate="no">
        {text}
      </p>
      {layout !== 'image-first' && images.map(img)}
      {m && (
        <p className={`pub-chpv-count ${over ? 'over' : ''}`} data-count={m.length}>
          {m.limit !== null ? t('pub.count', { length: m.length, limit: m.limit, unit }) : t('pub.countNoLimit', { length: m.length, unit })}
        </p>
      )}
    </figure>
  );
}
