import type { ChecklistItem } from '../../model';

export const testingItems: ChecklistItem[] = [
];
