import type { LanguageId, Rule } from '../../model';
import type { CodeRuleContext } from '../../engine/rule-context';
import type { SyntaxNode } from '../../languages/parser';
import { importsOfNode, IMPORT_NODE_TYPES } from '../../analysis/imports';
import { ROUTE_NODE_TYPES, findRoutes, mayHaveRoutes } from '../../analysis/http';
import { isRouteRegistration } from '../../analysis/api-surface';

/** Controller / route / handler modules by the conventions of each ecosystem. */
const CONTROLLER_PATH = /(^|\/)(routes|routers|controllers?|handlers?|endpoints|views)\/|(^|\/)views\.py$|(^|\/)(routes?|routers?|endpoints|handlers?)\.(py|[cm]?[jt]sx?|go)$|Controller\.(java|php|kt)$|_controller\.rb$|\.(controller|routes|router|handler|handlers)\.[cm]?[jt]sx?$|_handlers?\.go$|Resource\.java$/;

/** Database drivers, clients and ORMs per language (module specifiers). */
const DRIVERS: Record<'js' | 'python' | 'java' | 'go' | 'ruby', RegExp> = {
  js: /^(pg|pg-promise|pg-pool|postgres|mysql|mysql2|mysql2\/promise|mariadb|mongodb|mongoose|sequelize|typeorm|@prisma\/client|knex|better-sqlite3|sqlite3|sqlite|oracledb|mssql|tedious|cassandra-driver|@mikro-orm\/[\w-]+|drizzle-orm(\/[\w-]+)*|objection|bookshelf|kysely|@neondatabase\/serverless|@planetscale\/database|@libsql\/client)$/,
  python: /^(psycopg2|psycopg|pymysql|MySQLdb|mysql\.connector|sqlite3|sqlalchemy|pymongo|motor|asyncpg|aiomysql|aiopg|aiosqlite|cx_Oracle|oracledb|pyodbc|peewee|tortoise|pony|databases)(\.|$)/,
  java: /^(java\.sql\.(Connection|DriverManager|PreparedStatement|Statement|ResultSet|CallableStatement)|java\.sql$|javax\.sql\.DataSource|(javax|jakarta)\.persistence(\.(EntityManager|EntityManagerFactory|PersistenceContext|PersistenceUnit|Persistence|Query|TypedQuery))?$|org\.springframework\.jdbc\.core(\.\w+)?$|org\.hibernate\.(Session|SessionFactory)$|com\.mongodb\.client(\.\w+)?$|org\.springframework\.data\.mongodb\.core\.MongoTemplate$|org\.jooq\.(DSLContext|impl\.DSL)$)/,
  go: /^(database\/sql|gorm\.io\/|github\.com\/jinzhu\/gorm|github\.com\/jmoiron\/sqlx|github\.com\/jackc\/pgx|github\.com\/lib\/pq|github\.com\/go-sql-driver\/mysql|go\.mongodb\.org\/mongo-driver|github\.com\/mattn\/go-sqlite3|github\.com\/uptrace\/bun|github\.com\/doug-martin\/goqu|entgo\.io\/ent$)/,
  ruby: /^(pg|mysql2|sqlite3|sequel|mongo|trilogy)$/,
};
/** PHP: `use PDO;`, Doctrine DBAL, MongoDB client. */
const PHP_DRIVER_USE = /^\\?(PDO|mysqli|Doctrine\\DBAL\\[\w\\]+|MongoDB\\Client)$/;
const PHP_DRIVER_NEW = /^\\?(PDO|mysqli|MongoDB\\Client)$/;
const PHP_DRIVER_CALL = /^\\?(mysqli_connect|pg_connect|pg_pconnect|sqlsrv_connect|oci_connect)$/;
/** Ruby: raw connections from a controller. */
const RUBY_CONNECT = /^(PG\.connect|PG::Connection\.new|Mysql2::Client\.new|Sequel\.connect|SQLite3::Database\.new|Mongo::Client\.new)$/;

const JS_LANGS = new Set<LanguageId>(['javascript', 'typescript', 'tsx']);

