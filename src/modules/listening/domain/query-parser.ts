/**
 * The listening query parser: text → QueryNode, or a QueryError pointing at the offending token.
 *
 * Grammar (loosest first; operators are case-insensitive, `&&` = AND, `||` = OR, `!`/`-` = NOT):
 *
 *     query   := or
 *     or      := and ( OR and )*
 *     and     := unary ( [AND] unary )*          adjacent terms are ANDed
 *     unary   := NOT unary | '-'unary | '!'unary | primary
 *     primary := '(' or ')' | word | "phrase" | #hashtag | @mention | field:value
 *
 * See docs/listening-queries.md for the user-facing description.
 */
import { FIELD_NAMES, INTENTS, KINDS, QueryError, SENTIMENTS, VALUE_ALIASES, type FieldName, type FollowersCmp, type LeafNode, type QueryNode, type ValueField } from './query-ast.js';
import { validateQuery, type ValidateOptions } from './query-printer.js';

export * from './query-ast.js';
export { printQuery, stripSpans, validateQuery, queryDepth, countLeaves, type ValidateOptions } from './query-printer.js';

export interface ParseOptions {
  /** Longest accepted query in UTF-16 units (default 2000). */
  maxLength?: number;
  /** When given, `channel:` must name one of these (lower-case); otherwise any identifier is accepted. */
  channels?: readonly string[];
}

/** Nesting (parentheses and NOT) beyond which the parser stops, whatever the validator allows. */
const HARD_MAX_NESTING = 64;

type Tok = { t: '(' | ')' | 'and' | 'or' | 'not'; pos: number; len: number } | { t: 'leaf'; pos: number; len: number; node: QueryNode };

