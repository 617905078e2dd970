import type { I18n } from './i18n/index.js';

/**
 * A channel type's name for people: the dictionary's short name (`channel.x` → "X (트위터)") when it
 * has one, else the server's display name without its parenthesised detail, else the type itself.
 */
export function channelLabel(tMaybe: I18n['tMaybe'], type: string, serverName?: string): string {
  return tMaybe(`channel.${type}`) ?? (serverName ? serverName.replace(/\s*\([^)]*\)\s*$/, '') || serverName : type);
}

/** An account's name for people; the accounts of imports and of the demo data get localized ones. */
export function accountLabel(t: I18n['t'], account: { name: string; settings?: Record<string, unknown> | null }): string {
  if (account.settings?.import === true) return t('channels.importAccount');
  if (account.settings?.demo === true) return t('channels.demo');
  return account.name;
}
