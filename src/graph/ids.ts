/**
 * String ids ↔ dense integers 0..n-1 in first-seen order. Canonical decimal ids ("0", "17", no leading zero,
 * at most 15 digits) are keyed by number — in a flat table while they stay reasonably dense, else in a Map —
 * which is much cheaper than building a string for every token of a large numeric edge list; every other id is
 * keyed by its string. Both paths agree: "17" and 17 are one node, "017" is another.
 */
export class IdMap {
  readonly ids: string[] = [];
  /** index + 1 of small numeric ids (0 = absent): a flat table, far cheaper than a Map on dense numbering. */
  private table = new Int32Array(0);
  private readonly byNumber = new Map<number, number>();
  private readonly byString = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  /** Dense index of a canonical non-negative integer id, created on first use. */
  internNumber(value: number): number {
    if (value < this.table.length) {
      const known = this.table[value]!;
      if (known !== 0) return known - 1;
    } else if (value < TABLE_MAX && value < 8 * this.ids.length + 65536) {
      this.grow(value);
      const migrated = this.table[value]!;
      if (migrated !== 0) return migrated - 1;
    } else {
      const known = this.byNumber.get(value);
      if (known !== undefined) return known;
      const index = this.ids.length;
      this.byNumber.set(value, index);
      this.ids.push(String(value));
      return index;
    }
    const index = this.ids.length;
    this.table[value] = index + 1;
    this.ids.push(String(value));
    return index;
  }

  /** Widens the table to cover `value`, moving numeric ids it now covers out of the Map. */
  private grow(value: number): void {
    const size = Math.min(TABLE_MAX, Math.max(value + 1, this.table.length * 2, 1024));
    const next = new Int32Array(size);
    next.set(this.table);
    this.table = next;
    for (const [key, index] of this.byNumber) {
      if (key < size) {
        next[key] = index + 1;
        this.byNumber.delete(key);
      }
    }
  }

  private lookupNumber(value: number): number {
    if (value < this.table.length) return this.table[value]! - 1;
    return this.byNumber.get(value) ?? -1;
  }

  /** Dense index of any string id, created on first use. */
  intern(id: string): number {
    if (CANONICAL_INT.test(id)) return this.internNumber(Number(id));
    const known = this.byString.get(id);
    if (known !== undefined) return known;
    const index = this.ids.length;
    this.byString.set(id, index);
    this.ids.push(id);
    return index;
  }

  /** Dense index of an id, or -1 when it was never seen. */
  lookup(id: string): number {
    if (CANONICAL_INT.test(id)) return this.lookupNumber(Number(id));
    return this.byString.get(id) ?? -1;
  }
}

const CANONICAL_INT = /^(0|[1-9]\d{0,14})$/;
/** Largest numeric-id table: 16M entries (64 MiB), used only while ids stay within 8× the node count. */
const TABLE_MAX = 1 << 24;

/** A growable Int32Array / Float64Array pair used while edges stream in. */
export class GrowableInt32 {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

export class GrowableFloat64 {
  data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}