const SEARCHABLE = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;
const HASHTAG_BODY = /^[\p{L}\p{M}\p{N}_]+$/u;
const HANDLE_BODY = /^[\p{L}\p{M}\p{N}_.\-@]+$/u;
const FIELD_PREFIX = /^([A-Za-z_]+):/;
const LANG_VALUE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/;
const CHANNEL_VALUE = /^[a-z][a-z0-9_-]{0,31}$/;
const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|m|천|만)?`;
const FOLLOWERS_CMP = new RegExp(String.raw`^(>=|<=|>|<|=)?\s*${NUMBER}$`, 'i');
const FOLLOWERS_RANGE = new RegExp(String.raw`^${NUMBER}\s*\.\.\s*${NUMBER}$`, 'i');
const UNIT: Record<string, number> = { k: 1_000, m: 1_000_000, 천: 1_000, 만: 10_000 };

const norm = (s: string): string => s.normalize('NFC').toLowerCase();

/** Parses a query; throws QueryError. Does not apply the validator's limits (see parseAndValidate). */
export function parseQuery(input: string, options: ParseOptions = {}): QueryNode {
  const maxLength = options.maxLength ?? 2000;
  if (input.length > maxLength) {
    throw new QueryError('TOO_LONG', `the query is longer than ${maxLength} characters`, maxLength, input.length - maxLength);
  }
  const tokens = lex(input, options);
  if (tokens.length === 0) throw new QueryError('EMPTY_QUERY', 'the query is empty: type at least one word', 0, input.length);
  return new Parser(tokens).parse();
}

/** parseQuery, then validateQuery; throws the first problem found. */
export function parseAndValidate(input: string, options: ParseOptions & ValidateOptions = {}): QueryNode {
  const ast = parseQuery(input, options);
  const errors = validateQuery(ast, options);
  if (errors.length > 0) throw errors[0]!;
  return ast;
}

// ───────────────────────────── lexer ─────────────────────────────

function lex(s: string, options: ParseOptions): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ t: c, pos: i, len: 1 });
      i++;
    } else if (s.startsWith('&&', i)) {
      out.push({ t: 'and', pos: i, len: 2 });
      i += 2;
    } else if (s.startsWith('||', i)) {
      out.push({ t: 'or', pos: i, len: 2 });
      i += 2;
    } else if (c === '!') {
      out.push({ t: 'not', pos: i, len: 1 });
      i++;
    } else if (c === '-') {
      const next = s[i + 1];
      if (next === undefined || /\s/.test(next) || next === ')') {
        throw new QueryError('DANGLING_OPERATOR', "'-' must be written right before a term, e.g. -채용", i, 1);
      }
      out.push({ t: 'not', pos: i, len: 1 });
      i++;
    } else if (c === '"') {
      const q = readQuoted(s, i);
      const value = norm(q.value).replace(/\s+/g, ' ').trim();
      if (!SEARCHABLE.test(value)) throw new QueryError('INVALID_TERM', 'this phrase has no letters or digits to search for', i, q.end - i);
      out.push({ t: 'leaf', pos: i, len: q.end - i, node: { type: 'phrase', value, pos: i, len: q.end - i } });
      i = q.end;
    } else {
      let j = i;
      while (j < n && !/[\s()"]/.test(s[j]!) && !s.startsWith('&&', j) && !s.startsWith('||', j)) j++;
      const word = s.slice(i, j);
      const fieldMatch = FIELD_PREFIX.exec(word);
      if (fieldMatch && word.length === fieldMatch[0].length && s[j] === '"' && isField(fieldMatch[1]!)) {
        // field:"quoted value"
        const q = readQuoted(s, j);
        out.push(leafTok(fieldLeaf(fieldMatch[1]!.toLowerCase() as FieldName, q.value, i, j, q.end, options)));
        i = q.end;
        continue;
      }
      out.push(wordTok(word, i, options));
      i = j;
    }
  }
  return out;
}

function readQuoted(s: string, start: number): { value: string; end: number } {
  let value = '';
  for (let k = start + 1; k < s.length; k++) {
    const ch = s[k]!;
    if (ch === '\\' && (s[k + 1] === '"' || s[k + 1] === '\\')) {
      value += s[k + 1];
      k++;
    } else if (ch === '"') {
      return { value, end: k + 1 };
    } else {
      value += ch;
    }
  }
  throw new QueryError('UNTERMINATED_QUOTE', 'unterminated quote: add the closing "', start, 1);
}

function isField(name: string): boolean {
  return (FIELD_NAMES as readonly string[]).includes(name.toLowerCase());
}

function leafTok(node: QueryNode): Tok {
  return { t: 'leaf', pos: node.pos!, len: node.len!, node };
}

function wordTok(word: string, pos: number, options: ParseOptions): Tok {
  const len = word.length;
  const upper = word.toUpperCase();
  if (upper === 'AND' || upper === 'OR' || upper === 'NOT') return { t: upper === 'AND' ? 'and' : upper === 'OR' ? 'or' : 'not', pos, len };
  if (word.startsWith('#')) {
    const body = norm(word.slice(1));
    if (!HASHTAG_BODY.test(body)) {
      throw new QueryError('INVALID_TERM', body ? 'a hashtag may contain only letters, digits and _' : 'empty hashtag: write #태그', pos, len);
    }
    return leafTok({ type: 'hashtag', value: body, pos, len });
  }
  if (word.startsWith('@')) {
    const body = norm(word.slice(1));
    if (!HANDLE_BODY.test(body)) {
      throw new QueryError('INVALID_TERM', body ? 'a mention may contain only letters, digits and _ . - @' : 'empty mention: write @handle', pos, len);
    }
    return leafTok({ type: 'mention', value: body, pos, len });
  }
  const m = FIELD_PREFIX.exec(word);
  if (m && !word.startsWith('//', m[0].length)) {
    const name = m[1]!.toLowerCase();
    if (!isField(name)) {
      const hint = suggestField(name);
      throw new QueryError(
        'UNKNOWN_FIELD',
        `unknown field '${m[1]}:'${hint ? ` (did you mean '${hint}:'?)` : ''}. ` + `Known fields: ${FIELD_NAMES.map((f) => `${f}:`).join(' ')}. To search for the text itself, put it in quotes.`,
        pos,
        m[0].length,
      );
    }
    return leafTok(fieldLeaf(name as FieldName, word.slice(m[0].length), pos, pos + m[0].length, pos + len, options));
  }
  const value = norm(word);
  if (!SEARCHABLE.test(value)) throw new QueryError('INVALID_TERM', `'${word}' has no letters or digits to search for`, pos, len);
  return leafTok({ type: 'term', value, pos, len });
}

function suggestField(name: string): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const f of FIELD_NAMES) {
    const d = editDistance(name, f);
    if (d < bestD) [best, bestD] = [f, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Builds the node for `field:raw`; `start` is the token start, `valueStart` where the value begins. */
function fieldLeaf(field: FieldName, raw: string, start: number, valueStart: number, end: number, options: ParseOptions): QueryNode {
  const span = { pos: start, len: end - start };
  const bad = (message: string, pos = valueStart, len = Math.max(1, end - valueStart)): QueryError => new QueryError('BAD_FIELD_VALUE', message, pos, len);
  if (raw.trim() === '') throw bad(`missing value after '${field}:'`, start, valueStart - start);
  if (field === 'followers') return followersLeaf(raw.trim(), span, bad);
  const parts = raw.split(',');
  const nodes: LeafNode[] = [];
  let offset = valueStart;
  for (const part of parts) {
    const value = checkValue(field, part.trim(), options, (message) => bad(message, offset, Math.max(1, part.length)));
    nodes.push({ type: 'field', field, value, ...span });
    offset += part.length + 1;
  }
  return nodes.length === 1 ? nodes[0]! : { type: 'or', children: nodes, ...span };
}

function checkValue(field: ValueField, raw: string, options: ParseOptions, bad: (message: string) => QueryError): string {
  const v = norm(raw);
  if (v === '') throw bad(`empty value in '${field}:' list`);
  switch (field) {
    case 'sentiment':
    case 'intent':
    case 'kind': {
      const allowed: readonly string[] = field === 'sentiment' ? SENTIMENTS : field === 'intent' ? INTENTS : KINDS;
      const canonical = allowed.includes(v) ? v : VALUE_ALIASES[field][v];
      if (!canonical) throw bad(`'${raw}' is not a valid ${field}; use ${listOr(allowed)}`);
      return canonical;
    }
    case 'lang':
      if (!LANG_VALUE.test(v)) throw bad(`'${raw}' is not a language code; use e.g. ko or en`);
      return v;
    case 'channel':
      if (!CHANNEL_VALUE.test(v)) throw bad(`'${raw}' is not a channel name; use e.g. x, youtube or email`);
      if (options.channels && !options.channels.includes(v)) throw bad(`unknown channel '${raw}'; use ${listOr(options.channels)}`);
      return v;
    case 'author': {
      const handle = v.replace(/^@/, '');
      if (!HANDLE_BODY.test(handle)) throw bad(`'${raw}' is not a handle`);
      return handle;
    }
  }
}

function listOr(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** Follower counts are stored as 32-bit integers; no account has more than this. */
export const MAX_FOLLOWERS = 2_000_000_000;

function followersLeaf(raw: string, span: { pos: number; len: number }, bad: (m: string) => QueryError): QueryNode {
  const num = (digits: string, unit: string | undefined): number => {
    const n = Math.round(Number(digits.replace(/,/g, '')) * (unit ? UNIT[unit.toLowerCase()]! : 1));
    if (!Number.isFinite(n) || n > MAX_FOLLOWERS) throw bad(`a follower count must be at most ${MAX_FOLLOWERS.toLocaleString('en-US')}`);
    return n;
  };
  const r = FOLLOWERS_RANGE.exec(raw);
  if (r) {
    const from = num(r[1]!, r[2]);
    const to = num(r[3]!, r[4]);
    if (from > to) throw bad(`the range ${raw} is empty: write the smaller number first`);
    return { type: 'followers', cmp: '..', value: from, to, ...span };
  }
  const m = FOLLOWERS_CMP.exec(raw);
  if (!m) throw bad(`'${raw}' is not a follower count; use e.g. followers:>1000, followers:>=1만 or followers:100..5000`);
  return { type: 'followers', cmp: (m[1] ?? '>=') as FollowersCmp, value: num(m[2]!, m[3]), ...span };
}

// ───────────────────────────── parser ─────────────────────────────

class Parser {
  private p = 0;
  private nesting = 0;
  constructor(private readonly toks: Tok[]) {}

  parse(): QueryNode {
    const node = this.or();
    const left = this.toks[this.p];
    if (left) {
      // or() stops only at ')' or the end
      throw new QueryError('UNBALANCED_PAREN', "unexpected ')' without a matching '('", left.pos, left.len);
    }
    return node;
  }

  private peek(): Tok | undefined {
    return this.toks[this.p];
  }

  private startsUnary(t: Tok | undefined): boolean {
    return t !== undefined && (t.t === 'leaf' || t.t === '(' || t.t === 'not');
  }

  private or(): QueryNode {
    const children = [this.and()];
    while (this.peek()?.t === 'or') {
      const op = this.toks[this.p++]!;
      if (!this.startsUnary(this.peek())) throw dangling(op, 'after');
      children.push(this.and());
    }
    return combine('or', children);
  }

  private and(): QueryNode {
    const children = [this.unary()];
    for (;;) {
      const t = this.peek();
      if (t?.t === 'and') {
        this.p++;
        if (!this.startsUnary(this.peek())) throw dangling(t, 'after');
      } else if (!this.startsUnary(t)) {
        break;
      }
      children.push(this.unary());
    }
    return combine('and', children);
  }

  private unary(): QueryNode {
    const t = this.peek();
    if (t?.t !== 'not') return this.primary();
    this.p++;
    if (!this.startsUnary(this.peek())) throw dangling(t, 'after');
    this.enter(t);
    const child = this.unary();
    this.nesting--;
    return { type: 'not', child, pos: t.pos, len: end(child) - t.pos };
  }

  private primary(): QueryNode {
    const t = this.peek();
    if (t === undefined) throw new QueryError('DANGLING_OPERATOR', 'the query ends too early', 0, 0);
    if (t.t === 'leaf') {
      this.p++;
      return t.node;
    }
    if (t.t === 'and' || t.t === 'or') throw dangling(t, 'before');
    if (t.t === ')') throw new QueryError('UNBALANCED_PAREN', "unexpected ')' without a matching '('", t.pos, t.len);
    // '('
    this.p++;
    const next = this.peek();
    if (next?.t === ')') throw new QueryError('EMPTY_GROUP', 'empty parentheses: put a term inside or remove them', t.pos, next.pos + 1 - t.pos);
    if (next === undefined) throw missingClose(t);
    this.enter(t);
    const inner = this.or();
    this.nesting--;
    if (this.peek()?.t !== ')') throw missingClose(t);
    this.p++;
    return inner;
  }

  private enter(t: Tok): void {
    if (++this.nesting > HARD_MAX_NESTING) throw new QueryError('TOO_DEEP', `the query is nested more than ${HARD_MAX_NESTING} levels deep`, t.pos, t.len);
  }
}

function dangling(op: Tok, side: 'before' | 'after'): QueryError {
  const name = op.t === 'not' ? 'NOT' : op.t === 'and' ? 'AND' : 'OR';
  return new QueryError('DANGLING_OPERATOR', `'${name}' needs a term ${side} it`, op.pos, op.len);
}

function missingClose(open: Tok): QueryError {
  return new QueryError('UNBALANCED_PAREN', 'missing closing parenthesis', open.pos, open.len);
}

function end(node: QueryNode): number {
  return (node.pos ?? 0) + (node.len ?? 0);
}

/** One child stays itself; nested nodes of the same operator are flattened. */
function combine(type: 'and' | 'or', children: QueryNode[]): QueryNode {
  if (children.length === 1) return children[0]!;
  const flat = children.flatMap((c) => (c.type === type ? c.children : [c]));
  const pos = children[0]!.pos ?? 0;
  return { type, children: flat, pos, len: end(children[children.length - 1]!) - pos };
}
