import { useEffect, useState } from 'react';
import { ROLES } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { publishingApi, type PublishingSettingsView } from './publishingApi.js';
import { PRODUCTS, useTargetLabel } from './shared.js';

type Chain = PublishingSettingsView['chains'][number];
const PRODUCT_CHOICES = ['*', 'none', ...PRODUCTS] as const;

/** The stamp as the server renders it (`renderStamp`): `{number}`, `{from}`, `{until}`, dates with dots. */
export const previewStamp = (template: string, number: string, from: string, until: string) => template.replaceAll('{number}', number).replaceAll('{from}', from.replaceAll('-', '.')).replaceAll('{until}', until.replaceAll('-', '.'));

/** Approval chains per product type, the 심의필 template with its preview, the deadline and the stamped channels. */
export function SettingsPanel() {
  const { t, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const label = useTargetLabel();
  const w = workspace.id;
  const loaded = useLoad(() => Promise.all([publishingApi.settings(w), publishingApi.targets(w)]), [w]);
  const [s, setS] = useState<PublishingSettingsView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [newChain, setNewChain] = useState('');
  useEffect(() => setS(loaded.data?.[0] ?? null), [loaded.data]);
  if (loaded.error) return <p className="alert alert-error">{errorText(loaded.error)}</p>;
  if (!s || !loaded.data) return <p role="status">{t('common.loading')}</p>;
  const manage = can('publishing.manage');
  const setChain = (i: number, c: Chain) => setS({ ...s, chains: s.chains.map((x, j) => (j === i ? c : x)) });
  const productName = (p: string) => (p === '*' ? t('pub.set.anyProduct') : p === 'none' ? t('pub.compose.noProduct') : t(`pub.product.${p}` as never));
  const save = async () => {
    setError(null);
    setNotice(null);
    try {
      setS(await publishingApi.saveSettings(w, s));
      setNotice(t('pub.set.saved'));
    } catch (err) {
      setError(errorText(err));
    }
  };
  const unused = PRODUCT_CHOICES.filter((p) => !s.chains.some((c) => c.product === p));
  return (
    <form className="card pub-settings" onSubmit={(e) => (e.preventDefault(), save())} data-testid="pub-settings">
      <h2>{t('pub.set.chains')}</h2>
      <p className="hint">{t('pub.set.chainsHint')}</p>
      {s.chains.map((c, i) => (
        <fieldset key={c.product} className="pub-chain" data-chain={c.product} disabled={!manage}>
          <legend>{productName(c.product)}</legend>
          {c.steps.map((st, k) => (
            <div key={k} className="pub-step" data-step={k}>
              <span>{t('pub.set.stepN', { n: k + 1 })}</span>
              <input type="text" aria-label={t('pub.set.stepName')} value={st.name} maxLength={80} onChange={(e) => setChain(i, { ...c, steps: c.steps.map((x, j) => (j === k ? { ...x, name: e.target.value } : x)) })} />
              {ROLES.map((r) => (
                <label key={r} className="check-label">
                  <input
                    type="checkbox"
                    data-role={r}
                    checked={st.roles.includes(r)}
                    onChange={() => setChain(i, { ...c, steps: c.steps.map((x, j) => (j === k ? { ...x, roles: x.roles.includes(r) ? x.roles.filter((y) => y !== r) : [...x.roles, r] } : x)) })}
                  />{' '}
                  {t(`role.${r}` as never)}
                </label>
              ))}
              <label className="check-label">
                <input type="checkbox" data-compliance checked={Boolean(st.compliance)} onChange={() => setChain(i, { ...c, steps: c.steps.map((x, j) => (j === k ? { ...x, compliance: !x.compliance } : { ...x, compliance: false })) })} />{' '}
                {t('pub.set.compliance')}
              </label>
              <button type="button" className="btn btn-small" disabled={c.steps.length < 2} onClick={() => setChain(i, { ...c, steps: c.steps.filter((_, j) => j !== k) })}>
                {t('pub.set.removeStep')}
              </button>
            </div>
          ))}
          <button type="button" className="btn btn-small" data-testid="pub-add-step" disabled={c.steps.length >= 6} onClick={() => setChain(i, { ...c, steps: [...c.steps, { name: t('pub.set.newStep'), roles: ['manager'] }] })}>
            {t('pub.set.addStep')}
          </button>{' '}
          <label className="check-label">
            <input type="checkbox" checked={c.reapproveOnReschedule} onChange={() => setChain(i, { ...c, reapproveOnReschedule: !c.reapproveOnReschedule })} /> {t('pub.set.reapprove')}
          </label>{' '}
          <button type="button" className="btn btn-small btn-danger" disabled={s.chains.length < 2} onClick={() => setS({ ...s, chains: s.chains.filter((_, j) => j !== i) })}>
            {t('pub.set.removeChain')}
          </button>
        </fieldset>
      ))}
      {manage && unused.length > 0 && (
        <div className="pub-inline">
          <select aria-label={t('pub.set.addChainFor')} value={unused.includes(newChain as never) ? newChain : unused[0]} onChange={(e) => setNewChain(e.target.value)}>
            {unused.map((p) => (
              <option key={p} value={p}>
                {productName(p)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-small"
            data-testid="pub-add-chain"
            onClick={() => {
              const product = unused.includes(newChain as never) ? newChain : unused[0]!;
              setS({ ...s, chains: [...s.chains, { product, steps: [{ name: t('pub.set.newStep'), roles: ['manager', 'admin'] }], reapproveOnReschedule: product !== 'none' }] });
            }}
          >
            {t('pub.set.addChain')}
          </button>
        </div>
      )}
      <h2>{t('pub.set.stamp')}</h2>
      <div className="field">
        <label htmlFor="pub-template">{t('pub.set.template')}</label>
        <input id="pub-template" type="text" maxLength={200} value={s.reviewTemplate} disabled={!manage} onChange={(e) => setS({ ...s, reviewTemplate: e.target.value })} />
        <p className="hint">
          {t('pub.set.templateHint')} <code>{'{number}'}</code> · <code>{'{from}'}</code> · <code>{'{until}'}</code>
        </p>
        <p data-testid="pub-stamp-preview">
          {t('pub.set.preview')}: <q>{previewStamp(s.reviewTemplate, '2026-0123', '2026-12-01', '2027-11-30')}</q>
        </p>
      </div>
      <fieldset className="field" disabled={!manage}>
        <legend>{t('pub.set.stampTargets')}</legend>
        <p className="hint">{t('pub.set.stampTargetsHint')}</p>
        {loaded.data[1].targets.map((x) => (
          <label key={x} className="check-label">
            <input type="checkbox" data-stamp-target={x} checked={s.stampTargets.includes(x)} onChange={() => setS({ ...s, stampTargets: s.stampTargets.includes(x) ? s.stampTargets.filter((y) => y !== x) : [...s.stampTargets, x] })} />{' '}
            {label(x)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="pub-deadline">{t('pub.set.deadline')}</label>
        <input id="pub-deadline" type="number" min={0} max={43200} value={s.deadlineMinutes} disabled={!manage} onChange={(e) => setS({ ...s, deadlineMinutes: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} />
      </div>
      {error && (
        <p className="alert alert-error" role="alert" data-testid="pub-settings-error">
          {error}
        </p>
      )}
      {notice && (
        <p className="alert alert-success" role="status" data-testid="pub-settings-saved">
          {notice}
        </p>
      )}
      {manage ? (
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="pub-settings-save">
            {t('pub.set.save')}
          </button>
        </div>
      ) : (
        <p className="muted">{t('pub.set.readOnly')}</p>
      )}
    </form>
  );
}
