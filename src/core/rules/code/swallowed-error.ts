import type { CodeRule, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import type { CodeRuleContext } from '../../engine/rule-context';
import { COMMENT_NODE_TYPES } from '../../languages/languages';

/** A catch variable named to say "ignored on purpose" (IntelliJ's `ignored`, `_`, `expected`). */
const IGNORED_NAME = /^\$?(_\w*|ignored?|expected|unused)$/;
/** Python handlers broad enough to hide any bug (narrow ones, like `except FileNotFoundError: pass`, are deliberate). */
const PY_BROAD = new Set(['Exception', 'BaseException', 'builtins.Exception', 'builtins.BaseException']);
/** Go names that hold an error: `err`, `cerr`, `closeErr`, `writeError`. */
const GO_ERROR_NAME = /(^|[a-z])(err|Err|error|Error)$/;
const JS_FUNCTIONS = new Set(['arrow_function', 'function_expression', 'function']);
/** Per language, the keyword (or `.catch`) of every handler it reports; Go's `err` is everywhere, so Go has no gate. */
const CATCH = /catch/;
const MENTIONS: CodeRule['mentions'] = {
  javascript: CATCH, typescript: CATCH, tsx: CATCH, java: CATCH,
  python: /except/,
  ruby: /rescue/,
  // PHP keywords are case-insensitive.
  php: /catch/i,
};

/** Named children that are not comments. */
function statements(block: SyntaxNode | null): SyntaxNode[] {
  return block ? block.namedChildren.filter((c): c is SyntaxNode => !!c && !COMMENT_NODE_TYPES.has(c.type)) : [];
}
/**
 * A comment inside the handler, or right after it on the line where it ends (`catch {} // best effort`), says the
 * error is ignored on purpose.
 */
function explained(ctx: CodeRuleContext, handler: SyntaxNode): boolean {
  return ctx.nodesOfType(...COMMENT_NODE_TYPES)
    .some(c => c.startIndex > handler.startIndex && (c.startIndex < handler.endIndex || c.startPosition.row === handler.endPosition.row));
}

export const swallowedError: Rule = {
  id: 'code/swallowed-error',
  locality: 'declaration',
  meta: {
    title: 'Swallowed error',
    area: 'code',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'An error is caught and dropped without handling, logging or a comment saying why: the failure disappears and the program goes on in a state nobody checked.',
    cwe: ['CWE-390', 'CWE-391'],
    references: ['OWASP Top 10 2025 A10 (Mishandling of Exceptional Conditions)', 'SEI CERT ERR00-J', 'CWE-1069 (empty exception block)'],
    messages: {
      emptyCatch: 'This {{what}} swallows the error: handle it, log it with context or rethrow it; if ignoring it is intended, say why in a comment inside the block.',
      emptyCallback: 'This `.catch()` callback drops the rejection: log it or handle it; if ignoring it is intended, say why in a comment inside the callback.',
      discarded: '`_ = {{name}}` throws the error away: handle it or return it; if it is really irrelevant, say why in a comment on the same line.',
      rescueNil: '`rescue nil` turns every StandardError into nil: rescue the specific exception you expect and handle it.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    // Tests swallow errors on purpose to probe failure paths.
    if (ctx.isTestFile) return;
    switch (ctx.language) {
      case 'javascript': case 'typescript': case 'tsx': return checkJs(ctx);
      case 'python': return checkPython(ctx);
      case 'java': return checkCatchClauses(ctx, c => c.namedChildren.find(n => n?.type === 'catch_formal_parameter')?.childForFieldName('name')?.text);
      case 'php': return checkCatchClauses(ctx, c => c.childForFieldName('name')?.text);
      case 'go': return checkGo(ctx);
      case 'ruby': return checkRuby(ctx);
    }
  },
};

/** JS/TS, Java and PHP: `catch (...) {}` with nothing inside, not even a comment. */
function checkCatchClauses(ctx: CodeRuleContext, variable: (clause: SyntaxNode) => string | undefined): void {
  for (const clause of ctx.nodesOfType('catch_clause')) {
    const body = clause.childForFieldName('body');
    if (!body || statements(body).length || explained(ctx, body)) continue;
    const name = variable(clause);
    if (name && IGNORED_NAME.test(name)) continue;
    ctx.report({ node: clause, messageId: 'emptyCatch', data: { what: 'empty catch block' } });
  }
}

function checkJs(ctx: CodeRuleContext): void {
  checkCatchClauses(ctx, c => c.childForFieldName('parameter')?.text);
  for (const call of ctx.nodesOfType('call_expression')) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'member_expression' || fn.childForFieldName('property')?.text !== 'catch') continue;
    const args = statements(call.childForFieldName('arguments'));
    const callback = args.length === 1 && JS_FUNCTIONS.has(args[0]!.type) ? args[0]! : undefined;
    const body = callback?.childForFieldName('body');
    if (body?.type !== 'statement_block' || statements(body).length || explained(ctx, body)) continue;
    ctx.report({ node: callback!, messageId: 'emptyCallback' });
  }
}

