import type { ChecklistItem } from '../../model';

export const databaseItems: ChecklistItem[] = [
];
