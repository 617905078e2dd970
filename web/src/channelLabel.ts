import type { I18n } from './i18n/index.js';

/**
 * A channel type's name for people: the dictionary's short name (`channel.x` → "X (트위터)") when it
 * has one, else the server's display name without its parenthesised detail, else the type itself.
 */
export function channelLabel(tMaybe: I18n['tMaybe'], type: string, serverName?: string): string {
  return tMaybe(`channel.${type}`) ?? (serverName ? serverName.replace(/\s*\([^)]*\)\s*$/, '') || serverName : type);
}

type AccountLike = { type: string; name: string; settings?: Record<string, unknown> | null };

/**
 * What an account's messages come from, for people: a generic bridge (the signed webhook) names its
 * source in `settings.source` ("kakaotalk" → "카카오톡"), shown when the dictionary knows it
 * (`channel.source.<source>`); otherwise the channel's name.
 */
export function accountChannelLabel(tMaybe: I18n['tMaybe'], account: AccountLike, serverName?: string): string {
  const source = account.settings?.source;
  return (typeof source === 'string' && source ? tMaybe(`channel.source.${source}`) : undefined) ?? channelLabel(tMaybe, account.type, serverName);
}

/** An account's name for people; the accounts of imports and of the demo data get localized ones. */
export function accountLabel(t: I18n['t'], account: { name: string; settings?: Record<string, unknown> | null }): string {
  if (account.settings?.import === true) return t('channels.importAccount');
  if (account.settings?.demo === true) return t('channels.demo');
  return account.name;
}

/** An account's name with what it carries, for lists of accounts ("데모 데이터 · 카카오톡"); a named account keeps its name. */
export function accountTitle(i18n: Pick<I18n, 't' | 'tMaybe'>, account: AccountLike, serverName?: string): string {
  if (account.settings?.import === true || account.settings?.demo === true) return `${accountLabel(i18n.t, account)} · ${accountChannelLabel(i18n.tMaybe, account, serverName)}`;
  return account.name;
}
