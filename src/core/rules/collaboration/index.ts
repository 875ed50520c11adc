import type { Rule } from '../../model';
import { changelogMissing } from './changelog-missing';
import { codeownersMissing } from './codeowners-missing';
import { contributingGuideMissing } from './contributing-guide-missing';
import { pullRequestTemplateMissing } from './pull-request-template-missing';
import { readmeMissingSetup } from './readme-missing-setup';

export const collaborationRules: Rule[] = [
  changelogMissing,
  codeownersMissing,
  contributingGuideMissing,
  pullRequestTemplateMissing,
  readmeMissingSetup,
];
