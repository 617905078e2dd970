import { useId, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useWorkspace } from '../../workspace.js';
import { microblogApi, type PollView } from './microblogApi.js';

export interface PollDraft {
  options: string[];
  multiple: boolean;
  expiresInSeconds: number;
}

/** Expiry choices in seconds (the API takes 5 minutes to a month). */
const EXPIRIES = [
  ['300', 'mb.poll.exp.5m'],
  ['3600', 'mb.poll.exp.1h'],
  ['21600', 'mb.poll.exp.6h'],
  ['86400', 'mb.poll.exp.1d'],
  ['259200', 'mb.poll.exp.3d'],
  ['604800', 'mb.poll.exp.7d'],
] as const;

export const emptyPoll = (): PollDraft => ({ options: ['', ''], multiple: false, expiresInSeconds: 86400 });
export const pollReady = (p: PollDraft) => p.options.filter((o) => o.trim()).length >= 2;

/** The poll part of the composer: 2–10 options, single or multiple choice, how long it runs. */
export function PollComposer({ poll, onChange }: { poll: PollDraft; onChange: (p: PollDraft) => void }) {
  const { t } = useI18n();
  const id = useId();
  const set = (i: number, v: string) => onChange({ ...poll, options: poll.options.map((o, j) => (j === i ? v : o)) });
  return (
    <fieldset className="mb-poll-compose" data-testid="mb-poll-compose">
      <legend>{t('mb.poll.title')}</legend>
      {poll.options.map((o, i) => (
        <div key={i} className="mb-poll-option">
          <label htmlFor={`${id}-o${i}`}>{t('mb.poll.option', { n: i + 1 })}</label>
          <input id={`${id}-o${i}`} value={o} maxLength={100} onChange={(e) => set(i, e.target.value)} />
          {poll.options.length > 2 && (
            <button type="button" className="btn btn-ghost btn-small" onClick={() => onChange({ ...poll, options: poll.options.filter((_, j) => j !== i) })}>
              {t('mb.poll.removeOption', { n: i + 1 })}
            </button>
          )}
        </div>
      ))}
      <div className="form-actions">
        {poll.options.length < 10 && (
          <button type="button" className="btn btn-small" onClick={() => onChange({ ...poll, options: [...poll.options, ''] })}>
            {t('mb.poll.addOption')}
          </button>
        )}
        <label>
          <input type="checkbox" checked={poll.multiple} onChange={(e) => onChange({ ...poll, multiple: e.target.checked })} /> {t('mb.poll.multiple')}
        </label>
        <label>
          {t('mb.poll.expires')}{' '}
          <select value={String(poll.expiresInSeconds)} onChange={(e) => onChange({ ...poll, expiresInSeconds: Number(e.target.value) })}>
            {EXPIRIES.map(([v, key]) => (
              <option key={v} value={v}>
                {t(key)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </fieldset>
  );
}

/** A poll in a post: choices until one has voted or it ended, then the results with their shares. */
export function PollBox({ poll, canVote, onVoted }: { poll: PollView; canVote: boolean; onVoted: (p: PollView) => void }) {
  const { t, formatDateTime, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const [picked, setPicked] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const name = useId();
  const showResults = poll.voted || poll.expired || !canVote;
  const vote = () =>
    microblogApi.vote(workspace.id, poll.id, picked).then(
      (r) => onVoted(r.poll),
      (e: unknown) => setError(errorText(e)),
    );
  return (
    <div className="mb-poll" data-testid="mb-poll">
      {showResults ? (
        <ul className="plain-list">
          {poll.options.map((o, i) => {
            const share = poll.votesCount ? Math.round((o.votesCount / poll.votesCount) * 100) : 0;
            return (
              <li key={i} className="mb-poll-result">
                <span translate="no">{o.title}</span> <span className="muted small">{t('mb.poll.result', { n: o.votesCount, pct: share })}</span>
                {poll.ownVotes.includes(i) && <span className="small"> · {t('mb.poll.mine')}</span>}
                <span className="mb-poll-bar" style={{ width: `${share}%` }} aria-hidden="true" />
              </li>
            );
          })}
        </ul>
      ) : (
        <fieldset>
          <legend className="small">{poll.multiple ? t('mb.poll.pickMany') : t('mb.poll.pickOne')}</legend>
          {poll.options.map((o, i) => (
            <label key={i} className="mb-poll-choice">
              <input type={poll.multiple ? 'checkbox' : 'radio'} name={name} checked={picked.includes(i)} onChange={(e) => setPicked(poll.multiple ? (e.target.checked ? [...picked, i] : picked.filter((x) => x !== i)) : [i])} />{' '}
              <span translate="no">{o.title}</span>
            </label>
          ))}
          <button type="button" className="btn btn-small btn-primary" disabled={picked.length === 0} onClick={() => void vote()}>
            {t('mb.poll.vote')}
          </button>
        </fieldset>
      )}
      <p className="muted small">
        {t('mb.poll.voters', { n: poll.votersCount })} · {poll.expired ? t('mb.poll.ended') : poll.expiresAt ? t('mb.poll.endsAt', { time: formatDateTime(poll.expiresAt) }) : t('mb.poll.noEnd')}
      </p>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
