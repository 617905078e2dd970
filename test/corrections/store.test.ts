/**
 * Corrections and adaptation on both stores (PGlite and PostgreSQL): the stored correction and its masked
 * text, the debounced job row claimed with FOR UPDATE SKIP LOCKED and a lease, a version stored and read
 * back, and re-scoring that keeps a person's label.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { claim, finish, schedule } from '../../src/modules/corrections/adaptation.jobs.js';
import { decodeAdaptation } from '../../src/nlp/adapt/index.js';
import { tables } from '../../src/platform/db/store.js';
import type { CorrectionsTables } from '../../src/modules/corrections/corrections.tables.js';
import { post, startCorrectionsEnv, waitFor, type CorrectionsEnv } from './support.js';

for (const store of ['pglite', 'postgres'] as const) {
  describe(`corrections on ${store}`, () => {
    let env: CorrectionsEnv;
    let items: Map<string, { id: string; text: string; analysis: any }>;
    beforeAll(async () => {
      // A long debounce: the background never learns on its own here; the test drives the runner.
      env = await startCorrectionsEnv({ store, env: { SOTONG_ADAPT_DELAY_MS: '3600000' } });
      await env.deliver([post('s1', '뿌잉뿌잉 이벤트 참여했는데 010-1234-5678 로 연락 주세요'), post('s2', '소통페이 뿌잉뿌잉 이벤트 최고'), post('s3', '대출 금리 문의드립니다')]);
      items = await waitFor('items', async () => {
        const m = await env.items();
        return m.size === 3 && m;
      });
    }, 120_000);
    afterAll(async () => env?.close());

    it('stores who, what and the masked text; debounces the learning job', async () => {
      const s = env.server.runtime.services;
      const db = tables<CorrectionsTables>(s.store);
      const id = items.get('s1')!.id;
      expect((await env.api.post(`/api/v1/w/${env.ws}/items/${id}/corrections`, { task: 'sentiment', label: 'positive' })).status).toBe(201);
      const first = await db.selectFrom('adaptation_jobs').selectAll().where('workspace_id', '=', env.ws).executeTakeFirstOrThrow();
      expect(first.kind).toBe('train');
      expect(new Date(first.due_at).getTime()).toBeGreaterThan(Date.now() + 3_000_000);
      await new Promise((r) => setTimeout(r, 20));
      expect((await env.api.post(`/api/v1/w/${env.ws}/items/${items.get('s2')!.id}/corrections`, { task: 'intents', label: 'praise' })).status).toBe(201);
      const second = await db.selectFrom('adaptation_jobs').selectAll().where('workspace_id', '=', env.ws).execute();
      expect(second).toHaveLength(1);
      expect(new Date(second[0]!.due_at).getTime()).toBeGreaterThan(new Date(first.due_at).getTime());
      const row = await db.selectFrom('analysis_corrections').selectAll().where('item_id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ workspace_id: env.ws, task: 'sentiment', new_label: 'positive', actor_label: env.server.admin.email });
      expect(row.text).toContain('010-****-5678');
      expect(row.text).not.toContain('1234-5678');
    });

    it('claims a due job once (SKIP LOCKED and a lease), and keeps it when it was scheduled again meanwhile', async () => {
      const s = env.server.runtime.services;
      const db = tables<CorrectionsTables>(s.store);
      const later = new Date(Date.now() + 7_200_000);
      const [a, b] = await Promise.all([claim(db, later), claim(db, later)]);
      const claimed = [a, b].filter(Boolean);
      expect(claimed).toHaveLength(1);
      expect(claimed[0]!.workspace_id).toBe(env.ws);
      expect(await claim(db, later)).toBeUndefined(); // leased
      await schedule(db, env.ws, 'train', new Date(Date.now() + 3_600_000)); // a correction came in meanwhile
      await finish(db, claimed[0]!);
      const left = await db.selectFrom('adaptation_jobs').selectAll().where('workspace_id', '=', env.ws).executeTakeFirstOrThrow();
      expect(left.claimed_until).toBeNull();
      const again = await claim(db, later);
      expect(again?.workspace_id).toBe(env.ws);
      await finish(db, again!);
      expect(await db.selectFrom('adaptation_jobs').selectAll().where('workspace_id', '=', env.ws).execute()).toEqual([]);
    });

    it("learns a version that reads back from the store, and re-scores keeping the person's label", async () => {
      const s = env.server.runtime.services;
      const db = tables<CorrectionsTables>(s.store);
      const result = await s.corrections.runner.learn(env.ws);
      expect(result).toMatchObject({ version: 1, accepted: true });
      const v = await db.selectFrom('adaptation_versions').selectAll().where('workspace_id', '=', env.ws).executeTakeFirstOrThrow();
      expect(v.corrections).toBe(2);
      expect(decodeAdaptation(Buffer.from(v.weights, 'base64')).examples).toBe(2);
      expect(s.corrections.registry.get(env.ws)?.version).toBe(1);
      const n = await s.corrections.runner.rescore(env.ws);
      expect(n).toBe(3);
      const after = await env.items();
      for (const key of ['s1', 's2', 's3']) expect(after.get(key)!.analysis.adaptation).toEqual({ version: 1 });
      expect(after.get('s1')!.analysis.sentiment).toMatchObject({ label: 'positive', corrected: { by: expect.any(String) } });
      expect(after.get('s2')!.analysis.intents.labels).toContain('praise');
      // personal-data findings and keywords survive re-scoring
      expect(after.get('s1')!.analysis.pii.map((p: { type: string }) => p.type)).toContain('phone');
      const audit = await sql<{ action: string }>`select action from audit_log where workspace_id = ${env.ws} and action like 'adaptation.%'`.execute(s.store.db);
      expect(audit.rows.map((r) => r.action)).toContain('adaptation.activated');
    });
  });
}
