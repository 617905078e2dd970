import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

/** True when the first two bytes are the gzip magic number 1f 8b. */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** The bytes of a file in large chunks, gunzipped on the fly when it starts with the gzip magic bytes. */
export async function* readChunks(path: string): AsyncGenerator<Buffer> {
  const gz = await isGzipFile(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = gz ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  if (gz) raw.on('error', (err) => stream.destroy(err));
  for await (const chunk of stream) yield chunk as Buffer;
}

/**
 * Splits byte chunks into lines without decoding the whole file: calls `onLine(buf, start, end, lineNo)`
 * for every line (end excludes the newline). Lines that straddle chunks are stitched together.
 */
export class LineSplitter {
  private carry: Buffer | null = null;
  private lineNo = 0;

  constructor(private readonly onLine: (buf: Buffer, start: number, end: number, lineNo: number) => void) {}

  get lines(): number {
    return this.lineNo;
  }

  push(chunk: Buffer): void {
    let pos = 0;
    const len = chunk.length;
    if (this.carry !== null) {
      let nl = 0;
      while (nl < len && chunk[nl] !== 10) nl++;
      if (nl === len) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const line = Buffer.concat([this.carry, chunk.subarray(0, nl)]);
      this.carry = null;
      this.onLine(line, 0, line.length, ++this.lineNo);
      pos = nl + 1;
    }
    // A plain byte loop: Buffer.indexOf crosses into C++ on every call, which dominates on short lines.
    let lineStart = pos;
    for (let i = pos; i < len; i++) {
      if (chunk[i] === 10) {
        this.onLine(chunk, lineStart, i, ++this.lineNo);
        lineStart = i + 1;
      }
    }
    if (lineStart < len) this.carry = Buffer.from(chunk.subarray(lineStart));
  }

  end(): void {
    if (this.carry !== null && this.carry.length > 0) this.onLine(this.carry, 0, this.carry.length, ++this.lineNo);
    this.carry = null;
  }
}

/** Whitespace in edge lists: space, tab, CR, vertical tab, form feed. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12;
}

/**
 * Finds whitespace-separated tokens of buf[start, end) into `starts`/`ends` (at most `max` + 1 are recorded, so
 * callers can tell "too many"). A token beginning with `#` starts a comment. Returns the number of tokens.
 */
export function tokenize(buf: Buffer, start: number, end: number, starts: Int32Array, ends: Int32Array, max: number): number {
  let count = 0;
  let i = start;
  while (i < end) {
    while (i < end && isSpace(buf[i]!)) i++;
    if (i >= end || buf[i] === 35) break;
    const s = i;
    while (i < end && !isSpace(buf[i]!)) i++;
    if (count <= max) {
      starts[count] = s;
      ends[count] = i;
    }
    count++;
  }
  return count;
}

/**
 * A canonical non-negative decimal integer token ("0" or no leading zero, at most 15 digits) as a number, else -1.
 * Such tokens round-trip through String(n), which lets id maps key them by number instead of by string.
 */
export function parseCanonicalInt(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  if (len < 1 || len > 15) return -1;
  if (len > 1 && buf[start] === 48) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** A decimal number token (integer fast path, else Number()); NaN when it is not a number. */
export function parseNumber(buf: Buffer, start: number, end: number): number {
  const asInt = parseCanonicalInt(buf, start, end);
  if (asInt >= 0) return asInt;
  const text = buf.toString('latin1', start, end);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number.NaN;
  return Number(text);
}
