import type { ProjectRule } from '../../model';
import type { ProjectRuleContext } from '../../engine/project-context';
import { reportMissing } from '../../analysis/project-documents';

/** Changelog files anywhere (monorepo packages keep their own), with documentation extensions only: `news.py` is code. */
const CHANGELOG = '**/{CHANGELOG,CHANGES,HISTORY,NEWS,RELEASES,RELEASE_NOTES,RELEASE-NOTES}{,.md,.markdown,.rst,.txt,.adoc,.asciidoc,.org}';
/** Release-notes automation: release-please, changesets, semantic-release, release-it, standard-version, git-cliff, GoReleaser, towncrier, scriv, commitizen, release-drafter, JReleaser, GitHub generated notes. */
const RELEASE_CONFIG = [
  '**/release-please-config.json', '**/.release-please-manifest.json', '.changeset/**', '**/.releaserc{,.*}',
  '**/release.config.{js,cjs,mjs,ts}', '**/.release-it.{json,js,cjs,yaml,yml,toml}', '**/.versionrc{,.*}', '**/cliff.toml',
  '**/.goreleaser.{yml,yaml}', '**/towncrier.toml', '**/changelog.d/**', '**/.cz.{toml,json,yaml}', '**/cz.{toml,json,yaml}',
  '.github/release-drafter.{yml,yaml}', '.github/release.{yml,yaml}', '**/jreleaser.{yml,yaml,toml,json}',
];
const RELEASE_DEP = /^(semantic-release|@semantic-release\/.+|@changesets\/cli|standard-version|commit-and-tag-version|release-it|@release-it\/.+|release-please|lerna-changelog|auto|conventional-changelog(-cli)?|git-cliff|towncrier|python-semantic-release|commitizen|scriv|gitchangelog)$/;
const RELEASE_STEP = /release-please-action|semantic-release|changesets\/action|release-drafter|goreleaser|git-cliff|towncrier|jreleaser/;
const PYPROJECT_TOOL = /^\s*\[tool\.(towncrier|semantic_release|commitizen|scriv)\b/m;

export const changelogMissing: ProjectRule = {
  id: 'collaboration/changelog-missing',
  kind: 'project',
  meta: {
    title: 'No changelog or release notes',
    area: 'collaboration',
    defaultSeverity: 'info',
    languages: [], // a project rule: it reads the repository's team files, whatever the language
    description: 'Without a CHANGELOG (or release-notes automation) consumers, support and on-call cannot tell what changed in a release, which makes upgrades and incident triage guesswork.',
    references: ['Keep a Changelog 1.1.0', 'Semantic Versioning 2.0.0', 'Conventional Commits 1.0.0'],
    messages: {
      missing: 'No CHANGELOG (or HISTORY/CHANGES/NEWS) and no release-notes automation: keep a `CHANGELOG.md` in the Keep a Changelog format, or generate release notes with release-please, changesets or semantic-release.',
    },
  },
  checkProject(ctx) {
    if (!hasReleaseNotes(ctx)) reportMissing(ctx, 'missing');
  },
};

function hasReleaseNotes(ctx: ProjectRuleContext): boolean {
  if (ctx.find(CHANGELOG, { nocase: true }).some(f => !ctx.isTestFile(f))) return true;
  if (ctx.exists(RELEASE_CONFIG)) return true;
  if (ctx.manifests.some(m => m.dependencies.some(d => RELEASE_DEP.test(d.name)))) return true;
  // semantic-release configured in package.json, towncrier/commitizen in pyproject.toml, a release step in CI.
  for (const file of ctx.find(['package.json', 'pyproject.toml'])) {
    const text = ctx.readText(file) ?? '';
    if (file === 'package.json' ? /^\s{2}"release"\s*:/m.test(text) : PYPROJECT_TOOL.test(text)) return true;
  }
  return ctx.find(['.github/workflows/*.{yml,yaml}', '.gitlab-ci.yml', '.circleci/config.yml']).some(f => RELEASE_STEP.test(ctx.readText(f) ?? ''));
}
