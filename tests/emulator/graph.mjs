// @ts-check
/**
 * Azure Resource Graph (`POST /providers/Microsoft.ResourceGraph/resources`) over the emulator's
 * state: the tables `Resources`, `KubernetesConfigurationResources`, `AuthorizationResources` and
 * `ResourceContainers`, and the small KQL subset a discovery client needs:
 *
 *   Table | where <expr> | project a, b=<expr> | extend c=<expr> | order by a [asc|desc]
 *         | limit n | take n | count
 *
 * Expressions: `==`, `!=`, `=~`, `!~`, `<`, `<=`, `>`, `>=`, `contains`, `!contains`,
 * `contains_cs`, `has`, `!has`, `startswith`, `endswith`, `in (…)`, `in~ (…)`, `!in (…)`,
 * `and`, `or`, `not()`, dotted and bracketed paths into dynamic columns, and the functions
 * tostring, tolower, toupper, toint, tolong, tobool, isempty, isnotempty, isnull, isnotnull,
 * strcat, array_length, iff, coalesce. Anything else is refused with ARG's 400 envelope and a
 * detail naming what the emulator does not support.
 * @module
 */
import { createHash } from 'node:crypto';

import { supportMessage } from './limits.mjs';
import { ArmError } from './protocol.mjs';
import { resourceGroupOf, subscriptionOf } from './state.mjs';

/**
 * @typedef {import('./state.mjs').State} State
 * @typedef {Record<string, unknown>} Row
 * @typedef {{ kind: 'lit', value: unknown } | { kind: 'path', root: string, steps: (string|number)[] }
 *   | { kind: 'call', name: string, args: Expr[] } | { kind: 'bin', op: string, left: Expr, right: Expr }
 *   | { kind: 'list', op: string, left: Expr, items: Expr[] }} Expr
 * @typedef {{ type: string, value: string, at: number }} Token
 */

const MAX_TOP = 1000;

/**
 * Answers one Resource Graph request body.
 * @param {State} state
 * @param {unknown} body the parsed request body
 * @param {{ pageSize: number }} settings
 */
export function queryResourceGraph(state, body, settings) {
  if (typeof body !== 'object' || body === null || typeof (/** @type {any} */ (body).query) !== 'string') {
    throw graphError('InvalidQueryRequest', "The request body must be an object with a string 'query'.");
  }
  const request = /** @type {{ query: string, subscriptions?: unknown, managementGroups?: unknown, options?: any, facets?: any }} */ (body);
  const options = request.options ?? {};
  if (typeof options !== 'object' || options === null) throw graphError('InvalidQueryRequest', "'options' must be an object.");
  const resultFormat = options.resultFormat ?? 'objectArray';
  if (resultFormat !== 'objectArray' && resultFormat !== 'table') {
    throw graphError('InvalidQueryRequest', `resultFormat '${resultFormat}' is not one of 'objectArray', 'table'.`);
  }
  const requestedTop = options.$top;
  if (requestedTop !== undefined && (!Number.isInteger(requestedTop) || requestedTop < 1 || requestedTop > MAX_TOP)) {
    throw graphError('InvalidQueryRequest', `$top must be an integer from 1 to ${MAX_TOP}.`);
  }
  const skip = options.$skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0) throw graphError('InvalidQueryRequest', '$skip must be a non-negative integer.');

  let scope = null;
  if (request.subscriptions !== undefined) {
    if (!Array.isArray(request.subscriptions) || !request.subscriptions.every((s) => typeof s === 'string')) {
      throw graphError('InvalidQueryRequest', "'subscriptions' must be an array of subscription ids.");
    }
    scope = new Set(request.subscriptions.map((s) => s.toLowerCase()));
  }

  /** @type {Row[]} */
  let rows;
  try {
    const pipeline = parseQuery(request.query);
    const table = tableRows(state, pipeline.table);
    rows = scope === null ? table : table.filter((row) => scope.has(String(row.subscriptionId).toLowerCase()));
    rows = runOperators(rows, pipeline.operators);
  } catch (error) {
    if (error instanceof ParseFailure) throw parserFailure(request.query, error);
    throw error;
  }

  const fingerprint = createHash('sha256')
    .update(JSON.stringify([request.query, request.subscriptions ?? null, request.managementGroups ?? null]))
    .digest('base64url')
    .slice(0, 16);
  let offset = skip;
  let top = requestedTop ?? Math.min(settings.pageSize, MAX_TOP);
  if (options.$skipToken !== undefined) {
    // The token remembers the page size, so the next page has the same size unless $top says otherwise.
    const token = decodeSkipToken(options.$skipToken, fingerprint);
    offset = token.o;
    top = requestedTop ?? token.t;
  }
  const page = rows.slice(offset, offset + top);
  const more = offset + top < rows.length;
  const pagesById = rows.length === 0 || 'id' in rows[0];
  /** @type {Record<string, unknown>} */
  const response = {
    totalRecords: rows.length,
    count: page.length,
    resultTruncated: more && !pagesById ? 'true' : 'false',
  };
  if (more && pagesById) {
    response.$skipToken = Buffer.from(JSON.stringify({ o: offset + top, t: top, f: fingerprint })).toString('base64');
  }
  response.data = resultFormat === 'table' ? toTable(page) : page;
  response.facets = Array.isArray(request.facets) ? request.facets.map((facet) => evaluateFacet(rows, facet)) : [];
  return response;
}

