import type { Rule } from '../../model';
import { ciFiles, fileRunsTests, isTestSource } from '../../analysis/test-conventions';

export const testsNotInCi: Rule = {
  id: 'testing/tests-not-in-ci',
  kind: 'project',
  meta: {
    title: 'Tests are not run in CI',
    area: 'testing',
    defaultSeverity: 'warning',
    languages: [],
    description: 'The project has tests but no CI configuration runs them, so a change can be merged with a failing suite.',
    references: ['Martin Fowler, "Continuous Integration" (make your build self-testing)', 'Software Engineering at Google, ch. 23 "Continuous Integration"'],
    messages: {
      noCi: 'This project has {{tests}} but no CI configuration (GitHub Actions, GitLab CI, CircleCI, Jenkins...): add a pipeline that runs the tests on every change.',
      notRun: 'None of the CI configuration runs the tests ({{tests}}): add a step such as `{{example}}`.',
    },
  },
  checkProject(ctx) {
    const tests = ctx.files.filter(isTestSource);
    if (!tests.length) return;
    const ci = ciFiles(ctx);
    if (ci.some(file => fileRunsTests(ctx, file))) return;
    const count = tests.length;
    const testsText = `${count} test file${count === 1 ? '' : 's'}`;
    if (!ci.length) {
      const primary = ctx.primaryFile();
      if (primary) ctx.report({ file: primary, line: 0, messageId: 'noCi', data: { tests: testsText } });
      return;
    }
    ctx.report({ file: ci[0]!, line: 0, messageId: 'notRun', data: { tests: testsText, example: exampleCommand(tests) } });
  },
};

/** A test command for the ecosystem with the most test files. */
function exampleCommand(tests: readonly string[]): string {
  const count = (re: RegExp) => tests.filter(t => re.test(t)).length;
  const candidates: [number, string][] = [
    [count(/\.[cm]?[jt]sx?$/), 'npm test'], [count(/\.py$/), 'pytest'], [count(/\.(java|kt|groovy)$/), './mvnw verify'],
    [count(/\.go$/), 'go test ./...'], [count(/\.rb$/), 'bundle exec rspec'], [count(/\.php$/), 'vendor/bin/phpunit'],
  ];
  return candidates.sort((a, b) => b[0] - a[0])[0]![1];
}
