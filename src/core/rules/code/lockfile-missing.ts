import type { Rule } from '../../model';
import type { ProjectRuleContext } from '../../engine/project-context';
import type { Manifest } from '../../analysis/manifests';
import { EXAMPLE_DIR, baseName, dirName, readJson } from '../../analysis/test-conventions';

const NPM_LOCKS = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'deno.lock'];
const PY_LOCKS = ['poetry.lock', 'pdm.lock', 'uv.lock', 'Pipfile.lock', 'requirements.lock', 'requirements.txt.lock', 'pylock.toml', 'constraints.txt'];
/** Composer packages that are not applications: a lock file is only for applications (Composer's own advice). */
const COMPOSER_NON_APPS = new Set(['library', 'metapackage', 'composer-plugin', 'symfony-bundle', 'wordpress-plugin', 'drupal-module']);
/** Platform requirements: nothing to download, nothing to lock. */
const COMPOSER_PLATFORM = /^(php|hhvm|ext-.+|lib-.+|composer(-plugin|-runtime)?-api|composer)$/;
/** A requirement pinned to one version: `x==1.2.3`, `x===1.2.3`, `x @ https://...`, or hash-checked. */
const PY_PINNED = /===?|\s@\s|--hash=/;

/** The folder and every folder above it (workspaces keep one lock file at the root). */
function foldersUp(file: string): string[] {
  const out: string[] = [];
  for (let dir = dirName(file); ; dir = dirName(dir)) {
    out.push(dir);
    if (!dir) return out;
  }
}

function lockIn(ctx: ProjectRuleContext, folders: readonly string[], names: readonly string[]): boolean {
  const wanted = new Set(folders.flatMap(d => names.map(n => (d ? `${d}/${n}` : n))));
  return ctx.files.some(f => wanted.has(f));
}

type Verdict = { messageId: string; data?: Record<string, string> } | undefined;

function checkNpm(ctx: ProjectRuleContext, m: Manifest): Verdict {
  if (!m.dependencies.length) return undefined;
  const json = readJson(ctx, m.file);
  if (!json) return undefined;
  // A published library: consumers resolve its ranges themselves and never see its lock file.
  // `main` alone does not count: `npm init` writes it into every application too.
  const library = json.private !== true && ['exports', 'files', 'publishConfig', 'types', 'typings'].some(k => json[k] !== undefined);
  if (library || lockIn(ctx, foldersUp(m.file), NPM_LOCKS)) return undefined;
  return { messageId: 'npm' };
}

function checkPython(ctx: ProjectRuleContext, m: Manifest): Verdict {
  const base = baseName(m.file);
  const here = [dirName(m.file)];
  if (base === 'Pipfile') return lockIn(ctx, here, ['Pipfile.lock']) ? undefined : { messageId: 'python', data: { lock: 'Pipfile.lock', tool: 'pipenv lock', manager: 'Pipenv' } };
  const text = ctx.readText(m.file) ?? '';
  if (base === 'pyproject.toml') {
    // Only tools that have a lock file can be asked for one; plain PEP 621 + setuptools/hatch has none.
    const tool = /^\s*\[tool\.poetry\]/m.test(text) ? ['poetry.lock', 'poetry lock', 'Poetry'] : /^\s*\[tool\.pdm\b/m.test(text) ? ['pdm.lock', 'pdm lock', 'PDM']
      : /^\s*\[tool\.uv\b/m.test(text) ? ['uv.lock', 'uv lock', 'uv'] : undefined;
    if (!tool || !m.dependencies.length || lockIn(ctx, foldersUp(m.file), [tool[0]!])) return undefined;
    return { messageId: 'python', data: { lock: tool[0]!, tool: tool[1]!, manager: tool[2]! } };
  }
  if (base !== 'requirements.txt' || lockIn(ctx, here, PY_LOCKS)) return undefined;
  // A requirements file with exact pins is the lock file; with only ranges it locks nothing.
  let requirements = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    if (/^(-c|--constraint)\b/.test(line)) return undefined; // pinned through a constraints file
    if (line.startsWith('-')) continue; // -r, -e, --index-url
    requirements++;
    if (PY_PINNED.test(line)) return undefined; // partly pinned: deliberate, not reported
  }
  return requirements ? { messageId: 'requirements' } : undefined;
}

function checkGemfile(ctx: ProjectRuleContext, m: Manifest): Verdict {
  // A gem's Gemfile (beside its .gemspec) resolves against the gemspec; consumers never see the lock.
  const dir = dirName(m.file);
  if (ctx.files.some(f => dirName(f) === dir && f.endsWith('.gemspec'))) return undefined;
  if (!m.dependencies.length || lockIn(ctx, foldersUp(m.file), ['Gemfile.lock', 'gems.locked'])) return undefined;
  return { messageId: 'ruby' };
}

function checkComposer(ctx: ProjectRuleContext, m: Manifest): Verdict {
  const json = readJson(ctx, m.file);
  if (!json || (typeof json.type === 'string' && COMPOSER_NON_APPS.has(json.type))) return undefined;
  if (!m.dependencies.some(d => !d.dev && !COMPOSER_PLATFORM.test(d.name))) return undefined;
  return lockIn(ctx, [dirName(m.file)], ['composer.lock']) ? undefined : { messageId: 'php' };
}

function checkGo(ctx: ProjectRuleContext, m: Manifest): Verdict {
  if (!m.dependencies.length || lockIn(ctx, [dirName(m.file)], ['go.sum'])) return undefined;
  return { messageId: 'go' };
}

export const lockfileMissing: Rule = {
  id: 'code/lockfile-missing',
  kind: 'project',
  meta: {
    title: 'Dependency lock file missing',
    area: 'code',
    defaultSeverity: 'warning',
    languages: [],
    description: 'A manifest with version ranges but no committed lock file: every install can resolve different dependency versions, so builds are not reproducible and a compromised release slips in unnoticed.',
    cwe: ['CWE-1357', 'CWE-829'],
    references: ['OWASP Top 10 2021 A06 / A08', 'OpenSSF Scorecard Pinned-Dependencies'],
    messages: {
      npm: 'package.json has no lock file (package-lock.json, yarn.lock, pnpm-lock.yaml or bun.lock) here or in a parent folder: run your package manager\'s install and commit the lock file.',
      python: 'No {{lock}} is committed for this {{manager}} project: run `{{tool}}` and commit {{lock}}.',
      requirements: 'requirements.txt pins no version (no `==`): pin exact versions (e.g. `pip-compile` from requirements.in) or commit a lock file.',
      ruby: 'Gemfile has no Gemfile.lock: run `bundle install` and commit Gemfile.lock.',
      php: 'composer.json has no composer.lock: run `composer update --lock` (or `composer install`) and commit composer.lock.',
      go: 'go.mod requires modules but go.sum is missing: run `go mod tidy` and commit go.sum.',
    },
  },
  checkProject(ctx) {
    for (const m of ctx.manifests) {
      if (EXAMPLE_DIR.test(m.file)) continue;
      let verdict: Verdict;
      switch (m.ecosystem) {
        case 'npm': verdict = checkNpm(ctx, m); break;
        case 'pypi': verdict = checkPython(ctx, m); break;
        case 'rubygems': verdict = checkGemfile(ctx, m); break;
        case 'composer': verdict = checkComposer(ctx, m); break;
        case 'go': verdict = checkGo(ctx, m); break;
        default: verdict = undefined; // Maven and Gradle have no standard lock file
      }
      if (verdict) ctx.report({ file: m.file, line: 0, messageId: verdict.messageId, data: verdict.data });
    }
  },
};
