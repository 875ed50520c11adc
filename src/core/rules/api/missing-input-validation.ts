import type { LanguageId, Rule } from '../../model';
import type { CodeRuleContext } from '../../engine/rule-context';
import type { SyntaxNode } from '../../languages/parser';
import type { Route } from '../../analysis/http';
import { findImports, IMPORT_NODE_TYPES } from '../../analysis/imports';
import { accessPath, requestInput } from '../../analysis/request-input';
import { descendants, nodesWithin } from '../../analysis/syntax';
import { routeRegistrations } from '../../analysis/api-routes';

/**
 * What counts as "validated": a schema or validation library visibly applied to the body in the route or the
 * handler. Anything else (a DTO passed on to a service that may validate later) is reported at the first read.
 */

// JS: middleware in the route's arguments (`validate(schema)`, `celebrate(...)`, express-validator `body('x')`, zValidator)
const JS_VALIDATOR_NAME = /valid|schema|celebrate|sanitiz|^(body|check|param|oneOf|checkSchema|checkExact|exact)$|^(joi|Joi|yup|zod|z|ajv|superstruct|typia|vine)$/;
// JS: calls in the handler that check the body
const JS_VALIDATION_CALL = /valid|^(parse|safeParse|parseAsync|safeParseAsync|spa|assert|assertEquals|is|create|cast|decode|Check|Decode|matchedData|plainToInstance|plainToClass)$/;
const JS_NOT_VALIDATORS = /^(JSON|qs|querystring|url|URL|path|Date|Number|parseInt|parseFloat|Buffer|yaml|YAML|csv|xml|cookie|Object|Array|Math|Promise|Reflect|db|prisma|Model|repository|repo)$/;
const JS_BODY = /\.(body|rawBody)$|^c\.req\.json\(\)$/;
const JS_FETCH_BODY = /^(req|request)\.(json|formData|text|arrayBuffer)\(\)$/;

