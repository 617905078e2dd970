import { sql } from 'kysely';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { invalid, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { createMember, type IdentityTables } from '../identity/index.js';
import { on } from '../../platform/db/store.js';
import { parseCsv } from './csv.js';
import { deactivated, idOf, type Ctx, type Viewer } from './context.js';
import { groupReadable } from './groups.access.js';
import type { PersonRow } from './microblog.tables.js';
import { presentPerson, type PersonView } from './views.js';

export interface ImportSummary {
  created: number;
  updated: number;
  deactivated: number;
  errors: Array<{ line: number; message: string }>;
}

const COLUMNS = ['email', 'name', 'department', 'title', 'extension', 'photo', 'employee_no', 'status'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const usernameBase = (email: string) =>
  email
    .split('@')[0]!
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 30) || 'user';

/** People: one real-name profile per employee, tied to their Sotong login. */
export class PeopleService {
  constructor(private readonly ctx: Ctx) {}

  /** The caller's own person; made from their Sotong user on first use. Deactivated people are refused. */
  async viewer(scope: Scope): Promise<Viewer> {
    assertCan(scope, 'microblog.use');
    const userId = scope.actor.userId;
    if (!userId) throw invalid('microblog.user_required', 'The microblog needs a person, not an API token.');
    let person = await this.ctx.db.selectFrom('mb_people').selectAll().where('workspace_id', '=', scope.workspaceId).where('user_id', '=', userId).executeTakeFirst();
    if (!person) {
      const user = await this.ctx.db.selectFrom('users').select(['email', 'name']).where('id', '=', userId).executeTakeFirstOrThrow();
      person = await this.insert(scope.workspaceId, userId, { email: user.email, name: user.name || user.email });
    }
    if (!person.active) throw deactivated();
    return { scope, person };
  }

  private async insert(workspaceId: string, userId: string, p: { email: string; name: string; department?: string; title?: string; extension?: string; photo?: string | null; employeeNo?: string | null }): Promise<PersonRow> {
    const base = usernameBase(p.email);
    const now = this.ctx.clock.now();
    for (let n = 0; n < 50; n++) {
      const username = n === 0 ? base : `${base}${n + 1}`;
      const row = await this.ctx.db
        .insertInto('mb_people')
        .values({
          workspace_id: workspaceId,
          user_id: userId,
          username,
          display_name: p.name,
          department: p.department ?? '',
          title: p.title ?? '',
          extension: p.extension ?? '',
          photo: p.photo ?? null,
          employee_no: p.employeeNo ?? null,
          active: true,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (row) return row;
      const mine = await this.ctx.db.selectFrom('mb_people').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
      if (mine) return mine;
    }
    throw invalid('microblog.username_taken', 'No free username for this person.');
  }

  /**
   * One directory record in (CSV import, SCIM): a new e-mail becomes a Sotong user with the employee role and
   * a person; an existing person gets the record's fields; inactive deactivates (posts stay, access goes).
   * An inactive record for someone not in the workspace is skipped.
   */
  async upsertFromDirectory(
    scope: Scope,
    rec: { email: string; name: string; department?: string; title?: string; extension?: string; photo?: string | null; employeeNo?: string | null; active: boolean; externalId?: string | null },
  ): Promise<{ outcome: 'created' | 'updated' | 'deactivated' | 'unchanged' | 'skipped'; person: PersonRow | null }> {
    assertCan(scope, 'users.manage');
    const email = rec.email.trim().toLowerCase();
    const name = rec.name.trim() || email;
    const active = rec.active;
    const fields = {
      display_name: name.slice(0, 100),
      department: (rec.department ?? '').trim().slice(0, 100),
      title: (rec.title ?? '').trim().slice(0, 100),
      extension: (rec.extension ?? '').trim().slice(0, 30),
      photo: (rec.photo ?? '').trim().slice(0, 500) || null,
      employee_no: (rec.employeeNo ?? '').trim().slice(0, 50) || null,
      ...(rec.externalId !== undefined ? { external_id: rec.externalId?.trim().slice(0, 200) || null } : {}),
    };
    let user = await this.ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    const member = user && (await this.ctx.db.selectFrom('memberships').select('user_id').where('workspace_id', '=', scope.workspaceId).where('user_id', '=', user.id).executeTakeFirst());
    if (!member) {
      if (!active) return { outcome: 'skipped', person: null };
      await createMember(on<IdentityTables>(this.ctx.db), this.ctx.clock, scope.workspaceId, scope.actor, { email, name, role: 'employee' });
      user = await this.ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    }
    const existing = await this.ctx.db.selectFrom('mb_people').selectAll().where('workspace_id', '=', scope.workspaceId).where('user_id', '=', user!.id).executeTakeFirst();
    const person = existing ?? (await this.insert(scope.workspaceId, user!.id, { email, name }));
    const changed = !existing || existing.active !== active || (Object.keys(fields) as Array<keyof typeof fields>).some((k) => existing[k] !== fields[k]);
    if (!changed) return { outcome: 'unchanged', person };
    const updated = await this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('mb_people')
        .set({ ...fields, active, updated_at: this.ctx.clock.now() })
        .where('id', '=', person.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: active ? 'microblog.person_imported' : 'microblog.person_deactivated',
        targetType: 'mb_person',
        targetId: String(person.id),
        after: { ...fields, active },
        at: this.ctx.clock.now(),
      });
      return row;
    });
    return { outcome: !existing ? 'created' : existing.active && !active ? 'deactivated' : 'updated', person: updated };
  }

  /**
   * Directory import (CSV with a header row): email, name, department, title, extension, photo,
   * employee_no, status (active | inactive). A new e-mail becomes a Sotong user with the employee role.
   * Importing the same file twice changes nothing; status inactive deactivates (posts stay).
   */
  async importCsv(scope: Scope, text: string): Promise<ImportSummary> {
    assertCan(scope, 'users.manage');
    const rows = parseCsv(text);
    const header = (rows.shift() ?? []).map((h) => h.trim().toLowerCase());
    for (const need of ['email', 'name']) if (!header.includes(need)) throw invalid('microblog.import_header', `The header row needs a "${need}" column (columns: ${COLUMNS.join(', ')}).`);
    const col = (r: string[], name: (typeof COLUMNS)[number]) => {
      const i = header.indexOf(name);
      return i >= 0 ? (r[i] ?? '').trim() : '';
    };
    const out: ImportSummary = { created: 0, updated: 0, deactivated: 0, errors: [] };
    for (const [i, r] of rows.entries()) {
      const line = i + 2;
      const email = col(r, 'email').toLowerCase();
      const name = col(r, 'name');
      const status = col(r, 'status').toLowerCase() || 'active';
      if (!EMAIL.test(email)) {
        out.errors.push({ line, message: `"${email}" is not an e-mail address` });
        continue;
      }
      if (!name) {
        out.errors.push({ line, message: 'the name is empty' });
        continue;
      }
      if (!['active', 'inactive', 'deactivated'].includes(status)) {
        out.errors.push({ line, message: `status must be active or inactive, not "${status}"` });
        continue;
      }
      try {
        const r2 = await this.upsertFromDirectory(scope, {
          email,
          name,
          department: col(r, 'department'),
          title: col(r, 'title'),
          extension: col(r, 'extension'),
          photo: col(r, 'photo') || null,
          employeeNo: col(r, 'employee_no') || null,
          active: status === 'active',
        });
        if (r2.outcome === 'created') out.created++;
        else if (r2.outcome === 'deactivated') out.deactivated++;
        else if (r2.outcome === 'updated') out.updated++;
      } catch (err) {
        out.errors.push({ line, message: err instanceof Error ? err.message : String(err) });
      }
    }
    return out;
  }

  async get(v: Viewer, rawId: string | number): Promise<PersonView> {
    const id = idOf(rawId, 'person');
    const row = await this.ctx.db.selectFrom('mb_people').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('microblog.person_not_found', 'No such person.');
    return (await this.present(v, [row]))[0]!;
  }

  async lookup(v: Viewer, acct: string): Promise<PersonView> {
    const username = acct.replace(/^@/, '').split('@')[0]!.toLowerCase();
    const row = await this.ctx.db.selectFrom('mb_people').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('username', '=', username).executeTakeFirst();
    if (!row) throw notFound('microblog.person_not_found', 'No such person.');
    return (await this.present(v, [row]))[0]!;
  }

  /** People by name, username, department or title (Korean names match on any part). */
  async search(v: Viewer, q: string, limit = 20): Promise<PersonView[]> {
    const needle = `%${q
      .trim()
      .replace(/^@/, '')
      .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    if (needle === '%%') return [];
    const rows = await this.ctx.db
      .selectFrom('mb_people')
      .selectAll()
      .where('workspace_id', '=', v.scope.workspaceId)
      .where('active', '=', true)
      .where((eb) => eb.or([eb('username', 'ilike', needle), eb('display_name', 'ilike', needle), eb('department', 'ilike', needle), eb('title', 'ilike', needle)]))
      .orderBy('display_name')
      .limit(Math.min(40, Math.max(1, limit)))
      .execute();
    return this.present(v, rows);
  }

  async updateProfile(v: Viewer, patch: { displayName?: string; department?: string; title?: string; extension?: string }): Promise<PersonView> {
    const set: Partial<PersonRow> = {};
    if (patch.displayName !== undefined) {
      if (!patch.displayName.trim()) throw invalid('validation', 'A display name is needed.', 'display_name');
      set.display_name = patch.displayName.trim().slice(0, 100);
    }
    if (patch.department !== undefined) set.department = patch.department.slice(0, 100);
    if (patch.title !== undefined) set.title = patch.title.slice(0, 100);
    if (patch.extension !== undefined) set.extension = patch.extension.slice(0, 30);
    const row = await this.ctx.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('mb_people')
        .set({ ...set, updated_at: this.ctx.clock.now() })
        .where('id', '=', v.person.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, { workspaceId: v.scope.workspaceId, actor: v.scope.actor, action: 'microblog.profile_updated', targetType: 'mb_person', targetId: String(r.id), after: set, at: this.ctx.clock.now() });
      return r;
    });
    return (await this.present(v, [row]))[0]!;
  }

  /** The person's own choice to be left out of the helpful-people ranking (audited). */
  async setRankingOptOut(v: Viewer, optOut: boolean): Promise<{ rankingOptOut: boolean }> {
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const changed = await trx.updateTable('mb_people').set({ ranking_opt_out: optOut, updated_at: now }).where('id', '=', v.person.id).where('ranking_opt_out', '=', !optOut).returning('id').executeTakeFirst();
      if (changed)
        await appendAudit(trx, { workspaceId: v.scope.workspaceId, actor: v.scope.actor, action: optOut ? 'microblog.ranking_opted_out' : 'microblog.ranking_opted_in', targetType: 'mb_person', targetId: String(v.person.id), at: now });
    });
    return { rankingOptOut: optOut };
  }

  /** Profiles with their counts (posts, followers, following). */
  async present(v: Viewer, rows: PersonRow[]): Promise<PersonView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const counts = await this.ctx.db
      .selectFrom('mb_people as p')
      .select((eb) => [
        'p.id',
        eb.selectFrom('mb_posts').select(sql<number>`count(*)::int`.as('n')).whereRef('author_id', '=', 'p.id').where('state', '=', 'visible').where(groupReadable(v.person.id)).as('posts'),
        eb.selectFrom('mb_follows').select(sql<number>`count(*)::int`.as('n')).whereRef('followee_id', '=', 'p.id').as('followers'),
        eb.selectFrom('mb_follows').select(sql<number>`count(*)::int`.as('n')).whereRef('follower_id', '=', 'p.id').as('following'),
      ])
      .where('p.id', 'in', ids)
      .execute();
    const byId = new Map(counts.map((c) => [c.id, c]));
    return rows.map((r) => presentPerson(r, { posts: Number(byId.get(r.id)?.posts ?? 0), followers: Number(byId.get(r.id)?.followers ?? 0), following: Number(byId.get(r.id)?.following ?? 0) }));
  }
}
