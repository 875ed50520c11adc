import type { Rule } from '../../model';
import { hardcodedSecret } from './hardcoded-secret';

export const securityRules: Rule[] = [
  hardcodedSecret,
];
