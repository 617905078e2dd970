import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Icon } from '../../components/Icon.js';
import { CopyButton } from '../../components/SecretBox.js';
import { accountTitle } from '../../channelLabel.js';
import { useI18n } from '../../i18n/index.js';
import { listeningApi, type ChannelAccount } from '../../listeningApi.js';
import { useNow } from '../../time.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { AccountCard, webhookUrl } from './AccountCard.js';
import { ConnectAccountForm } from './ConnectAccountForm.js';
import { DeadLetters } from './DeadLetters.js';

const REFRESH_MS = 30_000;

/** Settings → Channels: connected accounts with their health, connecting a new one, and dead letters. */
export function ChannelsPage() {
  const i18n = useI18n();
  const { t, errorText } = i18n;
  const { workspace } = useWorkspace();
  const now = useNow();
  const channels = useLoad(() => listeningApi.channels(workspace.id).then((r) => r.channels), [workspace.id]);
  const accounts = useLoad(() => listeningApi.accounts(workspace.id).then((r) => r.accounts), [workspace.id]);
  const letters = useLoad(() => listeningApi.deadLetters(workspace.id).then((r) => r.deadLetters), [workspace.id]);
  const [showForm, setShowForm] = useState(false);
  const [connected, setConnected] = useState<ChannelAccount | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<ChannelAccount | null>(null);

  // Health changes on its own (polls, errors, rate limits): look again every half minute.
  const reloadAccounts = accounts.reload;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reloadAccounts();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reloadAccounts]);

  const channelOf = (type: string) => channels.data?.find((c) => c.type === type);
  const replace = (a: ChannelAccount) => accounts.setData((list) => list?.map((x) => (x.id === a.id ? a : x)));

  const act = (account: ChannelAccount, work: () => Promise<void>) => {
    setBusyId(account.id);
    setActionError(null);
    work()
      .catch((err: unknown) => setActionError(errorText(err)))
      .finally(() => setBusyId(null));
  };
  const pause = (a: ChannelAccount) => act(a, () => listeningApi.pause(workspace.id, a.id).then((r) => replace(r.account)));
  const resume = (a: ChannelAccount) => act(a, () => listeningApi.resume(workspace.id, a.id).then((r) => replace(r.account)));
  const disconnect = (a: ChannelAccount) =>
    act(a, () =>
      listeningApi.disconnect(workspace.id, a.id).then(() => {
        accounts.setData((list) => list?.filter((x) => x.id !== a.id));
        setConnected((c) => (c?.id === a.id ? null : c));
        setConfirming(null);
      }),
    );

  const onConnected = (a: ChannelAccount) => {
    accounts.setData((list) => [...(list ?? []).filter((x) => x.id !== a.id), a]);
    setConnected(a);
    setShowForm(false);
  };

  return (
    <div className="panel">
      <div className="panel-head with-action">
        <div>
          <h2>{t('channels.title')}</h2>
          <p className="muted">{t('channels.intro')}</p>
        </div>
        <div className="head-actions">
          <button type="button" className="btn" onClick={accounts.reload} disabled={accounts.loading}>
            <Icon name="refresh" size={16} />
            {t('channels.refresh')}
          </button>
          <button type="button" className="btn btn-primary" aria-expanded={showForm} aria-controls="connect-account" onClick={() => setShowForm((s) => !s)}>
            {t('channels.connect')}
          </button>
        </div>
      </div>

      {connected && (
        <div className="alert alert-success connected-note" role="status">
          <p>{t('channels.connected', { name: connected.name })}</p>
          {channelOf(connected.type)?.webhook && (
            <>
              <p className="small">{t('channels.connectedWebhook')}</p>
              <div className="secret-row">
                <code className="secret">{webhookUrl(connected)}</code>
                <CopyButton text={webhookUrl(connected)} />
              </div>
            </>
          )}
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setConnected(null)}>
            {t('common.close')}
          </button>
        </div>
      )}

      {showForm &&
        (channels.data ? (
          <ConnectAccountForm channels={channels.data} onConnected={onConnected} onCancel={() => setShowForm(false)} />
        ) : channels.error ? (
          <p className="alert alert-error" role="alert">
            {errorText(channels.error)}
          </p>
        ) : (
          <p role="status">{t('common.loading')}</p>
        ))}

      {actionError && (
        <p className="alert alert-error" role="alert">
          {actionError}
        </p>
      )}

      {accounts.loading && !accounts.data ? (
        <p role="status">{t('common.loading')}</p>
      ) : accounts.error && !accounts.data ? (
        <div className="alert alert-error" role="alert">
          {errorText(accounts.error)}{' '}
          <button type="button" className="btn btn-small" onClick={accounts.reload}>
            {t('common.retry')}
          </button>
        </div>
      ) : !accounts.data?.length ? (
        <p className="empty">{t('channels.empty')}</p>
      ) : (
        <div className="account-list" data-testid="accounts">
          {accounts.data.map((a) => (
            <AccountCard key={a.id} account={a} channel={channelOf(a.type)} busy={busyId === a.id} now={now} onPause={() => pause(a)} onResume={() => resume(a)} onDisconnect={() => setConfirming(a)} />
          ))}
        </div>
      )}

      <DeadLetters
        letters={letters}
        accountName={(id) => {
          const a = accounts.data?.find((x) => x.id === id);
          return a && accountTitle(i18n, a);
        }}
        now={now}
      />

      {confirming && (
        <ConfirmDialog
          title={t('channels.disconnectTitle')}
          body={t('channels.disconnectConfirm', { name: confirming.name })}
          confirm={t('channels.disconnect')}
          danger
          busy={busyId === confirming.id}
          onConfirm={() => disconnect(confirming)}
          onClose={() => setConfirming(null)}
        />
      )}
    </div>
  );
}
