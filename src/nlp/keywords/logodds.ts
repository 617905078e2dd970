/**
 * Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin'
 * Words"): which terms are over-represented in a window relative to a background.
 */

export interface TermScore {
  term: string;
  /** z-score of the log-odds difference (window vs background): > 1.96 is notable. */
  z: number;
  /** The log-odds difference itself. */
  delta: number;
  /** Count in the window. */
  count: number;
  /** Count in the background. */
  background: number;
}

export interface LogOddsOptions {
  /** Total pseudo-count of the prior (alpha_0), spread by background+window frequency; default 1000. */
  priorStrength?: number;
  /** Only terms with at least this many window occurrences; default 2. */
  minCount?: number;
  /** How many to return, highest z first; default 50. */
  top?: number;
}

export function logOdds(window: ReadonlyMap<string, number>, background: ReadonlyMap<string, number>, options: LogOddsOptions = {}): TermScore[] {
  const a0 = options.priorStrength ?? 1000;
  const minCount = options.minCount ?? 2;
  let nw = 0;
  let nb = 0;
  for (const c of window.values()) nw += c;
  for (const c of background.values()) nb += c;
  const total = nw + nb;
  if (nw === 0 || total === 0) return [];
  const out: TermScore[] = [];
  for (const [term, yw] of window) {
    if (yw < minCount) continue;
    const yb = background.get(term) ?? 0;
    const ai = Math.max(1e-3, (a0 * (yw + yb)) / total);
    const lw = Math.log((yw + ai) / (nw + a0 - yw - ai));
    const lb = Math.log((yb + ai) / (nb + a0 - yb - ai));
    const delta = lw - lb;
    const variance = 1 / (yw + ai) + 1 / (yb + ai);
    out.push({ term, z: delta / Math.sqrt(variance), delta, count: yw, background: yb });
  }
  out.sort((a, b) => b.z - a.z || a.term.localeCompare(b.term));
  return out.slice(0, options.top ?? 50);
}
