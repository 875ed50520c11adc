import type { Rule } from '../../model';
import { LANGUAGES } from '../../model';
import { bindingOf, isStringLiteral, stringValue } from '../../analysis/syntax';
import { PRIVATE_KEY_HEADER, looksLikeSecretValue, providerFormat, secretKindOfName } from '../../analysis/secrets';

/** Node types that can bind a name to a value in one of the grammars (see `bindingOf`). */
const BINDING_TYPES = [
  'variable_declarator', 'const_spec', 'var_spec', 'assignment_expression', 'assignment', 'assignment_statement',
  'short_var_declaration', 'pair', 'keyed_element', 'keyword_argument', 'public_field_definition', 'field_definition',
  'property_element', 'const_element', 'array_element_initializer', 'function_call_expression',
];
const STRING_TYPES = ['string', 'template_string', 'string_literal', 'interpreted_string_literal', 'raw_string_literal', 'encapsed_string', 'heredoc', 'nowdoc'];

/** Fixed prefixes of every format in PROVIDER_FORMATS. */
const PROVIDER_PREFIXES = /AKIA|ASIA|gh[pousr]_|github_pat_|xox[abprs]-|k_live_|AIza|SG\.|npm_|sk-|PRIVATE KEY/;
/** Words one of which every secret-looking name contains (see secretKindOfName). */
const SECRET_NAME_WORDS = /pass|pwd|secret|token|key|credential/i;
/** A finding needs a provider prefix (loop 1) or a secret-named binding (loop 2): the union of both tests (the prefixes case-insensitive here, looser). */
const MENTIONS = new RegExp(`${PROVIDER_PREFIXES.source}|${SECRET_NAME_WORDS.source}`, 'i');

/** Expressions that join literals into one string: `a + b`, Python's adjacent literals, PHP's `.`. */
const CONCATENATIONS = new Set(['binary_expression', 'binary_operator', 'concatenated_string']);

export const hardcodedSecret: Rule = {
  id: 'security/hardcoded-secret',
  locality: 'declaration',
  meta: {
    title: 'Hard-coded secret',
    area: 'security',
    defaultSeverity: 'error',
    languages: LANGUAGES,
    description: 'A password, token, API key or private key written into the source ends up in every clone, backup and log of the repository; it cannot be rotated without a release.',
    cwe: ['CWE-798', 'CWE-259'],
    references: ['OWASP ASVS v5 13.3.1', 'OWASP Top 10 2021 A07'],
    messages: {
      provider: 'This string contains {{kind}}: remove it from the source, rotate it, and load it from a secret store or the environment.',
      named: "Hard-coded {{kind}} assigned to '{{name}}': load it from a secret store or the environment instead.",
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    const reported = new Set<number>();
    // 1. Self-identifying formats (provider keys, private-key blocks), whatever they are assigned to. The text test
    //    only skips files that contain none of the formats' fixed prefixes; each literal is still checked exactly.
    for (const node of PROVIDER_PREFIXES.test(ctx.text) ? ctx.nodesOfType(...STRING_TYPES) : []) {
      if (node.parent && isStringLiteral(node.parent)) continue; // heredoc bodies etc. are checked as a whole
      const value = stringValue(node) ?? node.text;
      // A key written as `'-----BEGIN RSA PRIVATE KEY-----\n' + 'MIIE...'`: the header's literal stands for the whole.
      const kind = providerFormat(value) ?? (PRIVATE_KEY_HEADER.test(value) && node.parent && CONCATENATIONS.has(node.parent.type) ? providerFormat(node.parent.text) : undefined);
      if (kind) { reported.add(node.startIndex); ctx.report({ node, messageId: 'provider', data: { kind } }); }
    }
    // 2. A secret-looking constant bound to a secret-looking name. Test files hold fake credentials on purpose.
    if (ctx.isTestFile || !SECRET_NAME_WORDS.test(ctx.text)) return;
    for (const node of ctx.nodesOfType(...BINDING_TYPES)) {
      const binding = bindingOf(node);
      if (!binding || reported.has(binding.value.startIndex)) continue;
      const kind = secretKindOfName(binding.name);
      if (!kind) continue;
      const value = stringValue(binding.value);
      if (value === undefined || !looksLikeSecretValue(value, kind, binding.name)) continue;
      reported.add(binding.value.startIndex);
      ctx.report({ node: binding.value, messageId: 'named', data: { kind, name: binding.name } });
    }
  },
};
