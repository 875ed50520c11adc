import type { Finding, ScanResult, SkippedFile } from '../model';
import { RULES } from '../rules';
import type { AnalyzeOptions } from './analyze-file';
import type { FileOutcome } from './analyze-text';
import { runProjectRules } from './project';
import { sortFindings } from './scanner';

/**
 * One folder's latest analysis, updated file by file as the user edits, saves, creates and deletes files:
 * code findings are replaced for the one file; project rules re-run over the cached evidence (no re-parsing).
 */
export class FolderState {
  private readonly files: Set<string>;
  private readonly outcomes: Map<string, FileOutcome>;
  private readonly facts: Map<string, import('../model').FileFacts>;
  private projectFindings: Finding[];
  private findingsCache?: Finding[];
  durationMs: number;

  constructor(readonly root: string, result: ScanResult, private readonly options: AnalyzeOptions = {}) {
    const evidence = result.evidence;
    this.files = new Set(evidence?.files ?? []);
    this.outcomes = new Map(evidence?.outcomes as Map<string, FileOutcome> | undefined ?? []);
    this.facts = new Map(evidence?.facts ?? []);
    this.projectFindings = evidence?.projectFindings ?? [];
    this.durationMs = result.durationMs;
  }

  get findings(): Finding[] {
    if (!this.findingsCache) {
      const all: Finding[] = [...this.projectFindings];
      for (const outcome of this.outcomes.values()) if ('findings' in outcome) all.push(...outcome.findings);
      this.findingsCache = sortFindings(all);
    }
    return this.findingsCache;
  }

  get skipped(): SkippedFile[] {
    const out: SkippedFile[] = [];
    for (const [file, outcome] of this.outcomes) if ('skipped' in outcome) out.push({ file, reason: outcome.skipped });
    return out;
  }

  get sourceFileCount(): number {
    let n = 0;
    for (const outcome of this.outcomes.values()) if ('findings' in outcome) n++;
    return n;
  }

  /** Files whose findings may have changed since `before` (the edited file plus project findings' files). */
  findingsOf(file: string): Finding[] {
    return this.findings.filter(f => f.file === file);
  }

  /** A file was edited, created or saved: take its new outcome and re-run the project rules. */
  update(rel: string, outcome: FileOutcome | undefined): void {
    this.files.add(rel);
    if (outcome) {
      this.outcomes.set(rel, outcome);
      if ('facts' in outcome) this.facts.set(rel, outcome.facts); else this.facts.delete(rel);
    }
    this.rerunProjectRules();
  }

  /** A file was deleted (or excluded): its findings go, and project rules see it gone. */
  remove(rel: string): void {
    const prefix = `${rel}/`;
    for (const f of [...this.files]) if (f === rel || f.startsWith(prefix)) {
      this.files.delete(f);
      this.outcomes.delete(f);
      this.facts.delete(f);
    }
    this.rerunProjectRules();
  }

  private rerunProjectRules(): void {
    const sourceFiles: { file: string; language: import('../model').LanguageId }[] = [];
    for (const [file, outcome] of this.outcomes) if ('language' in outcome) sourceFiles.push({ file, language: outcome.language });
    sourceFiles.sort((a, b) => a.file.localeCompare(b.file));
    this.projectFindings = runProjectRules(this.root, [...this.files].sort(), sourceFiles, this.facts, RULES, this.options);
    this.findingsCache = undefined;
  }
}
