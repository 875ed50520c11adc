import type { Rule } from '../../model';
import { focusedOrSkippedTest } from './focused-or-skipped-test';
import { testRunnerMissing } from './test-runner-missing';
import { testWithoutAssertion } from './test-without-assertion';
import { testsNotInCi } from './tests-not-in-ci';
import { untestedModule } from './untested-module';

export const testingRules: Rule[] = [
  focusedOrSkippedTest,
  testRunnerMissing,
  testWithoutAssertion,
  testsNotInCi,
  untestedModule,
];
