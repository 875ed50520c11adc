import type { LanguageId, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import { CALL_TYPES, type CallInfo, callInfo, createFlow, dotted, passesThrough, relatedOf, taintOf } from '../../analysis/dataflow';
import { nameWords } from '../../analysis/syntax';

/**
 * How sure a call is a SQL API:
 * - `strong`: the name says so (`executeQuery`, `whereRaw`, `find_by_sql`, `mysqli_query`) — report any taint;
 * - `generic`: `query`, `execute`, `raw`... — report when the text looks like SQL, or when the whole argument is
 *   tainted and the receiver is a database handle (`db`, `pool`, `cursor`, `connection`...);
 * - `weak`: `get`, `all`, `run`, `Select`... — only when the text looks like SQL;
 * - `fragment`: `where`, `order`, `having`... — only when request data is embedded in a string that reads like
 *   a SQL condition or ordering (a hash / column-name argument is fine).
 */
type Strength = 'strong' | 'generic' | 'weak' | 'fragment';
interface Sink { arg: SyntaxNode; strength: Strength }

const SQL_STATEMENT = /\b(select\b[\s\S]*\bfrom|insert\s+into|update\b[\s\S]*\bset|delete\s+from|replace\s+into|merge\s+into|upsert|(create|drop|alter|truncate)\s+(table|index|view|database|schema)|exec(ute)?\s+\w|call\s+\w+\s*\()\b|\b(where|order\s+by|group\s+by|having|limit|values)\b/i;
const SQL_FRAGMENT = /=|<>|!=|<|>|\b(like|ilike|in|is|between|and|or|not|asc|desc|null|select|from|where)\b/i;
const DB_WORDS = new Set([
  'db', 'database', 'conn', 'connection', 'client', 'pool', 'knex', 'sequelize', 'cursor', 'cur', 'session', 'engine', 'pg', 'mysql',
  'mysqli', 'sqlite', 'sqlite3', 'sql', 'tx', 'trx', 'transaction', 'stmt', 'statement', 'em', 'entity', 'jdbc', 'template', 'prisma',
  'pdo', 'wpdb', 'datasource', 'source', 'manager', 'repo', 'repository', 'orm', 'gorm', 'sqlx', 'postgres', 'pgx', 'dbh', 'sth',
]);

const JS: Record<string, Strength> = {
  $queryRawUnsafe: 'strong', $executeRawUnsafe: 'strong', whereRaw: 'strong', orWhereRaw: 'strong', andWhereRaw: 'strong',
  havingRaw: 'strong', orHavingRaw: 'strong', orderByRaw: 'strong', groupByRaw: 'strong', selectRaw: 'strong', joinRaw: 'strong', fromRaw: 'strong',
  query: 'generic', execute: 'generic', raw: 'generic', unsafe: 'generic', prepare: 'generic',
  exec: 'weak', run: 'weak', all: 'weak', get: 'weak', each: 'weak', one: 'weak', many: 'weak', none: 'weak', any: 'weak',
  oneOrNone: 'weak', manyOrNone: 'weak', literal: 'fragment',
  where: 'fragment', andWhere: 'fragment', orWhere: 'fragment', having: 'fragment', andHaving: 'fragment', orHaving: 'fragment',
};
const PYTHON: Record<string, Strength> = {
  executescript: 'strong', executemany: 'strong', read_sql: 'strong', read_sql_query: 'strong', RawSQL: 'strong',
  execute: 'generic', raw: 'generic', text: 'weak', fetch: 'weak', fetchrow: 'weak', fetchval: 'weak', mogrify: 'weak',
  extra: 'fragment', where: 'fragment', filter: 'fragment', order_by: 'fragment',
};
const JAVA: Record<string, Strength> = {
  executeQuery: 'strong', executeUpdate: 'strong', executeLargeUpdate: 'strong', addBatch: 'strong', prepareStatement: 'strong',
  prepareCall: 'strong', createNativeQuery: 'strong', createSQLQuery: 'strong', createQuery: 'strong', queryForList: 'strong',
  queryForObject: 'strong', queryForMap: 'strong', queryForRowSet: 'strong', queryForStream: 'strong', batchUpdate: 'strong',
  execute: 'generic', query: 'generic', update: 'weak',
};
/** Go: name → [strength, index of the query argument]. */
const GO: Record<string, [Strength, number]> = {
  Query: ['generic', 0], QueryRow: ['generic', 0], Exec: ['generic', 0], Prepare: ['generic', 0], Raw: ['generic', 0],
  QueryContext: ['generic', 1], QueryRowContext: ['generic', 1], ExecContext: ['generic', 1], PrepareContext: ['generic', 1],
  Queryx: ['generic', 0], QueryRowx: ['generic', 0], MustExec: ['generic', 0], NamedExec: ['generic', 0],
  Select: ['weak', 1], Get: ['weak', 1], SelectContext: ['weak', 2], GetContext: ['weak', 2],
  Where: ['fragment', 0], Or: ['fragment', 0], Not: ['fragment', 0], Order: ['fragment', 0], Having: ['fragment', 0], Joins: ['fragment', 0], Group: ['fragment', 0],
};
const RUBY: Record<string, Strength> = {
  find_by_sql: 'strong', count_by_sql: 'strong', exec_query: 'strong', select_all: 'strong', select_one: 'strong', select_value: 'strong',
  select_values: 'strong', select_rows: 'strong', exec_update: 'strong', exec_delete: 'strong', exec_insert: 'strong',
  execute: 'generic',
  where: 'fragment', not: 'fragment', rewhere: 'fragment', order: 'fragment', reorder: 'fragment', group: 'fragment', having: 'fragment',
  joins: 'fragment', from: 'fragment', pluck: 'fragment', select: 'fragment', update_all: 'fragment', delete_all: 'fragment',
  'exists?': 'fragment', find_by: 'fragment', lock: 'fragment', calculate: 'fragment',
};
/** PHP functions: name → index of the query argument (-1: the last one). */
const PHP_FUNCTIONS: Record<string, number> = {
  mysqli_query: 1, mysqli_real_query: 1, mysqli_multi_query: 1, mysqli_prepare: 1, mysql_query: 0, mysql_unbuffered_query: 0,
  pg_query: -1, pg_send_query: -1, pg_prepare: 2, sqlsrv_query: 1, sqlsrv_prepare: 1, oci_parse: 1, db2_exec: 1, odbc_exec: 1,
};
const PHP_METHODS: Record<string, Strength> = {
  whereRaw: 'strong', orWhereRaw: 'strong', havingRaw: 'strong', orHavingRaw: 'strong', orderByRaw: 'strong', selectRaw: 'strong',
  groupByRaw: 'strong', executeQuery: 'strong', executeStatement: 'strong', executeUpdate: 'strong', get_results: 'strong', get_row: 'strong',
  get_var: 'strong', get_col: 'strong', rawQuery: 'strong', multi_query: 'strong', real_query: 'strong', createQuery: 'strong',
  query: 'generic', exec: 'generic', prepare: 'generic',
};
/** Laravel `DB::` facade statics. */
const PHP_DB_STATICS = new Set(['select', 'selectOne', 'insert', 'update', 'delete', 'statement', 'unprepared', 'raw', 'affectingStatement', 'cursor']);

function isJs(language: LanguageId): boolean {
  return language === 'javascript' || language === 'typescript' || language === 'tsx';
}

/** `{ text: '...', values: [...] }` / `{ sql: '...' }` option objects (pg, mysql2, Sequelize). */
function queryOfObject(arg: SyntaxNode): SyntaxNode {
  if (arg.type !== 'object') return arg;
  for (const pair of arg.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const key = pair.childForFieldName('key')?.text.replace(/['"]/g, '');
    if (key === 'text' || key === 'sql' || key === 'query') return pair.childForFieldName('value') ?? arg;
  }
  return arg;
}

function sinkOf(call: CallInfo, language: LanguageId): Sink | undefined {
  const known = isJs(language) ? JS : language === 'python' ? PYTHON : language === 'java' ? JAVA : language === 'go' ? GO
    : language === 'ruby' ? RUBY : PHP_METHODS;
  // cheap name test first: most calls are not SQL APIs
  if (!Object.hasOwn(known, call.name) && !(language === 'php' && (Object.hasOwn(PHP_FUNCTIONS, call.name.toLowerCase()) || PHP_DB_STATICS.has(call.name)))) return undefined;
  const first = call.args[0];
  if (isJs(language)) {
    const strength = JS[call.name];
    if (!strength || !first || !call.receiver) return undefined;
    return { arg: queryOfObject(first), strength };
  }
  switch (language) {
    case 'python': {
      const strength = PYTHON[call.name];
      if (!strength) return undefined;
      if (call.name === 'text' && call.receiver && !/^(sa|sqlalchemy|sql)$/.test(dotted(call.receiver))) return undefined;
      if (call.name === 'extra') { const where = call.keywords.get('where'); return where ? { arg: where, strength } : undefined; }
      const arg = first ?? call.keywords.get('sql') ?? call.keywords.get('query');
      return arg ? { arg, strength } : undefined;
    }
    case 'java': {
      const strength = JAVA[call.name];
      return strength && first && !call.isNew ? { arg: first, strength } : undefined;
    }
    case 'go': {
      const entry = GO[call.name];
      const arg = entry ? call.args[entry[1]] : undefined;
      return entry && arg && call.receiver ? { arg, strength: entry[0] } : undefined;
    }
    case 'ruby': {
      const strength = RUBY[call.name];
      if (!strength || !first || !call.receiver) return undefined;
      // find_by_sql(["... ?", value]) is the parameterised form: only the template counts
      const arg = first.type === 'array' ? first.namedChildren.find(c => !!c && c.type !== 'comment') ?? first : first;
      return { arg, strength };
    }
    case 'php': {
      if (call.node.type === 'function_call_expression') {
        const index = PHP_FUNCTIONS[call.name.toLowerCase()];
        if (index === undefined) return undefined;
        const arg = index === -1 ? call.args.at(-1) : call.args[index];
        return arg ? { arg, strength: 'strong' } : undefined;
      }
      if (call.node.type === 'scoped_call_expression' && call.receiver?.text === 'DB' && PHP_DB_STATICS.has(call.name)) return first ? { arg: first, strength: 'strong' } : undefined;
      const strength = PHP_METHODS[call.name];
      return strength && first ? { arg: first, strength } : undefined;
    }
  }
  return undefined;
}

function isDbReceiver(receiver: SyntaxNode | null): boolean {
  if (!receiver) return false;
  const last = dotted(receiver).replace(/\(\)$/, '').split('.').at(-1) ?? '';
  return nameWords(last.replace(/^\$/, '')).some(w => DB_WORDS.has(w));
}

export const sqlInjection: Rule = {
  id: 'security/sql-injection',
  locality: 'declaration',
  meta: {
    title: 'SQL built from untrusted input',
    area: 'security',
    defaultSeverity: 'error',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'Query text concatenated or interpolated from request input or a function parameter lets the caller change the query; pass values as bound parameters instead.',
    cwe: ['CWE-89'],
    references: ['OWASP ASVS v5 1.2.4', 'OWASP Top 10 2021 A03', 'OWASP SQL Injection Prevention Cheat Sheet'],
    messages: {
      tainted: 'SQL text is built from {{source}}: use placeholders and pass the value as a bound parameter.',
    },
  },
  check(ctx) {
    if (ctx.isTestFile) return; // test code does not serve requests
    const flow = createFlow(ctx);
    const found: { arg: SyntaxNode; source: string; related: ReturnType<typeof relatedOf> }[] = [];
    for (const node of ctx.nodesOfType(...CALL_TYPES[ctx.language])) {
      const call = callInfo(node);
      if (!call) continue;
      const sink = sinkOf(call, ctx.language);
      if (!sink) continue;
      const taint = taintOf(sink.arg, flow);
      if (!taint || passesThrough(taint)) continue; // a wrapper's parameter: its callers build the query
      const text = taint.text.replace(/\?/g, ' ');
      const hasText = text.trim() !== '';
      const report = sink.strength === 'strong'
        || (sink.strength === 'generic' && (SQL_STATEMENT.test(text) || (!hasText && isDbReceiver(call.receiver))))
        || (sink.strength === 'weak' && SQL_STATEMENT.test(text))
        || (sink.strength === 'fragment' && hasText && SQL_FRAGMENT.test(text));
      if (report) found.push({ arg: sink.arg, source: taint.source, related: relatedOf(taint, ctx.file) });
    }
    // session.execute(text(f"...")): report the innermost SQL API only.
    for (const f of found) {
      if (found.some(o => o !== f && o.arg.startIndex >= f.arg.startIndex && o.arg.endIndex <= f.arg.endIndex)) continue;
      ctx.report({ node: f.arg, messageId: 'tainted', data: { source: f.source }, related: f.related });
    }
  },
};
