import { useEffect, useState, type FormEvent } from 'react';
import { channelLabel } from '../../channelLabel.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { linksApi, UTM_KEYS, type LinkSettings, type UtmKey, type UtmTemplate } from './linksApi.js';

const EMPTY_PARAMS: Record<UtmKey, string> = { utm_source: '', utm_medium: '', utm_campaign: '', utm_term: '', utm_content: '' };

/** Links settings (links.manage): attribution, UTM templates per channel and campaign, the conversion webhook secret. */
export function LinksSettings() {
  const { t } = useI18n();
  return (
    <div className="card" data-testid="links-settings">
      <h2>{t('links.settings')}</h2>
      <AttributionForm />
      <UtmTemplates />
      <WebhookSecret />
    </div>
  );
}

function AttributionForm() {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const loaded = useLoad(() => linksApi.settings(workspace.id), [workspace.id]);
  const [draft, setDraft] = useState<LinkSettings>();
  const [msg, setMsg] = useState<{ ok: boolean; text: string }>();
  useEffect(() => {
    if (loaded.data) setDraft(loaded.data);
  }, [loaded.data]);
  if (loaded.error)
    return (
      <p className="alert alert-error" role="alert">
        {errorText(loaded.error)}
      </p>
    );
  if (!draft) return <p role="status">{t('common.loading')}</p>;
  const save = (e: FormEvent) => {
    e.preventDefault();
    setMsg(undefined);
    linksApi
      .saveSettings(workspace.id, { windowDays: draft.windowDays, model: draft.model, trackLinks: draft.trackLinks })
      .then((s) => {
        setDraft({ ...draft, ...s });
        setMsg({ ok: true, text: t('links.settings.saved') });
      })
      .catch((err: unknown) => setMsg({ ok: false, text: errorText(err) }));
  };
  return (
    <form onSubmit={save} aria-label={t('links.attribution')} data-testid="links-attribution">
      <h3>{t('links.attribution')}</h3>
      <p className="muted small">{t('links.attribution.help')}</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="links-window">{t('links.attribution.window')}</label>
          <input id="links-window" type="number" min={1} max={365} required value={draft.windowDays} onChange={(e) => setDraft({ ...draft, windowDays: Number(e.target.value) })} />
        </div>
        <div className="field">
          <label htmlFor="links-model">{t('links.attribution.model')}</label>
          <select id="links-model" value={draft.model} onChange={(e) => setDraft({ ...draft, model: e.target.value as LinkSettings['model'] })}>
            <option value="last_click">{t('links.attribution.last')}</option>
            <option value="first_click">{t('links.attribution.first')}</option>
          </select>
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={draft.trackLinks} onChange={(e) => setDraft({ ...draft, trackLinks: e.target.checked })} /> {t('links.attribution.track')}
          </label>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">
          {t('links.settings.save')}
        </button>
      </div>
      {msg && (
        <p role={msg.ok ? 'status' : 'alert'} className={msg.ok ? '' : 'alert alert-error'}>
          {msg.text}
        </p>
      )}
    </form>
  );
}