/**
 * The rows of one table, with ARG's standard columns (type and resourceGroup lowercased).
 * @param {State} state
 * @param {string} table
 * @returns {Row[]}
 */
export function tableRows(state, table) {
  const tenantId = state.tenantId;
  const resourceRow = (/** @type {any} */ resource, /** @type {unknown} */ properties) => ({
    id: resource.id,
    name: resource.name,
    type: String(resource.type).toLowerCase(),
    tenantId,
    kind: resource.kind ?? '',
    location: resource.location ?? '',
    resourceGroup: (resourceGroupOf(resource.id) ?? '').toLowerCase(),
    subscriptionId: subscriptionOf(resource.id) ?? '',
    managedBy: resource.managedBy ?? '',
    sku: resource.sku ?? null,
    plan: resource.plan ?? null,
    properties: properties ?? {},
    tags: resource.tags ?? {},
    identity: resource.identity ?? null,
    zones: resource.zones ?? null,
    extendedLocation: resource.extendedLocation ?? null,
  });
  const typeOf = (/** @type {any} */ r) => String(r.type).toLowerCase();
  switch (table.toLowerCase()) {
    case 'resources':
      // Child resources ARG does not index (or whose coverage is unverified: computes, §11.15).
      return state.resources
        .filter((r) => !NOT_IN_RESOURCES.has(typeOf(r)))
        .map((r) => resourceRow(r, r.properties));
    case 'kubernetesconfigurationresources':
      // ARG stores extension properties with PascalCase keys (azure-facts §3.8).
      return state.resources
        .filter((r) => typeOf(r) === 'microsoft.kubernetesconfiguration/extensions')
        .map((r) => resourceRow(r, pascalKeys(r.properties)));
    case 'authorizationresources':
      return state.resources.filter((r) => typeOf(r) === 'microsoft.authorization/roleassignments').map((r) => resourceRow(r, r.properties));
    case 'resourcecontainers':
      return state.subscriptions.map((s) => ({
        id: `/subscriptions/${s.subscriptionId}`,
        name: s.displayName,
        type: 'microsoft.resources/subscriptions',
        tenantId: s.tenantId ?? tenantId,
        kind: '',
        location: '',
        resourceGroup: '',
        subscriptionId: s.subscriptionId,
        managedBy: '',
        sku: null,
        plan: null,
        properties: { state: s.state, subscriptionPolicies: s.subscriptionPolicies ?? null },
        tags: s.tags ?? {},
        identity: null,
        zones: null,
        extendedLocation: null,
      }));
    default:
      throw graphError('ParserFailure', `Table '${table}' is not served by the emulator (Resources, KubernetesConfigurationResources, AuthorizationResources, ResourceContainers).`);
  }
}

