import type { ChecklistItem } from '../model';

/** The built-in checklist items. Role presets (junior ⊂ mid ⊂ senior ⊂ lead) select from these. */
export const ITEMS: readonly ChecklistItem[] = [
  {
    id: 'security.no-hardcoded-secrets',
    area: 'security',
    title: 'No secrets in the source code',
    why: 'A secret in the repository is in every clone, fork, backup and CI log; it cannot be rotated without a release and leaks are found by scanners within minutes.',
    verifiedBy: 'No string literal in the code looks like a provider key, a private key, or a password/token assigned to a secret-named variable.',
    rules: ['security/hardcoded-secret'],
  },
  {
    id: 'code.suppressions-explained',
    area: 'code',
    title: 'Every suppressed finding names its rule and says why',
    why: 'An unexplained suppression hides a risk from reviewers; naming the rule and the reason keeps the decision reviewable.',
    verifiedBy: 'Every backend-practices-ignore comment names a rule id and gives a reason after `--`.',
    rules: ['code/invalid-suppression'],
  },
];
