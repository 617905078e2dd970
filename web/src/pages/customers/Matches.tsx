import { useState } from 'react';
import { channelLabel } from '../../channelLabel.js';
import { useI18n } from '../../i18n/index.js';
import { navigate } from '../../router.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { LifecycleBadge } from './LifecycleBadge.js';
import { customersApi, type MatchSuggestionView } from './customersApi.js';

const STATUSES = ['open', 'confirmed', 'dismissed'] as const;

/**
 * Suggested matches (Sotong thinks a social account is a known customer): a person confirms or dismisses
 * each, with the reason shown. Confirming links nothing: it leads to the conversation, where the agent
 * sends the consent link; only the customer's consent links. In the inbox panel (`authorId`), only that
 * account's open suggestions.
 */
export function MatchSuggestions({ authorId }: { authorId?: string }) {
  const { t, errorText, formatDateTime } = useI18n();
  const ws = useWorkspace();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('open');
  const list = useLoad(() => customersApi.matches(ws.workspace.id, authorId ? { authorId } : { status }), [ws.workspace.id, authorId, status]);
  const [msg, setMsg] = useState<string | null>(null);
  const inPanel = authorId !== undefined;
  if (inPanel && !list.data?.suggestions.length && !msg) return null;
  return (
    <div className={inPanel ? '' : 'card'} data-testid="match-suggestions">
      {inPanel ? (
        <h3 className="side-sub">{t('cust.match.panelTitle')}</h3>
      ) : (
        <div className="toolbar">
          <label>
            {t('cust.match.status')}{' '}
            <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)} data-testid="match-status">
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`cust.match.st.${s}`)}
                </option>
              ))}
            </select>
          </label>
          {ws.can('customers.manage') && (
            <button
              type="button"
              className="btn btn-small"
              data-testid="match-scan"
              onClick={() =>
                customersApi.scanMatches(ws.workspace.id).then(
                  (r) => (setMsg(t('cust.match.scanned', { n: r.created })), list.reload()),
                  (e: unknown) => setMsg(errorText(e)),
                )
              }
            >
              {t('cust.match.scan')}
            </button>
          )}
        </div>
      )}
      {!inPanel && <p className="muted small">{t('cust.match.intro')}</p>}
      {msg && <p role="status">{msg}</p>}
      {list.error ? <p role="alert">{errorText(list.error)}</p> : null}
      {list.data && list.data.suggestions.length === 0 && <p className="muted">{t('cust.match.none')}</p>}
      <ul className="plain-list">
        {list.data?.suggestions.map((s) => (
          <Suggestion
            key={s.id}
            s={s}
            onDone={(r) => {
              list.reload();
              if (r === 'dismissed') setMsg(t('cust.match.dismissed'));
              else if (inPanel || !r.conversationId) setMsg(t('cust.match.confirmedHere'));
              else navigate(`/inbox/${r.conversationId}`);
            }}
            onError={(e) => setMsg(errorText(e))}
            when={formatDateTime}
          />
        ))}
      </ul>
    </div>
  );
}

function Suggestion({ s, onDone, onError, when }: { s: MatchSuggestionView; onDone(r: 'dismissed' | { conversationId: string | null }): void; onError(e: unknown): void; when(iso: string): string }) {
  const { t, tMaybe } = useI18n();
  const ws = useWorkspace();
  const [reason, setReason] = useState('');
  const decide = (d: 'confirm' | 'dismiss') =>
    customersApi.decideMatch(ws.workspace.id, s.id, d, reason.trim()).then(
      (r) => onDone(d === 'dismiss' ? 'dismissed' : { conversationId: r.conversationId }),
      (e: unknown) => onError(e),
    );
  return (
    <li className="card" data-testid="match-suggestion">
      <p>
        <strong translate="no">{s.author.name ?? s.author.handle}</strong> <span className="muted small">({channelLabel(tMaybe, s.author.channel)})</span> → <strong translate="no">{s.customer.name ?? s.customer.externalId}</strong>{' '}
        <span className="muted small" translate="no">
          {s.customer.externalId}
        </span>{' '}
        <LifecycleBadge value={s.customer.lifecycle} /> <span className="badge badge-info">{t('cust.match.confidence', { pct: Math.round(s.confidence * 100) })}</span>
      </p>
      <ul className="small" data-testid="match-evidence">
        {s.evidence.map((e) => (
          <li key={e.kind}>
            {t(`cust.match.ev.${e.kind}`)} {e.value && <span translate="no">{e.value}</span>} <span className="muted">· {when(e.at)}</span>
          </li>
        ))}
      </ul>
      {s.customer.masked && <p className="muted small">{t('cust.masked')}</p>}
      {s.status === 'open' ? (
        ws.can('inbox.reply') && (
          <div className="toolbar">
            <label>
              {t('cust.match.reason')} <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="match-reason" />
            </label>
            <button type="button" className="btn btn-small btn-primary" data-testid="match-confirm" onClick={() => decide('confirm')}>
              {t('cust.match.confirm')}
            </button>
            <button type="button" className="btn btn-small" data-testid="match-dismiss" onClick={() => decide('dismiss')}>
              {t('cust.match.dismiss')}
            </button>
          </div>
        )
      ) : (
        <p className="small muted">
          {t(`cust.match.st.${s.status}`)} · {s.decidedBy} · {s.decidedAt ? when(s.decidedAt) : ''}
          {s.decisionReason ? ` · ${s.decisionReason}` : ''}
        </p>
      )}
    </li>
  );
}

/** Automatic merges of conversations of identities linked to the same customer (off by default). */
export function CaseSettings() {
  const { t, errorText } = useI18n();
  const ws = useWorkspace();
  const s = useLoad(() => customersApi.caseSettings(ws.workspace.id), [ws.workspace.id]);
  const [auto, setAuto] = useState<boolean | null>(null);
  const [threshold, setThreshold] = useState<string | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  if (!s.data) return s.error ? <p role="alert">{errorText(s.error)}</p> : null;
  const a = auto ?? s.data.settings.autoMerge;
  const th = threshold ?? String(s.data.settings.threshold);
  const canEdit = ws.can('customers.manage');
  return (
    <form
      className="card"
      data-testid="case-settings"
      onSubmit={(e) => {
        e.preventDefault();
        customersApi.saveCaseSettings(ws.workspace.id, { autoMerge: a, threshold: Number(th) }).then(
          () => (setMsg(t('cust.auto.saved')), s.reload()),
          (err: unknown) => setMsg(errorText(err)),
        );
      }}
    >
      <h3>{t('cust.auto.title')}</h3>
      <p className="muted small">{t('cust.auto.help')}</p>
      <label>
        <input type="checkbox" checked={a} disabled={!canEdit} onChange={(e) => setAuto(e.target.checked)} data-testid="auto-merge" /> {t('cust.auto.on')}
      </label>{' '}
      <label>
        {t('cust.auto.threshold')} <input type="number" min={0.5} max={1} step={0.05} value={th} disabled={!canEdit} onChange={(e) => setThreshold(e.target.value)} data-testid="auto-threshold" />
      </label>{' '}
      {canEdit && (
        <button type="submit" className="btn btn-small">
          {t('cust.auto.save')}
        </button>
      )}
      {msg && <p role="status">{msg}</p>}
    </form>
  );
}