const NOT_IN_RESOURCES = new Set([
  'microsoft.kubernetesconfiguration/extensions',
  'microsoft.authorization/roleassignments',
  'microsoft.machinelearningservices/workspaces/computes',
]);

/** @param {unknown} properties */
function pascalKeys(properties) {
  if (typeof properties !== 'object' || properties === null) return properties ?? {};
  return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key.charAt(0).toUpperCase() + key.slice(1), value]));
}

/**
 * Resource Graph's 400: `BadRequest` with its support message, `InvalidQuery`, and a detail.
 * @param {string} code
 * @param {string} message
 * @param {Record<string, unknown>} [extra] more fields of the detail
 */
function graphError(code, message, extra = {}) {
  return new ArmError(400, 'BadRequest', supportMessage(), {
    details: [
      { code: 'InvalidQuery', message: 'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.' },
      { code, message, ...extra },
    ],
  });
}

/** A query that does not parse: where (an offset in the query; the end when undefined) and the token found there. */
class ParseFailure extends Error {
  /**
   * @param {Token | undefined} token undefined at the end of the query
   * @param {string} why the emulator's reason (not sent: ARG says only `ParserFailure`)
   */
  constructor(token, why) {
    super(why);
    this.token = token;
  }
}

/**
 * ARG's answer to a query that does not parse, as recorded (graph-query-error-400.json): the
 * detail `ParserFailure` with `line` (from 1), `characterPositionInLine` (from 0), the `token`
 * found there (`<EOF>` at the end) and `expectedToken`, which ARG fills with U+01CF whatever it
 * expected (recorded; the emulator sends the same).
 * @param {string} query
 * @param {ParseFailure} failure
 */
function parserFailure(query, failure) {
  const at = failure.token?.at ?? query.length;
  const before = query.slice(0, at);
  const line = before.split('\n').length;
  const characterPositionInLine = at - (before.lastIndexOf('\n') + 1);
  const token = failure.token === undefined ? '<EOF>' : failure.token.type === 'string' ? query.slice(at).split(/\s/)[0] : failure.token.value;
  return graphError('ParserFailure', 'ParserFailure', { line, characterPositionInLine, token, expectedToken: '\u01CF' });
}

/**
 * @param {unknown} token
 * @param {string} fingerprint
 * @returns {{ o: number, t: number }}
 */
function decodeSkipToken(token, fingerprint) {
  try {
    const decoded = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8'));
    if (Number.isInteger(decoded.o) && Number.isInteger(decoded.t) && decoded.f === fingerprint) return { o: decoded.o, t: decoded.t };
  } catch {
    // Falls through to the error below.
  }
  throw graphError('InvalidSkipToken', 'The $skipToken is not valid for this query and scope: resend the same query and subscriptions with the token from the previous page.');
}

/** @param {Row[]} rows */
function toTable(rows) {
  /** @type {string[]} */
  const names = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!names.includes(key)) names.push(key);
  const typeOf = (/** @type {string} */ name) => {
    const value = rows.map((row) => row[name]).find((v) => v !== null && v !== undefined);
    if (typeof value === 'string') return 'string';
    if (typeof value === 'boolean') return 'boolean';
    if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'real';
    return 'object';
  };
  return { columns: names.map((name) => ({ name, type: typeOf(name) })), rows: rows.map((row) => names.map((name) => row[name] ?? null)) };
}

/**
 * A facet over a column: value counts, most frequent first.
 * @param {Row[]} rows
 * @param {any} facet
 */
