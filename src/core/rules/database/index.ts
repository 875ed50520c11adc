import type { Rule } from '../../model';

export const databaseRules: Rule[] = [
];
