import type { ReactNode } from 'react';
import { channelLabel } from '../../../channelLabel.js';
import { Icon } from '../../../components/Icon.js';
import { useI18n } from '../../../i18n/index.js';
import { editorFor, FIELD_KEYS, fieldDef, withField, withOp, type CondRow, type Op } from './ruleModel.js';
import { ChipInput, MultiPick } from './ruleInputs.js';

/** Where the words for a field's values live (the analysis badges' dictionary). */
const VALUE_KEYS: Record<string, string> = {
  kind: 'kind',
  language: 'lang.item',
  'sentiment.label': 'sentiment',
  intents: 'intent',
  abuse: 'abuse',
  pii_types: 'pii',
  'time.weekday': 'inboxSettings.day',
};

export function useValueLabel(): (field: string, v: string) => string {
  const { tMaybe } = useI18n();
  return (field, v) => {
    if (field === 'channel') return channelLabel(tMaybe, v);
    const prefix = VALUE_KEYS[field];
    return (prefix && (tMaybe(`${prefix}.${v}`) ?? tMaybe(`ruleBuilder.v.${field}.${v}`))) || v;
  };
}

/** One condition: field, operator (only those the field allows), and a value input that fits both. */
export function ConditionRow({ row, n, problems, onChange, onRemove }: { row: CondRow; n: string; problems: string[]; onChange(next: CondRow): void; onRemove(): void }) {
  const { t, tMaybe } = useI18n();
  const valueLabel = useValueLabel();
  const def = fieldDef(row.field);
  const editor = editorFor(row.field, row.op);
  const options = def?.values ?? def?.suggest ?? [];
  const label = t('ruleBuilder.cond.value', { n });
  const set = (value: CondRow['value']) => {
    const next = { ...row };
    if (value === undefined) delete next.value;
    else next.value = value;
    onChange(next);
  };
  const list = Array.isArray(row.value) ? row.value : typeof row.value === 'string' ? [row.value] : [];

  let input: ReactNode = null;
  switch (editor) {
    case 'presence':
      input = (
        <select aria-label={label} value={row.value === false ? 'false' : 'true'} onChange={(e) => set(e.target.value === 'true')}>
          <option value="true">{t('ruleBuilder.present')}</option>
          <option value="false">{t('ruleBuilder.absent')}</option>
        </select>
      );
      break;
    case 'boolean':
      input = (
        <select aria-label={label} value={String(row.value ?? '')} onChange={(e) => set(e.target.value === 'true')}>
          {row.value === undefined && <option value="">{t('ruleBuilder.choose')}</option>}
          <option value="true">{t('ruleBuilder.yes')}</option>
          <option value="false">{t('ruleBuilder.no')}</option>
        </select>
      );
      break;
    case 'select': {
      const v = typeof row.value === 'string' ? row.value : '';
      input = (
        <select aria-label={label} value={v} onChange={(e) => set(e.target.value)}>
          {v === '' && <option value="">{t('ruleBuilder.choose')}</option>}
          {v !== '' && !options.includes(v) && <option value={v}>{t('ruleBuilder.unknownValue', { value: v })}</option>}
          {options.map((o) => (
            <option key={o} value={o}>
              {valueLabel(row.field, o)}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'multi':
      input = <MultiPick options={options} value={list} legend={label} labelOf={(v) => valueLabel(row.field, v)} onChange={set} />;
      break;
    case 'chips':
      input = <ChipInput value={list} label={t('ruleBuilder.cond.keyword', { n })} placeholder={t('ruleBuilder.keywordPlaceholder')} onChange={set} />;
      break;
    case 'number':
      input = <input type="number" aria-label={label} step="any" value={typeof row.value === 'number' ? row.value : ''} onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))} />;
      break;
    case 'clock':
      input = <input type="time" aria-label={label} value={typeof row.value === 'string' ? row.value : ''} onChange={(e) => set(e.target.value || undefined)} />;
      break;
    case 'text':
      input = <input type="text" aria-label={label} value={typeof row.value === 'string' ? row.value : ''} onChange={(e) => set(e.target.value === '' ? undefined : e.target.value)} />;
      break;
  }

  return (
    <li className={`rb-row${problems.length ? ' has-problem' : ''}`} data-testid="rb-condition">
      <div className="rb-controls">
        <select aria-label={t('ruleBuilder.cond.field', { n })} value={row.field} onChange={(e) => onChange(withField(row, e.target.value))}>
          {FIELD_KEYS.map((f) => (
            <option key={f} value={f}>
              {tMaybe(`ruleBuilder.field.${f}`) ?? f}
            </option>
          ))}
        </select>
        <select aria-label={t('ruleBuilder.cond.op', { n })} value={row.op} onChange={(e) => onChange(withOp(row, e.target.value as Op))}>
          {(def?.ops ?? []).map((op) => (
            <option key={op} value={op}>
              {tMaybe(`ruleBuilder.op.${def?.type}.${op}`) ?? tMaybe(`ruleBuilder.op.${op}`) ?? op}
            </option>
          ))}
        </select>
        {def?.type === 'text' && row.op === 'contains' && (
          <select aria-label={t('ruleBuilder.cond.match', { n })} value={row.match ?? 'token'} onChange={(e) => onChange({ ...row, match: e.target.value as 'token' | 'substring' })}>
            <option value="token">{t('ruleBuilder.match.token')}</option>
            <option value="substring">{t('ruleBuilder.match.substring')}</option>
          </select>
        )}
        <button type="button" className="btn btn-small btn-ghost rb-remove" onClick={onRemove} aria-label={t('ruleBuilder.cond.remove', { n })} title={t('ruleBuilder.cond.remove', { n })}>
          <Icon name="close" size={14} />
        </button>
      </div>
      <div className="rb-value">{input}</div>
      {problems.map((p, i) => (
        <p key={i} className="rb-problem small">
          {p}
        </p>
      ))}
    </li>
  );
}
