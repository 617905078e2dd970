import { useId, useState } from 'react';
import { Icon } from '../../components/Icon.js';
import { useI18n } from '../../i18n/index.js';

/** The conversation's tags: remove with ×, add by typing and Enter. */
export function TagEditor({ tags, disabled, onChange }: { tags: string[]; disabled: boolean; onChange(tags: string[]): void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  const id = useId();
  const add = () => {
    const tag = draft.trim().replace(/^#/, '');
    if (!tag || tags.includes(tag)) return setDraft('');
    onChange([...tags, tag]);
    setDraft('');
  };
  return (
    <div className="field">
      <label htmlFor={id}>{t('inbox.tags')}</label>
      {tags.length > 0 && (
        <ul className="tag-list">
          {tags.map((tag) => (
            <li key={tag} className="chip chip-removable">
              #{tag}
              <button type="button" disabled={disabled} aria-label={t('inbox.removeTag', { tag })} onClick={() => onChange(tags.filter((x) => x !== tag))}>
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-controls"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <input id={id} type="text" value={draft} maxLength={50} disabled={disabled} placeholder={t('inbox.tagPlaceholder')} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" className="btn btn-small" disabled={disabled || !draft.trim()}>
          {t('inbox.addTag')}
        </button>
      </form>
    </div>
  );
}
