import type { ChecklistItem } from '../../model';

export const architectureItems: ChecklistItem[] = [
];
