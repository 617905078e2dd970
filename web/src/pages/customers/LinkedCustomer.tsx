import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { CustomerTimeline } from './CustomersPage.js';
import { LifecycleBadge } from './LifecycleBadge.js';
import { customersApi } from './customersApi.js';
import { MatchSuggestions } from './Matches.js';

/** The inbox's customer panel part: the customer this social account is linked to (with consent) and their timeline, or the consent link to send. */
export function LinkedCustomer({ authorId, conversationId }: { authorId: string; conversationId: string }) {
  const { t, errorText } = useI18n();
  const ws = useWorkspace();
  const linked = useLoad(() => customersApi.ofAuthor(ws.workspace.id, authorId), [ws.workspace.id, authorId]);
  const [msg, setMsg] = useState<string | null>(null);
  if (!ws.can('customers.read')) return null;
  const c = linked.data?.linked?.customer;
  return (
    <section className="side-card" aria-labelledby="linked-customer-title" data-testid="linked-customer">
      <h2 id="linked-customer-title" className="side-title">
        {t('cust.panel.title')}
      </h2>
      {linked.error ? <p role="alert">{errorText(linked.error)}</p> : null}
      {linked.data && !c && (
        <>
          <p className="muted small">{t('cust.panel.none')}</p>
          {ws.can('inbox.reply') && (
            <button
              type="button"
              className="btn btn-small"
              data-testid="send-consent-link"
              onClick={() =>
                customersApi.sendConsent(ws.workspace.id, conversationId).then(
                  () => setMsg(t('cust.panel.sent')),
                  (e: unknown) => setMsg(errorText(e)),
                )
              }
            >
              {t('cust.panel.send')}
            </button>
          )}
        </>
      )}
      {msg && <p role="status">{msg}</p>}
      {linked.data && !c && <MatchSuggestions authorId={authorId} />}
      {c && (
        <>
          <p>
            <strong data-testid="linked-customer-name" translate="no">
              {c.name ?? c.externalId}
            </strong>{' '}
            <LifecycleBadge value={c.lifecycle} />
          </p>
          <p className="small muted">
            {c.externalId}
            {c.segment ? ` · ${c.segment}` : ''}
            {c.products.length ? ` · ${c.products.join(', ')}` : ''}
          </p>
          <CustomerTimeline id={c.id} />
        </>
      )}
    </section>
  );
}
