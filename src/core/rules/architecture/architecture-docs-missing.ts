import type { Rule } from '../../model';

/** Below this many source files (outside tests) a project is small enough to be read directly. */
const MIN_SOURCE_FILES = 10;

/** Architecture notes by name: ARCHITECTURE.md, design docs, ADR folders, C4/PlantUML/draw.io diagrams. */
const DOC_FILES = [
  '**/{ARCHITECTURE,DESIGN}{,.md,.markdown,.rst,.adoc,.txt}', '**/architecture/**/*.{md,markdown,rst,adoc,txt}',
  '{docs,doc,documentation}/**/{architecture,design,system-design,arc42}*.{md,markdown,rst,adoc,txt,html,pdf}',
  '{docs,doc,documentation}/**/{architecture,design,arc42}*/**',
  '**/{adr,adrs,decisions,decision-records,architecture-decisions}/**/*.{md,markdown,rst,adoc,txt}',
  '**/.adr-dir', '**/{rfcs,rfc,design-docs}/**/*.{md,markdown,rst,adoc}',
  '**/*.{puml,plantuml,drawio,c4}', '**/workspace.dsl',
];
const README = ['README', 'README.*', '{docs,doc}/README.*', '{docs,doc}/index.*'];
/** A heading that opens an architecture section: `## Architecture`, `# System design`, `Design` underlined in reST. */
const HEADING = /^\s{0,3}#{1,6}\s+(?:\d+[.)]\s*)?(?:the\s+|system\s+|high[- ]level\s+|software\s+)?(architecture|design|architectural overview|how it works|components)\b/im;
const RST_HEADING = /^(?:\d+[.)]\s*)?(?:system\s+|high[- ]level\s+)?(architecture|design)\b[^\n]*\n[=\-~^"#*+]{3,}\s*$/im;

export const architectureDocsMissing: Rule = {
  id: 'architecture/architecture-docs-missing',
  kind: 'project',
  meta: {
    title: 'No architecture notes',
    area: 'architecture',
    defaultSeverity: 'info',
    languages: [],
    description: 'The project has no architecture description: no ARCHITECTURE.md, design docs, architecture decision records or README section on the design, so new engineers and reviewers must reverse-engineer it from the code.',
    references: ['ARCHITECTURE.md (matklad)', 'Architecture Decision Records (M. Nygard)', 'arc42', 'C4 model'],
    messages: {
      missing: 'This project ({{count}} source files) has no architecture notes: add an ARCHITECTURE.md (components, data flow, key decisions), ADRs under docs/adr/, or an "Architecture" section in the README.',
    },
  },
  checkProject(ctx) {
    const sources = ctx.sourceFiles.filter(s => !ctx.isTestFile(s.file));
    if (sources.length < MIN_SOURCE_FILES) return;
    if (ctx.exists(DOC_FILES, { nocase: true })) return;
    const readmes = ctx.find(README, { nocase: true });
    for (const readme of readmes) {
      const text = ctx.readText(readme);
      if (text && (HEADING.test(text) || RST_HEADING.test(text))) return;
    }
    const target = ctx.find(['README', 'README.*'], { nocase: true })[0] ?? ctx.primaryFile();
    if (target) ctx.report({ file: target, line: 0, messageId: 'missing', data: { count: sources.length } });
  },
};
