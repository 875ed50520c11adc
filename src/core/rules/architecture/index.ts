import type { Rule } from '../../model';
import { architectureDocsMissing } from './architecture-docs-missing';
import { circularImport } from './circular-import';
import { hardcodedEndpoint } from './hardcoded-endpoint';
import { layeringViolation } from './layering-violation';

export const architectureRules: Rule[] = [
  architectureDocsMissing,
  circularImport,
  hardcodedEndpoint,
  layeringViolation,
];
