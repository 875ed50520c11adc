import type { AreaSummary, FileFacts, Finding, LanguageId, Role, ScanResult, SkippedFile } from '../model';
import type { FileOutcome } from './analyze-text';
import { projectFindings, sortFindings, type ScanOptions } from './scanner';
import type { EffectiveConfig } from '../config/effective';
import { itemsForRole } from '../checklist/roles';
import { applyWaivers, evaluateItems, summariseAreas } from '../checklist/evaluate';

/** The checklist of a folder: findings after waivers, the waived ones, and the areas with item statuses. */
export interface Checklist { findings: Finding[]; waived: Finding[]; areas: AreaSummary[] }

/** One engine for the CLI and the editor: team decisions applied to findings, then items evaluated. */
export function checklistOf(findings: readonly Finding[], config: EffectiveConfig | undefined, role: Role): Checklist {
  const { kept, waived } = applyWaivers(findings, config?.waivers);
  const items = config?.items ?? itemsForRole(role);
  return { findings: kept, waived, areas: summariseAreas(evaluateItems(items, kept, config ?? {}, waived)) };
}

/**
 * One folder's latest analysis, updated file by file as the user edits, saves, creates and deletes files:
 * code findings are replaced for the one file; project rules re-run over the cached evidence (no re-parsing).
 */
export class FolderState {
  private readonly files: Set<string>;
  private readonly outcomes: Map<string, FileOutcome>;
  private readonly facts: Map<string, FileFacts>;
  private projectFindings: Finding[];
  private findingsCache?: Finding[];
  durationMs: number;

  constructor(readonly root: string, result: ScanResult, private readonly options: ScanOptions = {}) {
    const evidence = result.evidence;
    this.files = new Set(evidence?.files ?? []);
    this.outcomes = new Map((evidence?.outcomes as Map<string, FileOutcome> | undefined) ?? []);
    this.facts = new Map(evidence?.facts ?? []);
    this.projectFindings = evidence?.projectFindings ?? [];
    this.durationMs = result.durationMs;
  }

  get config(): EffectiveConfig | undefined { return this.options.config; }

  /** Every finding (before waivers), sorted. */
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

  /** A file was edited, created or saved: take its new outcome and re-run the project rules. */
  /**
   * Take a file's new outcome. Resolves to whether anything a user sees changed (the file's findings or skip
   * reason, or project findings): most keystrokes change nothing, and then views need no refresh.
   */
  async update(rel: string, outcome: FileOutcome | undefined): Promise<boolean> {
    const known = this.files.has(rel);
    const before = JSON.stringify(this.facts.get(rel) ?? null);
    const shownBefore = known ? shownOf(this.outcomes.get(rel)) : undefined;
    this.files.add(rel);
    if (outcome) {
      this.outcomes.set(rel, outcome);
      if ('facts' in outcome) this.facts.set(rel, outcome.facts); else this.facts.delete(rel);
    }
    this.findingsCache = undefined;
    // Typing inside a function rarely changes a file's imports, routes or shape: then project rules would find
    // exactly what they found before, so keystrokes skip them. Source files are the only ones with facts; a
    // manifest or Dockerfile saved on disk always re-runs them.
    // (Custom evidence items read source text themselves, so with any of those the project phase always re-runs.)
    const sameFacts = known && !this.options.config?.evidence.size && outcome !== undefined && 'facts' in outcome && JSON.stringify(outcome.facts) === before;
    let projectChanged = false;
    if (!sameFacts) {
      const projectBefore = JSON.stringify(this.projectFindings);
      await this.rerunProjectRules();
      projectChanged = JSON.stringify(this.projectFindings) !== projectBefore;
    }
    return projectChanged || shownBefore === undefined || shownOf(this.outcomes.get(rel)) !== shownBefore;
  }

  /** A file or folder was deleted (or excluded): its findings go, and project rules see it gone. */
  async remove(rel: string): Promise<void> {
    const prefix = `${rel}/`;
    for (const f of [...this.files]) {if (f === rel || f.startsWith(prefix)) {
      this.files.delete(f);
      this.outcomes.delete(f);
      this.facts.delete(f);
    }}
    for (const f of [...this.outcomes.keys()]) if (f === rel || f.startsWith(prefix)) this.outcomes.delete(f);
    this.findingsCache = undefined;
    await this.rerunProjectRules();
  }

  private async rerunProjectRules(): Promise<void> {
    const sourceFiles: { file: string; language: LanguageId }[] = [];
    for (const [file, outcome] of this.outcomes) if ('language' in outcome) sourceFiles.push({ file, language: outcome.language });
    sourceFiles.sort((a, b) => a.file.localeCompare(b.file));
    this.projectFindings = await projectFindings(this.root, [...this.files].sort(), sourceFiles, this.facts, this.options);
    this.findingsCache = undefined;
  }
}

/** What a file's outcome shows: findings or the reason it was skipped (its facts only matter to project rules). */
function shownOf(outcome: FileOutcome | { findings: Finding[] } | { skipped: string } | { notSource: true } | undefined): string {
  if (!outcome) return 'none';
  if ('findings' in outcome) return JSON.stringify(outcome.findings);
  return JSON.stringify(outcome);
}
