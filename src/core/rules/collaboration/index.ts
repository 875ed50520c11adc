import type { Rule } from '../../model';

export const collaborationRules: Rule[] = [
];
