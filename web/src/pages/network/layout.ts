/**
 * Positions for the graph view without a force simulation (so 50,000 nodes lay out instantly): each community
 * is a disc whose area grows with its size, the discs are placed on a golden-angle spiral (largest in the
 * middle), and inside a disc the most influential people sit at the centre, the rest on a spiral around them.
 */
export interface LayoutNode {
  id: string;
  community: number | null;
  /** Larger sits nearer the centre of its community. */
  weight: number;
}

const GOLDEN = Math.PI * (3 - Math.sqrt(5));
const SPACING = 1;

export function communityLayout(nodes: LayoutNode[]): Map<string, { x: number; y: number }> {
  const groups = new Map<number, LayoutNode[]>();
  for (const n of nodes) {
    const key = n.community ?? -1;
    const g = groups.get(key);
    if (g) g.push(n);
    else groups.set(key, [n]);
  }
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  const out = new Map<string, { x: number; y: number }>();
  let area = 0;
  ordered.forEach(([, members], k) => {
    const radius = SPACING * Math.sqrt(members.length);
    // The disc's centre: far enough out that the area of the discs already placed fits inside.
    const dist = k === 0 ? 0 : 1.6 * SPACING * Math.sqrt(area + members.length / 2) + radius * 0.6;
    const cx = dist * Math.cos(k * GOLDEN);
    const cy = dist * Math.sin(k * GOLDEN);
    area += members.length;
    members
      .slice()
      .sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1))
      .forEach((n, j) => {
        const r = SPACING * Math.sqrt(j) * 0.9;
        out.set(n.id, { x: cx + r * Math.cos(j * GOLDEN), y: cy + r * Math.sin(j * GOLDEN) });
      });
  });
  return out;
}