function evaluateFacet(rows, facet) {
  const expression = typeof facet?.expression === 'string' ? facet.expression : '';
  if (rows.length > 0 && !(expression in rows[0])) {
    return { expression, resultType: 'FacetError', errors: [{ code: 'NoValidColumns', message: `No valid column '${expression}' (the emulator facets plain columns only).` }] };
  }
  /** @type {Map<string, { value: unknown, count: number }>} */
  const counts = new Map();
  for (const row of rows) {
    const key = JSON.stringify(row[expression] ?? null);
    const entry = counts.get(key) ?? { value: row[expression] ?? null, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  const order = facet?.options?.sortOrder === 'asc' ? 1 : -1;
  const sorted = [...counts.values()].sort((a, b) => order * (a.count - b.count));
  const facetTop = Number.isInteger(facet?.options?.$top) ? facet.options.$top : 10;
  const data = sorted.slice(0, facetTop).map(({ value, count }) => ({ [expression]: value, count }));
  return { expression, totalRecords: sorted.length, count: data.length, resultType: 'FacetResult', data };
}

// ---- The KQL subset: tokens, parser, evaluator ----

/**
 * @param {string} query
 * @returns {{ table: string, operators: { name: string, tokens: Token[] }[] }}
 */
export function parseQuery(query) {
  const tokens = tokenize(query);
  /** @type {Token[][]} */
  const segments = [[]];
  /** @type {(Token | undefined)[]} the `|` after each segment (undefined: the end of the query) */
  const ends = [undefined];
  let depth = 0;
  for (const token of tokens) {
    if (token.type === 'op' && (token.value === '(' || token.value === '[')) depth += 1;
    if (token.type === 'op' && (token.value === ')' || token.value === ']')) depth -= 1;
    if (token.type === 'op' && token.value === '|' && depth === 0) {
      ends[segments.length - 1] = token;
      segments.push([]);
      ends.push(undefined);
    } else segments[segments.length - 1].push(token);
  }
  const [head, ...rest] = segments;
  if (head.length !== 1 || head[0].type !== 'ident') throw new ParseFailure(head.length === 0 ? ends[0] : head[head[0].type === 'ident' ? 1 : 0], 'The query must start with a table name.');
  return {
    table: head[0].value,
    operators: rest.map((segment, i) => {
      if (segment.length === 0) throw new ParseFailure(ends[i + 1], "An empty operator after '|'.");
      let name = segment[0].value.toLowerCase();
      let body = segment.slice(1);
      if ((name === 'order' || name === 'sort') && body[0]?.value.toLowerCase() === 'by') {
        name = 'order by';
        body = body.slice(1);
      }
      return { name, tokens: body, end: ends[i + 1] };
    }),
  };
}

/**
 * @param {Row[]} rows
 * @param {{ name: string, tokens: Token[], end?: Token }[]} operators
 */
function runOperators(rows, operators) {
  let current = rows;
  for (const { name, tokens, end } of operators) {
    const parser = new Parser(tokens, end);
    switch (name) {
      case 'where': {
        const condition = parser.expression();
        parser.end();
        current = current.filter((row) => evaluate(condition, row) === true);
        break;
      }
      case 'project':
      case 'extend': {
        const columns = parser.columnList();
        parser.end();
        current = current.map((row) => {
          /** @type {Row} */
          const out = name === 'extend' ? { ...row } : {};
          for (const { alias, expr } of columns) out[alias] = evaluate(expr, row);
          return out;
        });
        break;
      }
      case 'limit':
      case 'take': {
        const count = parser.expression();
        parser.end();
        const n = evaluate(count, {});
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw graphError('ParserFailure', `${name} needs a non-negative integer.`);
        current = current.slice(0, n);
        break;
      }
      case 'order by': {
        const keys = parser.orderKeys();
        parser.end();
        current = [...current].sort((a, b) => {
          for (const { expr, descending } of keys) {
            const order = compare(evaluate(expr, a), evaluate(expr, b));
            if (order !== 0) return descending ? -order : order;
          }
          return 0;
        });
        break;
      }
      case 'count':
        parser.end();
        current = [{ Count: current.length }];
        break;
      default:
        throw graphError('UnsupportedByEmulator', `The operator '${name}' is not in the emulator's KQL subset (where, project, extend, order by, sort by, limit, take, count).`);
    }
  }
  return current;
}

/** @param {string} text */
function tokenize(text) {
  /** @type {Token[]} */
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'" || c === '"' || (c === '@' && (text[i + 1] === "'" || text[i + 1] === '"'))) {
      const verbatim = c === '@';
      const quote = verbatim ? text[i + 1] : c;
      let j = verbatim ? i + 2 : i + 1;
      let value = '';
      while (j < text.length && text[j] !== quote) {
        if (text[j] === '\\' && !verbatim && j + 1 < text.length) {
          j += 1;
          value += { n: '\n', t: '\t', r: '\r' }[text[j]] ?? text[j];
        } else value += text[j];
        j += 1;
      }
      if (j >= text.length) throw new ParseFailure({ type: 'string', value: text.slice(i), at: i }, `An unterminated string at position ${i}.`);
      tokens.push({ type: 'string', value, at: i });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const match = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i));
      const value = match?.[0] ?? c;
      tokens.push({ type: 'number', value, at: i });
      i += value.length;
    } else if (/[A-Za-z_$]/.test(c) || (c === '!' && /[A-Za-z]/.test(text[i + 1] ?? ''))) {
      const match = /^!?[A-Za-z_$][A-Za-z0-9_$-]*/.exec(text.slice(i));
      let value = match?.[0] ?? c;
      // Hyphens belong to names like project-away, never to a subtraction in this subset.
      if (value.endsWith('-')) value = value.replace(/-+$/, '');
      i += value.length;
      if ((value === 'in' || value === '!in') && text[i] === '~') {
        value += '~';
        i += 1;
      }
      tokens.push({ type: value.startsWith('!') ? 'op' : 'ident', value, at: i - value.length });
    } else {
      const two = text.slice(i, i + 2);
      if (['==', '!=', '=~', '!~', '<=', '>='].includes(two)) {
        tokens.push({ type: 'op', value: two, at: i });
        i += 2;
      } else if ('|,()[].=<>'.includes(c)) {
        tokens.push({ type: 'op', value: c, at: i });
        i += 1;
      } else {
        throw new ParseFailure({ type: 'op', value: c, at: i }, `Unexpected character '${c}' at position ${i}.`);
      }
    }
  }
  return tokens;
}

