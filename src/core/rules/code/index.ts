import type { Rule } from '../../model';
import { invalidSuppression } from './invalid-suppression';

export const codeRules: Rule[] = [
  invalidSuppression,
];
