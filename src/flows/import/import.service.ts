import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ChannelEvent } from '../../channels/port.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { invalid, notFound } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../../modules/audit/index.js';
import type { AccountsService } from '../../modules/accounts/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { IngestPipeline } from '../ingest/index.js';
import { importRecords, recordToEvent, type ImportFormat, type RowError } from './parse.js';
import type { ImportView } from '../../contracts/imports.js';

export type { ImportView };

interface ImportsTables {
  imports: {
    id: string;
    workspace_id: string;
    account_id: string;
    name: string;
    format: ImportFormat;
    status: 'running' | 'done' | 'failed';
    total: number;
    processed: number;
    failed: number;
    errors: RowError[];
    created_by: string | null;
    created_at: Date;
    finished_at: Date | null;
  };
}
type ImportRow = ImportsTables['imports'];

const present = (r: ImportRow): ImportView => ({
  id: r.id,
  name: r.name,
  format: r.format,
  status: r.status,
  total: r.total,
  processed: r.processed,
  failed: r.failed,
  errors: r.errors,
  createdAt: new Date(r.created_at).toISOString(),
  finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
});

const BATCH = 500;
const MAX_ERRORS_KEPT = 200;

/** CSV / JSONL history through the same write path as live items (deduplicated, enriched, announced). */
export class ImportService {
  private readonly db: Kysely<ImportsTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly accounts: AccountsService,
    private readonly pipeline: IngestPipeline,
    private readonly log: Logger,
  ) {
    this.db = tables<ImportsTables>(store);
  }

  /** Creates the import and returns at once; `done` settles when it has finished (the API does not wait). */
  async start(scope: Scope, input: { channel: string; format: ImportFormat; name: string; text: string }): Promise<{ view: ImportView; done: Promise<ImportView> }> {
    assertCan(scope, 'channels.manage');
    if (!input.text.trim()) throw invalid('import.empty', 'The file is empty.');
    const account = await this.accounts.importAccount(scope, input.channel);
    const now = this.clock.now();
    // Imported items are history: stored, analysed, searchable and counted, never opened in a queue.
    await this.accounts.markHistoryUntil(account.id, now);
    const row = await this.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('imports')
        .values({
          id: crypto.randomUUID(),
          workspace_id: scope.workspaceId,
          account_id: account.id,
          name: input.name,
          format: input.format,
          status: 'running',
          total: 0,
          processed: 0,
          failed: 0,
          errors: jsonParam([]),
          created_by: scope.actor.userId,
          created_at: now,
          finished_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'import.started', targetType: 'import', targetId: r.id, after: { name: r.name, format: r.format, channel: input.channel }, at: now });
      return r;
    });
    const done = this.run(row, account, input.text).catch(async (err) => {
      this.log.error({ err, import: row.id }, 'import failed');
      await this.db
        .updateTable('imports')
        .set({ status: 'failed', finished_at: this.clock.now(), errors: jsonParam([{ line: 0, message: (err as Error).message }]) })
        .where('id', '=', row.id)
        .execute();
      return present({ ...row, status: 'failed' });
    });
    return { view: present(row), done };
  }

  private async run(row: ImportRow, account: { id: string; workspace_id: string; type: string }, text: string): Promise<ImportView> {
    let total = 0;
    for (const _ of importRecords(text, row.format)) total++;
    await this.db.updateTable('imports').set({ total }).where('id', '=', row.id).execute();
    const errors: RowError[] = [];
    let processed = 0;
    let failed = 0;
    let batch: ChannelEvent[] = [];
    const flush = async () => {
      if (batch.length) await this.pipeline.ingestEvents(account, batch, 'import');
      batch = [];
      await this.db
        .updateTable('imports')
        .set({ processed, failed, errors: jsonParam(errors.slice(0, MAX_ERRORS_KEPT)) })
        .where('id', '=', row.id)
        .execute();
    };
    for (const r of importRecords(text, row.format)) {
      const converted = r.record ? recordToEvent(r.record) : { error: r.error };
      processed++;
      if (converted.event) batch.push(converted.event);
      else {
        failed++;
        errors.push({ line: r.line, message: converted.error ?? 'unreadable' });
      }
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    const finished = await this.db.updateTable('imports').set({ status: 'done', finished_at: this.clock.now() }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
    return present(finished);
  }

  async list(scope: Scope): Promise<ImportView[]> {
    assertCan(scope, 'listening.read');
    return (await this.db.selectFrom('imports').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('created_at', 'desc').limit(50).execute()).map(present);
  }

  async get(scope: Scope, id: string): Promise<ImportView> {
    assertCan(scope, 'listening.read');
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.db.selectFrom('imports').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('import.not_found', 'No such import.');
    return present(row);
  }
}
