import type { Locale } from '../api.js';
import { useI18n } from '../i18n/index.js';

const LOCALES: readonly Locale[] = ['ko', 'en'];

/** Two toggle buttons, 한국어 | English; the pressed one is the current language. */
export function LanguageSwitch({ onChange, className }: { onChange(locale: Locale): void; className?: string }) {
  const { t, locale } = useI18n();
  return (
    <div role="group" aria-label={t('lang.label')} className={`lang-switch ${className ?? ''}`}>
      {LOCALES.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={locale === l} className={locale === l ? 'active' : undefined} onClick={() => locale !== l && onChange(l)}>
          {t(l === 'ko' ? 'lang.ko' : 'lang.en')}
        </button>
      ))}
    </div>
  );
}
