/**
 * The canonical printer (AST → query text that parses back to the same tree) and the validator that
 * limits how big and deep a saved query may be.
 */
import { FIELD_NAMES, QueryError, type QueryNode } from './query-ast.js';

/**
 * Canonical text: operators in upper case, explicit AND, ANDs inside an OR parenthesised, phrases
 * quoted with `\"` and `\\` escaped, aliases already resolved by the parser (sentiment:부정 prints
 * as sentiment:negative), followers with an explicit comparison.
 * For any tree the parser produced, parseQuery(printQuery(t)) equals t up to spans.
 */
export function printQuery(node: QueryNode): string {
  switch (node.type) {
    case 'term':
      return isBareWord(node.value) ? node.value : quote(node.value);
    case 'phrase':
      return quote(node.value);
    case 'hashtag':
      return `#${node.value}`;
    case 'mention':
      return `@${node.value}`;
    case 'field':
      return /[\s()"]/.test(node.value) ? `${node.field}:${quote(node.value)}` : `${node.field}:${node.value}`;
    case 'followers':
      return node.cmp === '..' ? `followers:${node.value}..${node.to ?? node.value}` : `followers:${node.cmp}${node.value}`;
    case 'not':
      return `NOT ${group(node.child, node.child.type === 'and' || node.child.type === 'or')}`;
    case 'and':
      return node.children.map((c) => group(c, c.type === 'or')).join(' AND ');
    case 'or':
      return node.children.map((c) => group(c, c.type === 'and')).join(' OR ');
  }
}

function group(node: QueryNode, parens: boolean): string {
  const text = printQuery(node);
  return parens ? `(${text})` : text;
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A term prints unquoted only when the lexer would read it back as the same term. */
function isBareWord(value: string): boolean {
  if (value === '' || /[\s()"]/.test(value) || value.includes('&&') || value.includes('||')) return false;
  if (/^(and|or|not)$/i.test(value) || /^[-!#@]/.test(value)) return false;
  const field = /^([A-Za-z_]+):/.exec(value);
  return !field || value.startsWith('//', field[0].length);
}

/** Removes pos/len everywhere (for comparing trees). */
export function stripSpans(node: QueryNode): QueryNode {
  const { pos: _p, len: _l, ...rest } = node;
  switch (rest.type) {
    case 'not':
      return { ...rest, child: stripSpans(rest.child) };
    case 'and':
    case 'or':
      return { ...rest, children: rest.children.map(stripSpans) };
    default:
      return rest;
  }
}

/** Leaves count 1; each AND/OR/NOT adds a level. `국민은행 카드` has depth 2. */
export function queryDepth(node: QueryNode): number {
  switch (node.type) {
    case 'not':
      return 1 + queryDepth(node.child);
    case 'and':
    case 'or':
      return 1 + Math.max(...node.children.map(queryDepth));
    default:
      return 1;
  }
}

export function countLeaves(node: QueryNode): number {
  switch (node.type) {
    case 'not':
      return countLeaves(node.child);
    case 'and':
    case 'or':
      return node.children.reduce((n, c) => n + countLeaves(c), 0);
    default:
      return 1;
  }
}

export interface ValidateOptions {
  /** Deepest allowed tree (default 10; see queryDepth). */
  maxDepth?: number;
  /** Most leaves (terms, phrases, tags, mentions, fields) allowed (default 50). */
  maxTerms?: number;
  /**
   * Reject queries that can match almost everything: a bare NOT (`NOT 채용`) or an OR with a negated
   * branch (`국민은행 OR NOT 채용`). Default true.
   */
  requirePositive?: boolean;
  /** Also require a word, phrase, hashtag or mention that must appear (not just field filters). Default false. */
  requireText?: boolean;
}

/** Checks a parsed query against the limits; returns every problem found (empty: valid). */
export function validateQuery(ast: QueryNode, options: ValidateOptions = {}): QueryError[] {
  const maxDepth = options.maxDepth ?? 10;
  const maxTerms = options.maxTerms ?? 50;
  const errors: QueryError[] = [];
  const at = (node: QueryNode): [number, number] => [node.pos ?? 0, node.len ?? 0];

  const deep = findDeeper(ast, maxDepth, 1);
  if (deep) errors.push(new QueryError('TOO_DEEP', `the query is nested too deeply (at most ${maxDepth} levels)`, ...at(deep)));

  let leaves = 0;
  let overflow: QueryNode | undefined;
  walkLeaves(ast, (leaf) => {
    leaves++;
    if (leaves === maxTerms + 1) overflow = leaf;
  });
  if (overflow) errors.push(new QueryError('TOO_MANY_TERMS', `the query has ${leaves} terms; at most ${maxTerms} are allowed`, ...at(overflow)));

  if ((options.requirePositive ?? true) && !anchored(ast, false)) {
    const msg = 'the query matches almost everything: it needs a term that must appear (e.g. 국민은행 NOT 채용, not just NOT 채용)';
    errors.push(new QueryError('NO_POSITIVE_TERM', msg, ...at(ast)));
  } else if (options.requireText && !anchored(ast, true)) {
    const msg = 'the query needs a word, phrase, hashtag or mention that must appear, not only field filters';
    errors.push(new QueryError('NO_POSITIVE_TERM', msg, ...at(ast)));
  }
  return errors;
}

function findDeeper(node: QueryNode, max: number, depth: number): QueryNode | undefined {
  if (depth > max) return node;
  if (node.type === 'not') return findDeeper(node.child, max, depth + 1);
  if (node.type === 'and' || node.type === 'or') {
    for (const c of node.children) {
      const hit = findDeeper(c, max, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

function walkLeaves(node: QueryNode, visit: (leaf: QueryNode) => void): void {
  if (node.type === 'not') walkLeaves(node.child, visit);
  else if (node.type === 'and' || node.type === 'or') node.children.forEach((c) => walkLeaves(c, visit));
  else visit(node);
}

/** True when every match must satisfy some positive leaf (textOnly: a text leaf, not a field). */
function anchored(node: QueryNode, textOnly: boolean): boolean {
  switch (node.type) {
    case 'not':
      return false;
    case 'and':
      return node.children.some((c) => anchored(c, textOnly));
    case 'or':
      return node.children.every((c) => anchored(c, textOnly));
    case 'field':
    case 'followers':
      return !textOnly;
    default:
      return true;
  }
}

/** The names of the fields, for UIs that offer completion. */
export const QUERY_FIELDS = FIELD_NAMES;
