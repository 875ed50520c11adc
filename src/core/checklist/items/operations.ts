import type { ChecklistItem } from '../../model';

export const operationsItems: ChecklistItem[] = [
];