const PY_BODY_CALL = /^(request|self\.request|req)\.get_json\(\)$/;
const PY_BODY = /\.(json|get_json\(\)|form|data|values|POST|body|stream|FILES|files)$/;
const PY_VALIDATION_CALL = /^(validate|validate_on_submit|is_valid|model_validate|model_validate_json|model_validate_strings|parse_obj|parse_raw|parse_obj_as|validate_python|validate_json|full_clean|load|loads|validated_data|check_schema|iter_errors)$/;
const PY_NOT_VALIDATORS = /^(json|yaml|pickle|marshal|toml|tomllib|ujson|orjson|simplejson|csv|ast)$/;
const PY_VALIDATING_DECORATOR = /valid|expects_json|use_args|use_kwargs|\.arguments\(|\.expect\(|\.input\(|validate_request|accepts|schema/i;
/** FastAPI parameters that are not the body. */
const PY_NON_BODY_DEFAULT = /^(Query|Path|Header|Cookie|Depends|Security|File|Form|UploadFile)\(/;

const GO_VALIDATION_METHOD = /^(Struct|StructCtx|StructPartial|StructExcept|Validate|ValidateStruct|ValidateWithContext|ValidateAll|Var|VarCtx)$/;
const GO_BIND = /^(ShouldBindJSON|BindJSON|ShouldBind|Bind|ShouldBindWith|BindWith|ShouldBindXML|BindXML|ShouldBindYAML|ShouldBindBodyWith|BodyParser)$/;

const RUBY_ID_KEY = /^:?["']?(id|\w+_id|format|page|per_page|locale|controller|action)["']?$/;
const PHP_BODY = /^\$(request|req)\.(input|post|all|json|getContent|getParsedBody|only|except|collect|toArray)\(\)|^\$(request|req)\.request\b|^\$_(POST|REQUEST)\b|^request\(\)/;
const PHP_VALIDATION_CALL = /^(validate|validated|validateWithBag|safe)$/;
const PHP_PLAIN_REQUEST = /^\\?(Illuminate\\Http\\)?Request$|RequestInterface$|^(Psr\\Http\\Message\\)?ServerRequestInterface$|^\\?Symfony\\Component\\HttpFoundation\\Request$/;
const PHP_BODY_METHODS = /^(store|update|create|upsert|patch|save|import|bulkStore|bulkUpdate)$/;

const JS_LANGS = new Set<LanguageId>(['javascript', 'typescript', 'tsx']);

interface Finding { node: SyntaxNode; source: string }

function lastName(fn: SyntaxNode | null | undefined): { name: string; receiver?: SyntaxNode } {
  if (!fn) return { name: '' };
  if (fn.type === 'member_expression' || fn.type === 'attribute' || fn.type === 'selector_expression') {
    const prop = fn.childForFieldName('property') ?? fn.childForFieldName('attribute') ?? fn.childForFieldName('field');
    return { name: prop?.text ?? '', receiver: fn.childForFieldName('object') ?? fn.childForFieldName('operand') ?? undefined };
  }
  return { name: fn.text };
}

function receiverRoot(node: SyntaxNode | undefined): string {
  let n = node;
  for (let i = 0; n && i < 8; i++) {
    if (n.type === 'identifier' || n.type === 'constant' || n.type === 'name') return n.text;
    n = n.childForFieldName('object') ?? n.childForFieldName('function') ?? n.childForFieldName('operand') ?? n.childForFieldName('receiver') ?? undefined;
  }
  return '';
}

// ---------------------------------------------------------------------------------------------------------------
// JavaScript / TypeScript

function jsRouteValidated(route: Route): boolean {
  if (route.node.type !== 'call_expression') return false;
  const args = route.node.childForFieldName('arguments')?.namedChildren ?? [];
  for (const arg of args.slice(1)) {
    if (!arg || (route.handler && arg.startIndex === route.handler.startIndex)) continue;
    if (arg.type === 'object' && arg.namedChildren.some(p => p?.type === 'pair' && /^["']?schema["']?$/.test(p.childForFieldName('key')?.text ?? ''))) return true;
    for (const n of descendants(arg)) {
      if ((n.type === 'identifier' || n.type === 'property_identifier') && JS_VALIDATOR_NAME.test(n.text)) return true;
    }
  }
  return false;
}

function jsHandlerValidated(calls: readonly SyntaxNode[], handler: SyntaxNode): boolean {
  return nodesWithin(calls, handler).some(call => {
    const { name, receiver } = lastName(call.childForFieldName('function'));
    if (!JS_VALIDATION_CALL.test(name)) return false;
    const root = receiver ? receiverRoot(receiver) : '';
    return !JS_NOT_VALIDATORS.test(root) && !(name === 'create' && !/schema|struct|validator/i.test(root));
  });
}

function jsBodyRead(nodes: readonly SyntaxNode[], handler: SyntaxNode, language: LanguageId): Finding | undefined {
  for (const node of nodesWithin(nodes, handler)) {
    const path = accessPath(node);
    if (path && JS_FETCH_BODY.test(path) && node.type === 'call_expression') return { node, source: path };
    const source = requestInput(node, language);
    // Koa's `ctx.body` is the response; `ctx.request.body` is the request.
    if (!source || source === 'ctx.body' || !JS_BODY.test(source)) continue;
    if (path !== source && !(source === 'c.req.json()' && path === source)) continue; // report the `req.body` node itself
    return { node, source };
  }
  return undefined;
}

/** NestJS `@Body() dto: CreateDto` — a class DTO is validated by the ValidationPipe; `any`, `object`, records and primitives are not. */
function nestBodyParams(method: SyntaxNode): Finding[] {
  const out: Finding[] = [];
  for (const param of method.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!param) continue;
    const decorator = param.namedChildren.find(c => c?.type === 'decorator' && /^Body\b/.test(c.namedChild(0)?.text ?? ''));
    if (!decorator) continue;
    const call = decorator.namedChild(0);
    const args = call?.type === 'call_expression' ? call.childForFieldName('arguments')?.namedChildren.filter(a => a?.type !== 'comment') ?? [] : [];
    if (args.some(a => a && a.type !== 'string')) continue; // @Body(new ValidationPipe()), @Body('x', ParseIntPipe)
    const type = param.childForFieldName('type')?.namedChild(0);
    const text = type?.text ?? '';
    const unvalidated = !type || /^(any|unknown|object|Object|string|number|boolean)$/.test(text) || /^Record\b|^\{|^Array<(any|unknown|object)|^(any|unknown|object)\[\]|^Record</.test(text) || /^Record<.*>\[\]$/.test(text);
    if (unvalidated) out.push({ node: param, source: `@Body() ${param.childForFieldName('pattern')?.text ?? ''}${text ? `: ${text}` : ''}` });
  }
  return out;
}

function checkJs(ctx: CodeRuleContext, report: (f: Finding) => void): void {
  const routes = routeRegistrations(ctx).filter(r => r.handler);
  if (!routes.length) return; // most files register no route: leave their expressions unread
  const reads = ctx.nodesOfType('member_expression', 'call_expression');
  const calls = ctx.nodesOfType('call_expression');
  for (const route of routes) {
    if (!route.handler) continue;
    if (route.node.type === 'decorator') {
      if (hasDecorator(route.handler, /^UsePipes\b/)) continue;
      nestBodyParams(route.handler).forEach(report);
      continue;
    }
    if (jsRouteValidated(route) || jsHandlerValidated(calls, route.handler)) continue;
    const read = jsBodyRead(reads, route.handler, ctx.language);
    if (read) report(read);
  }
}

function hasDecorator(method: SyntaxNode, name: RegExp): boolean {
  const decorators: SyntaxNode[] = [];
  for (let s = method.previousNamedSibling; s && (s.type === 'decorator' || s.type === 'comment'); s = s.previousNamedSibling) if (s.type === 'decorator') decorators.push(s);
  decorators.push(...method.namedChildren.filter((c): c is SyntaxNode => c?.type === 'decorator'));
  const cls = method.parent?.parent;
  if (cls) for (let s = cls.previousNamedSibling; s && s.type === 'decorator'; s = s.previousNamedSibling) decorators.push(s);
  if (cls) decorators.push(...cls.namedChildren.filter((c): c is SyntaxNode => c?.type === 'decorator'));
  return decorators.some(d => name.test(d.namedChild(0)?.text ?? ''));
}

// ---------------------------------------------------------------------------------------------------------------
// Python

function checkPython(ctx: CodeRuleContext, report: (f: Finding) => void): void {
  const routes = routeRegistrations(ctx).filter(r => r.handler);
  if (!routes.length) return;
  const usesPydantic = findImports('python', ctx.nodesOfType(...IMPORT_NODE_TYPES.python)).some(i => /^pydantic\b/.test(i.specifier));
  const reads = ctx.nodesOfType('attribute', 'call');
  const seen = new Set<number>();
  for (const route of routes) {
    const handler = route.handler;
    if (!handler || handler.type !== 'function_definition' || seen.has(handler.startIndex)) continue;
    seen.add(handler.startIndex);
    const decorated = handler.parent;
    if (decorated?.namedChildren.some(d => d?.type === 'decorator' && !d.equals(route.node) && PY_VALIDATING_DECORATOR.test(d.text))) continue;
    // FastAPI: a body parameter typed `dict` / `Dict[...]` / `Any` has no schema.
    for (const param of handler.childForFieldName('parameters')?.namedChildren ?? []) {
      if (param?.type !== 'typed_parameter' && param?.type !== 'typed_default_parameter') continue;
      const type = param.childForFieldName('type')?.text ?? '';
      const value = param.childForFieldName('value')?.text ?? '';
      if (/^(dict|Dict|Any|Json|dict\[.*\]|Dict\[.*\]|Mapping\[.*\])$/.test(type) && !PY_NON_BODY_DEFAULT.test(value)) {
        report({ node: param, source: `${(param.childForFieldName('name') ?? param.namedChild(0))?.text}: ${type}` });
      }
    }
    const body = handler.childForFieldName('body');
    if (!body) continue;
    let first: Finding | undefined;
    let validated = false;
    for (const node of nodesWithin(reads, body)) {
      if (node.type === 'call') {
        const { name, receiver } = lastName(node.childForFieldName('function'));
        if (PY_VALIDATION_CALL.test(name) && !(receiver && PY_NOT_VALIDATORS.test(receiver.text))) { validated = true; break; }
        // Pydantic models validate on construction: `Item(**request.json)`.
        if (usesPydantic && /^[A-Z]/.test(name) && !receiver && /request|req|payload|data|body/.test(node.childForFieldName('arguments')?.text ?? '')) { validated = true; break; }
      }
      if (first) continue;
      const path = accessPath(node);
      // `request.get_json()` is read directly: the shared source pattern needs a word boundary after `()`.
      const source = path && PY_BODY_CALL.test(path) ? path : requestInput(node, 'python');
      if (source && PY_BODY.test(source) && (path === source || path === `${source}()`)) first = { node, source };
    }
    if (first && !validated) report(first);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Java

function annotationNames(node: SyntaxNode): string[] {
  const modifiers = node.namedChildren.find(c => c?.type === 'modifiers');
  return (modifiers?.namedChildren ?? []).filter(m => m?.type === 'annotation' || m?.type === 'marker_annotation')
    .map(m => m!.childForFieldName('name')?.text ?? '');
}

const BEAN_VALIDATION = /^(Valid|Validated|NotNull|NotEmpty|NotBlank|Size|Min|Max|Pattern|Email|Positive|PositiveOrZero|Negative|Past|Future|DecimalMin|DecimalMax|Digits)$/;

function checkJava(ctx: CodeRuleContext, report: (f: Finding) => void): void {
  const seen = new Set<number>();
  const invocations = ctx.nodesOfType('method_invocation');
  for (const route of routeRegistrations(ctx)) {
    const method = route.handler;
    if (!method || method.type !== 'method_declaration' || seen.has(method.startIndex)) continue;
    seen.add(method.startIndex);
    const jaxrs = /^(POST|PUT|PATCH)$/.test(route.node.childForFieldName('name')?.text ?? '');
    const validatedInBody = nodesWithin(invocations, method).some(i => /^validate/.test(i.childForFieldName('name')?.text ?? ''));
    if (validatedInBody) continue;
    for (const param of method.childForFieldName('parameters')?.namedChildren ?? []) {
      if (param?.type !== 'formal_parameter') continue;
      const names = annotationNames(param);
      const valid = names.includes('Valid') || names.includes('Validated');
      const isBody = names.includes('RequestBody') || (jaxrs && names.every(n => BEAN_VALIDATION.test(n)));
      if (isBody && !valid) report({ node: param, source: `${param.childForFieldName('type')?.text ?? ''} ${param.childForFieldName('name')?.text ?? ''}`.trim() });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Go

interface GoHandler { fn: SyntaxNode; request?: string; context?: string; framework?: 'gin' | 'echo' | 'fiber' }

function goHandler(fn: SyntaxNode): GoHandler | undefined {
  let writer = false;
  const handler: GoHandler = { fn };
  for (const param of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (param?.type !== 'parameter_declaration') continue;
    const type = param.childForFieldName('type')?.text ?? '';
    const name = param.childForFieldName('name')?.text;
    if (type === 'http.ResponseWriter') writer = true;
    else if (type === '*http.Request' && name) handler.request = name;
    else if (name && /^\*gin\.Context$/.test(type)) { handler.context = name; handler.framework = 'gin'; }
    else if (name && /^echo\.Context$/.test(type)) { handler.context = name; handler.framework = 'echo'; }
    else if (name && /^\*fiber\.Ctx$/.test(type)) { handler.context = name; handler.framework = 'fiber'; }
  }
  if ((writer && handler.request) || handler.context) return handler;
  return undefined;
}

/** Gin validates `binding:"..."` struct tags on bind. Unknown types (declared elsewhere) get the benefit of the doubt. */
function goTargetValidatedByBinding(target: SyntaxNode | null | undefined, fn: SyntaxNode, typeSpecs: readonly SyntaxNode[]): boolean {
  const operand = target?.type === 'unary_expression' ? target.childForFieldName('operand') : target;
  if (operand?.type !== 'identifier') return true;
  let type: SyntaxNode | null | undefined;
  for (const n of descendants(fn)) {
    if (n.type === 'var_spec' && n.childForFieldName('name')?.text === operand.text) { type = n.childForFieldName('type'); break; }
    if (n.type === 'short_var_declaration' && n.childForFieldName('left')?.namedChild(0)?.text === operand.text) {
      const value = n.childForFieldName('right')?.namedChild(0);
      type = value?.type === 'composite_literal' ? value.childForFieldName('type') : value?.type === 'call_expression' && value.childForFieldName('function')?.text === 'new' ? value.childForFieldName('arguments')?.namedChild(0) : undefined;
      break;
    }
  }
  if (!type) return true;
  if (type.type === 'map_type' || type.type === 'interface_type' || type.text === 'any') return false;
  if (type.type !== 'type_identifier') return true;
  const spec = typeSpecs.find(s => s.childForFieldName('name')?.text === type!.text);
  const struct = spec?.childForFieldName('type');
  if (struct?.type !== 'struct_type') return true;
  for (const n of descendants(struct)) {
    if ((n.type === 'raw_string_literal' || n.type === 'interpreted_string_literal') && /\bbinding:\\?"/.test(n.text)) return true;
  }
  return false;
}

function checkGo(ctx: CodeRuleContext, report: (f: Finding) => void): void {
  const calls = ctx.nodesOfType('call_expression');
  const selectors = ctx.nodesOfType('selector_expression');
  const typeSpecs = ctx.nodesOfType('type_spec');
  for (const fn of ctx.nodesOfType('function_declaration', 'method_declaration', 'func_literal')) {
    const handler = goHandler(fn);
    if (!handler) continue;
    const body = fn.childForFieldName('body');
    if (!body) continue;
    const inBody = nodesWithin(calls, body);
    const validated = inBody.some(c => GO_VALIDATION_METHOD.test(lastName(c.childForFieldName('function')).name));
    if (validated) continue;
    let first: Finding | undefined;
    // `r.Body` read (json.NewDecoder(r.Body), io.ReadAll(r.Body))
    if (handler.request) {
      const read = nodesWithin(selectors, body).find(s => s.childForFieldName('operand')?.text === handler.request && s.childForFieldName('field')?.text === 'Body');
      if (read) first = { node: read, source: read.text };
    }
    if (handler.context) {
      for (const call of inBody) {
        const fnNode = call.childForFieldName('function');
        if (fnNode?.type !== 'selector_expression' || fnNode.childForFieldName('operand')?.text !== handler.context) continue;
        const name = fnNode.childForFieldName('field')?.text ?? '';
        const bind = GO_BIND.test(name);
        const raw = /^(GetRawData|Body)$/.test(name);
        if (!bind && !raw) continue;
        if (bind && handler.framework === 'gin' && goTargetValidatedByBinding(call.childForFieldName('arguments')?.namedChild(0), fn, typeSpecs)) continue;
        if (!first || call.startIndex < first.node.startIndex) first = { node: call, source: `${handler.context}.${name}()` };
        break;
      }
    }
    if (first) report(first);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Ruby

function rubyParamsRead(node: SyntaxNode, pathParams: ReadonlySet<string>): Finding | undefined {
  if (node.type === 'element_reference') {
    if (node.childForFieldName('object')?.text !== 'params') return undefined;
    const key = node.namedChildren[1]?.text ?? '';
    const plain = key.replace(/^:|["']/g, '');
    if (RUBY_ID_KEY.test(key) || pathParams.has(plain)) return undefined;
    return { node, source: node.text };
  }
  if (node.type === 'call') {
    const receiver = node.childForFieldName('receiver');
    const method = node.childForFieldName('method')?.text ?? '';
    if (receiver?.text === 'request' && /^(body|POST|raw_post|request_parameters)$/.test(method)) return { node, source: node.text };
    if (receiver?.type !== 'identifier' || receiver.text !== 'params') return undefined;
    if (/^(require|fetch|to_unsafe_h|to_h|permit!|dig|values_at|slice|except|to_hash)$/.test(method)) {
      // `params.require(:user).permit(...)` — strong parameters
      const parent = node.parent;
      if (parent?.type === 'call' && parent.childForFieldName('method')?.text === 'permit') return undefined;
      const arg = node.childForFieldName('arguments')?.namedChild(0)?.text ?? '';
      if ((method === 'fetch' || method === 'dig') && RUBY_ID_KEY.test(arg)) return undefined;
      return { node, source: node.text.split('\n')[0]! };
    }
    return undefined;
  }
  // `Model.create(params)`: the whole hash
  if (node.type === 'identifier' && node.text === 'params' && node.parent?.type === 'argument_list') return { node, source: 'params' };
  return undefined;
}

function rubyValidated(scope: SyntaxNode): boolean {
  for (const n of descendants(scope)) {
    if (n.type !== 'call') continue;
    const method = n.childForFieldName('method')?.text ?? '';
    const receiver = n.childForFieldName('receiver')?.text ?? '';
    if (/^(validate|validate!|valid\?|validates\?)$/.test(method)) return true;
    if (method === 'call' && /Contract|Schema|schema|contract|Validator|validator/.test(receiver)) return true;
  }
  return false;
}

function checkRuby(ctx: CodeRuleContext, report: (f: Finding) => void): void {
  const scopes: { scope: SyntaxNode; pathParams: Set<string> }[] = [];
  for (const route of routeRegistrations(ctx)) {
    if (!route.handler || !/^(POST|PUT|PATCH|ANY)$/.test(route.method)) continue;
    scopes.push({ scope: route.handler, pathParams: new Set([...route.path.matchAll(/:(\w+)/g)].map(m => m[1]!)) });
  }
  // Rails controllers: the public `create` / `update` actions.
  for (const cls of ctx.nodesOfType('class')) {
    if (!/Controller$/.test(cls.childForFieldName('name')?.text ?? '')) continue;
    let visible = true;
    for (const child of cls.childForFieldName('body')?.namedChildren ?? []) {
      if (!child) continue;
      if (child.type === 'identifier' && /^(private|protected)$/.test(child.text)) visible = false;
      if (child.type === 'identifier' && child.text === 'public') visible = true;
      if (visible && child.type === 'method' && /^(create|update|upsert)$/.test(child.childForFieldName('name')?.text ?? '')) scopes.push({ scope: child, pathParams: new Set() });
    }
  }
  if (!scopes.length) return;
  const candidates = ctx.nodesOfType('element_reference', 'call', 'identifier');
  for (const { scope, pathParams } of scopes) {
    if (rubyValidated(scope)) continue;
    for (const node of nodesWithin(candidates, scope)) {
      const read = rubyParamsRead(node, pathParams);
      if (read) { report(read); break; }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PHP

function phpParams(fn: SyntaxNode): SyntaxNode[] {
  return (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is SyntaxNode => !!p && /parameter/.test(p.type));
}

function checkPhp(ctx: CodeRuleContext, report: (f: Finding) => void): void {
  const scopes: SyntaxNode[] = [];
  for (const route of routeRegistrations(ctx)) {
    if (route.handler && /^(POST|PUT|PATCH|ANY)$/.test(route.method) && route.handler.type !== 'method_declaration') scopes.push(route.handler);
  }
  for (const cls of ctx.nodesOfType('class_declaration')) {
    if (!/Controller$/.test(cls.childForFieldName('name')?.text ?? '')) continue;
    for (const method of cls.childForFieldName('body')?.namedChildren ?? []) {
      if (method?.type !== 'method_declaration') continue;
      const visibility = method.namedChildren.find(c => c?.type === 'visibility_modifier')?.text ?? 'public';
      if (visibility === 'public' && PHP_BODY_METHODS.test(method.childForFieldName('name')?.text ?? '')) scopes.push(method);
    }
  }
  if (!scopes.length) return;
  const reads = ctx.nodesOfType('member_call_expression', 'member_access_expression', 'subscript_expression', 'function_call_expression', 'variable_name');
  for (const fn of scopes) {
    // A FormRequest type hint (`StorePostRequest $request`) validates before the method runs.
    if (phpParams(fn).some(p => { const t = p.childForFieldName('type')?.text ?? ''; return /Request$/.test(t) && !PHP_PLAIN_REQUEST.test(t); })) continue;
    let validated = false;
    let first: Finding | undefined;
    for (const node of nodesWithin(reads, fn)) {
      if (node.type === 'member_call_expression' || node.type === 'function_call_expression' || node.type === 'scoped_call_expression') {
        const name = node.type === 'function_call_expression' ? node.childForFieldName('function')?.text ?? '' : node.childForFieldName('name')?.text ?? '';
        if (PHP_VALIDATION_CALL.test(name) || name === 'validator') { validated = true; break; }
      }
      if (first) continue;
      const path = accessPath(node)?.replace(/->/g, '.');
      const m = path ? PHP_BODY.exec(path) : null;
      if (m && path === m[0]) first = { node, source: m[0].replace(/\./g, '->') };
    }
    if (!validated) {
      const scoped = nodesWithin(ctx.nodesOfType('scoped_call_expression'), fn).some(s => /^(make|validate)$/.test(s.childForFieldName('name')?.text ?? '') && /Validator$/.test(s.childForFieldName('scope')?.text ?? ''));
      if (first && !scoped) report(first);
    }
  }
}

export const missingInputValidation: Rule = {
  id: 'api/missing-input-validation',
  meta: {
    title: 'Request body used without validation',
    area: 'api',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'A request handler reads the request body without a schema or validation library in sight; unchecked fields reach business logic, the database and other services (mass assignment, type confusion, injection).',
    cwe: ['CWE-20', 'CWE-915'],
    references: ['OWASP API Security Top 10 2023 API3 (Broken Object Property Level Authorization)', 'OWASP API Security Top 10 2023 API8 (Security Misconfiguration)', 'OWASP ASVS v5 2.2.1', 'OWASP Input Validation Cheat Sheet'],
    messages: {
      unvalidated: 'The handler reads `{{source}}` without validating it: check the body against a schema (zod, joi, pydantic, Bean Validation `@Valid`, validator tags, strong parameters, `$request->validate`) before using it.',
    },
  },
  check(ctx) {
    if (ctx.isTestFile) return;
    const reported = new Set<number>();
    const report = (f: Finding) => {
      if (reported.has(f.node.startIndex)) return;
      reported.add(f.node.startIndex);
      ctx.report({ node: f.node, messageId: 'unvalidated', data: { source: f.source.length > 60 ? `${f.source.slice(0, 57)}...` : f.source } });
    };
    if (JS_LANGS.has(ctx.language)) checkJs(ctx, report);
    else if (ctx.language === 'python') checkPython(ctx, report);
    else if (ctx.language === 'java') checkJava(ctx, report);
    else if (ctx.language === 'go') checkGo(ctx, report);
    else if (ctx.language === 'ruby') checkRuby(ctx, report);
    else if (ctx.language === 'php') checkPhp(ctx, report);
  },
};
