import type { CodeRule, LanguageId, Rule } from '../../model';
import type { SyntaxNode } from '../../languages/parser';
import {
  CALL_TYPES, type CallInfo, type FlowContext, type ModuleBindings, type Tainted, callInfo, createFlow, dotted, enclosingFunction,
  moduleBindings, moduleFunction, namesIn, originOf, relatedOf,
} from '../../analysis/dataflow';

/** Calls that keep only the last path segment (no directory can be named any more). */
const SANITIZERS = new Set(['basename', 'secure_filename', 'getName', 'getFileName', 'Base', 'sanitize_filename', 'sanitizeFilename', 'sanitize']);
/** Containment checks: once one of these looks at the path (or what it was built from), the path is trusted. */
const GUARDS = new Set([
  'startsWith', 'startswith', 'start_with?', 'HasPrefix', 'str_starts_with', 'strpos', 'strncmp', 'is_relative_to', 'relative_to',
  'IsLocal', 'commonpath', 'commonprefix', 'isUnder', 'isInside', 'contains_path', 'within',
]);

const JS_FS = (s: string) => /^(node:)?fs(\/promises)?$|^fs-extra$|^graceful-fs$|^(node:)?fs\/promises$/.test(s);
const JS_FS_FUNCTIONS = new Set([
  'readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createReadStream', 'createWriteStream',
  'open', 'openSync', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'readdir', 'readdirSync', 'copyFile',
  'copyFileSync', 'rename', 'renameSync', 'readJson', 'readJSON', 'readJsonSync', 'outputFile', 'outputFileSync', 'remove', 'removeSync',
  'truncate', 'truncateSync', 'cp', 'cpSync', 'opendir', 'opendirSync',
]);
const TWO_PATHS = new Set(['copyFile', 'copyFileSync', 'rename', 'renameSync', 'cp', 'cpSync', 'copy', 'move', 'copyfile', 'copytree', 'mv', 'copy_file', 'moveFile', 'copyFileToDirectory']);
const PY_OS = new Set(['open', 'remove', 'unlink', 'rmdir', 'removedirs', 'listdir', 'scandir', 'rename', 'replace']);
const PY_SHUTIL = new Set(['rmtree', 'copy', 'copy2', 'copyfile', 'copytree', 'move']);
const PY_PATH_METHODS = new Set(['read_text', 'read_bytes', 'write_text', 'write_bytes', 'unlink', 'rmdir', 'iterdir', 'touch']);
const JAVA_STREAMS = new Set(['FileInputStream', 'FileOutputStream', 'FileReader', 'FileWriter', 'RandomAccessFile', 'FileSystemResource', 'ZipFile', 'JarFile', 'FileImageInputStream', 'SplFileObject']);
const JAVA_FILES = new Set([
  'readAllBytes', 'readAllLines', 'readString', 'lines', 'newInputStream', 'newOutputStream', 'newBufferedReader', 'newBufferedWriter',
  'write', 'writeString', 'delete', 'deleteIfExists', 'copy', 'move', 'createFile', 'list', 'walk', 'newByteChannel', 'newDirectoryStream',
]);
const JAVA_FILE_UTILS = new Set([
  'readFileToString', 'readFileToByteArray', 'readLines', 'writeStringToFile', 'writeByteArrayToFile', 'writeLines', 'forceDelete',
  'deleteQuietly', 'copyFile', 'moveFile', 'openInputStream', 'openOutputStream', 'copyFileToDirectory', 'deleteDirectory',
]);
const GO_OS = new Set(['Open', 'OpenFile', 'ReadFile', 'WriteFile', 'Create', 'Remove', 'RemoveAll', 'ReadDir', 'Truncate', 'Chmod', 'Rename']);
const GO_CONTEXT_FILES = new Set(['File', 'FileAttachment', 'SendFile', 'Download', 'Attachment', 'Inline']);
const RUBY_FILE = new Set(['read', 'open', 'write', 'readlines', 'binread', 'binwrite', 'foreach', 'new', 'delete', 'unlink', 'readlink', 'truncate', 'lines']);
const RUBY_FILEUTILS = new Set(['rm', 'rm_f', 'rm_r', 'rm_rf', 'remove', 'remove_file', 'cp', 'copy', 'mv', 'move', 'copy_file']);
const PHP_FUNCTIONS: Record<string, number[]> = {
  file_get_contents: [0], file_put_contents: [0], fopen: [0], file: [0], readfile: [0], unlink: [0], copy: [0, 1], rename: [0, 1],
  rmdir: [0], opendir: [0], scandir: [0], move_uploaded_file: [1], highlight_file: [0], show_source: [0], parse_ini_file: [0],
  simplexml_load_file: [0], fpassthru: [], gzopen: [0], md5_file: [], filesize: [], touch: [0], tempnam: [0], symlink: [0, 1],
};
const PHP_INCLUDES = ['include_expression', 'include_once_expression', 'require_expression', 'require_once_expression'];

