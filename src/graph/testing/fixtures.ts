import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/data/graphs beside the repository (present on CI and developer machines). */
export const GRAPH_DATA = fileURLToPath(new URL('../../../../shared/data/graphs/', import.meta.url));
export const hasGraphData = existsSync(`${GRAPH_DATA}twitter1516-retweet.edgelist`);

/**
 * For test files whose checks need the reference data: true when they may run; in CI (`CI` set) a missing
 * data folder fails the file instead of skipping its checks. Called from tests only, never at import.
 */
export function graphDataOrFail(env: Record<string, string | undefined>): boolean {
  if (!hasGraphData && env.CI) throw new Error(`CI: ../shared/data/graphs is missing (${GRAPH_DATA}); the graph reference checks cannot run`);
  return hasGraphData;
}

export function readReference<T>(name: string): T {
  return JSON.parse(readFileSync(`${GRAPH_DATA}reference/${name}`, 'utf8')) as T;
}

/** Deterministic random directed graph as `source target weight` lines, with cycles, dangling nodes and loops. */
export function randomEdgeLines(n: number, m: number, seed: number, withLoops = true): string {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const lines: string[] = [];
  for (let e = 0; e < m; e++) {
    const a = Math.floor(next() * n);
    let b = Math.floor(next() * n);
    if (!withLoops && a === b) b = (b + 1) % n;
    lines.push(`${a} ${b} ${1 + Math.floor(next() * 4)}`);
  }
  return lines.join('\n');
}
