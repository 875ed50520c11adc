/**
 * Which calls talk to a database: drivers, query builders and ORMs in the seven grammars. Precision over recall —
 * a call counts only when its receiver or method name says "database" (`db.query`, `User.findByPk`,
 * `Author.objects.get`, `userRepository.findById`, `s.db.QueryRow`, `Customer.find`, `DB::table`), so that
 * `map.get`, `cache.set` or `orders.find` never do.
 */
import type { LanguageId } from '../model';
import type { SyntaxNode } from '../languages/parser';
import { nameWords } from './syntax';
import { callParts, chainBase, lastName, receiverCalls, wordsOf } from './code-shapes';

/** Words that make a receiver a database handle: `db`, `pool`, `pgPool`, `dbConn`, `tx`, `knex`, `sequelize`... */
const DB_WORDS = new Set([
  'db', 'database', 'pool', 'conn', 'connection', 'pg', 'mysql', 'mysqli', 'sql', 'knex', 'trx', 'tx', 'sequelize',
  'datasource', 'sqlite', 'postgres', 'mssql', 'oracle', 'gorm', 'orm', 'pdo', 'dbh', 'sqlx', 'cursor', 'cur',
]);
const isDbName = (node: SyntaxNode | undefined | null) => wordsOf(node).some(w => DB_WORDS.has(w));
const isPascal = (name: string | undefined): name is string => !!name && /^[A-Z][a-z][A-Za-z0-9]*$/.test(name);
const isStringArg = (node: SyntaxNode | undefined) => !!node && /^(string|template_string|string_literal|interpreted_string_literal|raw_string_literal|encapsed_string|heredoc|nowdoc)$/.test(node.type);
const isRepositoryName = (node: SyntaxNode | undefined | null) => {
  const words = wordsOf(node);
  const last = words[words.length - 1];
  return last === 'repository' || last === 'repo' || last === 'dao';
};

// ---- JavaScript / TypeScript ------------------------------------------------------------------------------
const JS_SQL_METHODS = new Set(['query', 'execute', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'none', 'result']);
const JS_PRISMA_METHODS = new Set([
  'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'create', 'createMany', 'update',
  'updateMany', 'upsert', 'delete', 'deleteMany', 'count', 'aggregate', 'groupBy',
]);
/** Static model methods whose names say ORM (Sequelize, Mongoose, Objection). */
const JS_MODEL_METHODS = new Set([
  'findOne', 'findById', 'findByPk', 'findAll', 'findOneBy', 'findAndCountAll', 'findOrCreate', 'findOneAndUpdate',
  'findOneAndDelete', 'findOneAndReplace', 'findByIdAndUpdate', 'findByIdAndDelete', 'findByIdAndRemove',
  'countDocuments', 'insertMany', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'bulkCreate', 'findUnique', 'findFirst', 'findMany',
]);
/** Generic names that count on a model class only with a query object as first argument (`User.find({ .. })`). */
const JS_MODEL_GENERIC = new Set(['find', 'count', 'create', 'update', 'destroy', 'upsert', 'exists', 'aggregate']);
const JS_REPO_METHOD = /^(find|count|exist|save|insert|update|delete|remove|softDelete|upsert|query|increment|decrement|get|load|fetch)/;
const JS_MONGO_METHODS = new Set([
  'find', 'findOne', 'insertOne', 'insertMany', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'replaceOne',
  'countDocuments', 'aggregate', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'distinct', 'bulkWrite',
]);
const JS_BUILDER_METHODS = new Set(['select', 'from', 'insert', 'update', 'del', 'delete', 'table', 'where', 'first', 'into']);
const JS_BUILTINS = new Set(['Array', 'Object', 'Promise', 'Math', 'Reflect', 'Date', 'Number', 'String', 'Map', 'Set', 'Symbol', 'Buffer', 'Intl', 'Atomics', 'Proxy', 'Error', 'Boolean', 'Function']);
const EM_NAMES = new Set(['manager', 'entityManager', 'em', 'queryRunner']);

