import type { LanguageId } from '../model';
import type { SyntaxNode } from '../languages/parser';
import { sourceOf, stringValue } from './syntax';

/**
 * One import as written. `specifier` is the module text: `./db`, `express` (JS), `.models`, `..db.session`,
 * `app.services` (Python, leading dots = relative level), `java.util.List`, `net/http` (Go), `./db` for Ruby
 * `require_relative`, `App\Models\User` or `./db.php` for PHP.
 */
export interface Import {
  specifier: string; line: number; relative: boolean;
  /** Present (true) when the import has no run-time effect: TS `import type` / `export type` / all-`type` specifiers, Python `if TYPE_CHECKING:`. */
  typeOnly?: true;
  /** Present (true) when the module is loaded lazily, not when the importer loads: JS `import()`, `require`/`import` inside a function (JS, Python, Ruby, PHP). */
  lazy?: true;
  /** Python `from pkg import a, b`: the names imported (`a` may be the module `pkg/a.py`). */
  names?: string[];
}

export const IMPORT_NODE_TYPES: Record<LanguageId, readonly string[]> = {
  javascript: ['import_statement', 'export_statement', 'call_expression'],
  typescript: ['import_statement', 'export_statement', 'call_expression'],
  tsx: ['import_statement', 'export_statement', 'call_expression'],
  python: ['import_statement', 'import_from_statement'],
  java: ['import_declaration'],
  go: ['import_spec'],
  ruby: ['call'],
  php: ['namespace_use_clause', 'require_expression', 'require_once_expression', 'include_expression', 'include_once_expression'],
};

function push(out: Import[], specifier: string | undefined, node: SyntaxNode, relative?: boolean, flags: { typeOnly?: boolean; lazy?: boolean; names?: string[] } = {}): void {
  if (!specifier) return;
  const entry: Import = { specifier, line: node.startPosition.row, relative: relative ?? /^\.\.?(\/|$)/.test(specifier) };
  // Only set when true, so the facts of ordinary imports stay as small as before.
  if (flags.typeOnly) entry.typeOnly = true;
  if (flags.lazy) entry.lazy = true;
  if (flags.names?.length) entry.names = flags.names;
  out.push(entry);
}

/** The names a Python `from m import a, b as c` imports (`a`, `b`; none for `*`). */
function importedNames(node: SyntaxNode): string[] {
  return node.childrenForFieldName('name').map(n => (n.type === 'aliased_import' ? n.childForFieldName('name')?.text : n.text)).filter((n): n is string => !!n);
}

/** Function-like nodes: an import inside one runs when the function is called, not when the module loads. */
const FUNCTION_SCOPES = new Set([
  'function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration',
  'generator_function', 'function_definition', 'lambda', 'method', 'singleton_method', 'method_declaration', 'anonymous_function',
]);

function insideFunction(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_SCOPES.has(p.type)) return true;
  return false;
}

/** TS `import type ...` / `export type ... from`, or `import { type A, type B }` (every specifier type-only). */
function isTypeOnlyJs(node: SyntaxNode): boolean {
  if (node.children.some(c => c?.type === 'type' && !c.isNamed)) return true;
  if (node.type !== 'import_statement') return false;
  const clause = node.namedChildren.find(c => c?.type === 'import_clause');
  const named = clause?.namedChildren ?? [];
  if (named.length !== 1 || named[0]?.type !== 'named_imports') return false;
  const specifiers = named[0].namedChildren.filter(c => c?.type === 'import_specifier');
  return specifiers.length > 0 && specifiers.every(s => s!.children.some(c => c?.type === 'type' && !c.isNamed));
}

/** Python `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:` blocks hold imports for the type checker only. */
function underTypeChecking(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'if_statement' && /^(typing\.)?TYPE_CHECKING$/.test(p.childForFieldName('condition')?.text ?? '')) return true;
  }
  return false;
}

/**
 * A fact and several rules ask for the same file's imports with the same (memoised) node list from the node index;
 * the answer is kept per list so the file's imports are read once.
 */
const importsByNodes = new WeakMap<readonly SyntaxNode[], Import[]>();

/** The imports of one file, from its syntax (so a `require` in a comment or a string is not one). */
export function findImports(language: LanguageId, nodes: readonly SyntaxNode[]): Import[] {
  let found = importsByNodes.get(nodes);
  if (!found) importsByNodes.set(nodes, (found = readImports(language, nodes)));
  return found;
}

