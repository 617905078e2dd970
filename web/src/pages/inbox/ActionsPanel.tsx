import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useTimeFormat } from '../../time.js';
import { useWorkspace } from '../../workspace.js';
import type { Person } from './directory.js';
import { inboxApi, PRIORITIES, type Conversation, type Patch, type Priority, type SlaView, type Status, type Team } from './inboxApi.js';
import { TimerRow } from './SlaClock.js';
import { SnoozeControl } from './SnoozeControl.js';
import { TagEditor } from './TagEditor.js';

const SETTABLE: Status[] = ['open', 'pending', 'resolved', 'closed'];

export interface ActionsProps {
  conv: Conversation;
  sla: SlaView | null | undefined;
  people: Person[] | null;
  teams: Team[] | null;
  now: number;
  busy: boolean;
  onPatch(patch: Patch): void;
  onChanged(conv: Conversation): void;
  onError(err: unknown): void;
  /** Shown when the channel can message the customer privately and the conversation is public. */
  onMovePrivate?(): void;
}

/** Status, priority, assignee, team, tags, snooze, SLA timers and moving a public complaint to private. */
export function ActionsPanel({ conv, sla, people, teams, now, busy, onPatch, onChanged, onError, onMovePrivate }: ActionsProps) {
  const { t } = useI18n();
  const time = useTimeFormat();
  const { workspace, me, can } = useWorkspace();
  const [assigning, setAssigning] = useState(false);
  const canReply = can('inbox.reply');
  const canManage = can('inbox.manage');
  const off = busy || !canReply;
  const assignable = canManage ? (people ?? []) : [];
  const assigneeKnown = !conv.assignee || conv.assignee.id === me.id || assignable.some((p) => p.id === conv.assignee!.id);

  const assignNext = async () => {
    setAssigning(true);
    try {
      onChanged((await inboxApi.assignNext(workspace.id, conv.id, { strategy: 'round_robin', ...(conv.team ? { teamId: conv.team.id } : {}) })).conversation);
    } catch (err) {
      onError(err);
    } finally {
      setAssigning(false);
    }
  };

  return (
    <section className="side-card" aria-labelledby="actions-title" data-testid="actions-panel">
      <h2 id="actions-title" className="side-title">
        {t('inbox.actions')}
      </h2>
      <div className="action-grid">
        <div className="field">
          <label htmlFor="act-status">{t('inbox.statusLabel')}</label>
          <select
            id="act-status"
            value={conv.status === 'snoozed' ? '' : conv.status}
            disabled={off}
            onChange={(e) => e.target.value && onPatch({ status: e.target.value as Status, ...(conv.status === 'snoozed' ? { snoozedUntil: null } : {}) })}
          >
            {conv.status === 'snoozed' && <option value="">{t('inbox.status.snoozed')}</option>}
            {SETTABLE.map((s) => (
              <option key={s} value={s}>
                {t(`inbox.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="act-priority">{t('inbox.priority')}</label>
          <select id="act-priority" value={conv.priority} disabled={off} onChange={(e) => onPatch({ priority: e.target.value as Priority })}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`inbox.priority.${p}`)}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="field">
        <label htmlFor="act-assignee">{t('inbox.assignee')}</label>
        <div className="inline-controls">
          <select id="act-assignee" value={conv.assignee?.id ?? ''} disabled={off || !canManage} onChange={(e) => onPatch({ assigneeId: e.target.value || null })}>
            <option value="">{t('inbox.unassigned')}</option>
            {!assigneeKnown && conv.assignee && <option value={conv.assignee.id}>{conv.assignee.name ?? t('inbox.someone')}</option>}
            {!assignable.some((p) => p.id === me.id) && <option value={me.id}>{t('inbox.meName', { name: me.name })}</option>}
            {assignable.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id === me.id ? t('inbox.meName', { name: p.name }) : p.name}
                {p.availability ? ` · ${t(`inbox.availability.${p.availability}`)}` : ''}
                {p.load !== undefined ? ` · ${t('inbox.load', { n: p.load })}` : ''}
              </option>
            ))}
          </select>
          {conv.assignee?.id !== me.id && (
            <button type="button" className="btn btn-small" disabled={off} onClick={() => onPatch({ assigneeId: me.id })} aria-keyshortcuts="a">
              {t('inbox.assignMe')}
            </button>
          )}
        </div>
      </div>

      {teams && teams.length > 0 && (
        <div className="field">
          <label htmlFor="act-team">{t('inbox.team')}</label>
          <div className="inline-controls">
            <select id="act-team" value={conv.team?.id ?? ''} disabled={off || !canManage} onChange={(e) => onPatch({ teamId: e.target.value || null })}>
              <option value="">{t('inbox.noTeam')}</option>
              {teams.map((tm) => (
                <option key={tm.id} value={tm.id}>
                  {tm.name}
                </option>
              ))}
            </select>
            {canManage && conv.team && (
              <button type="button" className="btn btn-small" disabled={off || assigning} onClick={() => void assignNext()} title={t('inbox.assignNextHint')}>
                {t('inbox.assignNext')}
              </button>
            )}
          </div>
        </div>
      )}

      <TagEditor tags={conv.tags} disabled={off} onChange={(tags) => onPatch({ tags })} />
      <SnoozeControl conv={conv} disabled={off} now={now} onSnooze={(until) => onPatch(until ? { status: 'snoozed', snoozedUntil: until } : { status: 'open', snoozedUntil: null })} />

      {onMovePrivate && canReply && (
        <div className="field">
          <button type="button" className="btn btn-block" onClick={onMovePrivate} data-testid="move-private">
            {t('inbox.movePrivate.button')}
          </button>
          <p className="hint">{t('inbox.movePrivate.hint')}</p>
        </div>
      )}

      {sla && sla.timers.length > 0 && (
        <div className="sla-box" data-testid="sla-timers">
          <h3 className="side-sub">
            {t('inbox.sla.title')}
            {sla.policy && <span className="muted small"> · {sla.policy.name}</span>}
            {sla.reason && (
              <span className="muted small" data-testid="sla-reason">
                {' '}
                ({sla.reason.kind === 'rule' ? t('inbox.sla.reasonRule', { rule: sla.reason.ruleName ?? '—' }) : sla.reason.kind === 'manual' ? t('inbox.sla.reasonManual') : t('inbox.sla.reasonDefault')})
              </span>
            )}
          </h3>
          <ul className="sla-timers">
            {sla.timers.map((timer) => (
              <TimerRow key={timer.kind} timer={timer} now={now} />
            ))}
          </ul>
        </div>
      )}
      {!sla && conv.slaDueAt && (
        <p className="small muted">
          {t('inbox.sla.due')}: {time.absolute(conv.slaDueAt)}
        </p>
      )}
    </section>
  );
}
