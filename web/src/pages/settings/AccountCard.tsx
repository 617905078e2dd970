import { accountChannelLabel, accountTitle, channelLabel } from '../../channelLabel.js';
import { ChannelMark } from '../../components/ChannelMark.js';
import { Icon } from '../../components/Icon.js';
import { CopyButton } from '../../components/SecretBox.js';
import { useI18n } from '../../i18n/index.js';
import type { ChannelAccount, ChannelType } from '../../listeningApi.js';
import { useTimeFormat } from '../../time.js';

const WEEK_MS = 7 * 24 * 3600_000;
const STATUS_CLASS: Record<string, string> = { active: 'badge-ok', paused: 'badge-warn', error: 'badge-danger', disconnected: 'badge-muted' };
const HEALTH_CLASS: Record<string, string> = { ok: 'badge-ok', degraded: 'badge-warn', down: 'badge-danger' };

/** "카카오톡 · 서명 웹훅" when the source differs from the channel that carries it, else the channel alone. */
const via = (source: string, channel: string): string => (source === channel ? channel : `${source} · ${channel}`);

/** The full inbound URL of a webhook account: this server's origin and the account's secret path. */
export function webhookUrl(account: Pick<ChannelAccount, 'webhookPath'>): string {
  return `${window.location.origin}${account.webhookPath}`;
}

export interface AccountCardProps {
  account: ChannelAccount;
  channel: ChannelType | undefined;
  busy: boolean;
  now: number;
  onPause(): void;
  onResume(): void;
  onDisconnect(): void;
}

export function AccountCard({ account, channel, busy, now, onPause, onResume, onDisconnect }: AccountCardProps) {
  const i18n = useI18n();
  const { t, tMaybe } = i18n;
  const time = useTimeFormat();
  const h = account.health ?? {};
  const nameId = `account-${account.id}-name`;
  const tokenMs = h.tokenExpiresAt ? new Date(h.tokenExpiresAt).getTime() - now : undefined;
  const tokenSoon = tokenMs !== undefined && !Number.isNaN(tokenMs) && tokenMs < WEEK_MS;
  const rate = h.rateLimit;
  // The account imports are filed under: it receives nothing by itself, so it has no webhook and no pause.
  const importOnly = account.settings?.import === true;
  // Demo accounts are fed by the bundled demo data, never by their channel.
  const demo = account.settings?.demo === true;
  const isWebhook = !importOnly && !demo && (channel?.webhook ?? false);
  const polls = channel?.poll ?? false;

  return (
    <article className="card account-card" aria-labelledby={nameId} data-testid="account-card" data-account-id={account.id}>
      <header className="account-head">
        <ChannelMark type={account.type} />
        <div className="account-title">
          <h3 id={nameId} title={importOnly || demo ? undefined : account.name} translate={importOnly || demo ? undefined : 'no'}>
            {accountTitle(i18n, account, account.channel || channel?.name)}
          </h3>
          <span className="muted small" data-testid="account-channel">
            {via(accountChannelLabel(tMaybe, account, account.channel || channel?.name), channelLabel(tMaybe, account.type, account.channel || channel?.name))}
          </span>
        </div>
        {importOnly ? (
          <span className="badge badge-info" data-testid="account-status">
            {t('channels.importOnly')}
          </span>
        ) : (
          <span className={`badge ${STATUS_CLASS[account.status] ?? ''}`} data-testid="account-status">
            {tMaybe(`account.status.${account.status}`) ?? account.status}
          </span>
        )}
      </header>

      {tokenSoon && (
        <p className="alert alert-warn" role="note">
          <Icon name="warning" size={16} /> {tokenMs! <= 0 ? t('channels.tokenExpired', { when: time.absolute(h.tokenExpiresAt) }) : t('channels.tokenExpiring', { when: time.relative(h.tokenExpiresAt, now) })}
        </p>
      )}
      {h.lastError && (
        <p className="alert alert-error account-error">
          <strong>{t('channels.lastError')}:</strong> {h.lastError}
        </p>
      )}

      <dl className="health">
        <div>
          <dt>{t('channels.health')}</dt>
          <dd>
            {h.status ? <span className={`badge ${HEALTH_CLASS[h.status] ?? ''}`}>{tMaybe(`health.${h.status}`) ?? h.status}</span> : <span className="muted">{t('channels.notChecked')}</span>}
            {h.message && <span className="muted small block">{h.message}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('channels.lastEvent')}</dt>
          <dd>
            {h.lastEventAt ? (
              <time dateTime={h.lastEventAt} title={time.absolute(h.lastEventAt)}>
                {time.relative(h.lastEventAt, now)}
              </time>
            ) : (
              t('channels.noEvents')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('channels.lag')}</dt>
          <dd>{typeof h.lagMs === 'number' ? time.duration(h.lagMs) : t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('channels.rateLimit')}</dt>
          <dd>
            {rate && typeof rate.remaining === 'number' ? t('channels.rateRemaining', { remaining: time.number(rate.remaining), limit: typeof rate.limit === 'number' ? time.number(rate.limit) : '?' }) : t('common.none')}
            {rate?.resetAt && <span className="muted small block">{t('channels.rateReset', { when: time.relative(rate.resetAt, now) })}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('channels.tokenExpires')}</dt>
          <dd className={tokenSoon ? 'warn-text' : undefined}>{h.tokenExpiresAt ? time.absolute(h.tokenExpiresAt) : t('common.none')}</dd>
        </div>
        {polls && (
          <div>
            <dt>{t('channels.pollEvery')}</dt>
            <dd>{time.duration(account.pollIntervalMs)}</dd>
          </div>
        )}
        <div>
          <dt>{t('channels.connectedAt')}</dt>
          <dd>{time.absolute(account.createdAt)}</dd>
        </div>
        {h.checkedAt && (
          <div>
            <dt>{t('channels.checkedAt')}</dt>
            <dd title={time.absolute(h.checkedAt)}>{time.relative(h.checkedAt, now)}</dd>
          </div>
        )}
      </dl>

      {isWebhook && (
        <div className="webhook-url">
          <span className="small strong" id={`account-${account.id}-hook`}>
            {t('channels.webhookUrl')}
          </span>
          <div className="secret-row">
            <code className="secret" data-testid="webhook-url" aria-labelledby={`account-${account.id}-hook`}>
              {webhookUrl(account)}
            </code>
            <CopyButton text={webhookUrl(account)} label={`${t('common.copy')}: ${t('channels.webhookUrl')}`} />
          </div>
          <p className="hint">{t('channels.webhookHint')}</p>
        </div>
      )}

      <div className="account-actions">
        {importOnly ? null : account.status === 'paused' || account.status === 'error' ? (
          <button type="button" className="btn btn-small" disabled={busy} aria-describedby={nameId} onClick={onResume}>
            <Icon name="play" size={14} />
            {t('channels.resume')}
          </button>
        ) : (
          <button type="button" className="btn btn-small" disabled={busy} aria-describedby={nameId} onClick={onPause}>
            <Icon name="pause" size={14} />
            {t('channels.pause')}
          </button>
        )}
        <button type="button" className="btn btn-small btn-danger" disabled={busy} aria-describedby={nameId} onClick={onDisconnect}>
          {t('channels.disconnect')}
        </button>
      </div>
    </article>
  );
}