const WORD_OPERATORS = new Set(['contains', 'contains_cs', 'has', 'has_cs', 'startswith', 'endswith', '!contains', '!has', '!startswith', '!endswith']);
const LIST_OPERATORS = new Set(['in', 'in~', '!in', '!in~']);
const COMPARISONS = new Set(['==', '!=', '=~', '!~', '<', '<=', '>', '>=']);

class Parser {
  /**
   * @param {Token[]} tokens
   * @param {Token} [end] the token after them (a `|`), undefined at the end of the query
   */
  constructor(tokens, end) {
    this.tokens = tokens;
    this.end_ = end;
    this.position = 0;
  }

  /**
   * A parse failure at the current token.
   * @param {string} why
   */
  fail(why) {
    return new ParseFailure(this.peek() ?? this.end_, why);
  }

  /** @returns {Token | undefined} */
  peek() {
    return this.tokens[this.position];
  }

  /** @param {string} value */
  accept(value) {
    const token = this.peek();
    if (token !== undefined && token.type !== 'string' && token.value.toLowerCase() === value) {
      this.position += 1;
      return true;
    }
    return false;
  }

  /** @param {string} value */
  expect(value) {
    if (!this.accept(value)) throw this.fail(`Expected '${value}' ${this.where()}.`);
  }

  where() {
    const token = this.peek();
    return token === undefined ? 'at the end of an operator' : `near '${token.value}'`;
  }

  end() {
    if (this.peek() !== undefined) throw this.fail(`Unexpected '${this.peek()?.value}' (not in the emulator's KQL subset).`);
  }