function pyCaught(clause: SyntaxNode): SyntaxNode | null {
  const value = clause.childForFieldName('value');
  return value?.type === 'as_pattern' ? value.namedChild(0) : value;
}

function checkPython(ctx: CodeRuleContext): void {
  for (const clause of ctx.nodesOfType('except_clause', 'except_group_clause')) {
    const caught = pyCaught(clause);
    const types = !caught ? [] : caught.type === 'tuple' || caught.type === 'parenthesized_expression'
      ? statements(caught).map(t => t.text) : [caught.text];
    if (caught && !types.some(t => PY_BROAD.has(t))) continue; // a bare `except:` is the broadest of all
    const block = clause.namedChildren.find(c => c?.type === 'block') ?? null;
    const body = statements(block);
    if (!body.length || !body.every(s => s.type === 'pass_statement' || (s.type === 'expression_statement' && s.namedChild(0)?.type === 'ellipsis'))) continue;
    if (explained(ctx, clause)) continue;
    ctx.report({ node: clause, messageId: 'emptyCatch', data: { what: caught ? `\`except ${caught.text}\` that only passes` : 'bare `except:` that only passes' } });
  }
}

function checkGo(ctx: CodeRuleContext): void {
  for (const stmt of ctx.nodesOfType('if_statement')) {
    const cond = stmt.childForFieldName('condition');
    if (cond?.type !== 'binary_expression' || cond.childForFieldName('operator')?.text !== '!=') continue;
    const left = cond.childForFieldName('left');
    const right = cond.childForFieldName('right');
    const errSide = right?.type === 'nil' ? left : left?.type === 'nil' ? right : null;
    if (errSide?.type !== 'identifier' || !GO_ERROR_NAME.test(errSide.text)) continue;
    const consequence = stmt.childForFieldName('consequence');
    if (!consequence || statements(consequence).length || explained(ctx, consequence) || stmt.childForFieldName('alternative')) continue;
    ctx.report({ node: stmt, messageId: 'emptyCatch', data: { what: `\`if ${errSide.text} != nil\` with an empty body` } });
  }
  for (const assign of ctx.nodesOfType('assignment_statement')) {
    const left = statements(assign.childForFieldName('left'));
    const right = statements(assign.childForFieldName('right'));
    if (left.length !== 1 || right.length !== 1 || left[0]!.text !== '_') continue;
    if (right[0]!.type !== 'identifier' || !GO_ERROR_NAME.test(right[0]!.text) || explained(ctx, assign)) continue;
    ctx.report({ node: assign, messageId: 'discarded', data: { name: right[0]!.text } });
  }
}

function checkRuby(ctx: CodeRuleContext): void {
  for (const modifier of ctx.nodesOfType('rescue_modifier')) {
    if (modifier.childForFieldName('handler')?.type === 'nil' && !explained(ctx, modifier)) ctx.report({ node: modifier, messageId: 'rescueNil' });
  }
  for (const clause of ctx.nodesOfType('rescue')) {
    const body = clause.childForFieldName('body');
    if (statements(body).length > 0 || explained(ctx, clause)) continue;
    const name = clause.childForFieldName('variable')?.namedChild(0)?.text;
    if (name && IGNORED_NAME.test(name)) continue;
    ctx.report({ node: clause, messageId: 'emptyCatch', data: { what: 'empty rescue clause' } });
  }
}
