import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { inboxApi, type Availability } from './inboxApi.js';

const STATES: Availability[] = ['online', 'away', 'offline'];

/** The agent's own availability (automatic assignment only picks agents who are online). */
export function MyAvailability() {
  const { t, errorText } = useI18n();
  const { workspace, me, can } = useWorkspace();
  const allowed = can('inbox.reply');
  const mine = useLoad(
    () =>
      allowed
        ? inboxApi.agents(workspace.id).then(
            (r) => r.agents.find((a) => a.userId === me.id)?.availability ?? null,
            () => null,
          )
        : Promise.resolve(null),
    [workspace.id, me.id, allowed],
  );
  const [error, setError] = useState<string | null>(null);
  if (!mine.data) return null;
  const change = (next: Availability) => {
    setError(null);
    const before = mine.data;
    mine.setData(() => next);
    inboxApi.myAvailability(workspace.id, next).catch((err: unknown) => {
      mine.setData(() => before);
      setError(errorText(err));
    });
  };
  return (
    <span className={`my-availability is-${mine.data}`}>
      <label htmlFor="my-availability" className="visually-hidden">
        {t('inbox.myAvailability')}
      </label>
      <span className="availability-dot" aria-hidden="true" />
      <select id="my-availability" value={mine.data} onChange={(e) => change(e.target.value as Availability)} title={error ?? t('inbox.myAvailabilityHint')} aria-invalid={error ? true : undefined}>
        {STATES.map((s) => (
          <option key={s} value={s}>
            {t(`inbox.availability.${s}`)}
          </option>
        ))}
      </select>
    </span>
  );
}
