/**
 * Compact storage of an adaptation: gzip of "SADP", a JSON header (feature spec, thresholds, per-head
 * int8 scales, examples) and, per head, the non-zero weights as delta-varint feature ids and int8 values.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { Adaptation, HEADS } from './model.js';

const MAGIC = 'SADP';

function pushVarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

export function encodeAdaptation(a: Adaptation): Uint8Array {
  const scales: number[] = [];
  const body: number[] = [];
  const ids = [...a.weights.keys()].sort((x, y) => x - y);
  for (let h = 0; h < HEADS; h++) {
    let max = 0;
    for (const id of ids) max = Math.max(max, Math.abs(a.weights.get(id)![h]!));
    const scale = max > 0 ? max / 127 : 1;
    scales.push(scale);
    const kept: Array<[number, number]> = [];
    for (const id of ids) {
      const q = Math.round(a.weights.get(id)![h]! / scale);
      if (q !== 0) kept.push([id, q]);
    }
    pushVarint(body, kept.length);
    let prev = 0;
    for (const [id] of kept) {
      pushVarint(body, id - prev);
      prev = id;
    }
    for (const [, q] of kept) body.push(q & 0xff);
  }
  const header = Buffer.from(JSON.stringify({ v: 1, spec: a.spec, thresholds: a.thresholds, scales, examples: a.examples }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  return gzipSync(Buffer.concat([Buffer.from(MAGIC, 'ascii'), len, header, Buffer.from(body)]), { level: 9 });
}

export function decodeAdaptation(bytes: Uint8Array): Adaptation {
  const raw = gunzipSync(bytes);
  if (raw.subarray(0, 4).toString('ascii') !== MAGIC) throw new Error('not an adaptation (bad magic)');
  const hlen = raw.readUInt32LE(4);
  const header = JSON.parse(raw.subarray(8, 8 + hlen).toString('utf8')) as { v: number; spec: Adaptation['spec']; thresholds: number[]; scales: number[]; examples: number };
  if (header.v !== 1) throw new Error(`unknown adaptation format ${header.v}`);
  let pos = 8 + hlen;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = raw[pos++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  const weights = new Map<number, Float32Array>();
  for (let h = 0; h < HEADS; h++) {
    const n = varint();
    const ids: number[] = [];
    let prev = 0;
    for (let i = 0; i < n; i++) ids.push((prev += varint()));
    for (const id of ids) {
      const q = (raw[pos++]! << 24) >> 24;
      let w = weights.get(id);
      if (!w) weights.set(id, (w = new Float32Array(HEADS)));
      w[h] = q * header.scales[h]!;
    }
  }
  return new Adaptation(header.spec, weights, header.thresholds, header.examples);
}
