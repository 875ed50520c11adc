import type { Rule } from '../../model';

export const operationsRules: Rule[] = [
];
