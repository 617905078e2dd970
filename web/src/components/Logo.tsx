import { useI18n } from '../i18n/index.js';

/** The product mark: 소통 with the English name beside it. */
export function Logo({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  return (
    <span className={`logo ${compact ? 'compact' : ''}`}>
      <span className="logo-mark" aria-hidden="true">
        소
      </span>
      <span className="logo-text" aria-hidden="true">
        <span lang="ko">소통</span>
        {!compact && (
          <span className="logo-sub" lang="en">
            Sotong
          </span>
        )}
      </span>
      <span className="visually-hidden">{t('app.name')}</span>
    </span>
  );
}
