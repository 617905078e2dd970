import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, type Locale } from '../api.js';
import { en } from './en.js';
import { ko, type MessageKey } from './ko.js';

export type { MessageKey };
export type Vars = Record<string, string | number>;

const dictionaries: Record<Locale, { readonly [K in MessageKey]: string }> = { ko, en };
const STORAGE_KEY = 'sotong.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'ko' || value === 'en';
}

export function storedLocale(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (isLocale(v)) return v;
  } catch {
    /* storage unavailable: fall through to the default */
  }
  return 'ko';
}

function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* ignore */
  }
}

function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, vars?: Vars): string;
  /** For keys built at run time (roles, permissions, scopes): undefined when there is no such key. */
  tMaybe(key: string, vars?: Vars): string | undefined;
  formatDateTime(iso: string | null | undefined): string;
  formatDate(iso: string | null | undefined): string;
  /** A readable, localized message for any error thrown by the API client. */
  errorText(err: unknown): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = locale === 'ko' ? '소통 Sotong' : 'Sotong';
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    storeLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const dict = dictionaries[locale];
    // A key from server data (a role or scope this build does not know) falls back to the key itself.
    const t = (key: MessageKey, vars?: Vars) => interpolate((dict[key] as string | undefined) ?? key, vars);
    const tMaybe = (key: string, vars?: Vars) => (Object.hasOwn(dict, key) ? interpolate(dict[key as MessageKey], vars) : undefined);
    const tag = locale === 'ko' ? 'ko-KR' : 'en-GB';
    // One time convention everywhere: the bank's clock (Asia/Seoul), named, whatever the browser's zone.
    const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Seoul' });
    const dateOnly = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'Asia/Seoul' });
    const fmt = (f: Intl.DateTimeFormat, zone: string) => (iso: string | null | undefined) => {
      if (!iso) return dict['common.none'];
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : `${f.format(d)}${zone}`;
    };
    const duration = (seconds: number) => (seconds < 90 ? t('time.seconds', { n: seconds }) : t('time.minutes', { n: Math.ceil(seconds / 60) }));
    const errorText = (err: unknown): string => {
      if (!(err instanceof ApiError)) return t('error.unknown', { message: err instanceof Error ? err.message : String(err) });
      switch (err.code) {
        case 'network':
          return t('error.network');
        case 'auth.invalid_credentials':
          return t('error.invalidCredentials');
        case 'auth.throttled':
          return err.retryAfter !== undefined ? t('error.throttledIn', { when: duration(err.retryAfter) }) : `${t('error.throttled')} (${err.message})`;
        case 'auth.forbidden':
          return t('error.forbidden');
        case 'auth.csrf':
          return t('error.csrf');
        case 'auth.required':
          return t('error.sessionExpired');
        case 'auth.weak_password':
          return t('error.weakPassword');
        case 'user.exists':
          return t('error.userExists');
        case 'workspace.not_found':
          return t('error.workspaceNotFound');
        case 'validation':
          return err.field ? `${t('error.validationField', { field: err.field })} (${err.message})` : `${t('error.validation')} (${err.message})`;
        default:
          // Codes with a message of their own in the dictionaries (`error.<code>`), else the server's words.
          return tMaybe(`error.${err.code}`, { message: err.message }) ?? t('error.unknown', { message: err.message });
      }
    };
    return { locale, setLocale, t, tMaybe, formatDateTime: fmt(dateTime, ' KST'), formatDate: fmt(dateOnly, ''), errorText };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