function jsDbCall(call: SyntaxNode): boolean {
  const parts = callParts(call);
  if (!parts?.name) return false;
  const { receiver, name, args } = parts;
  if (!receiver) return name === 'knex'; // knex('users')...
  const recvName = lastName(receiver);
  // Raw SQL on a driver / pool / transaction. A bare `client` must be given SQL text (Apollo's client.query is not a database).
  if (JS_SQL_METHODS.has(name)) {
    if (recvName === 'client') return isStringArg(args[0]);
    if (isDbName(receiver) || (recvName !== undefined && EM_NAMES.has(recvName))) return true;
  }
  // Prisma: prisma.user.findUnique(..), this.prisma.user.findMany(..), tx.order.create(..)
  if (JS_PRISMA_METHODS.has(name) && receiver.type === 'member_expression') {
    const words = wordsOf(receiver.childForFieldName('object'));
    if (words.includes('prisma') || words.some(w => DB_WORDS.has(w))) return true;
  }
  // Model classes: User.findByPk(..), models.User.findAll(..), Customer.find({ .. })
  const model = receiver.type === 'identifier' ? recvName
    : receiver.type === 'member_expression' && wordsOf(receiver.childForFieldName('object')).some(w => w === 'models' || w === 'model' || DB_WORDS.has(w)) ? recvName : undefined;
  if (isPascal(model) && !JS_BUILTINS.has(model)) {
    if (JS_MODEL_METHODS.has(name)) return true;
    if (JS_MODEL_GENERIC.has(name) && args[0]?.type === 'object') return true;
  }
  // TypeORM / MikroORM repositories and entity managers.
  if ((isRepositoryName(receiver) || isGetRepository(receiver)) && JS_REPO_METHOD.test(name)) return true;
  if (recvName !== undefined && EM_NAMES.has(recvName) && /^(find|count|save|insert|update|delete|remove|upsert|exists?)/.test(name) && isPascal(lastName(args[0]))) return true;
  // MongoDB collections: db.collection('x').findOne(..), usersCollection.find(..)
  if (JS_MONGO_METHODS.has(name)) {
    if (wordsOf(receiver).includes('collection')) return true;
    if (receiver.type === 'call_expression' && callParts(receiver)?.name === 'collection') return true;
  }
  // knex.select(..).from(..), knex.insert(..)
  if (recvName === 'knex' && JS_BUILDER_METHODS.has(name)) return true;
  return false;
}

function isGetRepository(node: SyntaxNode): boolean {
  return (node.type === 'call_expression' || node.type === 'method_invocation' || node.type === 'member_call_expression')
    && callParts(node)?.name === 'getRepository';
}

// ---- Python ------------------------------------------------------------------------------------------------
const PY_EXECUTE = new Set(['execute', 'fetch', 'fetchrow', 'fetchval', 'fetch_one', 'fetch_all', 'fetch_val']);
const PY_SESSION = new Set(['query', 'execute', 'scalar', 'scalars', 'get']);
const PY_MONGO = new Set([
  'find_one', 'insert_one', 'insert_many', 'update_one', 'update_many', 'delete_one', 'delete_many', 'replace_one',
  'count_documents', 'find_one_and_update', 'find_one_and_delete', 'find_one_and_replace', 'aggregate', 'find', 'distinct',
]);
const PY_MODEL_METHODS = new Set(['get_by_id', 'get_or_none', 'get_or_create']);

function pyDbCall(call: SyntaxNode): boolean {
  const parts = callParts(call);
  if (!parts?.name || !parts.receiver) return false;
  const { receiver, name, args } = parts;
  const words = wordsOf(receiver);
  // DB-API cursors and connections, asyncpg, databases: cursor.execute(..), conn.fetchrow(..)
  if (PY_EXECUTE.has(name) && words.some(w => DB_WORDS.has(w) || w === 'session' || w === 'engine')) {
    return !(name === 'fetch' && words.includes('cursor'));
  }
  // SQLAlchemy sessions; `session.get` only with a model class (a requests/aiohttp session gets a URL).
  if (PY_SESSION.has(name) && words.includes('session')) {
    if (name === 'get') return isPascal(lastName(args[0]));
    return true;
  }
  // Django managers and Flask-SQLAlchemy query properties: Author.objects.get(..), User.query.filter_by(..)
  if (receiver.type === 'attribute') {
    const attr = receiver.childForFieldName('attribute')?.text;
    const owner = lastName(receiver.childForFieldName('object'));
    if ((attr === 'objects' || attr === 'query') && isPascal(owner)) return true;
  }
  // Peewee / Tortoise model classes with ORM-only method names.
  if (receiver.type === 'identifier' && isPascal(receiver.text) && PY_MODEL_METHODS.has(name)) return true;
  // MongoDB: db.users.find_one(..), self.collection.insert_one(..)
  if (PY_MONGO.has(name)) {
    const all = receiver.type === 'attribute' ? nameWords(receiver.text) : words;
    if (all.some(w => w === 'db' || w === 'database' || w === 'collection' || w === 'mongo' || w === 'coll')) return true;
    if (receiver.type === 'subscript' && isDbName(receiver.childForFieldName('value'))) return true;
  }
  return false;
}

