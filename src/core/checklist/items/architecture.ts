import type { ChecklistItem } from '../../model';

export const architectureItems: ChecklistItem[] = [
  {
    id: 'architecture.acyclic-modules',
    area: 'architecture',
    level: 'mid',
    title: 'Modules do not import each other in cycles',
    why: 'A cycle ties modules together: none can be understood, tested, reused or replaced alone, and load-time cycles hand half-initialised modules to each other.',
    verifiedBy: 'The import graph of the project\'s own modules (JS/TS, Python, Ruby, PHP files; Java packages) has no cycle.',
    rules: ['architecture/circular-import'],
  },
];
