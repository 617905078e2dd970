/**
 * Reads JSON text and remembers where each value sits, by the path the server uses in its errors
 * (`conditions.all[1].value`), so a problem can be shown at its line and selected in the editor.
 * Syntax errors come back with their position.
 */
export interface Span {
  start: number;
  end: number;
}
export type Located = { ok: true; value: unknown; spans: Map<string, Span> } | { ok: false; position: number; message: string };

class SyntaxProblem extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(message);
  }
}

export function locate(text: string): Located {
  const spans = new Map<string, Span>();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const fail = (msg: string): never => {
    throw new SyntaxProblem(i, msg);
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail('invalid string');
    }
  };
  const value = (path: string): unknown => {
    ws();
    const start = i;
    const c = text[i];
    let v: unknown;
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') i++;
      else {
        for (;;) {
          ws();
          if (text[i] !== '"') fail('expected a "key"');
          const key = str();
          ws();
          if (text[i] !== ':') fail('expected ":"');
          i++;
          obj[key] = value(path ? `${path}.${key}` : key);
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === '}') {
            i++;
            break;
          }
          fail('expected "," or "}"');
        }
      }
      v = obj;
    } else if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') i++;
      else {
        for (;;) {
          arr.push(value(`${path}[${arr.length}]`));
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            break;
          }
          fail('expected "," or "]"');
        }
      }
      v = arr;
    } else if (c === '"') v = str();
    else {
      const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
      if (!m) fail('unexpected character');
      i += m![0].length;
      v = JSON.parse(m![0]);
    }
    spans.set(path, { start, end: i });
    return v;
  };
  try {
    const v = value('');
    ws();
    if (i < text.length) fail('unexpected text after the end');
    return { ok: true, value: v, spans };
  } catch (err) {
    if (err instanceof SyntaxProblem) return { ok: false, position: err.position, message: err.message };
    throw err;
  }
}

/** 1-based line and column of an offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

/** The span of `path`, or of the nearest enclosing value that exists (a missing key points at its object). */
export function spanOf(spans: Map<string, Span>, path: string): Span | undefined {
  let p = path;
  for (;;) {
    const s = spans.get(p);
    if (s) return s;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return spans.get('');
    p = p.slice(0, cut);
  }
}