  /** @returns {{ alias: string, expr: Expr }[]} */
  columnList() {
    const columns = [];
    do {
      const start = this.position;
      const first = this.peek();
      if (first?.type === 'ident' && this.tokens[start + 1]?.value === '=') {
        this.position += 2;
        columns.push({ alias: first.value, expr: this.expression() });
      } else {
        const expr = this.expression();
        if (expr.kind !== 'path') throw this.fail(`A computed column needs a name (name = expression) ${this.where()}.`);
        columns.push({ alias: [expr.root, ...expr.steps].join('_'), expr });
      }
    } while (this.accept(','));
    return columns;
  }

  orderKeys() {
    const keys = [];
    do {
      const expr = this.expression();
      // KQL sorts descending unless told otherwise.
      let descending = true;
      if (this.accept('asc')) descending = false;
      else this.accept('desc');
      keys.push({ expr, descending });
    } while (this.accept(','));
    return keys;
  }

  /** @returns {Expr} */
  expression() {
    let left = this.conjunction();
    while (this.accept('or')) left = { kind: 'bin', op: 'or', left, right: this.conjunction() };
    return left;
  }

  /** @returns {Expr} */
  conjunction() {
    let left = this.comparison();
    while (this.accept('and')) left = { kind: 'bin', op: 'and', left, right: this.comparison() };
    return left;
  }

  /** @returns {Expr} */
  comparison() {
    const left = this.primary();
    const token = this.peek();
    if (token === undefined || token.type === 'string') return left;
    const op = token.value.toLowerCase();
    if (COMPARISONS.has(op) || WORD_OPERATORS.has(op)) {
      this.position += 1;
      return { kind: 'bin', op, left, right: this.primary() };
    }
    if (LIST_OPERATORS.has(op)) {
      this.position += 1;
      this.expect('(');
      const items = [];
      if (!this.accept(')')) {
        do items.push(this.primary());
        while (this.accept(','));
        this.expect(')');
      }
      return { kind: 'list', op, left, items };
    }
    return left;
  }

  /** @returns {Expr} */
  primary() {
    const token = this.peek();
    if (token === undefined) throw this.fail('An expression is missing.');
    this.position += 1;
    if (token.type === 'string') return { kind: 'lit', value: token.value };
    if (token.type === 'number') return { kind: 'lit', value: Number(token.value) };
    if (token.value === '(') {
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (token.type !== 'ident') throw new ParseFailure(token, `Unexpected '${token.value}'.`);
    const lower = token.value.toLowerCase();
    if (lower === 'true' || lower === 'false') return { kind: 'lit', value: lower === 'true' };
    if (lower === 'null') return { kind: 'lit', value: null };
    if (this.accept('(')) {
      const args = [];
      if (!this.accept(')')) {
        do args.push(this.expression());
        while (this.accept(','));
        this.expect(')');
      }
      if (!(lower in FUNCTIONS)) throw graphError('UnsupportedByEmulator', `The function '${token.value}' is not in the emulator's KQL subset.`);
      return { kind: 'call', name: lower, args };
    }
    /** @type {(string|number)[]} */
    const steps = [];
    for (;;) {
      if (this.accept('.')) {
        const next = this.peek();
        if (next === undefined || next.type !== 'ident') throw this.fail(`A property name is missing after '.' ${this.where()}.`);
        this.position += 1;
        steps.push(next.value);
      } else if (this.accept('[')) {
        const key = this.peek();
        if (key === undefined || (key.type !== 'string' && key.type !== 'number')) throw this.fail("Expected a string or index inside '[ ]'.");
        this.position += 1;
        steps.push(key.type === 'number' ? Number(key.value) : key.value);
        this.expect(']');
      } else break;
    }
    return { kind: 'path', root: token.value, steps };
  }
}

/** @type {Record<string, (...args: unknown[]) => unknown>} */
const FUNCTIONS = {
  tostring: (value) => asString(value),
  tolower: (value) => asString(value).toLowerCase(),
  toupper: (value) => asString(value).toUpperCase(),
  toint: (value) => toNumber(value, true),
  tolong: (value) => toNumber(value, true),
  toreal: (value) => toNumber(value, false),
  todouble: (value) => toNumber(value, false),
  tobool: (value) => (typeof value === 'boolean' ? value : typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : null),
  isempty: (value) => value === null || value === undefined || value === '',
  isnotempty: (value) => !(value === null || value === undefined || value === ''),
  isnull: (value) => value === null || value === undefined,
  isnotnull: (value) => !(value === null || value === undefined),
  strcat: (...values) => values.map(asString).join(''),
  array_length: (value) => (Array.isArray(value) ? value.length : null),
  iff: (condition, whenTrue, whenFalse) => (condition === true ? whenTrue : whenFalse),
  coalesce: (...values) => values.find((v) => v !== null && v !== undefined && v !== '') ?? null,
  not: (value) => !(value === true),
};

/** @param {unknown} value */
function asString(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * @param {unknown} value
 * @param {boolean} integer
 */
function toNumber(value, integer) {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(number)) return null;
  return integer ? Math.trunc(number) : number;
}

/**
 * @param {unknown} a
 * @param {unknown} b
 */
function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return asString(a) < asString(b) ? -1 : 1;
}

