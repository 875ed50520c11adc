import type { Rule } from '../../model';

/** `.env`, `.env.production`, `.env.local`, `config/.env` — not `.envrc` or `app.env`. */
const ENV_FILE = /^\.env(?:\.(.+))?$/;
/** Suffixes of files meant to be committed: templates, and encrypted vaults (dotenv-vault, sops). */
const COMMITTED_BY_DESIGN = /^(example|examples|sample|samples|template|templates|tpl|dist|default|defaults|schema|vault|enc|encrypted|gpg|age|sops)$/i;
/** Test and CI env files hold throw-away values by convention. */
const TEST_ENV = /^(test|testing|ci)$/i;
/** `KEY=value` or `export KEY=value` (a dotenv line; a regex on the line is fine, it is not code). */
const ASSIGNMENT = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=/;

export const envFileCommitted: Rule = {
  id: 'security/env-file-committed',
  kind: 'project',
  meta: {
    title: 'Environment file tracked in the repository',
    area: 'security',
    defaultSeverity: 'error',
    languages: [],
    description: 'A .env file that .gitignore does not exclude gets committed with the database passwords and API keys it holds; commit a .env.example with placeholders instead.',
    cwe: ['CWE-538', 'CWE-312'],
    references: ['OWASP ASVS v5 13.3.1', 'The Twelve-Factor App: III. Config', 'CWE-538'],
    messages: {
      committed: '{{file}} is not ignored by .gitignore, so its values end up in the repository: add it to .gitignore, remove it from git (git rm --cached), rotate what it held, and commit a .env.example with placeholders.',
    },
  },
  checkProject(ctx) {
    // Symfony commits `.env` (and `.env.<env>`) with non-secret defaults by design; only `*.local` holds machine secrets.
    const symfony = !!ctx.dependency(['symfony/dotenv', 'symfony/framework-bundle']);
    for (const file of ctx.files) {
      const m = ENV_FILE.exec(file.split('/').pop() ?? '');
      if (!m || ctx.isTestFile(file)) continue;
      const suffixes = m[1]?.split('.') ?? [];
      if (suffixes.some(s => COMMITTED_BY_DESIGN.test(s)) || (suffixes.length === 1 && TEST_ENV.test(suffixes[0]!))) continue;
      if (symfony && suffixes[suffixes.length - 1] !== 'local') continue;
      const text = ctx.readText(file);
      if (text === undefined || !text.split(/\r?\n/).some(line => ASSIGNMENT.test(line))) continue;
      // The discovery already dropped files a .gitignore excludes: this one would be committed.
      ctx.report({ file, line: 0, messageId: 'committed', data: { file } });
    }
  },
};
