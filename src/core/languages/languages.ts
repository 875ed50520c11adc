import * as path from 'node:path';
import type { LanguageId } from '../model';

const BY_EXTENSION: Record<string, LanguageId> = {
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript',
  '.tsx': 'tsx',
  '.py': 'python', '.pyw': 'python',
  '.java': 'java',
  '.go': 'go',
  '.rb': 'ruby', '.rake': 'ruby',
  '.php': 'php',
};

const BY_SHEBANG: [RegExp, LanguageId][] = [
  [/\bnode\b|\bdeno\b|\bbun\b/, 'javascript'],
  [/\bts-node\b|\btsx\b/, 'typescript'],
  [/\bpython[0-9.]*\b/, 'python'],
  [/\bruby\b/, 'ruby'],
  [/\bphp\b/, 'php'],
];

/** The language of a file, from its extension or, for extension-less scripts, its shebang line. */
export function languageOf(filePath: string, firstLine?: string): LanguageId | undefined {
  const ext = path.extname(filePath).toLowerCase();
  const byExt = BY_EXTENSION[ext];
  if (byExt) return byExt;
  if (ext === '' && firstLine?.startsWith('#!')) {
    for (const [pattern, lang] of BY_SHEBANG) if (pattern.test(firstLine)) return lang;
  }
  if (path.basename(filePath) === 'Rakefile' || path.basename(filePath) === 'Gemfile') return 'ruby';
  return undefined;
}

/** The file name of the tree-sitter grammar inside @vscode/tree-sitter-wasm. */
export const GRAMMAR_FILE: Record<LanguageId, string> = {
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  python: 'tree-sitter-python.wasm',
  java: 'tree-sitter-java.wasm',
  go: 'tree-sitter-go.wasm',
  ruby: 'tree-sitter-ruby.wasm',
  php: 'tree-sitter-php.wasm',
};

/** Line-comment syntax, used for suppressions, fixture annotations and quick fixes. */
export const LINE_COMMENT: Record<LanguageId, string> = {
  javascript: '//', typescript: '//', tsx: '//', java: '//', go: '//', php: '//',
  python: '#', ruby: '#',
};

/** Tree-sitter node types that are comments, per grammar. */
export const COMMENT_NODE_TYPES = new Set(['comment', 'line_comment', 'block_comment']);
