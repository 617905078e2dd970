import type { LineError } from './edgelist.js';
import { IdMap, GrowableFloat64, GrowableInt32 } from './ids.js';
import { LineSplitter, parseCanonicalInt, parseNumber, readChunks, tokenize } from './io.js';

/**
 * Propagation-tree edges grouped by cascade. Node keys identify a post inside its cascade (-1 is the root marker
 * row that names the source); users are dense indices into `users`. Delays are minutes since the cascade started
 * (NaN when the input has none).
 */
export interface CascadeEdges {
  format: 'twitter' | 'simple';
  cascadeIds: string[];
  users: string[];
  /** Distinct node keys over all cascades (keys are dense 0..nodeKeys−1, except the root marker −1). */
  nodeKeys: number;
  cascade: Int32Array;
  parent: Int32Array;
  child: Int32Array;
  parentUser: Int32Array;
  childUser: Int32Array;
  delay: Float64Array;
  errors: LineError[];
  errorCount: number;
  lines: number;
  /** Simple form only: edges not reachable from any root (parts of cycles), left out of every cascade. */
  unrooted: number;
}

const HEADER = 'cascade_id';

/**
 * Streaming parser for cascade trees. Two forms, told apart by the first data line:
 * - the Twitter15/16 form `cascade_id parent_node parent_uid child_node child_uid child_delay_min` (an optional
 *   header line; parent_node −1 marks the root row whose child is the source post);
 * - a simple `parent child [delay]` form over user ids: every user without a parent starts a cascade made of
 *   everything reachable from it, and the cascade is named after that user.
 */
export class CascadeParser {
  private format: 'twitter' | 'simple' | null = null;
  private readonly cascades = new IdMap();
  private readonly users = new IdMap();
  private readonly keys = new IdMap();
  private readonly cascade = new GrowableInt32();
  private readonly parent = new GrowableInt32();
  private readonly child = new GrowableInt32();
  private readonly parentUser = new GrowableInt32();
  private readonly childUser = new GrowableInt32();
  private readonly delay = new GrowableFloat64();
  private readonly errors: LineError[] = [];
  private errorCount = 0;
  private lastCascade = Buffer.alloc(0);
  private lastCascadeIndex = -1;
  private readonly starts = new Int32Array(8);
  private readonly ends = new Int32Array(8);
  private readonly splitter = new LineSplitter((buf, s, e, no) => this.line(buf, s, e, no));

  constructor(private readonly maxErrors = 1000) {}

  push(chunk: Buffer): void {
    this.splitter.push(chunk);
  }

  end(): CascadeEdges {
    this.splitter.end();
    const base = {
      errors: this.errors,
      errorCount: this.errorCount,
      lines: this.splitter.lines,
      users: this.users.ids,
    };
    if (this.format === 'simple') return { ...base, ...rootSimpleForm(this.users.size, this.parentUser.toArray(), this.childUser.toArray(), this.delay.toArray(), this.users.ids) };
    return {
      ...base,
      format: 'twitter',
      cascadeIds: this.cascades.ids,
      nodeKeys: this.keys.size,
      cascade: this.cascade.toArray(),
      parent: this.parent.toArray(),
      child: this.child.toArray(),
      parentUser: this.parentUser.toArray(),
      childUser: this.childUser.toArray(),
      delay: this.delay.toArray(),
      unrooted: 0,
    };
  }

  private fail(lineNo: number, message: string, buf: Buffer, start: number, end: number): void {
    this.errorCount++;
    if (this.errors.length < this.maxErrors) this.errors.push({ line: lineNo, message, text: buf.toString('utf8', start, Math.min(end, start + 200)) });
  }

  private intern(map: IdMap, buf: Buffer, start: number, end: number): number {
    const asInt = parseCanonicalInt(buf, start, end);
    return asInt >= 0 ? map.internNumber(asInt) : map.intern(buf.toString('utf8', start, end));
  }

