import type { CodeRule, Fix, LanguageId, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import {
  CALL_TYPES, type CallInfo, type FlowContext, type ModuleBindings, callInfo, createFlow, dotted, enclosingFunction, moduleBindings,
  moduleFunction, originOf, passesThrough, relatedOf,
} from '../../analysis/dataflow';
import { rangeOf } from '../../engine/rule-context';

/**
 * Two kinds of API:
 * - formats that can build arbitrary objects by design (pickle, marshal, Java serialization, Marshal, node-serialize,
 *   YAML with an unsafe loader): reported whatever the data is, unless it is a constant — the bytes come from outside
 *   the process, and whoever can write them can run code;
 * - APIs that are safe in current versions or on trusted data (Ruby `YAML.load` is `safe_load` since Psych 4, PHP
 *   `unserialize` of a cache entry): reported only when the data is request input or a parameter.
 */
interface Hit { node: SyntaxNode; arg: SyntaxNode; api: string; always: boolean; fix?: Fix }

const PY_MODULES = (s: string) => Object.hasOwn(PY_UNSAFE, s) || s === 'yaml';
const PY_UNSAFE: Record<string, ReadonlySet<string>> = {
  pickle: new Set(['loads', 'load', 'Unpickler']), cPickle: new Set(['loads', 'load', 'Unpickler']), _pickle: new Set(['loads', 'load', 'Unpickler']),
  dill: new Set(['loads', 'load']), cloudpickle: new Set(['loads', 'load']), marshal: new Set(['loads', 'load']),
  jsonpickle: new Set(['decode', 'loads']), shelve: new Set(['open']), pandas: new Set(['read_pickle']),
};
const YAML_SAFE_LOADER = /(^|\.)(C?SafeLoader|BaseLoader|CBaseLoader|FullLoader|CFullLoader)$/;
const JS_SERIALIZE = (s: string) => s === 'node-serialize' || s === 'serialize-to-js' || s === 'funcster';
const JS_YAML = (s: string) => s === 'js-yaml';
const JS_YAML_UNSAFE_SCHEMA = /FULL_SCHEMA|js[-_]?yaml[-_]?js[-_]?types|jsTypes/i;
const JAVA_STREAM_TYPES = /^(ObjectInputStream|XMLDecoder)$/;

/** Every name a sink can have, to dismiss other calls cheaply. */
const SINK_NAMES = new Set([
  ...Object.values(PY_UNSAFE).flatMap(fns => [...fns]), 'load', 'load_all', 'unsafe_load', 'unsafe_load_all', 'unserialize', 'deserialize',
  'loadAll', 'readObject', 'readUnshared', 'restore', 'unsafe_load_stream', 'load_stream', 'object_load', 'maybe_unserialize',
]);

/** Per language, the module (imported by name, even under an alias), class or function every finding goes through. */
const JS_MENTIONS = /node-serialize|serialize-to-js|funcster|js-yaml/;
const MENTIONS: CodeRule['mentions'] = {
  javascript: JS_MENTIONS, typescript: JS_MENTIONS, tsx: JS_MENTIONS,
  python: /pickle|dill|marshal|shelve|pandas|yaml/,
  java: /SerializationUtils|ObjectInputStream|XMLDecoder/,
  ruby: /Marshal|YAML|Psych|Oj/,
  // PHP function names are case-insensitive.
  php: /unserialize/i,
};

function isJs(language: LanguageId): boolean {
  return language === 'javascript' || language === 'typescript' || language === 'tsx';
}

function replace(node: SyntaxNode, newText: string, title: string): Fix {
  return { title, edits: [{ range: rangeOf(node), newText }] };
}

function nameNodeOf(call: CallInfo): SyntaxNode | null {
  const n = call.node;
  return n.childForFieldName('method') ?? n.childForFieldName('function')?.childForFieldName('attribute') ?? null;
}

function pythonHit(call: CallInfo, modules: ModuleBindings): Hit | undefined {
  const arg = call.args[0];
  if (!arg) return undefined;
  // pickle.loads(...) / pk.loads(...) with `import pickle as pk` / loads(...) with `from pickle import loads`
  const qualified = !!call.receiver;
  const module = call.receiver ? modules.namespaces.get(dotted(call.receiver)) : modules.from.get(call.name);
  const fn = call.receiver ? call.name : modules.members.get(call.name) ?? call.name;
  if (!module) return undefined;
  if (module === 'yaml') {
    const nameNode = qualified ? nameNodeOf(call) : null;
    if (fn === 'unsafe_load' || fn === 'unsafe_load_all') {
      const safe = fn.replace('unsafe_', 'safe_');
      return { node: call.node, arg, api: `yaml.${fn}`, always: true, fix: nameNode ? replace(nameNode, safe, `Use yaml.${safe}`) : undefined };
    }
    if (fn !== 'load' && fn !== 'load_all') return undefined;
    const loader = call.keywords.get('Loader') ?? call.args[1];
    if (loader && YAML_SAFE_LOADER.test(loader.text)) return undefined;
    let fix: Fix | undefined;
    if (!loader && nameNode) fix = replace(nameNode, `safe_${fn}`, `Use yaml.safe_${fn}`);
    else if (loader && /(^|\.)(C?(Unsafe)?Loader)$/.test(loader.text)) fix = replace(loader, loader.text.replace(/(C?)(Unsafe)?Loader$/, '$1SafeLoader'), 'Use the SafeLoader');
    return { node: call.node, arg, api: `yaml.${fn}`, always: true, fix };
  }
  if (!Object.hasOwn(PY_UNSAFE, module) || !PY_UNSAFE[module]!.has(fn)) return undefined;
  return { node: call.node, arg, api: `${module}.${fn}`, always: true };
}

function jsHit(call: CallInfo, serialize: ModuleBindings, yaml: ModuleBindings): Hit | undefined {
  const arg = call.args[0];
  if (!arg) return undefined;
  const fn = moduleFunction(call, serialize, JS_SERIALIZE);
  if (fn === 'unserialize' || fn === 'deserialize') return { node: call.node, arg, api: `${fn}()`, always: true };
  const y = moduleFunction(call, yaml, JS_YAML);
  if (y === 'load' || y === 'loadAll') {
    // js-yaml 4 `load` is safe; only an explicit schema with the JS types (functions, regexps) is not.
    const options = call.args.slice(1).find(a => a.type === 'object');
    const schema = options?.namedChildren.find(p => p?.type === 'pair' && p.childForFieldName('key')?.text.replace(/['"]/g, '') === 'schema');
    if (schema && JS_YAML_UNSAFE_SCHEMA.test(schema.childForFieldName('value')?.text ?? '')) return { node: call.node, arg, api: `js-yaml ${y}() with the JavaScript types schema`, always: true };
  }
  return undefined;
}

/** Java: `in.readObject()` on an ObjectInputStream or XMLDecoder without an ObjectInputFilter. */
function javaHit(call: CallInfo, ctx: { nodesOfType(...t: string[]): SyntaxNode[] }, flow: FlowContext): Hit | undefined {
  if (call.isNew || !call.receiver) return undefined;
  if ((call.callee === 'SerializationUtils.deserialize') && call.args[0]) return { node: call.node, arg: call.args[0], api: 'SerializationUtils.deserialize', always: true };
  if (call.name !== 'readObject' && call.name !== 'readUnshared') return undefined;
  const method = enclosingFunction(call.node, flow);
  // A class's own serialization hooks read their own fields.
  if (method && /^(readObject|readExternal|readResolve|readObjectNoData)$/.test(method.childForFieldName('name')?.text ?? '')) return undefined;
  const receiver = call.receiver;
  let type: string | undefined;
  let stream: SyntaxNode | undefined; // what the ObjectInputStream reads from
  const fromConstructor = (creation: SyntaxNode | null | undefined) => {
    const c = creation?.type === 'object_creation_expression' ? callInfo(creation) : undefined;
    if (c) { type = c.name; stream = c.args[0]; }
  };
  if (receiver.type === 'object_creation_expression') fromConstructor(receiver);
  else if (receiver.type === 'identifier') {
    const name = receiver.text;
    // its declaration: a local of this method, a field, or a parameter of this method
    for (const decl of ctx.nodesOfType('variable_declarator', 'formal_parameter')) {
      if (decl.childForFieldName('name')?.text !== name) continue;
      const owner = enclosingFunction(decl, flow);
      if (owner && owner.id !== method?.id) continue;
      const declared = decl.type === 'formal_parameter' ? decl.childForFieldName('type') : decl.parent?.childForFieldName('type');
      type = declared?.text.replace(/^.*\./, '');
      stream = undefined;
      if (decl.type === 'variable_declarator') {
        const value = decl.childForFieldName('value');
        if (value?.type === 'object_creation_expression') { const declaredType = type; fromConstructor(value); if (declaredType !== 'var') type = declaredType; }
      }
    }
    // an allow-list filter set on the stream before reading
    const scope = method ?? call.node.tree.rootNode;
    for (const n of ctx.nodesOfType('method_invocation')) {
      if (n.startIndex < scope.startIndex || n.startIndex >= call.node.startIndex) continue;
      const c = callInfo(n);
      if (c?.name === 'setObjectInputFilter' && c.receiver?.text === name) return undefined;
    }
  }
  if (!type || !JAVA_STREAM_TYPES.test(type)) return undefined;
  return { node: call.node, arg: stream ?? receiver, api: `${type}.${call.name}`, always: true };
}

function rubyHit(call: CallInfo): Hit | undefined {
  const arg = call.args[0];
  const receiver = call.receiver?.text;
  if (!arg || !receiver) return undefined;
  if (receiver === 'Marshal' && (call.name === 'load' || call.name === 'restore')) return { node: call.node, arg, api: `Marshal.${call.name}`, always: true };
  if ((receiver === 'YAML' || receiver === 'Psych') && (call.name === 'unsafe_load' || call.name === 'unsafe_load_stream')) {
    const nameNode = nameNodeOf(call);
    return { node: call.node, arg, api: `${receiver}.${call.name}`, always: true, fix: nameNode ? replace(nameNode, 'safe_load', `Use ${receiver}.safe_load`) : undefined };
  }
  if ((receiver === 'YAML' || receiver === 'Psych') && (call.name === 'load' || call.name === 'load_stream')) {
    const nameNode = nameNodeOf(call);
    return { node: call.node, arg, api: `${receiver}.${call.name}`, always: false, fix: call.name === 'load' && nameNode ? replace(nameNode, 'safe_load', `Use ${receiver}.safe_load`) : undefined };
  }
  if (receiver === 'Oj' && call.name === 'object_load') return { node: call.node, arg, api: 'Oj.object_load', always: true };
  if (receiver === 'Oj' && call.name === 'load') {
    const mode = call.keywords.get('mode')?.text;
    if (mode === ':object') return { node: call.node, arg, api: 'Oj.load(mode: :object)', always: true };
    // Oj's default mode is :object unless Oj.default_options changes it (somewhere this rule cannot see)
    if (mode === undefined) return { node: call.node, arg, api: 'Oj.load (default :object mode)', always: false };
  }
  return undefined;
}

function phpHit(call: CallInfo): Hit | undefined {
  if (call.node.type !== 'function_call_expression') return undefined;
  const name = call.name.toLowerCase();
  if (name !== 'unserialize' && name !== 'maybe_unserialize') return undefined;
  const arg = call.args[0];
  if (!arg) return undefined;
  // ['allowed_classes' => false] or a list of classes restricts what can be built
  const options = call.args[1] ?? call.keywords.get('options');
  if (options && /allowed_classes/.test(options.text) && !/allowed_classes['"]\s*=>\s*true/i.test(options.text)) return undefined;
  return { node: call.node, arg, api: `${name}()`, always: false };
}

export const unsafeDeserialization: Rule = {
  id: 'security/unsafe-deserialization',
  meta: {
    title: 'Unsafe deserialization',
    area: 'security',
    defaultSeverity: 'error',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'ruby', 'php'],
    description: 'pickle, marshal, Java serialization, Ruby Marshal, PHP unserialize, node-serialize and YAML with an unsafe loader can build arbitrary objects — and run code — from the bytes they are given.',
    cwe: ['CWE-502'],
    references: ['OWASP ASVS v5 1.5.2', 'OWASP Top 10 2021 A08', 'OWASP Deserialization Cheat Sheet'],
    messages: {
      always: '{{api}} can build arbitrary objects and run code from its input: use a data-only format (JSON, yaml safe_load) or restrict the classes it may create.',
      tainted: '{{api}} deserialises {{source}}: use a data-only format (JSON, safe_load) or restrict the classes it may create.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    if (ctx.isTestFile) return; // test code round-trips its own objects
    const language = ctx.language;
    const flow = createFlow(ctx);
    const pyModules = language === 'python' ? moduleBindings(ctx, PY_MODULES) : undefined;
    const serialize = isJs(language) ? moduleBindings(ctx, JS_SERIALIZE) : undefined;
    const yaml = isJs(language) ? moduleBindings(ctx, JS_YAML) : undefined;
    for (const node of ctx.nodesOfType(...CALL_TYPES[language])) {
      const call = callInfo(node);
      if (!call || !(SINK_NAMES.has(call.name) || SINK_NAMES.has(call.name.toLowerCase()) || pyModules?.members.has(call.name) || serialize?.members.has(call.name) || yaml?.members.has(call.name))) continue;
      let hit: Hit | undefined;
      if (pyModules) hit = pythonHit(call, pyModules);
      else if (serialize && yaml) hit = jsHit(call, serialize, yaml);
      else if (language === 'java') hit = javaHit(call, ctx, flow);
      else if (language === 'ruby') hit = rubyHit(call);
      else if (language === 'php') hit = phpHit(call);
      if (!hit) continue;
      const origin = originOf(hit.arg, flow);
      if (origin.kind === 'tainted' && !passesThrough(origin)) {
        ctx.report({ node: hit.node, messageId: 'tainted', data: { api: hit.api, source: origin.source }, related: relatedOf(origin, ctx.file), fix: hit.fix });
      } else if (hit.always && origin.kind !== 'constant') {
        ctx.report({ node: hit.node, messageId: 'always', data: { api: hit.api }, fix: hit.fix });
      }
    }
  },
};
