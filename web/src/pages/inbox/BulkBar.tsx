import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { PRIORITIES, STATUSES, type Patch, type Priority, type Status } from './inboxApi.js';

/** Actions on the selected conversations: assign to me, status, priority, add a tag. */
export function BulkBar(props: {
  count: number;
  busy: boolean;
  canReply: boolean;
  /** The tags the selected conversations already have, so one can be added to each. */
  onApply(patch: Patch | { addTag: string }): void;
  onClear(): void;
}) {
  const { t } = useI18n();
  const [tag, setTag] = useState('');
  const disabled = props.busy || !props.canReply;
  return (
    <div className="bulk-bar" role="region" aria-label={t('inbox.bulk.label')} data-testid="bulk-bar">
      <strong className="bulk-count" aria-live="polite">
        {t('inbox.bulk.count', { n: props.count })}
      </strong>
      <button type="button" className="btn btn-small" disabled={disabled} onClick={() => props.onApply({ assigneeId: 'me' })}>
        {t('inbox.assignMe')}
      </button>
      <select aria-label={t('inbox.bulk.status')} value="" disabled={disabled} onChange={(e) => e.target.value && props.onApply({ status: e.target.value as Status })}>
        <option value="">{t('inbox.bulk.status')}</option>
        {STATUSES.filter((s) => s !== 'snoozed').map((s) => (
          <option key={s} value={s}>
            {t(`inbox.status.${s}`)}
          </option>
        ))}
      </select>
      <select aria-label={t('inbox.bulk.priority')} value="" disabled={disabled} onChange={(e) => e.target.value && props.onApply({ priority: e.target.value as Priority })}>
        <option value="">{t('inbox.bulk.priority')}</option>
        {PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {t(`inbox.priority.${p}`)}
          </option>
        ))}
      </select>
      <form
        className="bulk-tag"
        onSubmit={(e) => {
          e.preventDefault();
          if (!tag.trim()) return;
          props.onApply({ addTag: tag.trim() });
          setTag('');
        }}
      >
        <input type="text" aria-label={t('inbox.bulk.tag')} placeholder={t('inbox.bulk.tag')} value={tag} maxLength={50} onChange={(e) => setTag(e.target.value)} disabled={disabled} />
        <button type="submit" className="btn btn-small" disabled={disabled || !tag.trim()}>
          {t('inbox.bulk.addTag')}
        </button>
      </form>
      <button type="button" className="btn btn-small btn-ghost" onClick={props.onClear}>
        {t('inbox.bulk.clear')}
      </button>
    </div>
  );
}
