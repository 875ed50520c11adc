import type { Rule } from '../../model';
import { verbInRoutePath } from './verb-in-route-path';

export const apiRules: Rule[] = [
  verbInRoutePath,
];
