import type { Rule } from '../../model';
import { LANGUAGES } from '../../model';
import { COMMENT_NODE_TYPES } from '../../languages/languages';
import { SUPPRESSION_RULE_ID, findSuppressions, suppressionProblem } from '../../engine/suppressions';

/** Every finding is a suppression comment, which starts with this marker. */
const MENTIONS = /backend-practices-ignore-/;

export const invalidSuppression: Rule = {
  id: SUPPRESSION_RULE_ID,
  locality: 'declaration',
  meta: {
    title: 'Suppression without a rule or a reason',
    area: 'code',
    defaultSeverity: 'warning',
    languages: LANGUAGES,
    description: 'A `backend-practices-ignore-*` comment must name the rule it silences and say why, so a reviewer can judge it; a malformed one silences nothing.',
    messages: {
      noRule: 'This suppression names no rule: add the rule id, e.g. `security/sql-injection`, then `-- reason`.',
      badRule: "'{{bad}}' is not a rule id (expected <area>/<name>, e.g. `security/sql-injection`).",
      noReason: 'This suppression gives no reason: add `-- <why this is safe>` so reviewers can judge it; until then it silences nothing.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    for (const s of findSuppressions(ctx.nodesOfType(...COMMENT_NODE_TYPES), ctx.language)) {
      const problem = suppressionProblem(s);
      if (problem) ctx.report({ node: s.comment, messageId: problem.messageId, data: problem.bad ? { bad: problem.bad } : {} });
    }
  },
};
