import { IdMap, GrowableInt32, GrowableFloat64 } from './ids.js';
import { LineSplitter, readChunks, tokenize, parseCanonicalInt, parseNumber } from './io.js';

/** A malformed input line: 1-based line number, reason and (truncated) text. */
export interface LineError {
  line: number;
  message: string;
  text: string;
}

/** Edges over dense node indices; `ids[i]` is the external id of node i. Direction is src → dst. */
export interface EdgeList {
  ids: string[];
  src: Int32Array;
  dst: Int32Array;
  weight: Float64Array;
  /** First `maxErrors` malformed lines (parsers only; empty for edges added through the builder). */
  errors: LineError[];
  /** All malformed lines, including those not kept in `errors`. */
  errorCount: number;
  /** Lines read (parsers only). */
  lines: number;
}

/** One edge as the product hands it over: `[source, target]` or `[source, target, weight]`. */
export type EdgeTuple = readonly [string, string] | readonly [string, string, number];

/** Collects edges with string ids; weights must be finite and non-negative (default 1). */
export class EdgeListBuilder {
  readonly idMap = new IdMap();
  private readonly src = new GrowableInt32();
  private readonly dst = new GrowableInt32();
  private readonly weight = new GrowableFloat64();

  get edgeCount(): number {
    return this.src.length;
  }

  /** Adds source → target; throws RangeError on a negative or non-finite weight. */
  add(source: string, target: string, weight = 1): void {
    if (!(weight >= 0) || !Number.isFinite(weight)) throw new RangeError(`edge ${source} → ${target}: weight must be a finite number ≥ 0, got ${weight}`);
    this.addIndices(this.idMap.intern(source), this.idMap.intern(target), weight);
  }

  /** Adds an edge between already-interned node indices. */
  addIndices(s: number, t: number, weight: number): void {
    this.src.push(s);
    this.dst.push(t);
    this.weight.push(weight);
  }

  finish(): EdgeList {
    return {
      ids: this.idMap.ids,
      src: this.src.toArray(),
      dst: this.dst.toArray(),
      weight: this.weight.toArray(),
      errors: [],
      errorCount: 0,
      lines: 0,
    };
  }
}

/** Builds an EdgeList from in-memory tuples (what a worker job has after reading interactions). */
export function edgeListFromTuples(edges: Iterable<EdgeTuple>): EdgeList {
  const builder = new EdgeListBuilder();
  for (const e of edges) builder.add(e[0], e[1], e[2] ?? 1);
  return builder.finish();
}

export interface ParseOptions {
  /** Malformed lines kept with their text (all are counted). Default 1000. */
  maxErrors?: number;
}

/**
 * Streaming parser for `source target [weight]` lines: whitespace-separated, `#` starts a comment, blank lines
 * skipped. Works on raw bytes; malformed lines are collected with their line numbers and never throw.
 */
export class EdgeListParser {
  private readonly builder = new EdgeListBuilder();
  private readonly errors: LineError[] = [];
  private errorCount = 0;
  private readonly maxErrors: number;
  private readonly starts = new Int32Array(4);
  private readonly ends = new Int32Array(4);
  private readonly splitter: LineSplitter;

  constructor(options: ParseOptions = {}) {
    this.maxErrors = options.maxErrors ?? 1000;
    this.splitter = new LineSplitter((buf, start, end, lineNo) => this.line(buf, start, end, lineNo));
  }

  push(chunk: Buffer): void {
    this.splitter.push(chunk);
  }

  end(): EdgeList {
    this.splitter.end();
    const list = this.builder.finish();
    list.errors = this.errors;
    list.errorCount = this.errorCount;
    list.lines = this.splitter.lines;
    return list;
  }

  private fail(lineNo: number, message: string, buf: Buffer, start: number, end: number): void {
    this.errorCount++;
    if (this.errors.length < this.maxErrors) {
      this.errors.push({ line: lineNo, message, text: buf.toString('utf8', start, Math.min(end, start + 200)) });
    }
  }

  private node(buf: Buffer, start: number, end: number): number {
    const asInt = parseCanonicalInt(buf, start, end);
    if (asInt >= 0) return this.builder.idMap.internNumber(asInt);
    return this.builder.idMap.intern(buf.toString('utf8', start, end));
  }

  private line(buf: Buffer, start: number, end: number, lineNo: number): void {
    const { starts, ends } = this;
    const count = tokenize(buf, start, end, starts, ends, 3);
    if (count === 0) return;
    if (count < 2 || count > 3) {
      this.fail(lineNo, `expected "source target [weight]", got ${count} field${count === 1 ? '' : 's'}`, buf, start, end);
      return;
    }
    let weight = 1;
    if (count === 3) {
      weight = parseNumber(buf, starts[2]!, ends[2]!);
      if (!(weight >= 0) || !Number.isFinite(weight)) {
        this.fail(lineNo, `weight must be a finite number >= 0, got "${buf.toString('utf8', starts[2]!, ends[2]!)}"`, buf, start, end);
        return;
      }
    }
    const s = this.node(buf, starts[0]!, ends[0]!);
    const t = this.node(buf, starts[1]!, ends[1]!);
    this.builder.addIndices(s, t, weight);
  }
}

/** Parses an edge list held in memory. */
export function parseEdgeList(text: string | Buffer, options: ParseOptions = {}): EdgeList {
  const parser = new EdgeListParser(options);
  parser.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  return parser.end();
}

/** Streams an edge-list file (plain or gzip, detected by magic bytes) through the parser. */
export async function readEdgeListFile(path: string, options: ParseOptions = {}): Promise<EdgeList> {
  const parser = new EdgeListParser(options);
  for await (const chunk of readChunks(path)) parser.push(chunk);
  return parser.end();
}
