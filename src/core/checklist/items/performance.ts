import type { ChecklistItem } from '../../model';

export const performanceItems: ChecklistItem[] = [
];
