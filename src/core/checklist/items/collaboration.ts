import type { ChecklistItem } from '../../model';

export const collaborationItems: ChecklistItem[] = [
];
