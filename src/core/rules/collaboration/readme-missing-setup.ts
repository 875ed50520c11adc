import type { ProjectRule } from '../../model';
import { hasProjectSource, readmes } from '../../analysis/project-documents';

/** Headings and paragraphs about getting the project running. */
const SETUP_HEADING = /\b(install(ation|ing)?|set ?up|setting up|getting started|get started|quick ?start|usage|how to (run|use|build|start)|run(ning)?|local(ly)?|develop(ment|ing)?|build(ing)?|prerequisites|requirements)\b/i;
const SETUP_PHRASE = /\b(to (install|run|start|build|set up|setup|develop)|installation|getting started|quick ?start)\b/i;
/** Commands that start a setup or run step, at the start of a code line (after an optional prompt). */
const COMMAND = /^\s*(?:[$%>]|PS>)?\s*(npm|npx|yarn|pnpm|bun|node|deno|pip3?|pipenv|poetry|uv|python3?|pytest|tox|nox|mvn|\.\/mvnw|mvnw|gradle|\.\/gradlew|gradlew|java|go|make|docker|docker-compose|podman|kubectl|helm|bundle|bin\/rails|bin\/setup|bin\/dev|rails|rake|ruby|gem|composer|php|git|cd|cp|export|source|brew|apt(-get)?|sudo|just|task|cargo|dotnet|terraform)(\s|$)/;
const SHELL_FENCE = /^(sh|bash|shell|console|zsh|fish|powershell|ps1?|pwsh|cmd|bat|batch|shell-session|shellsession|terminal)$/i;

export const readmeMissingSetup: ProjectRule = {
  id: 'collaboration/readme-missing-setup',
  kind: 'project',
  meta: {
    title: 'README without setup instructions',
    area: 'collaboration',
    defaultSeverity: 'warning',
    languages: [], // a project rule: it reads the repository's team files, whatever the language
    description: 'The README is the first thing a new teammate opens: without a section or commands on how to install, configure and run the project, onboarding depends on whoever happens to be around.',
    references: ['GitHub Docs: About READMEs', 'Make a README (makeareadme.com)'],
    messages: {
      noReadme: 'This project has no README: add one that says what it does and how to install, configure, run and test it locally.',
      noSetup: "The README does not say how to set the project up: add a 'Getting started' section with the commands to install dependencies, configure and run it.",
    },
  },
  checkProject(ctx) {
    if (!hasProjectSource(ctx)) return;
    const files = readmes(ctx);
    if (!files.length) {
      const primary = ctx.primaryFile();
      if (primary) ctx.report({ file: primary, line: 0, messageId: 'noReadme' });
      return;
    }
    if (!files.some(f => hasSetupInstructions(ctx.readText(f) ?? ''))) ctx.report({ file: files[0]!, line: 0, messageId: 'noSetup' });
  },
};

/** Markdown, reStructuredText and AsciiDoc: a setup heading, a setup sentence, a shell code block or an inline command. */
export function hasSetupInstructions(text: string): boolean {
  const lines = text.split(/\r?\n/);
  let fence: { marker: string; shell: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMark = /^\s*(```+|~~~+)\s*([\w+-]*)/.exec(line);
    if (fence) {
      if (fenceMark && fenceMark[1]!.startsWith(fence.marker)) fence = undefined;
      else if (fence.shell ? line.trim() !== '' : COMMAND.test(line)) return true;
      continue;
    }
    if (fenceMark) { fence = { marker: fenceMark[1]!, shell: SHELL_FENCE.test(fenceMark[2] ?? '') }; continue; }
    // reStructuredText code directives.
    if (/^\s*\.\.\s+(code-block|code|sourcecode|prompt)::\s*(\w+)/.test(line) && SHELL_FENCE.test(/::\s*(\w+)/.exec(line)![1]!)) return true;
    const atx = /^\s{0,3}(#{1,6}|={1,6})\s+(.+)$/.exec(line); // Markdown `## Setup`, AsciiDoc `== Setup`
    const next = lines[i + 1] ?? '';
    const underlined = line.trim() !== '' && /^\s*([=\-~^"'`#*+])\1{2,}\s*$/.test(next) && !/^\s*[-*+]\s/.test(line); // Setext / RST
    if ((atx && SETUP_HEADING.test(atx[2]!)) || (underlined && SETUP_HEADING.test(line))) return true;
    if (SETUP_PHRASE.test(line)) return true;
    // Indented code (Markdown 4 spaces, RST literal blocks) with a command.
    if (/^(\s{4,}|\t)/.test(line) && COMMAND.test(line)) return true;
    // An inline command in a sentence: Run `npm install`, then `npm start`.
    for (const m of line.matchAll(/`([^`]+)`/g)) if (COMMAND.test(m[1]!) && /\s/.test(m[1]!.trim())) return true;
  }
  return false;
}
