import picomatch from 'picomatch';
import { RE2JS } from 're2js';
import type { FileFacts, LanguageId } from '../model';
import type { ProjectReport } from '../engine/project-context';
import { createProjectContext } from '../engine/project-context';
import { compileQuery, loadLanguage, parse } from '../languages/parser';
import type { ConfigProblem } from './types';
import type { EffectiveConfig } from './effective';
import { customRuleId } from './effective';

/** At most this many findings per custom item, so a too-broad pattern cannot flood the Problems panel. */
const MAX_FINDINGS_PER_ITEM = 100;
/** A query may not produce more in-progress matches than this (tree-sitter's own bound on work). */
const QUERY_MATCH_LIMIT = 2000;

export interface CustomFinding extends ProjectReport { ruleId: string; message: string }

/**
 * Check the evidence of custom items from a team config: files that must exist, a dependency, an RE2 pattern
 * (linear time, so a hostile pattern cannot hang the scan) and a tree-sitter query. Problems with a pattern or a
 * query are reported on the config, never thrown.
 */
export async function checkCustomItems(
  root: string, files: readonly string[], sourceFiles: readonly { file: string; language: LanguageId }[],
  facts: ReadonlyMap<string, FileFacts>, config: EffectiveConfig,
): Promise<{ findings: CustomFinding[]; problems: ConfigProblem[] }> {
  const findings: CustomFinding[] = [];
  const problems: ConfigProblem[] = [];
  if (!config.evidence.size) return { findings, problems };
  const reports: ProjectReport[] = [];
  const ctx = createProjectContext(root, files, sourceFiles, facts, {}, r => reports.push(r));
  const home = ctx.primaryFile() ?? config.configFile ?? files[0] ?? '.';
  const itemAt = (id: string) => config.items.find(i => i.id === id);
  const configProblem = (message: string) => problems.push({ file: config.configFile ?? '', line: 0, column: 0, endLine: 0, endColumn: 0, severity: 'error', message });
  for (const [id, evidence] of config.evidence) {
    const ruleId = customRuleId(id);
    const title = itemAt(id)?.title ?? id;
    const out: CustomFinding[] = [];
    const add = (file: string, line: number, message: string, column = 0, endColumn = 0) => {
      if (out.length < MAX_FINDINGS_PER_ITEM) out.push({ ruleId, message, file, range: { start: { line, column }, end: { line, column: endColumn } }, messageId: 'custom' });
    };
    for (const glob of evidence.files ?? []) {
      if (!ctx.exists(glob, { nocase: false })) add(home, 0, `${title}: no file matches '${glob}'.`);
    }
    if (evidence.dependency && !ctx.dependency(evidence.dependency)) add(home, 0, `${title}: no manifest declares the dependency '${evidence.dependency}'.`);
    if (evidence.pattern) {
      const { regex, must, message } = evidence.pattern;
      let re: RE2JS | undefined;
      try {
        re = RE2JS.compile(regex, RE2JS.MULTILINE);
      } catch (error) {
        configProblem(`Item ${id}: the pattern /${regex}/ is not a valid RE2 expression (${(error as Error).message}). It was not applied.`);
      }
      if (re) {
        const targets = evidence.pattern.files?.length ? ctx.find(evidence.pattern.files) : sourceFiles.map(s => s.file);
        let occurred = false;
        for (const file of targets) {
          const text = ctx.readText(file);
          if (text === undefined) continue;
          const m = re.matcher(text);
          while (m.find()) {
            occurred = true;
            if (must === 'occur') break;
            const start = m.start();
            const line = countLines(text, start);
            const column = start - (text.lastIndexOf('\n', start - 1) + 1);
            add(file, line, message ?? `${title}: /${regex}/ must not occur.`, column, column + Math.max(1, m.end() - start));
            if (out.length >= MAX_FINDINGS_PER_ITEM) break;
          }
          if (occurred && must === 'occur') break;
        }
        if (must === 'occur' && !occurred) add(home, 0, message ?? `${title}: nothing matches /${regex}/.`);
      }
    }
    if (evidence.query) {
      const { language, query: source, must, message } = evidence.query;
      let query: ReturnType<typeof compileQuery> | undefined;
      try {
        query = compileQuery(await loadLanguage(language), language, source);
      } catch (error) {
        configProblem(`Item ${id}: the ${language} query is invalid (${(error as Error).message}). It was not applied.`);
      }
      if (query) {
        const glob = evidence.query.files?.length ? picomatch(evidence.query.files, { dot: true }) : () => true;
        let occurred = false;
        for (const { file, language: l } of sourceFiles) {
          if (l !== language || !glob(file)) continue;
          const text = ctx.readText(file);
          if (text === undefined) continue;
          const tree = await parse(language, text);
          try {
            for (const capture of query.captures(tree.rootNode, { matchLimit: QUERY_MATCH_LIMIT })) {
              occurred = true;
              if (must === 'occur') break;
              const n = capture.node;
              out.push({ ruleId, message: message ?? `${title}: matched the team's query.`, file, messageId: 'custom',
                range: { start: { line: n.startPosition.row, column: n.startPosition.column }, end: { line: n.endPosition.row, column: n.endPosition.column } } });
              if (out.length >= MAX_FINDINGS_PER_ITEM) break;
            }
          } finally {
            tree.delete();
          }
          if (occurred && must === 'occur') break;
        }
        if (must === 'occur' && !occurred) add(home, 0, message ?? `${title}: the team's query matched nothing.`);
      }
    }
    findings.push(...out);
  }
  return { findings, problems };
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
