import type { Rule } from '../../model';

export const architectureRules: Rule[] = [
];
