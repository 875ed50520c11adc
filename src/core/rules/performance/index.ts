import type { Rule } from '../../model';

export const performanceRules: Rule[] = [
];
