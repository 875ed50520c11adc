import type { Rule } from '../../model';
import { invalidSuppression } from './invalid-suppression';
import { lintConfigMissing } from './lint-config-missing';
import { lockfileMissing } from './lockfile-missing';
import { oversizedFunction } from './oversized-function';
import { swallowedError } from './swallowed-error';

export const codeRules: Rule[] = [
  invalidSuppression,
  lintConfigMissing,
  lockfileMissing,
  oversizedFunction,
  swallowedError,
];