// ---- Java --------------------------------------------------------------------------------------------------
const JAVA_ALWAYS = new Set(['executeQuery', 'executeUpdate', 'executeLargeUpdate', 'getResultList', 'getSingleResult', 'getResultStream']);
const JAVA_JDBC_TEMPLATE = new Set(['query', 'queryForObject', 'queryForList', 'queryForMap', 'queryForRowSet', 'queryForStream', 'update', 'execute']);
const JAVA_REPO_METHOD = /^(find|get|read|query|search|stream|count|exists|delete|save|remove)/;

function javaDbCall(call: SyntaxNode): boolean {
  const parts = callParts(call);
  if (!parts?.name || !parts.receiver) return false;
  const { receiver, name, args } = parts;
  if (JAVA_ALWAYS.has(name)) return true;
  const words = wordsOf(receiver);
  if (name === 'execute' && words.some(w => ['stmt', 'statement', 'ps', 'pstmt', 'st'].includes(w))) return true;
  if (words.includes('jdbc') && JAVA_JDBC_TEMPLATE.has(name)) return true;
  if (isRepositoryName(receiver) && JAVA_REPO_METHOD.test(name)) return true;
  if (/^(find|get|load|getReference)$/.test(name) && args[0]?.type === 'class_literal'
    && (words.includes('session') || words.includes('em') || (words.includes('entity') && words.includes('manager')))) return true;
  if (words.includes('mongo') && words.includes('template') && /^(find|count|exists|insert|save|update|remove|aggregate)/.test(name)) return true;
  return false;
}

// ---- Go ----------------------------------------------------------------------------------------------------
const GO_SQL = new Set([
  'Query', 'QueryRow', 'Exec', 'QueryContext', 'QueryRowContext', 'ExecContext', 'Get', 'Select', 'GetContext',
  'SelectContext', 'NamedExec', 'NamedQuery', 'Queryx', 'QueryRowx', 'NamedExecContext',
]);
const GO_GORM = new Set([
  'First', 'Find', 'Take', 'Last', 'Create', 'Save', 'Delete', 'Updates', 'Update', 'UpdateColumn', 'UpdateColumns',
  'Count', 'Scan', 'Pluck', 'FirstOrCreate', 'FirstOrInit', 'Exec', 'Row', 'Rows',
]);
const GO_MONGO = new Set(['FindOne', 'Find', 'InsertOne', 'InsertMany', 'UpdateOne', 'UpdateMany', 'DeleteOne', 'DeleteMany', 'CountDocuments', 'Aggregate', 'ReplaceOne', 'FindOneAndUpdate']);

function goDbCall(call: SyntaxNode): boolean {
  const parts = callParts(call);
  if (!parts?.name || !parts.receiver) return false;
  const base = chainBase(call);
  const words = wordsOf(base);
  if (GO_SQL.has(parts.name) || GO_GORM.has(parts.name)) {
    if (words.some(w => DB_WORDS.has(w))) return true;
  }
  if (GO_MONGO.has(parts.name) && words.some(w => w === 'coll' || w === 'collection' || w === 'mongo')) return true;
  return false;
}

