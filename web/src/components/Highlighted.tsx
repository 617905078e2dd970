import { highlightParts } from '../highlight.js';

/** A text with the search terms marked (React text nodes and <mark>: nothing is read as HTML). */
export function Highlighted({ text, terms }: { text: string; terms: readonly string[] }) {
  return <>{highlightParts(text, terms).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}
