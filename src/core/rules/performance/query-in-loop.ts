import type { Rule } from '../../model';
import { LANGUAGES } from '../../model';
import { CALL_TYPES, enclosingLoop, iteratesCollection, loopRegions } from '../../analysis/code-shapes';
import { callLabel, isDbCall } from '../../analysis/db-calls';

export const queryInLoop: Rule = {
  id: 'performance/query-in-loop',
  locality: 'declaration',
  meta: {
    title: 'Database query inside a loop (N+1)',
    area: 'performance',
    defaultSeverity: 'warning',
    languages: LANGUAGES,
    description: 'A database or ORM call inside a loop over a collection costs one round trip per element (the N+1 problem); fetch or write the whole set in one query instead.',
    references: ['CWE-1050 (excessive platform resource consumption within a loop)', 'CWE-1073 (excessive number of data resource accesses)'],
    messages: {
      inLoop: '{{call}} runs once per iteration of this loop (N+1 queries): load the rows for all elements in one query (WHERE id IN (...), a join, or eager loading), or write them in one batch.',
    },
  },
  check(ctx) {
    // Seeding a handful of rows in a test is harmless; the rule is about request and job paths.
    if (ctx.isTestFile) return;
    const loops = loopRegions(ctx.nodesOfType, ctx.language);
    if (loops.empty) return;
    const checked = new Map<number, boolean>();
    for (const call of ctx.nodesOfType(...CALL_TYPES[ctx.language])) {
      if (!loops.covers(call) || !isDbCall(call, ctx.language)) continue;
      const loop = enclosingLoop(call);
      if (!loop) continue;
      // Polling, paging and retry loops run one query per page / job / attempt on purpose.
      let walks = checked.get(loop.loop.id);
      if (walks === undefined) checked.set(loop.loop.id, (walks = iteratesCollection(loop.loop)));
      if (!walks) continue;
      ctx.report({ node: call, messageId: 'inLoop', data: { call: callLabel(call) } });
    }
  },
};
