/** Multi-word terms: adjacent content-term pairs scored by pointwise mutual information. */

export interface Collocation {
  /** The two terms joined by a space. */
  term: string;
  parts: [string, string];
  count: number;
  /** log2 p(a,b) / (p(a) p(b)). */
  pmi: number;
  /** PMI damped for rare pairs: pmi · log2(1 + count), the ranking key. */
  score: number;
}

export interface CollocationOptions {
  minCount?: number;
  top?: number;
}

/** `docs` are term sequences (one per text, stopwords already removed or kept as null gaps). */
export function collocations(docs: ReadonlyArray<ReadonlyArray<string | null>>, options: CollocationOptions = {}): Collocation[] {
  const minCount = options.minCount ?? 3;
  const uni = new Map<string, number>();
  const bi = new Map<string, number>();
  let nUni = 0;
  let nBi = 0;
  for (const doc of docs) {
    for (let i = 0; i < doc.length; i++) {
      const a = doc[i];
      if (!a) continue;
      uni.set(a, (uni.get(a) ?? 0) + 1);
      nUni++;
      const b = doc[i + 1];
      if (b && b !== a) {
        const key = `${a} ${b}`;
        bi.set(key, (bi.get(key) ?? 0) + 1);
        nBi++;
      }
    }
  }
  const out: Collocation[] = [];
  for (const [key, count] of bi) {
    if (count < minCount) continue;
    const [a, b] = key.split(' ') as [string, string];
    const pmi = Math.log2(count / nBi / (((uni.get(a) ?? 1) / nUni) * ((uni.get(b) ?? 1) / nUni)));
    if (pmi <= 0) continue;
    out.push({ term: key, parts: [a, b], count, pmi, score: pmi * Math.log2(1 + count) });
  }
  out.sort((x, y) => y.score - x.score || x.term.localeCompare(y.term));
  return out.slice(0, options.top ?? 30);
}
