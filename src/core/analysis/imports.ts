import type { LanguageId } from '../model';
import type { SyntaxNode } from '../languages/parser';
import { stringValue } from './syntax';

/**
 * One import as written. `specifier` is the module text: `./db`, `express` (JS), `.models`, `..db.session`,
 * `app.services` (Python, leading dots = relative level), `java.util.List`, `net/http` (Go), `./db` for Ruby
 * `require_relative`, `App\Models\User` or `./db.php` for PHP.
 */
export interface Import { specifier: string; line: number; relative: boolean }

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

function push(out: Import[], specifier: string | undefined, node: SyntaxNode, relative?: boolean): void {
  if (!specifier) return;
  out.push({ specifier, line: node.startPosition.row, relative: relative ?? /^\.\.?(\/|$)/.test(specifier) });
}

/** The imports of one file, from its syntax (so a `require` in a comment or a string is not one). */
export function findImports(language: LanguageId, nodes: readonly SyntaxNode[]): Import[] {
  const out: Import[] = [];
  for (const node of nodes) {
    switch (language) {
      case 'javascript': case 'typescript': case 'tsx': {
        if (node.type === 'call_expression') {
          const fn = node.childForFieldName('function');
          if (fn?.text !== 'require' && fn?.type !== 'import') break;
          const arg = node.childForFieldName('arguments')?.namedChild(0);
          push(out, arg ? stringValue(arg) : undefined, node);
        } else {
          const source = node.childForFieldName('source');
          if (source) push(out, stringValue(source), node);
        }
        break;
      }
      case 'python': {
        if (node.type === 'import_statement') {
          for (const name of node.childrenForFieldName('name')) {
            const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name') : name;
            push(out, dotted?.text, node, false);
          }
        } else {
          const module = node.childForFieldName('module_name');
          if (!module) break;
          if (module.type === 'relative_import') {
            const prefix = module.namedChildren.find(c => c?.type === 'import_prefix')?.text ?? '.';
            const rest = module.namedChildren.find(c => c?.type === 'dotted_name')?.text;
            // `from . import models` imports the sibling module `models`
            if (!rest) for (const name of node.childrenForFieldName('name')) push(out, prefix + (name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text), node, true);
            else push(out, prefix + rest, node, true);
          } else push(out, module.text, node, false);
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
        const method = node.childForFieldName('method')?.text;
        if (node.childForFieldName('receiver') || (method !== 'require' && method !== 'require_relative' && method !== 'load')) break;
        const arg = node.childForFieldName('arguments')?.namedChild(0);
        const value = arg ? stringValue(arg) : undefined;
        if (value === undefined) break;
        if (method === 'require_relative') push(out, value.startsWith('.') ? value : `./${value}`, node, true);
        else push(out, value, node);
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
        if (value !== undefined) push(out, value.startsWith('.') ? value : `./${value.replace(/^\//, '')}`, node, true);
        break;
      }
    }
  }
  return out;
}
