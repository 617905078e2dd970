import crypto from 'node:crypto';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock/clock.js';
import { DomainError, conflict, invalid, notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { Customers, CustomersService } from '../../modules/customers/index.js';
import type { ConversationsService, Outbox } from '../../modules/inbox/index.js';
import { peekToken, readAssertion, signToken, verifyMac, type LinkToken } from './token.js';

export interface ConsentLinkDeps {
  customers: Customers;
  conversations: ConversationsService;
  outbox: Outbox;
  clock: Clock;
}

/** What a public page shows: the stated purpose and where to go next. */
export interface ConsentPage {
  requestId: string;
  workspaceId: string;
  purpose: string;
  expiresAt: string;
  loginUrl: string | null;
  state: 'open' | 'authenticated' | 'done';
}

const gone = () => new DomainError('not_found', 'consent.link_invalid', 'This link is not valid: it was altered, or it is not from this bank.');
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('base64url');

/**
 * Linking a social identity to a customer with the customer's consent: an agent sends a signed,
 * expiring link in a private reply; the customer opens it, signs in with the bank (whose login posts
 * back a signed assertion), and consents to the stated purpose; the link is recorded with its proof.
 * The customer's revoke link, or the bank, ends it at once.
 */
export class ConsentLinkFlow {
  constructor(private readonly d: ConsentLinkDeps) {}

  private get customers(): CustomersService {
    return this.d.customers.customers;
  }

  /** Sends the consent link into the conversation as a private reply. */
  async send(scope: Scope, conversationId: string, input: { purpose?: string; baseUrl: string }): Promise<{ requestId: string; url: string; expiresAt: string; replyId: string }> {
    assertCan(scope, 'inbox.reply');
    assertCan(scope, 'customers.read');
    const { conversation } = await this.d.conversations.get(scope, conversationId);
    const settings = await this.d.customers.consent.settings(scope.workspaceId);
    const purpose = input.purpose?.trim() || settings.purpose;
    const keys = await this.d.customers.consent.keys(scope.workspaceId);
    const req = await this.d.customers.consent.createRequest(scope, { conversationId: conversation.id, authorId: conversation.customer.id, purpose, ttlMinutes: settings.linkTtlMinutes });
    const token = signToken(keys.link, { k: 'c', w: scope.workspaceId, r: req.id, e: Math.floor(new Date(req.expires_at).getTime() / 1000) });
    const url = `${input.baseUrl.replace(/\/$/, '')}/consent/${token}`;
    const text = `안녕하세요, 고객님. 본인 확인 후 이 계정을 고객 정보와 연결하려면 아래 링크에서 은행 로그인과 동의를 진행해 주세요 (${Math.round(settings.linkTtlMinutes / 60) || 1}시간 유효).\n${url}`;
    const reply = await this.d.outbox.queue(scope, conversation.id, { text, private: true });
    return { requestId: req.id, url, expiresAt: new Date(req.expires_at).toISOString(), replyId: reply.id };
  }

  /** Checks a consent-link token: signature under its workspace's key, expiry, the request it names. */
  private async consentRequest(token: string) {
    const t = peekToken(token);
    if (!t || t.k !== 'c') throw gone();
    const keys = await this.d.customers.consent.existingKeys(t.w);
    if (!keys || !verifyMac(keys.link, token)) throw gone();
    const req = await this.d.customers.consent.request(t.w, t.r);
    if (!req) throw gone();
    if (new Date(req.expires_at).getTime() <= this.d.clock.now().getTime() || t.e * 1000 <= this.d.clock.now().getTime()) throw new DomainError('invalid', 'consent.expired', 'This link has expired. Ask the agent for a new one.');
    return { t, keys, req };
  }

  private page(req: { id: string; workspace_id: string; purpose: string; expires_at: Date; authenticated_at: Date | null; completed_at: Date | null }, loginUrl: string | null): ConsentPage {
    return { requestId: req.id, workspaceId: req.workspace_id, purpose: req.purpose, expiresAt: new Date(req.expires_at).toISOString(), loginUrl, state: req.completed_at ? 'done' : req.authenticated_at ? 'authenticated' : 'open' };
  }

  /** The customer opened the link (audited). */
  async open(token: string, actor: Actor): Promise<ConsentPage> {
    const { req } = await this.consentRequest(token);
    const settings = await this.d.customers.consent.settings(req.workspace_id);
    if (req.completed_at || req.authenticated_at) throw conflict('consent.spent', 'This link was already used.');
    await this.d.customers.consent.audit(req.workspace_id, 'consent.opened', req.id, {}, actor);
    return this.page(req, settings.loginUrl);
  }

  /** The bank's login posted back its signed assertion: the customer is who the bank says; returns the browser's session. */
  async authenticated(token: string, assertion: string, actor: Actor): Promise<{ page: ConsentPage; session: string }> {
    const { req, keys } = await this.consentRequest(token);
    const a = readAssertion(keys.assertion, assertion);
    const now = this.d.clock.now().getTime() / 1000;
    if (!a) throw invalid('consent.assertion_invalid', "The bank's sign-in could not be verified.");
    if (a.state !== req.id) throw invalid('consent.assertion_invalid', "The bank's sign-in was for another link.");
    if (a.exp <= now || a.iat > now + 60 || a.exp - a.iat > 600) throw invalid('consent.assertion_expired', "The bank's sign-in has expired; sign in again.");
    const customer = await this.customers.rowByExternalId(req.workspace_id, a.sub);
    if (!customer) throw notFound('consent.customer_unknown', 'The bank does not know this customer here.');
    const session = await this.d.customers.consent.authenticated(req.workspace_id, req.id, a.sub, actor);
    const settings = await this.d.customers.consent.settings(req.workspace_id);
    return { page: { ...this.page(req, settings.loginUrl), state: 'authenticated' }, session };
  }

  /** The customer consented: the link is recorded with its proof; returns the revoke link's token. */
  async agree(token: string, session: string, actor: Actor, context: { ip?: string; userAgent?: string }): Promise<{ linkId: string; revokeToken: string }> {
    const { req, keys } = await this.consentRequest(token);
    if (!req.customer_external_id || !req.authenticated_at) throw conflict('consent.not_authenticated', 'Sign in with the bank first.');
    const customer = await this.customers.rowByExternalId(req.workspace_id, req.customer_external_id);
    if (!customer) throw notFound('consent.customer_unknown', 'The bank does not know this customer here.');
    const proof = {
      method: 'bank-login-assertion',
      customerExternalId: req.customer_external_id,
      authenticatedAt: new Date(req.authenticated_at).toISOString(),
      consentedAt: this.d.clock.now().toISOString(),
      purpose: req.purpose,
      sessionHash: sha256(session),
      ...(context.ip ? { ip: context.ip } : {}),
      ...(context.userAgent ? { userAgent: context.userAgent.slice(0, 300) } : {}),
    };
    const link = await this.d.customers.consent.complete(req.workspace_id, req.id, session, customer.id, proof, actor);
    return { linkId: link.id, revokeToken: signToken(keys.link, { k: 'r', w: req.workspace_id, l: link.id }) };
  }

  private async revokeTarget(token: string) {
    const t = peekToken(token);
    if (!t || t.k !== 'r') throw gone();
    const keys = await this.d.customers.consent.existingKeys(t.w);
    if (!keys || !verifyMac(keys.link, token)) throw gone();
    const link = await this.d.customers.consent.link(t.w, (t as Extract<LinkToken, { k: 'r' }>).l);
    if (!link) throw gone();
    return link;
  }

  /** What the revoke page shows (audited as a view). */
  async revokeInfo(token: string, actor: Actor): Promise<{ purpose: string; linkedAt: string; revokedAt: string | null }> {
    const link = await this.revokeTarget(token);
    await this.d.customers.consent.audit(link.workspace_id, 'consent.revoke_viewed', link.request_id ?? link.id, { linkId: link.id }, actor);
    return { purpose: link.purpose, linkedAt: new Date(link.linked_at).toISOString(), revokedAt: link.revoked_at ? new Date(link.revoked_at).toISOString() : null };
  }

  /** The customer revokes: the link stops being used at once. */
  async revoke(token: string, actor: Actor): Promise<void> {
    const link = await this.revokeTarget(token);
    if (link.revoked_at) return;
    await this.d.customers.consent.revoke(link.workspace_id, link.id, actor, 'revoked by the customer');
  }
}
