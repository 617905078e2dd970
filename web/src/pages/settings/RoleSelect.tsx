import { useId } from 'react';
import { ROLES, type Role } from '../../api.js';
import { useI18n } from '../../i18n/index.js';

/** A role picker; with `label` it is labelled for screen readers only (inside tables). */
export function RoleSelect(props: { value: Role; onChange(role: Role): void; label?: string; id?: string; disabled?: boolean }) {
  const { t } = useI18n();
  const fallbackId = useId();
  return (
    <select id={props.id ?? fallbackId} value={props.value} disabled={props.disabled} aria-label={props.label} onChange={(e) => props.onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`role.${r}`)}
        </option>
      ))}
    </select>
  );
}
