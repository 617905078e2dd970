import { useI18n } from '../../i18n/index.js';
import type { PresenceEntry } from './inboxApi.js';

/** Colleagues on the same conversation right now; typing ones first, as a warning against answering twice. */
export function PresenceBar({ others }: { others: PresenceEntry[] }) {
  const { t } = useI18n();
  if (others.length === 0) return null;
  const typing = others.filter((p) => p.state === 'typing');
  const viewing = others.filter((p) => p.state !== 'typing');
  const names = (list: PresenceEntry[]) => list.map((p) => p.name ?? t('inbox.someone')).join(', ');
  return (
    <div className={`presence ${typing.length ? 'presence-typing' : ''}`} role="status" data-testid="presence">
      <span className="presence-avatars" aria-hidden="true">
        {others.slice(0, 4).map((p) => (
          <span key={p.userId} className={`avatar presence-${p.state}`}>
            {Array.from(p.name ?? '?')[0]}
          </span>
        ))}
      </span>
      <span>
        {typing.length > 0 && <strong>{t('inbox.presence.typing', { names: names(typing) })}</strong>}
        {typing.length > 0 && viewing.length > 0 && ' · '}
        {viewing.length > 0 && t('inbox.presence.viewing', { names: names(viewing) })}
      </span>
    </div>
  );
}
