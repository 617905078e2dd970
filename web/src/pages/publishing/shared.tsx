/** Small pieces the publishing screens share: KST slot conversion, the check line, findings. */
import { channelLabel } from '../../channelLabel.js';
import { useI18n } from '../../i18n/index.js';
import type { VariantCheck } from './publishingApi.js';

export const PRODUCTS = ['deposit', 'loan', 'investment', 'card', 'insurance'] as const;
const KST = 9 * 3_600_000;

/** An ISO instant as the value of a datetime-local input on the Seoul clock. */
export function toKstInput(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(Date.parse(iso) + KST).toISOString().slice(0, 16);
}
/** A datetime-local value read on the Seoul clock, as an ISO instant. */
export function fromKstInput(value: string): string | null {
  if (!value) return null;
  const t = Date.parse(`${value}:00+09:00`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
/** The Seoul calendar day (YYYY-MM-DD) of an instant. */
export const kstDay = (iso: string) => new Date(Date.parse(iso) + KST).toISOString().slice(0, 10);

export function useTargetLabel() {
  const { tMaybe } = useI18n();
  return (target: string) => channelLabel(tMaybe, target);
}

export function CheckLine({ check, testId }: { check: VariantCheck | undefined; testId?: string }) {
  const { t, tMaybe } = useI18n();
  if (!check) return null;
  const m = check.measure;
  const unit = m ? (tMaybe(`pub.unit.${m.unit}`) ?? m.unit) : '';
  return (
    <div className="pub-check" data-testid={testId}>
      <div className="pub-check-head">
        {m && (
          <span className={`badge ${m.limit !== null && m.length > m.limit ? 'badge-danger' : 'badge-muted'}`}>
            {m.limit !== null ? t('pub.count', { length: m.length, limit: m.limit, unit }) : t('pub.countNoLimit', { length: m.length, unit })}
          </span>
        )}
        <span className={`badge ${check.ok ? 'badge-ok' : 'badge-danger'}`} data-check={check.ok ? 'ok' : 'blocked'}>
          {check.ok ? t('pub.check.ok') : t('pub.check.blocked')}
        </span>
        {check.problems.map((p) => (
          <span key={p} className="badge badge-danger">
            {tMaybe(`pub.problem.${p}`) ?? p}
          </span>
        ))}
      </div>
      {check.findings.length > 0 && (
        <ul className="pub-findings">
          {check.findings.map((f, i) => (
            <li key={`${f.rule}-${i}`} data-rule={f.rule} className={f.severity === 'block' ? 'pub-finding-block' : 'pub-finding-warn'}>
              <strong>{f.severity === 'block' ? t('pub.finding.block') : t('pub.finding.warn')}</strong> {f.message}
              {f.text && <q>{f.text}</q>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { tMaybe } = useI18n();
  const tone = status === 'published' || status === 'approved' ? 'badge-ok' : status === 'failed' || status === 'missed' || status === 'stopped' || status === 'paused' ? 'badge-danger' : 'badge-info';
  return (
    <span className={`badge ${tone}`} data-status={status}>
      {tMaybe(`pub.status.${status}`) ?? status}
    </span>
  );
}

/** Who acted, for people: the system's own labels ("system", "system:publisher") in words. */
export function useWho() {
  const { t } = useI18n();
  return (label: string) => (label === 'system' || label.startsWith('system:') ? t('pub.system') : label);
}
