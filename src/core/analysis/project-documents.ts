/** Shared evidence for the collaboration rules: is there a project here, and where do its team files live. */
import type { ProjectRuleContext } from '../engine/project-context';

/**
 * Team-practice rules apply to a project, not to an empty folder or a folder of notes: at least one source file
 * that is not a test.
 */
export function hasProjectSource(ctx: ProjectRuleContext): boolean {
  return ctx.sourceFiles.some(s => !ctx.isTestFile(s.file));
}

/** README files GitHub and GitLab show for the repository: the root first, then `.github/` and `docs/`. */
export function readmes(ctx: ProjectRuleContext): string[] {
  const byPlace = (dir: string) => ctx.find([`${dir}README`, `${dir}README.*`], { nocase: true }).sort(preferMarkdown);
  return [...byPlace(''), ...byPlace('.github/'), ...byPlace('docs/')];
}

function preferMarkdown(a: string, b: string): number {
  const rank = (f: string) => (/\.md$/i.test(f) ? 0 : /\.(markdown|rst|adoc|txt)$/i.test(f) ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** Where a finding about a missing team file goes: the README, else the project's primary file (a root manifest...). */
export function anchorFile(ctx: ProjectRuleContext): string | undefined {
  return readmes(ctx)[0] ?? ctx.primaryFile();
}

/** Report a missing team file on line 1 of the README or the primary file, when there is a project. */
export function reportMissing(ctx: ProjectRuleContext, messageId: string, data?: Record<string, string>): void {
  if (!hasProjectSource(ctx)) return;
  const file = anchorFile(ctx);
  if (file) ctx.report({ file, line: 0, messageId, data });
}