function UtmTemplates() {
  const { t, tMaybe, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const list = useLoad(() => linksApi.templates(workspace.id).then((r) => r.templates), [workspace.id]);
  const [channel, setChannel] = useState('');
  const [campaign, setCampaign] = useState('');
  const [params, setParams] = useState<Record<UtmKey, string>>(EMPTY_PARAMS);
  const [error, setError] = useState<string>();
  const put = (tpl: UtmTemplate) =>
    linksApi
      .saveTemplate(workspace.id, tpl)
      .then(() => {
        setError(undefined);
        list.reload();
      })
      .catch((err: unknown) => setError(errorText(err)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const filled = Object.fromEntries(Object.entries(params).filter(([, v]) => v.trim() !== '')) as Record<string, string>;
    void put({ channel: channel.trim(), campaign: campaign.trim(), params: filled }).then(() => setParams(EMPTY_PARAMS));
  };
  const edit = (tpl: UtmTemplate) => {
    setChannel(tpl.channel);
    setCampaign(tpl.campaign);
    setParams({ ...EMPTY_PARAMS, ...tpl.params });
  };
  return (
    <section aria-labelledby="links-utm-title" data-testid="links-utm">
      <h3 id="links-utm-title">{t('links.utm')}</h3>
      <p className="muted small">{t('links.utm.help', { placeholders: '{channel}, {campaign}, {post}, {variant}' })}</p>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {list.data && list.data.length > 0 && (
        <div className="table-wrap">
          <table className="table stack" aria-label={t('links.utm')}>
            <thead>
              <tr>
                <th scope="col">{t('links.channel')}</th>
                <th scope="col">{t('links.campaign')}</th>
                <th scope="col">{t('links.utm.params')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((tpl) => (
                <tr key={`${tpl.channel}|${tpl.campaign}`}>
                  <td>{tpl.channel ? channelLabel(tMaybe, tpl.channel) : t('links.utm.everyChannel')}</td>
                  <td translate="no">{tpl.campaign || t('links.utm.everyCampaign')}</td>
                  <td>
                    <code translate="no">
                      {Object.entries(tpl.params)
                        .map(([k, v]) => `${k}=${v}`)
                        .join('&')}
                    </code>
                  </td>
                  <td>
                    <button type="button" className="btn btn-small" onClick={() => edit(tpl)}>
                      {t('links.utm.edit')}
                    </button>{' '}
                    <button type="button" className="btn btn-small" onClick={() => void put({ channel: tpl.channel, campaign: tpl.campaign, params: {} })}>
                      {t('links.utm.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={submit} aria-label={t('links.utm.save')}>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="utm-channel">
              {t('links.channel')} <span className="muted">({t('links.utm.blankEvery')})</span>
            </label>
            <input id="utm-channel" type="text" value={channel} maxLength={40} onChange={(e) => setChannel(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="utm-campaign">
              {t('links.campaign')} <span className="muted">({t('links.utm.blankEvery')})</span>
            </label>
            <input id="utm-campaign" type="text" value={campaign} maxLength={100} onChange={(e) => setCampaign(e.target.value)} />
          </div>
          {UTM_KEYS.map((k) => (
            <div className="field" key={k}>
              <label htmlFor={`utm-${k}`}>
                <code>{k}</code>
              </label>
              <input id={`utm-${k}`} type="text" value={params[k]} maxLength={200} placeholder="{channel}" onChange={(e) => setParams({ ...params, [k]: e.target.value })} />
            </div>
          ))}
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            {t('links.utm.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function WebhookSecret() {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const settings = useLoad(() => linksApi.settings(workspace.id), [workspace.id]);
  const [secret, setSecret] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const has = settings.data?.webhookSecretSet === true || secret !== undefined;
  const rotate = () => {
    setConfirming(false);
    linksApi
      .rotateSecret(workspace.id)
      .then((r) => {
        setSecret(r.secret);
        setError(undefined);
      })
      .catch((err: unknown) => setError(errorText(err)));
  };
  return (
    <section aria-labelledby="links-secret-title" data-testid="links-secret">
      <h3 id="links-secret-title">{t('links.secret')}</h3>
      <p className="muted small">{t('links.secret.help')}</p>
      <p data-testid="links-secret-state">{has ? t('links.secret.set') : t('links.secret.none')}</p>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {secret && (
        <div className="alert" role="status" data-testid="links-secret-value">
          <p>{t('links.secret.once')}</p>
          <code translate="no">{secret}</code>
        </div>
      )}
      {confirming ? (
        <p>
          {t('links.secret.confirm')}{' '}
          <button type="button" className="btn btn-small btn-danger" onClick={rotate}>
            {t('links.secret.rotate')}
          </button>{' '}
          <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </p>
      ) : (
        <button type="button" className="btn" onClick={() => (has ? setConfirming(true) : rotate())}>
          {has ? t('links.secret.rotate') : t('links.secret.create')}
        </button>
      )}
    </section>
  );
}
