import type { Rule } from '../../model';

export const apiRules: Rule[] = [
];
