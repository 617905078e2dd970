import { forwardRef, useEffect, useId, useImperativeHandle, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { ApiError } from '../../api.js';
import { Icon } from '../../components/Icon.js';
import { useI18n } from '../../i18n/index.js';
import { useTimeFormat } from '../../time.js';
import { useWorkspace } from '../../workspace.js';
import { CannedPicker } from './CannedPicker.js';
import type { Person } from './directory.js';
import { inboxApi, type CannedReply, type Conversation, type Reply } from './inboxApi.js';
import { handleOf, mentionAt, MentionList, mentionMatches } from './mentions.js';
import { limitFromRefusal, replyHints, type ReplyLimits } from './replyLength.js';

export type ComposerMode = 'reply' | 'note';
export interface ComposerHandle {
  focus(mode?: ComposerMode): void;
}

interface Refusal {
  code: string;
  message: string;
}

export interface ComposerProps {
  conv: Conversation;
  /** The channel's limits for this conversation, as the server serves them. */
  replyLimits: ReplyLimits | null;
  people: Person[] | null;
  canned: CannedReply[] | null;
  onSent(reply: Reply): void;
  onNoted(): void;
  /** Called on every keystroke (presence: typing). */
  onTyping(): void;
}

/** Reply to the customer (public or private) or write an internal note; Ctrl/⌘+Enter sends. */
export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer({ conv, replyLimits, people, canned, onSent, onNoted, onTyping }, ref) {
  const { t, tMaybe, errorText } = useI18n();
  const time = useTimeFormat();
  const { workspace, can } = useWorkspace();
  const [mode, setMode] = useState<ComposerMode>(() => (can('inbox.reply') ? 'reply' : 'note'));
  const [text, setText] = useState('');
  const [privately, setPrivately] = useState(conv.isPrivate);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [piiPending, setPiiPending] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [learnedLimit, setLearnedLimit] = useState<number | undefined>();
  const [mention, setMention] = useState<{ start: number; query: string; active: number } | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const ids = useId();

  useImperativeHandle(ref, () => ({
    focus(m) {
      const want = m === 'reply' && !can('inbox.reply') ? 'note' : m;
      if (want && want !== mode) switchMode(want);
      requestAnimationFrame(() => area.current?.focus());
    },
  }));

  // A new conversation starts clean.
  useEffect(() => {
    setText('');
    setRefusal(null);
    setPiiPending(null);
    setNotice(null);
    setLearnedLimit(undefined);
    setPrivately(conv.isPrivate);
  }, [conv.id, conv.isPrivate]);

  const hints = replyHints(conv, replyLimits);
  const limit = learnedLimit ?? hints.limit;
  const count = hints.count(text);
  const over = limit !== undefined && count > limit;
  const canReply = can('inbox.reply');
  const cannotReplyHere = !hints.canPublic && !hints.canPrivate;
  const options = mode === 'note' && mention && people ? mentionMatches(people, mention.query) : [];

  const send = async (acknowledgePii = false) => {
    if (busy || !text.trim()) return;
    setBusy(true);
    setRefusal(null);
    setNotice(null);
    try {
      if (mode === 'note') {
        await inboxApi.note(workspace.id, conv.id, text);
        setText('');
        setNotice(t('inbox.note.saved'));
        onNoted();
      } else {
        const r = await inboxApi.reply(workspace.id, conv.id, { text, private: privately, ...(acknowledgePii ? { acknowledgePii: true } : {}) });
        setText('');
        setPiiPending(null);
        setNotice(t('inbox.composer.queued'));
        onSent(r.reply);
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 'reply.pii_in_public_reply') {
        // The kinds of personal data found, in the UI language (the server's sentence is English).
        const kinds = (err.detail?.params as { piiTypes?: string[] } | undefined)?.piiTypes ?? [];
        setPiiPending(kinds.length ? t('inbox.composer.piiKinds', { types: kinds.map((k) => tMaybe(`pii.${k}`) ?? k).join(', ') }) : '');
      } else if (err instanceof ApiError && err.code.startsWith('reply.')) {
        // A known refusal says itself through its title; an unknown one through errorText.
        const limit = err.code === 'reply.too_long' ? limitFromRefusal(err.message) : undefined;
        setRefusal({ code: err.code, message: limit ? t('inbox.refusal.limitIs', { n: limit }) : refusalTitle(err.code) === 'inbox.refusal.other' ? errorText(err) : '' });
        if (err.code === 'reply.too_long') setLearnedLimit(limit ?? learnedLimit);
      } else setRefusal({ code: err instanceof ApiError ? err.code : 'unknown', message: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  const switchMode = (m: ComposerMode) => {
    setMode(m);
    setRefusal(null);
    setPiiPending(null);
    setNotice(null);
    setMention(null);
  };

  const pickMention = (p: Person) => {
    if (!mention) return;
    const caret = area.current?.selectionStart ?? text.length;
    const insert = `@${handleOf(p)} `;
    const next = text.slice(0, mention.start) + insert + text.slice(caret);
    setText(next);
    setMention(null);
    requestAnimationFrame(() => {
      const pos = mention.start + insert.length;
      area.current?.setSelectionRange(pos, pos);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (options.length > 0 && mention) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setMention({ ...mention, active: (mention.active + step + options.length) % options.length });
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pickMention(options[Math.min(mention.active, options.length - 1)]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setMention(null);
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };

  const onChange = (e: ChangeEvent<HTMLTextAreaElement>) => {
    const value = e.target.value;
    setText(value);
    setPiiPending(null);
    setRefusal(null);
    onTyping();
    if (mode === 'note') {
      const m = mentionAt(value, e.target.selectionStart ?? value.length);
      setMention(m ? { ...m, active: 0 } : null);
    }
  };

  const unitLabel = hints.unit === 'x-weighted' ? t('inbox.composer.unitX') : hints.unit === 'bytes' ? t('inbox.composer.unitBytes') : t('inbox.composer.unitChars');
  const listId = `${ids}-mentions`;

  return (
    <section className={`composer mode-${mode}`} aria-label={t('inbox.composer.label')} data-testid="composer">
      <div className="composer-tabs" role="tablist" aria-label={t('inbox.composer.mode')}>
        <button type="button" role="tab" aria-selected={mode === 'reply'} onClick={() => switchMode('reply')} disabled={!canReply}>
          {t('inbox.composer.reply')}
        </button>
        <button type="button" role="tab" aria-selected={mode === 'note'} onClick={() => switchMode('note')}>
          {t('inbox.composer.note')}
        </button>
      </div>

      {mode === 'reply' && (
        <div className="composer-visibility">
          {hints.canPublic && hints.canPrivate ? (
            <fieldset className="segmented">
              <legend className="visually-hidden">{t('inbox.composer.visibility')}</legend>
              <label>
                <input type="radio" name={`${ids}-vis`} checked={!privately} onChange={() => setPrivately(false)} />
                {t('inbox.public')}
              </label>
              <label>
                <input type="radio" name={`${ids}-vis`} checked={privately} onChange={() => setPrivately(true)} />
                <Icon name="lock" size={13} />
                {t('inbox.private')}
              </label>
            </fieldset>
          ) : (
            <span className="badge badge-muted">{privately ? t('inbox.composer.privateOnly') : t('inbox.composer.publicOnly')}</span>
          )}
          {cannotReplyHere && <span className="small muted">{t('inbox.composer.cannotReply')}</span>}
          <CannedPicker
            conversationId={conv.id}
            available={canned}
            onInsert={(r) => {
              setText((old) => (old.trim() ? `${old}\n${r.text}` : r.text));
              setNotice(r.ok ? null : t('inbox.canned.missing', { names: [...r.missing, ...r.unknown].join(', ') }));
              area.current?.focus();
            }}
          />
        </div>
      )}

      <div className="composer-box">
        <label htmlFor={`${ids}-text`} className="visually-hidden">
          {mode === 'reply' ? t('inbox.composer.replyLabel') : t('inbox.composer.noteLabel')}
        </label>
        <textarea
          id={`${ids}-text`}
          ref={area}
          rows={4}
          value={text}
          onChange={onChange}
          onKeyDown={onKeyDown}
          onBlur={() => setMention(null)}
          placeholder={mode === 'reply' ? (privately ? t('inbox.composer.placeholderPrivate') : t('inbox.composer.placeholderPublic')) : t('inbox.composer.placeholderNote')}
          aria-invalid={over || refusal !== null ? true : undefined}
          aria-describedby={`${ids}-count ${ids}-msg`}
          aria-autocomplete={mode === 'note' ? 'list' : undefined}
          aria-controls={options.length ? listId : undefined}
          aria-expanded={mode === 'note' ? options.length > 0 : undefined}
          aria-activedescendant={options.length && mention ? `${listId}-${mention.active}` : undefined}
          role={mode === 'note' ? 'combobox' : undefined}
          data-testid="composer-text"
        />
        {mode === 'note' && mention && <MentionList id={listId} options={options} active={mention.active} onPick={pickMention} />}
      </div>

      <div id={`${ids}-msg`}>
        {piiPending !== null && (
          <div className="alert alert-warn" role="alert" data-testid="pii-warning">
            <p>
              <Icon name="warning" size={16} /> <strong>{t('inbox.composer.piiTitle')}</strong>
            </p>
            <p className="small">{t('inbox.composer.piiBody')}</p>
            {piiPending && <p className="small muted">{piiPending}</p>}
            <div className="form-actions">
              <button type="button" className="btn btn-small" onClick={() => setPiiPending(null)}>
                {t('inbox.composer.piiEdit')}
              </button>
              <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={() => void send(true)}>
                {t('inbox.composer.piiSendAnyway')}
              </button>
            </div>
          </div>
        )}
        {refusal && (
          <div className="alert alert-error" role="alert" data-testid="composer-error">
            <strong>{t(refusalTitle(refusal.code))}</strong>
            {refusal.message && <span className="block small">{refusal.message}</span>}
          </div>
        )}
        {notice && (
          <p className="small muted" role="status">
            {notice}
          </p>
        )}
      </div>

      <div className="composer-foot">
        <span id={`${ids}-count`} className={`counter small ${over ? 'is-over' : ''}`} data-testid="composer-count">
          {mode === 'reply' && limit !== undefined ? t('inbox.composer.countOf', { n: time.number(count), max: time.number(limit), unit: unitLabel }) : t('inbox.composer.count', { n: time.number(count), unit: unitLabel })}
          {over && mode === 'reply' && ` · ${t('inbox.composer.over', { n: time.number(count - limit!) })}`}
        </span>
        <span className="muted small composer-hint">{t('inbox.composer.hint')}</span>
        <button type="button" className="btn btn-primary" disabled={busy || !text.trim() || (mode === 'reply' && !canReply)} onClick={() => void send()} data-testid="composer-send">
          {busy ? t('inbox.composer.sending') : mode === 'reply' ? (privately ? t('inbox.composer.sendPrivate') : t('inbox.composer.sendPublic')) : t('inbox.composer.saveNote')}
        </button>
      </div>
    </section>
  );
});

function refusalTitle(code: string) {
  switch (code) {
    case 'reply.too_long':
      return 'inbox.refusal.too_long' as const;
    case 'reply.private_reply_unsupported':
      return 'inbox.refusal.private_reply_unsupported' as const;
    case 'reply.public_reply_unsupported':
      return 'inbox.refusal.public_reply_unsupported' as const;
    case 'reply.private_window_closed':
      return 'inbox.refusal.private_window_closed' as const;
    case 'reply.pii_blocked_in_public_reply':
      return 'inbox.refusal.pii_blocked' as const;
    case 'reply.empty':
      return 'inbox.refusal.empty' as const;
    default:
      return 'inbox.refusal.other' as const;
  }
}
