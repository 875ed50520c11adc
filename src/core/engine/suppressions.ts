import type { LanguageId } from '../model';
import type { SyntaxNode } from '../languages/parser';
import type { RawFinding } from './rule-context';

/** Malformed suppressions are reported by this rule, which no suppression can silence. */
export const SUPPRESSION_RULE_ID = 'code/invalid-suppression';

export interface Suppression {
  /** Zero-based line whose findings are silenced. */
  line: number;
  ruleIds: string[];
  reason: string;
  comment: SyntaxNode;
}

/** Every suppression comment contains this text. */
export const SUPPRESSION_MARKER = 'backend-practices-ignore-';
/**
 * The directive opens the comment, as ESLint's do (`// backend-practices-ignore-line …`, `# …`, `/* … *\/`): prose
 * that mentions the syntax further in (a doc comment explaining it) is not a suppression.
 */
const MARKER = /^(?:\/\/+|#+|\/\*+|<!--)\s*backend-practices-ignore-(next-line|line)\b([^\n]*)/;
const RULE_ID = /^[a-z]+\/[a-z0-9-]+$/;

/**
 * Read suppressions from comment nodes only (so the marker inside a string literal does nothing):
 * `backend-practices-ignore-next-line security/sql-injection, security/path-traversal -- reason`.
 */
export function findSuppressions(comments: readonly SyntaxNode[], _language: LanguageId): Suppression[] {
  const out: Suppression[] = [];
  for (const comment of comments) {
    const match = MARKER.exec(comment.text.trimStart());
    if (!match) continue;
    const [, kind, rest] = match as unknown as [string, string, string];
    const body = rest.replace(/\*\/\s*$/, '').replace(/-->\s*$/, '');
    const sep = body.indexOf('--');
    const idsText = sep >= 0 ? body.slice(0, sep) : body;
    const reason = sep >= 0 ? body.slice(sep + 2).trim() : '';
    const ruleIds = idsText.split(/[\s,]+/).filter(Boolean);
    const line = kind === 'line' ? comment.startPosition.row : comment.endPosition.row + 1;
    out.push({ line, ruleIds, reason, comment });
  }
  return out;
}

export function isSuppressed(finding: RawFinding, suppressions: readonly Suppression[]): boolean {
  if (finding.ruleId === SUPPRESSION_RULE_ID) return false;
  return suppressions.some(s => s.line === finding.range.start.line && s.reason !== '' && s.ruleIds.includes(finding.ruleId));
}

/** Why a suppression is malformed (names no rule, a bad rule id, or gives no reason), or undefined. */
export function suppressionProblem(s: Suppression): { messageId: 'noRule' | 'badRule' | 'noReason'; bad?: string } | undefined {
  if (s.ruleIds.length === 0) return { messageId: 'noRule' };
  const bad = s.ruleIds.filter(id => !RULE_ID.test(id));
  if (bad.length) return { messageId: 'badRule', bad: bad.join(', ') };
  if (!s.reason) return { messageId: 'noReason' };
  return undefined;
}
