import type { Rule } from '../../model';

export const testingRules: Rule[] = [
];
