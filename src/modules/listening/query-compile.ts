/** Parsing saved expressions into matchers, with the errors the API answers (400 with position and caret). */
import { DomainError } from '../../platform/errors.js';
import { compileQuery, extractTerms, type Predicate } from './domain/matcher.js';
import { parseAndValidate, printQuery, QueryError, type QueryNode } from './domain/query-parser.js';

/** A query that does not parse: the HTTP layer adds `query: { code, position, length, caret }`. */
export class InvalidQueryError extends DomainError {
  constructor(
    readonly expression: string,
    readonly queryError: QueryError,
  ) {
    super('invalid', 'listening.invalid_query', queryError.message, { field: 'expression' });
  }
  get detail() {
    return { code: this.queryError.code, position: this.queryError.position, length: this.queryError.length, caret: this.queryError.render(this.expression) };
  }
}

export function parseExpression(expression: string, channels?: readonly string[]): QueryNode {
  try {
    return parseAndValidate(expression, channels ? { channels } : {});
  } catch (err) {
    if (err instanceof QueryError) throw new InvalidQueryError(expression, err);
    throw err;
  }
}

export function describeExpression(expression: string, channels?: readonly string[]) {
  const ast = parseExpression(expression, channels);
  return { canonical: printQuery(ast), terms: extractTerms(ast) };
}

/** Compiled predicates keyed by query id and revision: compile once, reuse while the query is unchanged. */
export class CompiledQueries {
  private readonly cache = new Map<string, { key: string; ast: QueryNode; predicate: Predicate }>();
  get(q: { id: string; revision: number; expression: string }): { ast: QueryNode; predicate: Predicate } | null {
    const key = `${q.revision}:${q.expression}`;
    const hit = this.cache.get(q.id);
    if (hit?.key === key) return hit;
    try {
      const ast = parseAndValidate(q.expression, { requirePositive: false });
      const entry = { key, ast, predicate: compileQuery(ast) };
      this.cache.set(q.id, entry);
      return entry;
    } catch {
      return null; // a stored expression that no longer parses (never saved that way) matches nothing
    }
  }
}
