import type { ReactNode } from 'react';

/**
 * One settings page: its title and what it is for, the buttons that act on the whole page on the right
 * (under the title on a phone), then the page. Notices, forms and tables go in `children`, in that order.
 */
export function SettingsPanel({ title, intro, actions, testId, children }: { title: string; intro?: ReactNode; actions?: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <div className="panel" data-testid={testId}>
      <div className={actions ? 'panel-head with-action' : 'panel-head'}>
        <div>
          <h2>{title}</h2>
          {intro && <p className="muted">{intro}</p>}
        </div>
        {actions && <div className="panel-actions">{actions}</div>}
      </div>
      {children}
    </div>
  );
}
