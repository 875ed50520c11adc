import type { FileFacts, Finding, LanguageId, ProjectRule, Rule } from '../model';
import { isProjectRule } from '../model';
import { type AnalyzeOptions, fingerprint, toFindings } from './analyze-file';
import { createProjectContext, type ProjectReport } from './project-context';
import { formatMessage, type RawFinding } from './rule-context';

/** Run the enabled project rules over a folder's evidence; one roll-up finding per gap. */
export function runProjectRules(
  root: string, files: readonly string[], sourceFiles: readonly { file: string; language: LanguageId }[],
  facts: ReadonlyMap<string, FileFacts>, rules: readonly Rule[], options: AnalyzeOptions = {},
): Finding[] {
  const projectRules = rules.filter((r): r is ProjectRule => isProjectRule(r) && options.severities?.[r.id] !== 'off');
  const byFile = new Map<string, RawFinding[]>();
  const readCache = new Map<string, string | undefined>();
  for (const rule of projectRules) {
    const sink = (r: ProjectReport) => {
      const template = rule.meta.messages[r.messageId];
      if (template === undefined) throw new Error(`${rule.id} reported unknown messageId '${r.messageId}'`);
      let list = byFile.get(r.file);
      if (!list) byFile.set(r.file, (list = []));
      list.push({ ruleId: rule.id, messageId: r.messageId, message: formatMessage(template, r.data), range: r.range, related: r.related, fix: r.fix });
    };
    const ctx = createProjectContext(root, files, sourceFiles, facts, options.ruleOptions?.[rule.id] ?? {}, sink, readCache);
    try {
      rule.checkProject(ctx);
    } catch (error) {
      const file = ctx.primaryFile() ?? '.';
      byFile.set(file, [...(byFile.get(file) ?? []), { ruleId: rule.id, messageId: 'crash', message: `Rule ${rule.id} failed: ${(error as Error).message}`, range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } } }]);
    }
  }
  const out: Finding[] = [];
  for (const [file, raw] of byFile) out.push(...fingerprint(file, readCache.get(file) ?? '', toFindings(file, raw, rules, options)));
  return out;
}
