import { useId, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useWorkspace } from '../../workspace.js';
import { microblogApi, type TagPage } from './microblogApi.js';

/** Curators' tools on a tag page: write what the tag is for; merge it into another tag. */
export function TagCuration({ page, onPage, onMerged }: { page: TagPage; onPage: (p: TagPage) => void; onMerged: (into: string) => void }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const id = useId();
  const tag = page.tag.name;
  const [description, setDescription] = useState(page.summary.description);
  const [into, setInto] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const saveDescription = () =>
    microblogApi.describeTag(workspace.id, tag, description).then(
      (p) => (onPage(p), setMsg({ ok: true, text: t('mb.curate.saved') })),
      (e: unknown) => setMsg({ ok: false, text: errorText(e) }),
    );
  const merge = () => {
    const target = into.trim().replace(/^#/, '');
    if (!target || !window.confirm(t('mb.curate.mergeConfirm', { from: tag, into: target }))) return;
    microblogApi.mergeTag(workspace.id, tag, target).then(
      (r) => onMerged(r.merge.into.name),
      (e: unknown) => setMsg({ ok: false, text: errorText(e) }),
    );
  };
  return (
    <details className="mb-curate" data-testid="mb-curate">
      <summary>{t('mb.curate.title')}</summary>
      <form onSubmit={(e) => (e.preventDefault(), void saveDescription())}>
        <label htmlFor={`${id}-desc`}>{t('mb.curate.description')}</label>
        <textarea id={`${id}-desc`} rows={3} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />
        <button type="submit" className="btn btn-small btn-primary">
          {t('mb.curate.saveDescription')}
        </button>
      </form>
      <form onSubmit={(e) => (e.preventDefault(), merge())}>
        <label htmlFor={`${id}-into`}>{t('mb.curate.mergeInto', { tag })}</label>
        <input id={`${id}-into`} value={into} maxLength={100} placeholder={t('mb.curate.mergePlaceholder')} onChange={(e) => setInto(e.target.value)} />
        <button type="submit" className="btn btn-small btn-danger" disabled={!into.trim()}>
          {t('mb.curate.merge')}
        </button>
        <p className="muted small">{t('mb.curate.mergeHelp')}</p>
      </form>
      {msg && (
        <p role={msg.ok ? 'status' : 'alert'} className={msg.ok ? 'small' : 'alert alert-error'}>
          {msg.text}
        </p>
      )}
    </details>
  );
}
