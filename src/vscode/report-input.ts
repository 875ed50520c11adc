import type { ReportInput } from '../core/report/model';
import { RULES } from '../core/rules';
import type { FolderView } from './workspace-scanner';

declare const BP_VERSION: string | undefined;

/** A folder's current state as report input: the same shape the CLI renders. */
export function reportInputOf(view: FolderView): ReportInput {
  return {
    tool: { name: 'backend-practices', version: typeof BP_VERSION === 'string' ? BP_VERSION : '0.0.0-dev' },
    root: view.state.root, role: view.config.role, generatedAt: new Date().toISOString(),
    files: view.state.sourceFileCount, durationMs: view.state.durationMs, skipped: view.state.skipped,
    findings: view.checklist.findings, areas: view.checklist.areas, rules: RULES,
  };
}