/** The imports of one node (not kept: a rule that looks node by node asks once per node). */
export function importsOfNode(language: LanguageId, node: SyntaxNode): Import[] {
  return readImports(language, [node]);
}

function readImports(language: LanguageId, nodes: readonly SyntaxNode[]): Import[] {
  const out: Import[] = [];
  // `require(...)`, `import(...)`, Ruby `require`/`load` calls start with their name: the source at a call's start
  // rules out the others without asking the tree.
  const text = language === 'ruby' || language === 'javascript' || language === 'typescript' || language === 'tsx' ? sourceOf(nodes) : '';
  const callsLoad = (node: SyntaxNode) => text.startsWith('require', node.startIndex) || text.startsWith('import', node.startIndex) || text.startsWith('load', node.startIndex);
  for (const node of nodes) {
    switch (language) {
      case 'javascript': case 'typescript': case 'tsx': {
        if (node.type === 'call_expression') {
          if (!callsLoad(node)) break;
          const fn = node.childForFieldName('function');
          if (fn?.text !== 'require' && fn?.type !== 'import') break;
          const arg = node.childForFieldName('arguments')?.namedChild(0);
          push(out, arg ? stringValue(arg) : undefined, node, undefined, { lazy: fn.type === 'import' || insideFunction(node) });
        } else {
          const source = node.childForFieldName('source');
          if (source) push(out, stringValue(source), node, undefined, { typeOnly: isTypeOnlyJs(node) });
        }
        break;
      }
      case 'python': {
        const flags = { lazy: insideFunction(node), typeOnly: underTypeChecking(node) };
        if (node.type === 'import_statement') {
          for (const name of node.childrenForFieldName('name')) {
            const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name') : name;
            push(out, dotted?.text, node, false, flags);
          }
        } else {
          const module = node.childForFieldName('module_name');
          if (!module) break;
          if (module.type === 'relative_import') {
            const prefix = module.namedChildren.find(c => c?.type === 'import_prefix')?.text ?? '.';
            const rest = module.namedChildren.find(c => c?.type === 'dotted_name')?.text;
            // `from . import models` imports the sibling module `models`
            if (!rest) for (const name of node.childrenForFieldName('name')) push(out, prefix + (name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text), node, true, flags);
            else push(out, prefix + rest, node, true, { ...flags, names: importedNames(node) });
          } else push(out, module.text, node, false, { ...flags, names: importedNames(node) });
        }
        break;
      }
      case 'java': {
        const id = node.namedChildren.find(c => c?.type === 'scoped_identifier' || c?.type === 'identifier');
        push(out, id?.text, node, false);
        break;
      }
      case 'go': {
        const path = node.childForFieldName('path');
        push(out, path ? stringValue(path) : undefined, node, false);
        break;
      }
      case 'ruby': {
        if (!callsLoad(node)) break;
        const method = node.childForFieldName('method')?.text;
        if (node.childForFieldName('receiver') || (method !== 'require' && method !== 'require_relative' && method !== 'load')) break;
        const arg = node.childForFieldName('arguments')?.namedChild(0);
        const value = arg ? stringValue(arg) : undefined;
        if (value === undefined) break;
        const lazy = { lazy: insideFunction(node) };
        if (method === 'require_relative') push(out, value.startsWith('.') ? value : `./${value}`, node, true, lazy);
        else push(out, value, node, undefined, lazy);
        break;
      }
      case 'php': {
        if (node.type === 'namespace_use_clause') {
          push(out, node.namedChildren.find(c => c?.type === 'qualified_name' || c?.type === 'name')?.text, node, false);
          break;
        }
        // require __DIR__ . '/db.php' → ./db.php ; require 'lib.php' → ./lib.php
        const arg = node.namedChild(0);
        let value = arg ? stringValue(arg) : undefined;
        if (arg?.type === 'binary_expression' && arg.childForFieldName('left')?.text === '__DIR__') {
          const right = arg.childForFieldName('right');
          value = right ? stringValue(right) : undefined;
        }
        if (value !== undefined) push(out, value.startsWith('.') ? value : `./${value.replace(/^\//, '')}`, node, true, { lazy: insideFunction(node) });
        break;
      }
    }
  }
  return out;
}
