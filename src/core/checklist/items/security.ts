import type { ChecklistItem } from '../../model';

export const securityItems: ChecklistItem[] = [
  {
    id: 'security.no-hardcoded-secrets',
    area: 'security',
    level: 'junior',
    title: 'No secrets in the source code',
    why: 'A secret in the repository is in every clone, fork, backup and CI log; it cannot be rotated without a release and leaks are found by scanners within minutes.',
    verifiedBy: 'No string literal in the code looks like a provider key, a private key, or a password/token assigned to a secret-named variable.',
    rules: ['security/hardcoded-secret'],
  },
];
