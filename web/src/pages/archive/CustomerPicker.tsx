import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useWorkspace } from '../../workspace.js';
import { archiveApi } from './archiveApi.js';

export interface PickedCustomer {
  id: string;
  /** The customer's name as compliance may see it (masked without customers.pii), else the bank's number. */
  name: string;
  externalId: string;
}

/**
 * Finds a customer by the bank's customer number (the one compliance is given), for eDiscovery by customer:
 * every identity linked to them by consent. Shows the customer's name, never an internal id.
 */
export function CustomerPicker({ id, value, onChange }: { id: string; value: PickedCustomer | null; onChange(c: PickedCustomer | null): void }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string>();
  const find = () => {
    const ext = number.trim();
    if (!ext) return;
    setError(undefined);
    archiveApi.customerByNumber(workspace.id, ext).then(
      (c) => (c ? (onChange({ id: c.id, name: c.name ?? c.externalId, externalId: c.externalId }), setNumber('')) : setError(t('archive.customerNotFound', { number: ext }))),
      (err: unknown) => setError(errorText(err)),
    );
  };
  if (value)
    return (
      <div className="field">
        <span className="label">{t('archive.customer')}</span>
        <p className="small" data-testid={`${id}-picked`}>
          <span translate="no">{value.name}</span> <span className="muted">({value.externalId})</span>{' '}
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(null)}>
            {t('archive.clearCustomer')}
          </button>
        </p>
      </div>
    );
  return (
    <div className="field">
      <label htmlFor={id}>{t('archive.customer')}</label>
      <span className="inline">
        <input
          id={id}
          type="text"
          value={number}
          placeholder={t('archive.customerPlaceholder')}
          onChange={(e) => setNumber(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              find();
            }
          }}
        />{' '}
        <button type="button" className="btn btn-small" onClick={find}>
          {t('archive.customerFind')}
        </button>
      </span>
      {error && (
        <span className="small alert-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