/**
 * @param {Expr} expr
 * @param {Row} row
 * @returns {unknown}
 */
function evaluate(expr, row) {
  switch (expr.kind) {
    case 'lit':
      return expr.value;
    case 'path': {
      if (!(expr.root in row)) throw graphError('ParserFailure', `Failed to resolve scalar expression named '${expr.root}'.`);
      /** @type {any} */
      let value = row[expr.root];
      for (const step of expr.steps) {
        if (value === null || typeof value !== 'object') return null;
        value = value[step];
      }
      return value ?? null;
    }
    case 'call':
      return FUNCTIONS[expr.name](...expr.args.map((arg) => evaluate(arg, row)));
    case 'list': {
      const left = evaluate(expr.left, row);
      const items = expr.items.map((item) => evaluate(item, row));
      const insensitive = expr.op.endsWith('~');
      const found = items.some((item) => (insensitive ? asString(item).toLowerCase() === asString(left).toLowerCase() : item === left));
      return expr.op.startsWith('!') ? !found : found;
    }
    case 'bin': {
      if (expr.op === 'and') return evaluate(expr.left, row) === true && evaluate(expr.right, row) === true;
      if (expr.op === 'or') return evaluate(expr.left, row) === true || evaluate(expr.right, row) === true;
      const left = evaluate(expr.left, row);
      const right = evaluate(expr.right, row);
      const l = asString(left).toLowerCase();
      const r = asString(right).toLowerCase();
      switch (expr.op) {
        case '==':
          return left === right;
        case '!=':
          return left !== right;
        case '=~':
          return l === r;
        case '!~':
          return l !== r;
        case '<':
          return compare(left, right) < 0;
        case '<=':
          return compare(left, right) <= 0;
        case '>':
          return compare(left, right) > 0;
        case '>=':
          return compare(left, right) >= 0;
        case 'contains':
          return l.includes(r);
        case '!contains':
          return !l.includes(r);
        case 'contains_cs':
          return asString(left).includes(asString(right));
        case 'has':
        case '!has':
        case 'has_cs': {
          const terms = (expr.op === 'has_cs' ? asString(left) : l).split(/[^A-Za-z0-9]+/);
          const found = terms.includes(expr.op === 'has_cs' ? asString(right) : r);
          return expr.op === '!has' ? !found : found;
        }
        case 'startswith':
          return l.startsWith(r);
        case '!startswith':
          return !l.startsWith(r);
        case 'endswith':
          return l.endsWith(r);
        case '!endswith':
          return !l.endsWith(r);
        default:
          throw graphError('UnsupportedByEmulator', `The operator '${expr.op}' is not in the emulator's KQL subset.`);
      }
    }
  }
}