  /** Rows come grouped by cascade, so the previous cascade id is checked byte by byte before any lookup. */
  private cascadeIndex(buf: Buffer, start: number, end: number): number {
    const last = this.lastCascade;
    const len = end - start;
    if (last.length === len && this.lastCascadeIndex >= 0) {
      let same = true;
      for (let i = 0; i < len; i++) {
        if (last[i] !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastCascadeIndex;
    }
    this.lastCascade = Buffer.from(buf.subarray(start, end));
    this.lastCascadeIndex = this.intern(this.cascades, buf, start, end);
    return this.lastCascadeIndex;
  }

  private isMinusOne(buf: Buffer, start: number, end: number): boolean {
    return end - start === 2 && buf[start] === 45 && buf[start + 1] === 49;
  }

  private line(buf: Buffer, start: number, end: number, lineNo: number): void {
    const { starts, ends } = this;
    const count = tokenize(buf, start, end, starts, ends, 6);
    if (count === 0) return;
    if (this.format === null) {
      if (buf.toString('utf8', starts[0]!, ends[0]!) === HEADER) {
        this.format = 'twitter';
        return;
      }
      if (count === 6) this.format = 'twitter';
      else if (count === 2 || count === 3) this.format = 'simple';
      else {
        this.fail(lineNo, `expected 6 fields (cascade_id parent_node parent_uid child_node child_uid child_delay_min) or "parent child [delay]", got ${count}`, buf, start, end);
        return;
      }
    }
    if (this.format === 'simple') {
      if (count < 2 || count > 3) return this.fail(lineNo, `expected "parent child [delay]", got ${count} fields`, buf, start, end);
      let delay = Number.NaN;
      if (count === 3) {
        delay = parseNumber(buf, starts[2]!, ends[2]!);
        if (!Number.isFinite(delay)) return this.fail(lineNo, 'delay must be a number', buf, start, end);
      }
      this.parentUser.push(this.intern(this.users, buf, starts[0]!, ends[0]!));
      this.childUser.push(this.intern(this.users, buf, starts[1]!, ends[1]!));
      this.delay.push(delay);
      return;
    }
    if (count !== 6) return this.fail(lineNo, `expected 6 fields (cascade_id parent_node parent_uid child_node child_uid child_delay_min), got ${count}`, buf, start, end);
    const delay = parseNumber(buf, starts[5]!, ends[5]!);
    if (!Number.isFinite(delay)) return this.fail(lineNo, 'child_delay_min must be a number', buf, start, end);
    if (this.isMinusOne(buf, starts[3]!, ends[3]!)) return this.fail(lineNo, 'child_node cannot be the root marker -1', buf, start, end);
    const root = this.isMinusOne(buf, starts[1]!, ends[1]!);
    this.cascade.push(this.cascadeIndex(buf, starts[0]!, ends[0]!));
    this.parent.push(root ? -1 : this.intern(this.keys, buf, starts[1]!, ends[1]!));
    this.parentUser.push(root ? -1 : this.intern(this.users, buf, starts[2]!, ends[2]!));
    this.child.push(this.intern(this.keys, buf, starts[3]!, ends[3]!));
    this.childUser.push(this.intern(this.users, buf, starts[4]!, ends[4]!));
    this.delay.push(delay);
  }
}

/** Turns `parent child [delay]` user edges into cascades: one per parentless user, over what it reaches. */
function rootSimpleForm(n: number, parentUser: Int32Array, childUser: Int32Array, delay: Float64Array, users: string[]) {
  const m = parentUser.length;
  const hasParent = new Uint8Array(n);
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    hasParent[childUser[e]!] = 1;
    offsets[parentUser[e]! + 1]!++;
  }
  for (let v = 0; v < n; v++) offsets[v + 1]! += offsets[v]!;
  const fill = offsets.slice(0, n);
  const edgeOf = new Int32Array(m);
  for (let e = 0; e < m; e++) edgeOf[fill[parentUser[e]!]!++] = e;
  const cascade = new GrowableInt32();
  const parent = new GrowableInt32();
  const child = new GrowableInt32();
  const outDelay = new GrowableFloat64();
  const cascadeIds: string[] = [];
  const seen = new Int32Array(n).fill(-1);
  const covered = new Uint8Array(m);
  const queue = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (hasParent[root] === 1 || offsets[root + 1] === offsets[root]) continue;
    const c = cascadeIds.length;
    cascadeIds.push(users[root]!);
    cascade.push(c);
    parent.push(-1);
    child.push(root);
    outDelay.push(0);
    seen[root] = c;
    queue[0] = root;
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const v = queue[head++]!;
      for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
        const e = edgeOf[k]!;
        const w = childUser[e]!;
        covered[e] = 1;
        cascade.push(c);
        parent.push(v);
        child.push(w);
        outDelay.push(delay[e]!);
        if (seen[w] !== c) {
          seen[w] = c;
          queue[tail++] = w;
        }
      }
    }
  }
  let unrooted = 0;
  for (let e = 0; e < m; e++) if (covered[e] === 0) unrooted++;
  // Node keys are user indices here, so the user columns are copies of the key columns.
  const parentArr = parent.toArray();
  const childArr = child.toArray();
  return {
    format: 'simple' as const,
    cascadeIds,
    nodeKeys: n,
    cascade: cascade.toArray(),
    parent: parentArr,
    child: childArr,
    parentUser: parentArr.slice(),
    childUser: childArr.slice(),
    delay: outDelay.toArray(),
    unrooted,
  };
}

/** Parses a cascade file (plain or gzip, by magic bytes). */
export async function readCascadeFile(path: string, maxErrors = 1000): Promise<CascadeEdges> {
  const parser = new CascadeParser(maxErrors);
  for await (const chunk of readChunks(path)) parser.push(chunk);
  return parser.end();
}

/** Parses cascade text held in memory. */
export function parseCascades(text: string | Buffer, maxErrors = 1000): CascadeEdges {
  const parser = new CascadeParser(maxErrors);
  parser.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  return parser.end();
}
