import type { ChecklistItem } from '../../model';

export const apiItems: ChecklistItem[] = [
];
