/** A word-level diff between two texts (LCS over words and the spaces between them). */
import type { DiffOp } from '../../contracts/publishing.js';

export type { DiffOp };
const MAX_TOKENS = 3000;

export function diffText(before: string, after: string): DiffOp[] {
  const a = before.split(/(\s+)/).filter((t) => t !== '');
  const b = after.split(/(\s+)/).filter((t) => t !== '');
  if (a.length > MAX_TOKENS || b.length > MAX_TOKENS) return merge([...(before ? [{ op: 'del' as const, text: before }] : []), ...(after ? [{ op: 'add' as const, text: after }] : [])]);
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..], in one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i * (m + 1) + j] = a[i] === b[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ op: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!) ops.push({ op: 'del', text: a[i++]! });
    else ops.push({ op: 'add', text: b[j++]! });
  }
  while (i < n) ops.push({ op: 'del', text: a[i++]! });
  while (j < m) ops.push({ op: 'add', text: b[j++]! });
  return merge(ops);
}

function merge(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  for (const o of ops) {
    const last = out[out.length - 1];
    if (last && last.op === o.op) last.text += o.text;
    else out.push({ ...o });
  }
  return out;
}

/** Whether a diff changes anything. */
export const changed = (ops: DiffOp[]) => ops.some((o) => o.op !== 'same');
