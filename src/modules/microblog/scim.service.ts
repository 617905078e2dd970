import { assertCan, type Scope } from '../../platform/access/scope.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { Ctx } from './context.js';
import type { PeopleService } from './people.service.js';
import { applyPatch, fromResource, parseFilter, recordOf, type ScimPersonRow, type ScimRecord } from './scim.js';

/** The directory as SCIM sees it: people of the workspace with their login e-mail; writes go through the people service. */
export class ScimDirectory {
  constructor(
    private readonly ctx: Ctx,
    private readonly people: PeopleService,
  ) {}

  private query(scope: Scope) {
    return this.ctx.db
      .selectFrom('mb_people as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select(['p.id', 'u.email', 'p.display_name', 'p.department', 'p.title', 'p.extension', 'p.employee_no', 'p.external_id', 'p.active', 'p.created_at', 'p.updated_at'])
      .where('p.workspace_id', '=', scope.workspaceId);
  }

  async list(scope: Scope, q: { filter?: string; startIndex?: number; count?: number }): Promise<{ total: number; rows: ScimPersonRow[]; startIndex: number }> {
    assertCan(scope, 'users.manage');
    const f = parseFilter(q.filter);
    let base = this.query(scope);
    if (f) base = f.field === 'email' ? base.where('u.email', '=', f.value) : base.where('p.external_id', '=', f.value);
    const startIndex = Math.max(1, Math.trunc(q.startIndex ?? 1) || 1);
    const count = Math.max(0, Math.min(200, Math.trunc(q.count ?? 100)));
    const all = (await base.orderBy('p.id').execute()) as ScimPersonRow[];
    return { total: all.length, rows: all.slice(startIndex - 1, startIndex - 1 + count), startIndex };
  }

  async get(scope: Scope, rawId: string): Promise<ScimPersonRow> {
    assertCan(scope, 'users.manage');
    if (!/^[1-9]\d{0,15}$/.test(rawId)) throw notFound('scim.not_found', 'No such user.');
    const row = await this.query(scope).where('p.id', '=', Number(rawId)).executeTakeFirst();
    if (!row) throw notFound('scim.not_found', 'No such user.');
    return row as ScimPersonRow;
  }

  private async write(scope: Scope, rec: ScimRecord, expectId?: number): Promise<ScimPersonRow> {
    if (rec.externalId) {
      const holder = await this.ctx.db.selectFrom('mb_people').select('id').where('workspace_id', '=', scope.workspaceId).where('external_id', '=', rec.externalId).executeTakeFirst();
      if (holder && holder.id !== expectId) throw Object.assign(conflict('scim.uniqueness', 'Another user has this externalId.'), { scimType: 'uniqueness' });
    }
    const r = await this.people.upsertFromDirectory(scope, { ...rec, externalId: rec.externalId });
    if (!r.person) throw notFound('scim.not_found', 'No such user.');
    if (expectId !== undefined && r.person.id !== expectId) throw Object.assign(conflict('scim.uniqueness', 'Another user has this userName.'), { scimType: 'uniqueness' });
    return this.get(scope, String(r.person.id));
  }

  async create(scope: Scope, body: unknown): Promise<ScimPersonRow> {
    assertCan(scope, 'users.manage');
    const rec = fromResource(body);
    const taken = await this.query(scope).where('u.email', '=', rec.email).executeTakeFirst();
    if (taken) throw Object.assign(conflict('scim.uniqueness', 'A user with this userName exists.'), { scimType: 'uniqueness' });
    return this.write(scope, { ...rec, active: true && rec.active });
  }

  async replace(scope: Scope, id: string, body: unknown): Promise<ScimPersonRow> {
    const cur = await this.get(scope, id);
    const rec = fromResource(body, recordOf(cur));
    if (rec.email !== cur.email) throw Object.assign(conflict('scim.mutability', 'userName (the login e-mail) cannot be changed here: change it in Sotong.'), { scimType: 'mutability' });
    return this.write(scope, rec, cur.id);
  }

  async patch(scope: Scope, id: string, body: unknown): Promise<ScimPersonRow> {
    const cur = await this.get(scope, id);
    const rec = applyPatch(recordOf(cur), body);
    if (rec.email !== cur.email) throw Object.assign(conflict('scim.mutability', 'userName (the login e-mail) cannot be changed here: change it in Sotong.'), { scimType: 'mutability' });
    return this.write(scope, rec, cur.id);
  }

  /** SCIM DELETE: the person is deactivated (posts stay, access goes), as the directory import does. */
  async remove(scope: Scope, id: string): Promise<void> {
    const cur = await this.get(scope, id);
    if (cur.active) await this.write(scope, { ...recordOf(cur), active: false }, cur.id);
  }
}
