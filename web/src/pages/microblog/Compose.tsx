import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useWorkspace } from '../../workspace.js';
import { HoldReasons } from './HoldReasons.js';
import { type Attached, MediaPicker } from './MediaPicker.js';
import { microblogApi, type PostView } from './microblogApi.js';
import { emptyPoll, type PollDraft, PollComposer, pollReady } from './Poll.js';

/**
 * The composer: text, images and files, a poll; or, under a post, a reply. A post the guideline screen
 * holds stays in the box with its reasons, to be fixed and posted again (an edit of the held post).
 */
export function Compose({ onPosted, replyTo, onCancel }: { onPosted: (post: PostView) => void; replyTo?: PostView; onCancel?: () => void }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const id = useId();
  const [text, setText] = useState(replyTo ? `@${replyTo.author.username} ` : '');
  const [files, setFiles] = useState<Attached[]>([]);
  const [poll, setPoll] = useState<PollDraft | null>(null);
  const [busy, setBusy] = useState(false);
  const [held, setHeld] = useState<PostView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ready = held ? !!text.trim() : !!text.trim() || files.length > 0 || (poll !== null && pollReady(poll));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      let r: { post: PostView; held: boolean };
      if (held) r = await microblogApi.edit(workspace.id, held.id, text);
      else {
        for (const f of files) if (f.description.trim() !== f.media.description) await microblogApi.describeMedia(workspace.id, f.media.id, f.description.trim());
        r = await microblogApi.post(workspace.id, {
          text,
          ...(replyTo ? { replyToId: replyTo.id } : {}),
          ...(files.length ? { mediaIds: files.map((f) => f.media.id) } : {}),
          ...(poll ? { poll: { ...poll, options: poll.options.map((o) => o.trim()).filter(Boolean) } } : {}),
        });
      }
      setHeld(r.held ? r.post : null);
      if (!r.held) {
        setText('');
        setFiles([]);
        setPoll(null);
      }
      onPosted(r.post);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className={replyTo ? 'mb-compose mb-reply' : 'card mb-compose'} onSubmit={(e) => void submit(e)} data-testid={replyTo ? 'mb-reply-box' : 'mb-compose'}>
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {replyTo ? t('mb.reply.label', { name: replyTo.author.displayName }) : t('mb.compose')}
      </label>
      <textarea id={`${id}-text`} rows={replyTo ? 2 : 3} maxLength={5000} value={text} placeholder={replyTo ? t('mb.reply.placeholder') : t('mb.placeholder')} onChange={(e) => setText(e.target.value)} />
      {!held && <MediaPicker files={files} onChange={setFiles} />}
      {!held && !replyTo && poll && <PollComposer poll={poll} onChange={setPoll} />}
      {held && <HoldReasons title={t('mb.heldYours')} reasons={held.holdReasons} testId="mb-held" />}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        {!held && !replyTo && (
          <button type="button" className="btn btn-small" aria-pressed={poll !== null} onClick={() => setPoll(poll ? null : emptyPoll())}>
            {poll ? t('mb.poll.remove') : t('mb.poll.add')}
          </button>
        )}
        {onCancel && (
          <button type="button" className="btn btn-small" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy || !ready}>
          {held ? t('mb.fix') : replyTo ? t('mb.reply.submit') : t('mb.submit')}
        </button>
      </div>
    </form>
  );
}
