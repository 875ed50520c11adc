import type { CodeRule, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import type { CodeRuleContext } from '../../engine/rule-context';
import { nameWords, plainName, stringValue } from '../../analysis/syntax';
import { CALL_TYPES, callParts, enclosingFunction, lastName, wordsOf } from '../../analysis/code-shapes';

/** Hibernate / JPA / Spring settings that let the ORM create, drop or alter the schema at start-up. */
const DDL_KEYS = new Set([
  'hibernate.hbm2ddl.auto', 'spring.jpa.hibernate.ddl-auto', 'javax.persistence.schema-generation.database.action',
  'jakarta.persistence.schema-generation.database.action',
]);
const DDL_CONSTANTS = new Set(['HBM2DDL_AUTO', 'HBM2DDL_DATABASE_ACTION', 'JAKARTA_HBM2DDL_DATABASE_ACTION']);
const DESTRUCTIVE_DDL = new Set(['create', 'create-drop', 'update', 'drop-and-create', 'drop', 'create-only']);
/** TypeORM DataSource options: an object with one of these keys is a connection config. */
const TYPEORM_KEYS = new Set(['type', 'entities', 'database', 'host', 'url', 'migrations', 'autoLoadEntities', 'username']);
/** Words in an `if` condition that make the block environment-specific (dev, test, local...). */
const ENV_WORDS = new Set(['env', 'environment', 'development', 'dev', 'test', 'tests', 'testing', 'local', 'debug', 'production', 'prod', 'staging']);
/**
 * Seed and reset scripts rebuild a development database on purpose, and explicit commands (rake tasks, Django
 * management commands, Artisan commands) only run when someone asks for them.
 */
const SCRIPT_PATH = /(^|\/)(seeds?|seeders|seeding)(\/|$)|(^|\/)[^/]*(seed|reset|teardown|drop)[^/]*$|(^|\/)lib\/tasks\/|\.rake$|(^|\/)management\/commands\/|(^|\/)Console\/Commands\//i;
const IF_TYPES = new Set(['if_statement', 'if', 'if_modifier', 'unless', 'unless_modifier']);

/** The names of the calls, keys and settings it reports, per language (Hibernate/JPA keys all say ddl or schema-generation). */
const JS_MENTIONS = /\bsync\b|synchronize|dropDatabase|dropSchema/;
const MENTIONS: CodeRule['mentions'] = {
  javascript: JS_MENTIONS, typescript: JS_MENTIONS, tsx: JS_MENTIONS,
  python: /drop_all|drop_database/,
  java: /ddl|schema-generation/i,
  go: /DropTable/,
  ruby: /create_table|drop_table|drop_database/,
  php: /drop/i,
};

export const destructiveSchemaSync: Rule = {
  id: 'database/destructive-schema-sync',
  locality: 'declaration',
  meta: {
    title: 'Schema dropped or auto-altered at start-up',
    area: 'database',
    defaultSeverity: 'error',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'ORM auto-sync and drop calls in application code (sync({ force: true }), synchronize: true, drop_all(), hbm2ddl.auto=create, DropTable) rebuild or silently alter the schema when the service starts, which loses data in production; schema changes belong in reviewed migrations.',
    cwe: ['CWE-1188'],
    references: ['CWE-1188 (insecure default initialization of resource)', 'TypeORM docs: "synchronize: true shouldn\'t be used in production"', 'Sequelize docs: model synchronization in production', 'Hibernate docs: hbm2ddl.auto'],
    messages: {
      sync: '{{what}} rebuilds or alters the database schema when this code runs: in production that drops or rewrites tables with their data. Use versioned migrations, and keep this for tests or explicit dev scripts.',
      drop: '{{what}} drops database objects from application code: run destructive schema changes as a reviewed migration, never at start-up.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    if (ctx.isTestFile || SCRIPT_PATH.test(ctx.file) || /(^|\/)conftest\.py$/.test(ctx.file)) return;
    switch (ctx.language) {
      case 'javascript': case 'typescript': case 'tsx': return checkJs(ctx);
      case 'python': return checkPython(ctx);
      case 'java': return checkJava(ctx);
      case 'go': return checkGo(ctx);
      case 'ruby': return checkRuby(ctx);
      case 'php': return checkPhp(ctx);
    }
  },
};

/** Inside the then-branch of an `if` about the environment (`NODE_ENV === 'development'`, `settings.DEBUG`, `__main__`). */
function envGuarded(node: SyntaxNode): boolean {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (!IF_TYPES.has(p.type)) continue;
    const branch = p.childForFieldName('consequence') ?? p.childForFieldName('body');
    if (!branch?.equals(child)) continue;
    const condition = p.childForFieldName('condition');
    if (!condition) continue;
    const words: string[] = [];
    const stack = [condition];
    while (stack.length) {
      const n = stack.pop()!;
      const value = stringValue(n);
      if (value !== undefined) words.push(...nameWords(value));
      else if (n.namedChildCount === 0) { if (n.text === '__name__') return true; words.push(...nameWords(n.text)); }
      for (const c of n.namedChildren) if (c) stack.push(c);
    }
    if (words.some(w => ENV_WORDS.has(w))) return true;
  }
  return false;
}

function report(ctx: CodeRuleContext, node: SyntaxNode, messageId: 'sync' | 'drop', what: string): void {
  if (envGuarded(node)) return;
  ctx.report({ node, messageId, data: { what } });
}

const isTrue = (node: SyntaxNode | null | undefined) => node?.type === 'true' || node?.text === 'True';

// ---- JavaScript / TypeScript ------------------------------------------------------------------------------
function checkJs(ctx: CodeRuleContext): void {
  for (const call of ctx.nodesOfType('call_expression')) {
    const parts = callParts(call);
    if (!parts?.name || !parts.receiver) continue;
    if (parts.name === 'sync' && parts.args[0]?.type === 'object') { // Sequelize: sequelize.sync({ force: true }), Model.sync(..)
      for (const pair of parts.args[0].namedChildren) {
        const keyNode = pair?.type === 'pair' ? pair.childForFieldName('key') : null;
        if (!pair || !keyNode) continue;
        const key = plainName(keyNode);
        if ((key === 'force' || key === 'alter') && isTrue(pair.childForFieldName('value'))) report(ctx, pair, 'sync', `sync({ ${key}: true })`);
      }
    } else if (parts.name === 'dropDatabase' && parts.args.length === 0) { // Mongoose / MongoDB / TypeORM
      report(ctx, call, 'drop', `${lastName(parts.receiver) ?? ''}.dropDatabase()`.replace(/^\./, ''));
    } else if (parts.name === 'synchronize' && isTrue(parts.args[0])) { // TypeORM dataSource.synchronize(dropBeforeSync)
      report(ctx, call, 'sync', 'synchronize(true)');
    }
  }
  // TypeORM DataSource options: { type: 'postgres', synchronize: true, dropSchema: true }
  for (const pair of ctx.nodesOfType('pair')) {
    const keyNode = pair.childForFieldName('key');
    if (!keyNode) continue;
    const key = plainName(keyNode);
    if ((key !== 'synchronize' && key !== 'dropSchema') || !isTrue(pair.childForFieldName('value'))) continue;
    const object = pair.parent;
    const siblings = (object?.namedChildren ?? []).map(p => (p?.type === 'pair' && p.childForFieldName('key') ? plainName(p.childForFieldName('key')!) : p?.type === 'shorthand_property_identifier' ? p.text : ''));
    if (!siblings.some(k => TYPEORM_KEYS.has(k))) continue;
    report(ctx, pair, 'sync', `${key}: true`);
  }
}

// ---- Python ------------------------------------------------------------------------------------------------
/** A function run only on request: a click / Flask CLI command, a management command. */
function isCliCommand(fn: SyntaxNode | undefined): boolean {
  const decorated = fn?.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!decorated) return false;
  return decorated.namedChildren.some(d => d?.type === 'decorator' && /\bcommand\b|\bgroup\b/.test(d.text));
}

