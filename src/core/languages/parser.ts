import * as fs from 'node:fs';
import * as path from 'node:path';
import * as TreeSitter from '@vscode/tree-sitter-wasm';
import type { LanguageId } from '../model';
import { GRAMMAR_FILE } from './languages';

export type Tree = TreeSitter.Tree;
export type SyntaxNode = TreeSitter.Node;
export type Language = TreeSitter.Language;

/**
 * Where the grammar .wasm files are: next to the bundle (`dist/grammars`, what the VSIX and the CLI ship)
 * or in node_modules when running from source (unit tests).
 */
function defaultGrammarDir(): string {
  const bundled = path.join(__dirname, 'grammars');
  if (fs.existsSync(path.join(bundled, 'tree-sitter.wasm'))) return bundled;
  return path.dirname(require.resolve('@vscode/tree-sitter-wasm'));
}

let initialised: Promise<void> | undefined;
let grammarDir = '';
const languages = new Map<LanguageId, Promise<Language>>();
const parsers = new Map<LanguageId, TreeSitter.Parser>();

/** Initialise the WASM runtime once per thread. */
function init(dir = defaultGrammarDir()): Promise<void> {
  if (!initialised) {
    grammarDir = dir;
    initialised = TreeSitter.Parser.init({ locateFile: (file: string) => path.join(grammarDir, file) });
  }
  return initialised;
}

export async function loadLanguage(lang: LanguageId): Promise<Language> {
  let loaded = languages.get(lang);
  if (!loaded) {
    loaded = init().then(() => TreeSitter.Language.load(fs.readFileSync(path.join(grammarDir, GRAMMAR_FILE[lang]))));
    languages.set(lang, loaded);
  }
  return loaded;
}

/** Parse text; tree-sitter recovers from syntax errors, so a tree always comes back. */
export async function parse(lang: LanguageId, text: string): Promise<Tree> {
  const language = await loadLanguage(lang);
  let parser = parsers.get(lang);
  if (!parser) {
    parser = new TreeSitter.Parser();
    parser.setLanguage(language);
    parsers.set(lang, parser);
  }
  const tree = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for a ${lang} file`);
  return tree;
}

const queries = new Map<string, TreeSitter.Query>();

/** A compiled query, cached per language and source (compiling is far slower than running). */
export function compileQuery(language: Language, lang: LanguageId, source: string): TreeSitter.Query {
  const key = lang + '\0' + source;
  let query = queries.get(key);
  if (!query) {
    query = new TreeSitter.Query(language, source);
    queries.set(key, query);
  }
  return query;
}