// ---- Ruby --------------------------------------------------------------------------------------------------
const RB_AR_METHODS = new Set([
  'find', 'find_by', 'find_by!', 'find_by_sql', 'where', 'exists?', 'find_or_create_by', 'find_or_create_by!',
  'find_or_initialize_by', 'first', 'last', 'take', 'count', 'pluck', 'sum', 'average', 'minimum', 'maximum',
  'create', 'create!', 'update_all', 'delete_all', 'destroy_all', 'joins', 'includes', 'order', 'limit', 'select',
  'distinct', 'eager_load', 'preload', 'left_joins', 'update', 'delete', 'destroy', 'ids',
]);
const RB_NOT_MODELS = new Set([
  'File', 'Dir', 'ENV', 'Hash', 'Array', 'Time', 'Date', 'DateTime', 'Integer', 'Float', 'String', 'IO', 'Kernel',
  'Struct', 'Set', 'JSON', 'YAML', 'URI', 'Rails', 'Process', 'Thread', 'Math', 'Object', 'Class', 'Module', 'Regexp',
  'Range', 'Symbol', 'Net', 'HTTParty', 'Faraday', 'Redis', 'Rack', 'ERB', 'Base64', 'Digest', 'SecureRandom',
  'OpenStruct', 'Pathname', 'Tempfile', 'CSV', 'Logger', 'Benchmark', 'Timeout', 'Sidekiq', 'BigDecimal', 'Rational',
  'Comparable', 'Enumerable', 'ObjectSpace', 'GC', 'Signal', 'Marshal', 'Mutex', 'Queue', 'ActiveSupport', 'I18n',
  'Random', 'Open3', 'Socket', 'Zlib', 'Etc', 'FileUtils', 'Shellwords', 'Nokogiri', 'Aws', 'Stripe',
]);
const RB_RAW = new Set(['execute', 'exec', 'exec_params', 'exec_prepared', 'query', 'select_all', 'select_one', 'select_value', 'select_values', 'select_rows', 'exec_query']);
const RB_SEQUEL = new Set(['where', 'first', 'all', 'insert', 'update', 'delete', 'count', 'filter', 'select', 'exclude', 'order']);

function rubyDbCall(call: SyntaxNode): boolean {
  const parts = callParts(call);
  if (!parts?.name || !parts.receiver) return false;
  const { receiver, name, args } = parts;
  // ActiveRecord class methods: User.find(..), Admin::User.where(..), User.find_by_email(..)
  if (receiver.type === 'constant' || receiver.type === 'scope_resolution') {
    const model = lastName(receiver);
    const root = receiver.type === 'scope_resolution' ? receiver.text.split('::')[0] : model;
    if (isPascal(model) && !RB_NOT_MODELS.has(model) && !RB_NOT_MODELS.has(root ?? '')
      && (RB_AR_METHODS.has(name) || name.startsWith('find_by_'))) return true;
  }
  // Raw SQL on a connection: ActiveRecord::Base.connection.execute(..), @db.exec(..), client.query("..")
  if (RB_RAW.has(name)) {
    const recv = lastName(receiver);
    if (recv === 'client') return isStringArg(args[0]);
    if (isDbName(receiver)) return true;
  }
  // Sequel datasets: DB[:users].where(..)
  if (receiver.type === 'element_reference' && receiver.childForFieldName('object')?.text === 'DB' && RB_SEQUEL.has(name)) return true;
  return false;
}

