import { useId, useState } from 'react';
import { Icon } from '../../../components/Icon.js';
import { useI18n } from '../../../i18n/index.js';

/** Free-text values as chips: type and Enter (or Add); × removes one. Used for keywords, tags, ids. */
export function ChipInput(props: { value: string[]; label: string; placeholder?: string; onChange(next: string[]): void; testId?: string }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  const id = useId();
  const add = () => {
    const c = draft.trim();
    if (c && !props.value.includes(c)) props.onChange([...props.value, c]);
    setDraft('');
  };
  return (
    <div className="rb-chips" data-testid={props.testId}>
      {props.value.length > 0 && (
        <ul className="tag-list">
          {props.value.map((v) => (
            <li key={v} className="chip chip-removable">
              {v}
              <button type="button" aria-label={t('ruleBuilder.removeChip', { value: v })} onClick={() => props.onChange(props.value.filter((x) => x !== v))}>
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="inline-controls">
        <label htmlFor={id} className="visually-hidden">
          {props.label}
        </label>
        <input
          id={id}
          type="text"
          value={draft}
          placeholder={props.placeholder}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
            e.preventDefault();
            add();
          }}
          onBlur={() => draft.trim() && add()}
        />
        <button type="button" className="btn btn-small" onClick={add} disabled={!draft.trim()}>
          {t('ruleBuilder.add')}
        </button>
      </div>
    </div>
  );
}

/** Known values as checkboxes (several may be chosen); values the list does not know are kept and shown. */
export function MultiPick(props: { options: readonly string[]; value: string[]; legend: string; labelOf(v: string): string; onChange(next: string[]): void }) {
  const { t } = useI18n();
  const all = [...props.options, ...props.value.filter((v) => !props.options.includes(v))];
  const toggle = (v: string, on: boolean) => props.onChange(on ? all.filter((x) => x === v || props.value.includes(x)) : props.value.filter((x) => x !== v));
  return (
    <fieldset className="rb-multi">
      <legend className="visually-hidden">{props.legend}</legend>
      {all.map((v) => (
        <label key={v} className="check-label rb-pill">
          <input type="checkbox" checked={props.value.includes(v)} onChange={(e) => toggle(v, e.target.checked)} />
          {props.options.includes(v) ? props.labelOf(v) : t('ruleBuilder.unknownValue', { value: v })}
        </label>
      ))}
    </fieldset>
  );
}

/** A picker over named things (teams, agents, canned replies, SLA policies); an id it does not know stays visible. */
export function IdSelect(props: { value: string; label: string; items: Array<{ id: string; name: string }>; empty?: string; onChange(id: string): void }) {
  const { t } = useI18n();
  const known = props.items.some((x) => x.id === props.value);
  return (
    <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      {(props.empty !== undefined || !props.value) && <option value="">{props.empty ?? (props.items.length ? t('ruleBuilder.choose') : t('ruleBuilder.noChoices'))}</option>}
      {props.value && !known && <option value={props.value}>{t('ruleBuilder.unknownValue', { value: props.value })}</option>}
      {props.items.map((x) => (
        <option key={x.id} value={x.id}>
          {x.name}
        </option>
      ))}
    </select>
  );
}
