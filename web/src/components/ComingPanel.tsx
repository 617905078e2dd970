import { useI18n } from '../i18n/index.js';
import type { Area } from './Nav.js';
import { Icon } from './Icon.js';

/** What an area not built yet will hold, in one paragraph. */
export function ComingPanel({ area }: { area: Area }) {
  const { t } = useI18n();
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{t(`nav.${area}`)}</h1>
      </header>
      <div className="card coming">
        <div className="coming-icon" aria-hidden="true">
          <Icon name={area} size={32} />
        </div>
        <div>
          <span className="badge badge-info">{t('coming.badge')}</span>
          <p className="muted">{t('coming.lead')}</p>
          <p className="coming-body">{t(`coming.${area}`)}</p>
        </div>
      </div>
    </section>
  );
}
