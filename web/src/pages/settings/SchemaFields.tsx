import { useI18n } from '../../i18n/index.js';
import { humanize, type FieldErrors, type SchemaField, type Values } from './schemaForm.js';

export interface SchemaFieldsProps {
  /** Prefix of element ids, e.g. `connect-settings`. */
  idPrefix: string;
  legend: string;
  fields: SchemaField[];
  values: Values;
  errors: FieldErrors;
  onChange(key: string, value: string): void;
}

/** A fieldset of inputs rendered from a channel's JSON Schema (see schemaForm.ts). */
export function SchemaFields({ idPrefix, legend, fields, values, errors, onChange }: SchemaFieldsProps) {
  const { t, tMaybe } = useI18n();
  if (fields.length === 0) return null;

  const problemText = (key: string): string | undefined => {
    const e = errors[key];
    if (!e) return undefined;
    return t(`form.${e.code}`, { n: e.detail ?? '', value: e.detail ?? '' });
  };

  return (
    <fieldset className="schema-fields">
      <legend>{legend}</legend>
      <div className="form-grid">
        {fields.map((f) => {
          const id = `${idPrefix}-${f.key}`;
          const label = tMaybe(`field.${f.key}`) ?? humanize(f.key);
          const problem = problemText(f.key);
          const help = f.schema.description;
          const def = f.schema.default;
          const hasDefault = def !== undefined && def !== null && typeof def !== 'object';
          const describedBy = [`${id}-help`, problem ? `${id}-error` : ''].filter(Boolean).join(' ');
          const common = {
            id,
            name: f.key,
            'aria-describedby': describedBy,
            'aria-invalid': problem ? (true as const) : undefined,
            'aria-required': f.required || undefined,
          };
          const value = values[f.key] ?? '';
          const set = (v: string) => onChange(f.key, v);
          const wide = f.kind === 'list' || f.kind === 'json' || (f.kind === 'string' && f.schema.format === 'uri');

          let control;
          switch (f.kind) {
            case 'flag':
              control = (
                <label className="check-label" htmlFor={id}>
                  <input type="checkbox" {...common} checked={value === 'true'} onChange={(e) => set(String(e.target.checked))} />
                  <span>{label}</span>
                </label>
              );
              break;
            case 'boolean':
              control = (
                <select {...common} value={value} onChange={(e) => set(e.target.value)}>
                  <option value="">{t('form.default')}</option>
                  <option value="true">{t('form.yes')}</option>
                  <option value="false">{t('form.no')}</option>
                </select>
              );
              break;
            case 'enum':
              control = (
                <select {...common} value={value} onChange={(e) => set(e.target.value)}>
                  <option value="">{hasDefault ? t('form.defaultIs', { value: String(def) }) : t('form.choose')}</option>
                  {(f.schema.enum as string[]).map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              );
              break;
            case 'list':
            case 'json':
              control = <textarea {...common} rows={f.kind === 'json' ? 4 : 3} spellCheck={false} placeholder={f.kind === 'list' ? t('form.onePerLine') : t('form.jsonPlaceholder')} value={value} onChange={(e) => set(e.target.value)} />;
              break;
            default:
              control = (
                <input
                  {...common}
                  type={f.kind === 'secret' ? 'password' : f.kind === 'integer' || f.kind === 'number' ? 'number' : f.schema.format === 'uri' ? 'url' : f.schema.format === 'email' ? 'email' : 'text'}
                  autoComplete={f.kind === 'secret' ? 'new-password' : 'off'}
                  spellCheck={false}
                  inputMode={f.kind === 'integer' ? 'numeric' : f.kind === 'number' ? 'decimal' : undefined}
                  min={typeof f.schema.minimum === 'number' ? f.schema.minimum : undefined}
                  max={typeof f.schema.maximum === 'number' ? f.schema.maximum : undefined}
                  step={f.kind === 'number' ? 'any' : undefined}
                  placeholder={hasDefault ? t('form.defaultIs', { value: String(def) }) : undefined}
                  value={value}
                  onChange={(e) => set(e.target.value)}
                />
              );
          }

          return (
            <div key={f.key} className={`field ${wide ? 'field-wide' : ''}`} data-field={f.key}>
              {f.kind !== 'flag' && (
                <label htmlFor={id}>
                  {label} {!f.required && <span className="muted">({t('common.optional')})</span>}
                </label>
              )}
              {control}
              <p className="hint" id={`${id}-help`}>
                <code className="field-key">{f.key}</code>
                {help && ` · ${help}`}
              </p>
              {problem && (
                <p className="field-error" id={`${id}-error`}>
                  {problem}
                </p>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
