import type { ChecklistItem } from '../../model';

export const codeItems: ChecklistItem[] = [
  {
    id: 'code.suppressions-explained',
    area: 'code',
    level: 'junior',
    title: 'Every suppressed finding names its rule and says why',
    why: 'An unexplained suppression hides a risk from reviewers; naming the rule and the reason keeps the decision reviewable.',
    verifiedBy: 'Every backend-practices-ignore comment names a rule id and gives a reason after `--`.',
    rules: ['code/invalid-suppression'],
  },
];