// ---- PHP ---------------------------------------------------------------------------------------------------
const PHP_ELOQUENT = new Set([
  'find', 'findOrFail', 'findMany', 'findOrNew', 'where', 'whereIn', 'whereKey', 'whereHas', 'firstWhere',
  'firstOrCreate', 'firstOrNew', 'firstOrFail', 'updateOrCreate', 'with', 'query',
]);
const PHP_DB_FACADE = new Set(['select', 'selectOne', 'insert', 'update', 'delete', 'statement', 'table', 'scalar', 'affectingStatement', 'unprepared']);
const PHP_NOT_MODELS = new Set([
  'Arr', 'Str', 'Collection', 'Carbon', 'CarbonImmutable', 'Validator', 'Route', 'Http', 'Cache', 'Storage', 'Log',
  'Config', 'Session', 'Request', 'Response', 'Auth', 'Gate', 'Event', 'Queue', 'Mail', 'Notification', 'View', 'URL',
  'Redirect', 'Cookie', 'Hash', 'Crypt', 'Lang', 'App', 'Artisan', 'Bus', 'Redis', 'File', 'Blade', 'Password',
  'RateLimiter', 'Broadcast', 'Date', 'Process', 'Vite', 'Schema', 'Http', 'Validator', 'Closure', 'DateTime',
]);
const PHP_ALWAYS = new Set(['getResult', 'getOneOrNullResult', 'getSingleResult', 'getArrayResult', 'getSingleScalarResult', 'getScalarResult']);
const PHP_FUNCTIONS = new Set(['mysqli_query', 'mysqli_real_query', 'mysqli_stmt_execute', 'mysqli_execute_query', 'pg_query', 'pg_query_params', 'pg_execute', 'sqlsrv_query', 'oci_execute']);
const PHP_RAW = new Set(['query', 'exec', 'execute', 'get_results', 'get_row', 'get_var', 'get_col', 'execute_query', 'real_query', 'executeQuery', 'executeStatement', 'fetchAllAssociative', 'fetchAssociative', 'fetchOne']);

function phpDbCall(call: SyntaxNode): boolean {
  const parts = callParts(call);
  if (!parts?.name) return false;
  const { receiver, name, args } = parts;
  if (call.type === 'function_call_expression') return PHP_FUNCTIONS.has(name);
  if (!receiver) return false;
  if (call.type === 'scoped_call_expression') {
    const cls = lastName(receiver);
    if (!cls || ['self', 'static', 'parent'].includes(cls)) return false;
    if (cls === 'DB') return PHP_DB_FACADE.has(name);
    return isPascal(cls) && !PHP_NOT_MODELS.has(cls) && PHP_ELOQUENT.has(name);
  }
  const words = wordsOf(receiver);
  // Doctrine: $query->getResult(), $qb->getQuery()->getResult(), $em->createQuery(..)->getResult()
  if (PHP_ALWAYS.has(name)) {
    if (words.includes('query') || words.includes('qb')) return true;
    for (const inner of receiverCalls(call)) if (/^(getQuery|createQuery|createNativeQuery|createNamedQuery)$/.test(callParts(inner)?.name ?? '')) return true;
    return false;
  }
  if (PHP_RAW.has(name) && words.some(w => DB_WORDS.has(w) || ['wpdb', 'stmt', 'statement', 'sth', 'link'].includes(w))) return true;
  if (isRepositoryName(receiver) && /^(find|count|get|load)/.test(name)) return true;
  const recv = lastName(receiver);
  if ((recv === 'em' || recv === 'entityManager' || recv === 'entity_manager') && /^(find|getReference)$/.test(name)
    && args[0]?.type === 'class_constant_access_expression') return true;
  return false;
}

const BY_LANGUAGE: Record<LanguageId, (call: SyntaxNode) => boolean> = {
  javascript: jsDbCall, typescript: jsDbCall, tsx: jsDbCall,
  python: pyDbCall, java: javaDbCall, go: goDbCall, ruby: rubyDbCall, php: phpDbCall,
};

/**
 * Whether a call sends a query to a database. In a method chain only the first database call counts
 * (`db.QueryRow(..).Scan(..)` and `User.where(..).first` are one query, reported once).
 */
export function isDbCall(call: SyntaxNode, language: LanguageId): boolean {
  const check = BY_LANGUAGE[language];
  if (!check(call)) return false;
  for (const inner of receiverCalls(call)) if (check(inner)) return false;
  return true;
}

/** A short label for messages: `pool.query`, `User.findByPk`, `Author.objects.get`. */
export function callLabel(call: SyntaxNode): string {
  const parts = callParts(call);
  const recv = parts?.receiver;
  const recvText = recv && recv.text.length <= 40 && !recv.text.includes('\n') ? recv.text : lastName(recv);
  const sep = call.type === 'scoped_call_expression' ? '::' : call.type.startsWith('member_call') || call.type.startsWith('nullsafe') ? '->' : '.';
  return recvText ? `${recvText}${sep}${parts?.name ?? ''}` : parts?.name ?? call.text.slice(0, 40);
}
