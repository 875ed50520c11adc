import type { Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import { descendants, isStringLiteral, nameWords, stringValue } from '../../analysis/syntax';
import { routeRegistrations } from '../../analysis/api-routes';

/**
 * Verbs that only restate what the HTTP method already says (read, create, change, delete). Action verbs that
 * have no HTTP method (`cancel`, `publish`, `refund`, `activate`) are a legitimate design choice and not listed;
 * neither are `post`, `patch`, `put` (nouns too: a blog post) nor `new`/`edit` (Rails' conventional form routes).
 */
const CRUD_VERBS = new Set([
  'get', 'fetch', 'retrieve', 'list', 'find', 'create', 'add', 'insert', 'update', 'modify', 'set', 'save',
  'delete', 'remove', 'destroy', 'erase',
]);
/** Nouns that happen to start with one of the verbs once split into words. */
const NOUN_SEGMENTS = new Set(['add-ons', 'add-on', 'add_ons', 'set-up', 'get-started']);

/** The first segment of `path` that starts with a CRUD verb, if any. */
function verbSegment(path: string): { segment: string; verb: string } | undefined {
  for (const segment of path.split('/')) {
    // Parameters (`:id`, `{id}`, `<int:id>`, `*`) are filled in by the client; they are not names.
    if (!segment || /^[:{<*(]/.test(segment) || /[{}<>*]/.test(segment)) continue;
    if (NOUN_SEGMENTS.has(segment.toLowerCase())) continue;
    const first = nameWords(segment)[0];
    if (first && CRUD_VERBS.has(first)) return { segment, verb: first };
  }
  return undefined;
}

export const verbInRoutePath: Rule = {
  id: 'api/verb-in-route-path',
  meta: {
    title: 'Verb in a REST route path',
    area: 'api',
    defaultSeverity: 'info',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'REST paths name resources and the HTTP method is the verb: `/getUsers` or `/users/delete/:id` duplicate the method, make the API inconsistent and defeat caching and tooling that rely on method semantics.',
    references: ['Microsoft REST API Guidelines (resource naming)', 'Google API Design Guide: resource-oriented design', 'RFC 9110 §9 (method semantics)'],
    messages: {
      verbPrefix: "Route segment '{{segment}}' starts with the verb '{{verb}}': name the resource (`{{method}} …/{{resource}}`) and let the HTTP method say what happens.",
      verb: "Route segment '{{segment}}' is a verb: drop it and let the HTTP method say what happens (`{{method}}` on the resource path).",
    },
  },
  check(ctx) {
    // Test doubles register whatever paths a test needs.
    if (ctx.isTestFile) return;
    const reported = new Set<number>();
    for (const route of routeRegistrations(ctx)) {
      const found = verbSegment(route.path);
      if (!found) continue;
      // Report on the literal that spells the segment; a segment from a class-level prefix is not this route's.
      const literal = literalWith(route.node, route.handler, found.segment);
      if (!literal || reported.has(literal.startIndex)) continue;
      reported.add(literal.startIndex);
      const resource = nameWords(found.segment).slice(1).join('-');
      const method = route.method === 'ANY' ? 'GET' : route.method.split('|')[0]!;
      ctx.report({ node: literal, messageId: resource ? 'verbPrefix' : 'verb', data: { segment: found.segment, verb: found.verb, method, resource } });
    }
  },
};

function literalWith(registration: SyntaxNode, handler: SyntaxNode | undefined, segment: string): SyntaxNode | undefined {
  const within = (node: SyntaxNode, outer: SyntaxNode) => node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
  // Annotations and attributes sit inside their method: then the handler is not a separate subtree to skip.
  const skip = handler && !within(registration, handler) ? handler : undefined;
  for (const node of descendants(registration)) {
    if (skip && within(node, skip)) continue;
    if (!isStringLiteral(node)) continue;
    const value = stringValue(node);
    if (value !== undefined && value.split(/[\s/]/).includes(segment)) return node;
  }
  return undefined;
}
