/**
 * Simple topic clusters: keywords grouped by how often they occur in the same texts (cosine over
 * document sets), greedily, strongest keyword first.
 */

export interface TopicCluster {
  /** The cluster's strongest keyword. */
  label: string;
  terms: string[];
  /** Texts containing at least one of the terms. */
  documents: number;
}

export interface ClusterOptions {
  /** Minimum cosine similarity to join a cluster; default 0.25. */
  minSimilarity?: number;
  maxClusters?: number;
}

/** `keywords` ranked strongest first; `docs` are sets of terms per text. */
export function topicClusters(keywords: readonly string[], docs: ReadonlyArray<ReadonlySet<string>>, options: ClusterOptions = {}): TopicCluster[] {
  const minSim = options.minSimilarity ?? 0.25;
  const postings = new Map<string, Set<number>>();
  for (const k of keywords) postings.set(k, new Set());
  docs.forEach((doc, i) => {
    for (const k of keywords) if (doc.has(k)) postings.get(k)!.add(i);
  });
  const cosine = (a: Set<number>, b: Set<number>): number => {
    if (!a.size || !b.size) return 0;
    let both = 0;
    for (const x of a) if (b.has(x)) both++;
    return both / Math.sqrt(a.size * b.size);
  };
  const clusters: Array<{ terms: string[]; docs: Set<number> }> = [];
  for (const k of keywords) {
    const p = postings.get(k)!;
    if (!p.size) continue;
    let best = -1;
    let bestSim = minSim;
    clusters.forEach((c, i) => {
      const sim = cosine(p, postings.get(c.terms[0]!)!);
      if (sim >= bestSim) {
        best = i;
        bestSim = sim;
      }
    });
    if (best >= 0) {
      clusters[best]!.terms.push(k);
      for (const d of p) clusters[best]!.docs.add(d);
    } else if (clusters.length < (options.maxClusters ?? 10)) {
      clusters.push({ terms: [k], docs: new Set(p) });
    }
  }
  return clusters.map((c) => ({ label: c.terms[0]!, terms: c.terms, documents: c.docs.size }));
}
