import type { ProjectRule } from '../../model';
import type { Dependency, Manifest } from '../../analysis/manifests';

/**
 * Dependencies that mean "this service owns a relational schema": drivers, query builders and ORMs per ecosystem.
 * SQLite is left out on purpose (often an embedded cache or a CLI's local store), and so are document stores.
 */
const RELATIONAL: Record<Manifest['ecosystem'], RegExp> = {
  npm: /^(pg|pg-promise|postgres|mysql|mysql2|mariadb|mssql|tedious|oracledb|sequelize|typeorm|prisma|@prisma\/client|knex|drizzle-orm|@mikro-orm\/core|objection|kysely|slonik)$/,
  pypi: /^(sqlalchemy|flask[-_.]sqlalchemy|sqlmodel|psycopg2|psycopg2[-_.]binary|psycopg|psycopg[-_.]binary|asyncpg|aiopg|mysqlclient|pymysql|aiomysql|mysql[-_.]connector[-_.]python|django|peewee|tortoise[-_.]orm|oracledb|cx[-_.]oracle)$/i,
  maven: /^(spring-boot-starter-data-jpa|spring-boot-starter-jdbc|spring-boot-starter-data-jdbc|spring-boot-starter-data-r2dbc|hibernate-core|postgresql|mysql-connector-java|mysql-connector-j|mariadb-java-client|mssql-jdbc|ojdbc\d*|jooq|mybatis|mybatis-spring-boot-starter)$/,
  go: /^(github\.com\/lib\/pq|github\.com\/go-sql-driver\/mysql|github\.com\/jackc\/pgx(\/v\d+)?|gorm\.io\/gorm|github\.com\/jinzhu\/gorm|github\.com\/jmoiron\/sqlx|github\.com\/uptrace\/bun|entgo\.io\/ent|github\.com\/denisenkom\/go-mssqldb|github\.com\/microsoft\/go-mssqldb)$/,
  rubygems: /^(activerecord|rails|pg|mysql2|trilogy|sequel)$/,
  composer: /^(laravel\/framework|illuminate\/database|doctrine\/orm|doctrine\/dbal|doctrine\/doctrine-bundle|cakephp\/cakephp|yiisoft\/yii2)$/,
};

/** Where each ecosystem's migration tools keep their files (case-insensitive, any depth). */
const MIGRATION_EVIDENCE = [
  '**/migrations/**', // Django, Alembic (versions under migrations/), Knex, Sequelize, TypeORM, Prisma, Laravel, Doctrine, goose, golang-migrate
  '**/migration/**', // Flyway db/migration, TypeORM src/migration
  '**/db/migrate/**', // Rails / ActiveRecord
  '**/alembic.ini', '**/alembic/**',
  '**/*changelog*.{xml,yaml,yml,json,sql}', '**/changelog/**', '**/liquibase/**', // Liquibase
  '**/flyway/**', '**/flyway.conf', '**/flyway.toml',
  '**/*.up.sql', '**/ent/migrate/**', '**/drizzle/meta/_journal.json', '**/atlas.hcl', '**/dbmate/**',
  '**/knexfile.*', '**/.sequelizerc', '**/ormconfig.*',
];

export const migrationsMissing: ProjectRule = {
  id: 'database/migrations-missing',
  kind: 'project',
  meta: {
    title: 'Relational database without migrations',
    area: 'database',
    defaultSeverity: 'warning',
    languages: [],
    description: 'The project uses a relational database or ORM but keeps no versioned schema migrations, so schema changes are applied by hand or by auto-sync and cannot be reviewed, repeated or rolled back.',
    references: ['OWASP ASVS v5 15.1 (documented, repeatable deployment)', 'The Twelve-Factor App: admin processes', 'Martin Fowler: Evolutionary Database Design'],
    messages: {
      missing: "The project depends on '{{dependency}}' (a relational database) but has no schema migrations: add a migration tool ({{tools}}) and commit every schema change as a versioned migration.",
    },
  },
  checkProject(ctx) {
    let hit: (Dependency & { manifest: Manifest }) | undefined;
    for (const manifest of ctx.manifests) {
      const pattern = RELATIONAL[manifest.ecosystem];
      // A Rails app on Mongoid has no ActiveRecord schema.
      if (manifest.ecosystem === 'rubygems' && manifest.dependencies.some(d => d.name === 'mongoid')) continue;
      const dep = manifest.dependencies.find(d => !d.dev && pattern.test(d.name));
      if (dep) { hit = { ...dep, manifest }; break; }
    }
    if (!hit) return;
    // Django without models of its own only uses the framework's bundled migrations.
    if (/^django$/i.test(hit.name) && !ctx.exists(['**/models.py', '**/models/*.py'])) return;
    // Migration files kept only for tests (fixtures) are not the service's schema history.
    const evidence = ctx.find(MIGRATION_EVIDENCE, { nocase: true }).filter(f => !ctx.isTestFile(f));
    if (evidence.length) return;
    ctx.report({ file: hit.manifest.file, line: hit.line, messageId: 'missing', data: { dependency: hit.name, tools: TOOLS[hit.manifest.ecosystem] } });
  },
};

const TOOLS: Record<Manifest['ecosystem'], string> = {
  npm: 'prisma migrate, Knex, Sequelize or TypeORM migrations, node-pg-migrate',
  pypi: 'Alembic, Django migrations',
  maven: 'Flyway, Liquibase',
  go: 'golang-migrate, goose, Atlas',
  rubygems: 'ActiveRecord migrations in db/migrate, Sequel migrations',
  composer: 'Laravel migrations, Doctrine Migrations, Phinx',
};
