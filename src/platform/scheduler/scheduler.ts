import type { Kysely } from 'kysely';
import type { Bus, Subscription } from '../bus/bus.js';
import type { Clock } from '../clock/clock.js';
import type { Store } from '../db/store.js';
import { tables } from '../db/store.js';
import type { Logger } from '../log/log.js';

interface JobTables {
  scheduled_jobs: { name: string; interval_ms: number; next_run_at: Date; last_run_at: Date | null; last_error: string | null };
}

export interface RecurringJob {
  name: string;
  intervalMs: number;
  run(): Promise<void>;
}

export const JOB_SUBJECT = 'job.run';
const JOB_QUEUE = 'jobs';

/**
 * Recurring jobs live in a table. The scheduler role claims due rows with FOR UPDATE SKIP LOCKED (so
 * several schedulers never double-fire) and publishes them; the worker role runs them.
 */
export class Scheduler {
  private readonly db: Kysely<JobTables>;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly jobs = new Map<string, RecurringJob>();

  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.db = tables<JobTables>(store);
  }

  register(job: RecurringJob): void {
    this.jobs.set(job.name, job);
  }

  /** Makes sure every registered job has a row (first run one interval from now). */
  async declare(): Promise<void> {
    const now = this.clock.now();
    for (const job of this.jobs.values()) {
      await this.db
        .insertInto('scheduled_jobs')
        .values({ name: job.name, interval_ms: job.intervalMs, next_run_at: new Date(now.getTime() + job.intervalMs), last_run_at: null, last_error: null })
        .onConflict((oc) => oc.column('name').doUpdateSet({ interval_ms: job.intervalMs }))
        .execute();
    }
  }

  /** Claims every due job once and hands it to the workers; returns the names claimed. */
  async tick(): Promise<string[]> {
    const now = this.clock.now();
    const claimed = await this.db.transaction().execute(async (trx) => {
      const due = await trx.selectFrom('scheduled_jobs').selectAll().where('next_run_at', '<=', now).forUpdate().skipLocked().execute();
      for (const j of due) {
        await trx
          .updateTable('scheduled_jobs')
          .set({ next_run_at: new Date(now.getTime() + j.interval_ms) })
          .where('name', '=', j.name)
          .execute();
      }
      return due;
    });
    for (const j of claimed) {
      await this.bus.publish(JOB_SUBJECT, { name: j.name, dueAt: new Date(j.next_run_at).toISOString() }, { id: `${j.name}@${new Date(j.next_run_at).toISOString()}` });
    }
    return claimed.map((j) => j.name);
  }

  startTicking(everyMs = 1000): void {
    this.timer = setInterval(() => {
      if (this.ticking) return;
      this.ticking = this.tick()
        .then(() => undefined)
        .catch((err) => this.log.error({ err }, 'scheduler tick failed'))
        .finally(() => (this.ticking = undefined));
    }, everyMs);
    this.timer.unref();
  }

  /** Worker side: runs the jobs the scheduler hands out, recording the outcome. */
  work(): Promise<Subscription> {
    return this.bus.consume<{ name: string }>(
      JOB_QUEUE,
      [JOB_SUBJECT],
      async (msg) => {
        const job = this.jobs.get(msg.data.name);
        if (!job) return;
        let error: string | null = null;
        try {
          await job.run();
        } catch (err) {
          error = (err as Error).message;
          this.log.error({ err, job: job.name }, 'job failed');
        }
        await this.db.updateTable('scheduled_jobs').set({ last_run_at: this.clock.now(), last_error: error }).where('name', '=', job.name).execute();
      },
      { maxDeliver: 1 },
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
  }
}