function checkPython(ctx: CodeRuleContext): void {
  for (const call of ctx.nodesOfType('call')) {
    const parts = callParts(call);
    if (!parts?.name || !parts.receiver) continue;
    let what: string | undefined;
    if (parts.name === 'drop_all') what = `${parts.receiver.text.length <= 30 ? parts.receiver.text : lastName(parts.receiver)}.drop_all()`;
    else if (parts.name === 'drop_database' && wordsOf(parts.receiver).some(w => ['client', 'mongo', 'conn', 'connection', 'db'].includes(w))) what = 'drop_database()';
    if (!what) continue;
    if (isCliCommand(enclosingFunction(call))) continue;
    report(ctx, call, 'drop', what);
  }
}

// ---- Java --------------------------------------------------------------------------------------------------
function checkJava(ctx: CodeRuleContext): void {
  for (const inv of ctx.nodesOfType('method_invocation')) {
    const parts = callParts(inv);
    if (!parts?.name) continue;
    if ((parts.name === 'put' || parts.name === 'setProperty' || parts.name === 'addProperty') && parts.args.length === 2) {
      const keyNode = parts.args[0]!;
      const key = stringValue(keyNode) ?? (keyNode.type === 'field_access' ? keyNode.childForFieldName('field')?.text : undefined);
      if (!key || !(DDL_KEYS.has(key) || DDL_CONSTANTS.has(key))) continue;
      const value = stringValue(parts.args[1]!);
      if (value && DESTRUCTIVE_DDL.has(value.toLowerCase())) report(ctx, parts.args[1]!, 'sync', `${stringValue(keyNode) ?? keyNode.text} = "${value}"`);
    } else if (parts.name === 'setGenerateDdl' && isTrue(parts.args[0])) {
      report(ctx, inv, 'sync', 'setGenerateDdl(true)');
    }
  }
}

