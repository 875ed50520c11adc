import type { Rule } from '../../model';
import { apiContractMissing } from './api-contract-missing';
import { errorDetailsLeak } from './error-details-leak';
import { missingApiVersioning } from './missing-api-versioning';
import { missingInputValidation } from './missing-input-validation';
import { verbInRoutePath } from './verb-in-route-path';

export const apiRules: Rule[] = [
  apiContractMissing,
  errorDetailsLeak,
  missingApiVersioning,
  missingInputValidation,
  verbInRoutePath,
];
