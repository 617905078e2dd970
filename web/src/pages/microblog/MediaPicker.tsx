import { useId, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useWorkspace } from '../../workspace.js';
import { HoldReasons } from './HoldReasons.js';
import { microblogApi, type MediaView } from './microblogApi.js';

/** An uploaded file in the composer, with the alt text typed for it (sent when the post is made). */
export interface Attached {
  media: MediaView;
  description: string;
}

export const MAX_FILES = 4;

/**
 * Images and files for a post: each file is uploaded when picked (the server reads its type from the
 * bytes and screens it), shown as a preview with a box for its alt text, and its hold reasons at once.
 */
export function MediaPicker({ files, onChange }: { files: Attached[]; onChange: (f: Attached[]) => void }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pick = async (list: FileList | null) => {
    if (!list?.length) return;
    setBusy(true);
    setError(null);
    const added: Attached[] = [];
    try {
      for (const file of [...list].slice(0, MAX_FILES - files.length)) added.push({ media: (await microblogApi.upload(workspace.id, file)).media, description: '' });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
      if (added.length) onChange([...files, ...added]);
    }
  };
  return (
    <div className="mb-media-pick">
      {files.length < MAX_FILES && (
        <label className="btn btn-small">
          {busy ? t('mb.media.uploading') : t('mb.media.add')}
          <input type="file" className="visually-hidden" data-testid="mb-file" multiple disabled={busy} onChange={(e) => (void pick(e.target.files), (e.target.value = ''))} />
        </label>
      )}
      {files.length > 0 && (
        <ul className="plain-list mb-media-drafts">
          {files.map((f, i) => (
            <li key={f.media.id} className="mb-media-draft" data-testid="mb-media-draft">
              {f.media.type === 'image' ? (
                <img src={f.media.url} alt={f.description || t('mb.media.preview')} />
              ) : (
                <span className="mb-file-name" translate="no">
                  {f.media.fileName}
                </span>
              )}
              <label htmlFor={`${id}-alt${i}`} className="small">
                {f.media.type === 'image' ? t('mb.media.alt') : t('mb.media.describe')}
              </label>
              <input id={`${id}-alt${i}`} value={f.description} maxLength={1500} onChange={(e) => onChange(files.map((x, j) => (j === i ? { ...x, description: e.target.value } : x)))} />
              <button type="button" className="btn btn-ghost btn-small" onClick={() => onChange(files.filter((_, j) => j !== i))}>
                {t('mb.media.remove')}
              </button>
              {f.media.holdReasons.length > 0 && <HoldReasons title={t('mb.media.held')} reasons={f.media.holdReasons} testId="mb-file-held" />}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
