/**
 * Knowledge into answers (issue #18): what the bank's own people wrote down (a microblog post that answers
 * a customer question) is proposed as a canned reply, and becomes one only when compliance approves it
 * (`screening.manage`), possibly with the text edited. One open proposal per source; every step audited.
 */
import crypto from 'node:crypto';
import type { Clock } from '../../platform/clock/clock.js';
import { tables, type Store } from '../../platform/db/store.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { appendAudit } from '../audit/index.js';
import { validateTemplate } from './domain/templates.js';
import type { CannedProposalView } from '../../contracts/inbox.js';
import type { InboxDb, InboxTables } from './inbox.tables.js';

type Row = InboxTables['canned_proposals'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected'] as const;

export type { CannedProposalView };

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const present = (r: Row): CannedProposalView => ({
  id: r.id,
  name: r.name,
  text: r.text,
  language: r.language,
  source: { kind: r.source_kind, ref: r.source_ref, label: r.source_label },
  proposedBy: r.proposed_by,
  proposedAt: iso(r.proposed_at)!,
  status: r.status as CannedProposalView['status'],
  decidedBy: r.decided_by,
  decidedAt: iso(r.decided_at),
  note: r.note,
  cannedReplyId: r.canned_reply_id,
});

/** Plain text of a post as a reply template: a literal "{{" escaped, so the template engine reads it as written. */
function asTemplate(text: string): string {
  return text.replace(/\\?\{\{/g, '\\{{');
}

export class CannedProposals {
  private readonly db: InboxDb;
  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.db = tables(store);
  }

  /** A proposal from a source the caller has checked (the knowledge flow reads the post for the proposer). */
  async propose(scope: Scope, input: { name: string; text: string; language?: string; source: { kind: string; ref: string; label: string } }): Promise<CannedProposalView> {
    assertCan(scope, 'inbox.reply');
    const name = input.name.trim().slice(0, 200);
    // Stored as a template (a literal "{{" escaped): what compliance reads and edits is what agents will send.
    const text = asTemplate(input.text.trim());
    if (!name) throw invalid('canned.proposal_name', 'Give the proposed reply a name.', 'name');
    if (!text) throw invalid('canned.proposal_empty', 'The post has no text to propose.', 'text');
    if (text.length > 5000) throw invalid('canned.proposal_too_long', 'A canned reply holds at most 5,000 characters.', 'text');
    const now = this.clock.now();
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('canned_proposals')
          .values({
            id: crypto.randomUUID(),
            workspace_id: scope.workspaceId,
            name,
            text,
            language: input.language ?? 'ko',
            source_kind: input.source.kind,
            source_ref: input.source.ref,
            source_label: input.source.label.slice(0, 200),
            proposed_by: scope.actor.label,
            proposed_at: now,
            status: 'pending',
            decided_by: null,
            decided_at: null,
            note: null,
            canned_reply_id: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'canned_proposal.created', targetType: 'canned_proposal', targetId: row.id, after: { name, source: input.source }, at: now });
        return present(row);
      });
    } catch (err) {
      if (/unique|duplicate/i.test(String((err as Error).message))) throw conflict('canned.proposal_exists', 'This post is already proposed and waits for approval.');
      throw err;
    }
  }

  async list(scope: Scope, status?: string): Promise<CannedProposalView[]> {
    assertCan(scope, 'inbox.read');
    let q = this.db.selectFrom('canned_proposals').selectAll().where('workspace_id', '=', scope.workspaceId);
    if (status) q = q.where('status', '=', status);
    return (await q.orderBy('proposed_at', 'desc').orderBy('id').limit(200).execute()).map(present);
  }

  /** Compliance approves: the canned reply is made in the same transaction (with the text as edited, if it was). */
  async approve(scope: Scope, id: string, edit: { name?: string; text?: string } = {}): Promise<CannedProposalView> {
    assertCan(scope, 'screening.manage');
    return this.decide(scope, id, 'approved', async (trx, row, now) => {
      const name = (edit.name ?? row.name).trim().slice(0, 200);
      const text = edit.text !== undefined ? edit.text.trim() : row.text;
      const v = validateTemplate(text);
      if (!name || !text || v.errors.length || v.unknown.length)
        throw invalid(
          'canned.invalid_template',
          [...v.errors.map((e) => e.message), ...(v.unknown.length ? [`Unknown variables: ${v.unknown.join(', ')}.`] : []), ...(!name || !text ? ['name and text are required'] : [])].join('; '),
          'text',
        );
      const canned = await trx
        .insertInto('canned_replies')
        .values({ id: crypto.randomUUID(), workspace_id: scope.workspaceId, name, text, language: row.language, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'canned_reply.created',
        targetType: 'canned_reply',
        targetId: canned.id,
        after: { name, text, language: row.language, fromProposal: row.id },
        at: now,
      });
      return { canned_reply_id: canned.id, name, text };
    });
  }

  async reject(scope: Scope, id: string, note: string): Promise<CannedProposalView> {
    assertCan(scope, 'screening.manage');
    return this.decide(scope, id, 'rejected', async () => ({ note: note.trim().slice(0, 500) || null }));
  }

  private async decide(scope: Scope, id: string, status: 'approved' | 'rejected', apply: (trx: InboxDb, row: Row, now: Date) => Promise<Partial<Row>>): Promise<CannedProposalView> {
    if (!UUID.test(id)) throw notFound('canned.proposal_not_found', 'No such proposal.');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('canned_proposals').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) throw notFound('canned.proposal_not_found', 'No such proposal.');
      if (row.status !== 'pending') throw conflict('canned.proposal_decided', `The proposal was already ${row.status}.`);
      const extra = await apply(trx, row, now);
      const done = await trx
        .updateTable('canned_proposals')
        .set({ ...extra, status, decided_by: scope.actor.label, decided_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: `canned_proposal.${status}`,
        targetType: 'canned_proposal',
        targetId: id,
        after: { status, cannedReplyId: done.canned_reply_id, note: done.note },
        at: now,
      });
      return present(done);
    });
  }
}