/** Per language, a sink's name, module or receiver as written (Python: os and shutil functions are named after their module or imported from it; PHP: any case). */
const JS_MENTIONS = /\bfs\b|send[Ff]ile|download/;
const MENTIONS: CodeRule['mentions'] = {
  javascript: JS_MENTIONS, typescript: JS_MENTIONS, tsx: JS_MENTIONS,
  python: /open|send_file|FileResponse|\bos\b|shutil|read_text|read_bytes|write_text|write_bytes|unlink|rmdir|iterdir|touch/,
  java: /File/,
  go: /\bos\s*\.|ioutil|File|Download|Attachment|Inline/,
  ruby: /File|IO|send_file|render/,
  php: /file|open|unlink|copy|rename|rmdir|scandir|show_source|touch|tempnam|symlink|include|require|download/i,
};

function isJs(language: LanguageId): boolean {
  return language === 'javascript' || language === 'typescript' || language === 'tsx';
}

function jsOptionKeys(args: SyntaxNode[]): Set<string> {
  const keys = new Set<string>();
  for (const a of args) {
    if (a.type !== 'object') continue;
    for (const p of a.namedChildren) {
      if (p?.type === 'pair') keys.add(p.childForFieldName('key')?.text.replace(/['"]/g, '') ?? '');
      else if (p?.type === 'shorthand_property_identifier') keys.add(p.text);
    }
  }
  return keys;
}

/** Every name a sink can have, to dismiss other calls cheaply. */
const SINK_NAMES = new Set([
  ...JS_FS_FUNCTIONS, 'sendFile', 'download', 'sendfile', 'promises', 'open', 'send_file', 'FileResponse', ...PY_OS, ...PY_SHUTIL, ...PY_PATH_METHODS,
  ...JAVA_STREAMS, ...JAVA_FILES, ...JAVA_FILE_UTILS, ...GO_OS, 'ReadFile', 'WriteFile', 'ReadDir', 'ServeFile', ...GO_CONTEXT_FILES, ...RUBY_FILE,
  ...RUBY_FILEUTILS, 'render', ...Object.keys(PHP_FUNCTIONS), 'file',
]);

/** The arguments of a call that name a file to read, write or serve. */
function pathArgs(call: CallInfo, language: LanguageId, fs: ModuleBindings | undefined, pyModules: ModuleBindings | undefined): SyntaxNode[] {
  if (!SINK_NAMES.has(call.name) && !(language === 'php' && SINK_NAMES.has(call.name.toLowerCase())) && !fs?.members.has(call.name) && !pyModules?.members.has(call.name)) return [];
  const { args, name } = call;
  const firsts = (n: number) => args.slice(0, n);
  const receiver = call.receiver ? dotted(call.receiver) : '';
  if (isJs(language)) {
    if (fs) {
      let fn = moduleFunction(call, fs, JS_FS);
      // import { promises as fsp } from 'fs' → fsp.readFile
      if (!fn && call.receiver && fs.members.get(receiver) === 'promises') fn = name;
      if (fn?.startsWith('promises.')) fn = fn.slice('promises.'.length);
      if (fn && JS_FS_FUNCTIONS.has(fn)) return firsts(TWO_PATHS.has(fn) ? 2 : 1);
    }
    // Express res.sendFile / res.download: with a `root` option, send refuses to leave the root.
    if ((name === 'sendFile' || name === 'download' || name === 'sendfile') && /^(res|response|reply|ctx\.res)$/.test(receiver)) {
      return jsOptionKeys(args.slice(1)).has('root') ? [] : firsts(1);
    }
    return [];
  }
  switch (language) {
    case 'python': {
      const module = pyModules && call.receiver && pyModules.namespaces.has(receiver) ? receiver : undefined;
      if (!call.receiver && (name === 'open' || name === 'send_file' || name === 'FileResponse')) return firsts(1);
      if (!call.receiver && pyModules?.members.has(name)) { // from os import remove; not `from os import getenv`, `from flask import jsonify`
        const imported = pyModules.members.get(name)!;
        const from = pyModules.from.get(name);
        if (from === 'os') return PY_OS.has(imported) ? firsts(imported === 'rename' || imported === 'replace' ? 2 : 1) : [];
        if (from === 'shutil') return PY_SHUTIL.has(imported) ? firsts(TWO_PATHS.has(imported) ? 2 : 1) : [];
        return imported === 'send_file' ? firsts(1) : [];
      }
      if (receiver === 'io' || receiver === 'codecs') return name === 'open' ? firsts(1) : [];
      if (module === 'os' || receiver === 'os') return PY_OS.has(name) ? firsts(name === 'rename' || name === 'replace' ? 2 : 1) : [];
      if (receiver === 'shutil') return PY_SHUTIL.has(name) ? firsts(TWO_PATHS.has(name) ? 2 : 1) : [];
      if (receiver === 'flask' && name === 'send_file') return firsts(1);
      // Path(user).read_text(): the receiver is the path
      if (call.receiver && PY_PATH_METHODS.has(name) && (call.receiver.type === 'call' || call.receiver.type === 'binary_operator')) return [call.receiver];
      return [];
    }
    case 'java':
      if (call.isNew) return JAVA_STREAMS.has(name) ? firsts(1) : [];
      if (receiver === 'Files' && JAVA_FILES.has(name)) return firsts(TWO_PATHS.has(name) ? 2 : 1);
      if (receiver === 'FileUtils' && JAVA_FILE_UTILS.has(name)) return firsts(TWO_PATHS.has(name) ? 2 : 1);
      return [];
    case 'go':
      if ((receiver === 'os' && GO_OS.has(name)) || (receiver === 'ioutil' && /^(ReadFile|WriteFile|ReadDir)$/.test(name))) return firsts(name === 'Rename' ? 2 : 1);
      if (receiver === 'http' && name === 'ServeFile') return args.slice(2, 3);
      if (/^(c|ctx)$/.test(receiver) && GO_CONTEXT_FILES.has(name)) return firsts(1);
      return [];
    case 'ruby':
      if ((receiver === 'File' || receiver === 'IO') && RUBY_FILE.has(name)) return firsts(1);
      if (receiver === 'FileUtils' && RUBY_FILEUTILS.has(name)) return firsts(TWO_PATHS.has(name) ? 2 : 1);
      if (!call.receiver && (name === 'send_file')) return firsts(1);
      if (!call.receiver && name === 'render') { const file = call.keywords.get('file'); return file ? [file] : []; }
      return [];
    case 'php': {
      if (call.node.type === 'function_call_expression') return (Object.hasOwn(PHP_FUNCTIONS, name.toLowerCase()) ? PHP_FUNCTIONS[name.toLowerCase()]! : []).map(i => args[i]).filter((a): a is SyntaxNode => !!a);
      if (call.isNew && name === 'SplFileObject') return firsts(1);
      if ((name === 'download' || name === 'file') && receiver === 'response()') return firsts(1);
      return [];
    }
  }
  return [];
}

/** A containment check on the path, or on a name it was built from, earlier in the same function. */
function guarded(sink: SyntaxNode, taint: Tainted, flow: FlowContext, calls: readonly SyntaxNode[]): boolean {
  const names = new Set(taint.via); // the variables the tainted value travelled through, not every name in the expression
  if (!names.size) return false;
  const scope = enclosingFunction(sink, flow);
  const from = scope?.startIndex ?? 0;
  const to = sink.startIndex;
  for (const node of calls) {
    if (node.startIndex < from || node.startIndex >= to) continue;
    const call = callInfo(node);
    if (!call || !GUARDS.has(call.name)) continue;
    const used = new Set<string>();
    if (call.receiver) for (const n of namesIn(call.receiver)) used.add(n);
    for (const a of call.args) for (const n of namesIn(a)) used.add(n);
    for (const n of used) if (names.has(n)) return true;
  }
  return false;
}

export const pathTraversal: Rule = {
  id: 'security/path-traversal',
  meta: {
    title: 'File path built from request input',
    area: 'security',
    defaultSeverity: 'error',
    languages: ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'ruby', 'php'],
    description: 'A file read, written, served or included with a path built from request input lets a caller reach any file with ../ segments; keep only the file name or check the normalised path stays inside the intended folder.',
    cwe: ['CWE-22', 'CWE-98'],
    references: ['OWASP ASVS v5 5.3.2', 'OWASP Top 10 2021 A01', 'CWE-22'],
    messages: {
      tainted: 'This file path is built from {{source}}: keep only the file name (basename) or resolve it and check it stays inside the intended folder.',
    },
  },
  mentions: MENTIONS,
  check(ctx) {
    if (ctx.isTestFile) return; // test code does not serve requests
    const language = ctx.language;
    // Plain function parameters are not followed: file helpers take paths from trusted callers all the time.
    const flow = createFlow(ctx, { parameters: 'request', sanitizer: call => SANITIZERS.has(call.name) });
    const calls = ctx.nodesOfType(...CALL_TYPES[language]);
    const fs = isJs(language) ? moduleBindings(ctx, JS_FS) : undefined;
    const pyModules = language === 'python' ? moduleBindings(ctx, s => s === 'os' || s === 'shutil' || s === 'flask') : undefined;
    const check = (sink: SyntaxNode, arg: SyntaxNode) => {
      const origin = originOf(arg, flow);
      if (origin.kind !== 'tainted' || guarded(sink, origin, flow, calls)) return false;
      ctx.report({ node: arg, messageId: 'tainted', data: { source: origin.source }, related: relatedOf(origin, ctx.file) });
      return true;
    };
    for (const node of calls) {
      const call = callInfo(node);
      if (!call) continue;
      for (const arg of pathArgs(call, language, fs, pyModules)) if (check(node, arg)) break;
    }
    if (language === 'php') {
      for (const node of ctx.nodesOfType(...PHP_INCLUDES)) {
        const arg = node.namedChildren.find(c => !!c && c.type !== 'comment');
        if (arg) check(node, arg);
      }
    }
  },
};
