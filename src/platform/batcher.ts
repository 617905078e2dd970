export interface BatcherOptions {
  /** Most entries in one batch. */
  max: number;
  /** How long the first entry of a batch waits for company (ms). */
  delayMs: number;
  /** Batches running at once. */
  parallel: number;
}

/**
 * Group commit: entries added from concurrent callers are run together by `runMany` (one transaction
 * for many deliveries), and each caller's promise settles with its own entry's result. If a batch
 * fails as a whole, its entries are run again one at a time with `runOne`, so one bad entry fails
 * only its own caller and the others still succeed.
 */
export class Batcher<T, R> {
  private pending: Array<{ entry: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private timer: NodeJS.Timeout | undefined;
  private running = 0;

  constructor(
    private readonly runMany: (entries: T[]) => Promise<R[]>,
    private readonly runOne: (entry: T) => Promise<R>,
    private readonly opts: BatcherOptions,
  ) {
    if (!(opts.max >= 1 && opts.parallel >= 1 && opts.delayMs >= 0)) throw new Error('batcher: max and parallel must be >= 1, delayMs >= 0');
  }

  add(entry: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ entry, resolve, reject });
      if (this.pending.length >= this.opts.max) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.opts.delayMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running < this.opts.parallel && this.pending.length) {
      const batch = this.pending.splice(0, this.opts.max);
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        if (this.pending.length >= this.opts.max || (this.pending.length && !this.timer)) this.flush();
      });
    }
  }

  private async run(batch: Batcher<T, R>['pending']): Promise<void> {
    let results: R[];
    try {
      results = await this.runMany(batch.map((b) => b.entry));
      if (results.length !== batch.length) throw new Error(`batcher: runMany returned ${results.length} results for ${batch.length} entries`);
    } catch {
      for (const b of batch) await this.runOne(b.entry).then(b.resolve, b.reject);
      return;
    }
    batch.forEach((b, i) => b.resolve(results[i]!));
  }
}