// ---- Go ----------------------------------------------------------------------------------------------------
function checkGo(ctx: CodeRuleContext): void {
  for (const call of ctx.nodesOfType(...CALL_TYPES.go)) {
    const parts = callParts(call);
    if (!parts?.name || !parts.receiver) continue;
    // GORM v2 db.Migrator().DropTable(..); GORM v1 db.DropTable(..) / db.DropTableIfExists(..)
    const viaMigrator = parts.receiver.type === 'call_expression' && callParts(parts.receiver)?.name === 'Migrator';
    if (parts.name === 'DropTable' && (viaMigrator || wordsOf(parts.receiver).some(w => w === 'db' || w === 'gorm' || w === 'tx'))) report(ctx, call, 'drop', viaMigrator ? 'Migrator().DropTable()' : 'DropTable()');
    else if (parts.name === 'DropTableIfExists' && wordsOf(parts.receiver).some(w => w === 'db' || w === 'gorm' || w === 'tx')) report(ctx, call, 'drop', 'DropTableIfExists()');
  }
}

// ---- Ruby --------------------------------------------------------------------------------------------------
function checkRuby(ctx: CodeRuleContext): void {
  const schemaFile = /(^|\/)db\/(schema|[a-z_]+_schema)\.rb$/.test(ctx.file); // generated by Rails, loaded on purpose
  const migration = /(^|\/)db\/migrate\//.test(ctx.file);
  for (const call of ctx.nodesOfType('call')) {
    const parts = callParts(call);
    if (!parts?.name) continue;
    if (parts.name === 'create_table' && !schemaFile) {
      const force = parts.args.find(a => a.type === 'pair' && !!a.childForFieldName('key') && plainName(a.childForFieldName('key')!) === 'force');
      const value = force?.childForFieldName('value');
      if (value && (value.type === 'true' || /^:?cascade$/.test(value.text))) report(ctx, call, 'sync', `create_table ..., force: ${value.text}`);
    } else if ((parts.name === 'drop_table' || parts.name === 'drop_database') && !migration) {
      report(ctx, call, 'drop', `${parts.name}`);
    }
  }
}

// ---- PHP ---------------------------------------------------------------------------------------------------
function checkPhp(ctx: CodeRuleContext): void {
  const migration = /(^|\/)(database\/)?migrations\//i.test(ctx.file);
  for (const call of ctx.nodesOfType('scoped_call_expression', 'member_call_expression')) {
    const parts = callParts(call);
    if (!parts?.name || !parts.receiver) continue;
    if (call.type === 'scoped_call_expression' && lastName(parts.receiver) === 'Schema' && /^(drop|dropIfExists|dropAllTables|dropAllViews|dropAllTypes)$/.test(parts.name)) {
      if (!migration) report(ctx, call, 'drop', `Schema::${parts.name}()`);
    } else if (call.type === 'member_call_expression' && /^(dropSchema|dropDatabase)$/.test(parts.name) && wordsOf(parts.receiver).some(w => w === 'schema' || w === 'tool' || w === 'manager')) {
      report(ctx, call, 'drop', `SchemaTool->${parts.name}()`);
    }
  }
}
