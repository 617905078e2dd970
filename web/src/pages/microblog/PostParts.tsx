import { useI18n } from '../../i18n/index.js';
import type { MediaView } from './microblogApi.js';

/** Text with #tags as buttons (Korean tags too). */
export function PostText({ text, onTag }: { text: string; onTag: (tag: string) => void }) {
  const parts = text.split(/((?:^|(?<=\s))#[\p{L}\p{N}_]+)/u);
  return (
    <p className="mb-text" translate="no" data-testid="mb-text">
      {parts.map((p, i) =>
        p.startsWith('#') ? (
          <button key={i} type="button" className="mb-tag" onClick={() => onTag(p.slice(1).toLowerCase())}>
            {p}
          </button>
        ) : (
          <span key={i}>{p}</span>
        ),
      )}
    </p>
  );
}

const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** A post's images (with their alt text) and files (as downloads). */
export function MediaList({ media }: { media: MediaView[] }) {
  const { t } = useI18n();
  if (media.length === 0) return null;
  return (
    <ul className="plain-list mb-media" data-testid="mb-media">
      {media.map((m) => (
        <li key={m.id}>
          {m.type === 'image' ? (
            <figure className="mb-figure">
              <img src={m.url} alt={m.description || t('mb.media.image')} loading="lazy" />
              {m.description && (
                <figcaption className="muted small" translate="no">
                  {m.description}
                </figcaption>
              )}
            </figure>
          ) : (
            <a href={m.url} download={m.fileName}>
              <span translate="no">{m.fileName}</span> <span className="muted small">({kb(m.size)})</span>
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}
