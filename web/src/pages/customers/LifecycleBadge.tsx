import { useI18n } from '../../i18n/index.js';

/** A customer's lifecycle stage as a badge (at risk and churned stand out). */
export function LifecycleBadge({ value }: { value: string }) {
  const { tMaybe } = useI18n();
  return <span className={`badge ${value === 'at_risk' || value === 'churned' ? 'badge-warn' : 'badge-info'}`}>{tMaybe(`cust.life.${value}`) ?? value}</span>;
}
