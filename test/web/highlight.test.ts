import { describe, expect, it } from 'vitest';
import { highlightParts } from '../../web/src/highlight.js';

describe('search highlighting', () => {
  it('cuts a text into plain and matching parts, case-insensitive, longest term first', () => {
    expect(highlightParts('The App crashed; app again', ['app', 'crash'])).toEqual([
      { text: 'The ', hit: false },
      { text: 'App', hit: true },
      { text: ' ', hit: false },
      { text: 'crash', hit: true },
      { text: 'ed; ', hit: false },
      { text: 'app', hit: true },
      { text: ' again', hit: false },
    ]);
    expect(highlightParts('카드 해지했어요', ['카드 해지', '카드'])).toEqual([
      { text: '카드 해지', hit: true },
      { text: '했어요', hit: false },
    ]);
  });

  it('keeps markup as text and regex characters as characters', () => {
    const parts = highlightParts('<img src=x onerror=alert(1)> a+b (c)', ['a+b', '(c)', '<img']);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['<img', 'a+b', '(c)']);
    expect(parts.map((p) => p.text).join('')).toBe('<img src=x onerror=alert(1)> a+b (c)');
    expect(highlightParts('plain', [])).toEqual([{ text: 'plain', hit: false }]);
    expect(highlightParts('', ['x'])).toEqual([]);
  });
});
