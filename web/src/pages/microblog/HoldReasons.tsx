import { useI18n } from '../../i18n/index.js';
import type { HoldReason } from './microblogApi.js';

/** A hold reason in words: the kind of personal data, the confidentiality marker, or the file's type. */
export function useReasonText(): (r: HoldReason) => string {
  const { t, tMaybe } = useI18n();
  return (r) => {
    if (r.type === 'file') {
      const [what, ext] = r.kind.split(':');
      if (what === 'archive') return t('mb.reason.archive');
      if (ext === 'legacy') return t('mb.reason.fileType', { ext: 'DOC/XLS' });
      return t('mb.reason.fileType', { ext: (ext ?? r.kind).toUpperCase() });
    }
    return t(`mb.reason.${r.type}`, { kind: tMaybe(`mb.kind.${r.kind}`) ?? r.kind });
  };
}

/** The reasons the guideline screen held a post or a file, as an alert. */
export function HoldReasons({ title, reasons, testId }: { title: string; reasons: HoldReason[]; testId?: string }) {
  const text = useReasonText();
  return (
    <div className="alert alert-error" role="alert" data-testid={testId}>
      <strong>{title}</strong>
      <ul className="plain-list small">
        {[...new Set(reasons.map(text))].map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