/** A handler file: by path, a Spring/JAX-RS controller class, or route registrations with inline handlers. */
function isControllerModule(ctx: CodeRuleContext): boolean {
  if (CONTROLLER_PATH.test(ctx.file)) return true;
  if (ctx.language === 'java') {
    return ctx.nodesOfType('annotation', 'marker_annotation').some(a => /^(RestController|Controller|Path)$/.test(a.childForFieldName('name')?.text ?? '') && a.parent?.parent?.type === 'class_declaration');
  }
  // Routes whose handler is written at the registration: the module itself handles requests.
  // A composition root that only mounts routers (`app.use('/users', usersRouter)`) is not a controller.
  return mayHaveRoutes(ctx.language, ctx.text, ctx.file) && findRoutes(ctx.language, ctx.nodesOfType(...ROUTE_NODE_TYPES[ctx.language]), ctx.file)
    .some(r => r.handler && isRouteRegistration(r, ctx.language) && r.handler.type !== 'method_declaration');
}

function driverPattern(language: LanguageId): RegExp | undefined {
  if (JS_LANGS.has(language)) return DRIVERS.js;
  if (language === 'python' || language === 'java' || language === 'go' || language === 'ruby') return DRIVERS[language];
  return undefined;
}

export const layeringViolation: Rule = {
  id: 'architecture/layering-violation',
  meta: {
    title: 'Controller talks to the database directly',
    area: 'architecture',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'A route/controller/handler module imports a database driver or ORM client: HTTP concerns and data access are mixed, so queries cannot be reused, tested without HTTP, or changed without touching every handler.',
    references: ['Layered architecture (Fowler, Patterns of Enterprise Application Architecture)', 'Clean Architecture: the dependency rule', 'ArchUnit layeredArchitecture()'],
    messages: {
      import: "This {{kind}} module imports the database library '{{module}}': move data access into a repository/service module and call that from the handler.",
      call: 'This {{kind}} module opens a database connection itself (`{{call}}`): move data access into a repository/service module and inject it.',
    },
  },
  check(ctx) {
    if (ctx.isTestFile || !isControllerModule(ctx)) return;
    const kind = /controller/i.test(ctx.file) ? 'controller' : /handler/i.test(ctx.file) ? 'handler' : /(^|\/)views?(\.py$|\/)/.test(ctx.file) ? 'view' : 'route';
    const pattern = driverPattern(ctx.language);
    let reportedUse = false;
    for (const node of ctx.nodesOfType(...IMPORT_NODE_TYPES[ctx.language])) {
      for (const imp of importsOfNode(ctx.language, node)) {
        if (imp.typeOnly) continue; // `import type`: no run-time dependency
        let module: string | undefined;
        if (ctx.language === 'php') module = PHP_DRIVER_USE.test(imp.specifier) ? imp.specifier.replace(/^\\/, '') : undefined;
        else if (ctx.language === 'python' && /^django\.db$/.test(imp.specifier)) module = djangoConnection(node);
        else if (pattern?.test(imp.specifier)) module = imp.specifier;
        if (!module) continue;
        if (ctx.language === 'php') reportedUse = true;
        ctx.report({ node, messageId: 'import', data: { kind, module } });
        break;
      }
    }
    if (ctx.language === 'ruby') {
      for (const call of ctx.nodesOfType('call')) {
        const receiver = call.childForFieldName('receiver');
        const method = call.childForFieldName('method')?.text ?? '';
        // `ActiveRecord::Base.connection.execute(...)`, `User.connection.select_all(...)`
        const raw = method === 'connection' && (receiver?.type === 'scope_resolution' || receiver?.type === 'constant');
        const text = receiver ? `${receiver.text}.${method}` : method;
        if (raw || RUBY_CONNECT.test(text)) ctx.report({ node: call, messageId: 'call', data: { kind, call: text } });
      }
    }
    if (ctx.language === 'php') {
      for (const node of ctx.nodesOfType('object_creation_expression', 'function_call_expression')) {
        const name = node.type === 'object_creation_expression'
          ? node.namedChildren.find(c => c?.type === 'name' || c?.type === 'qualified_name')?.text ?? ''
          : node.childForFieldName('function')?.text ?? '';
        if (node.type === 'object_creation_expression' ? PHP_DRIVER_NEW.test(name) && !reportedUse : PHP_DRIVER_CALL.test(name)) {
          ctx.report({ node, messageId: 'call', data: { kind, call: node.type === 'object_creation_expression' ? `new ${name}` : `${name}()` } });
        }
      }
    }
  },
};

/** `from django.db import connection` (raw SQL) — `transaction` and `models` are how Django apps are meant to work. */
function djangoConnection(node: SyntaxNode): string | undefined {
  const names = node.childrenForFieldName('name').map(n => (n?.type === 'aliased_import' ? n.childForFieldName('name')?.text : n?.text));
  return names.some(n => n === 'connection' || n === 'connections') ? 'django.db.connection' : undefined;
}
