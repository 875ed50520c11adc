/**
 * A small Dockerfile reader: instructions with their first line, line continuations (honouring the `escape`
 * parser directive), comment lines (also inside continuations), heredoc bodies, and build stages.
 */

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, USER, HEALTHCHECK... */
  keyword: string;
  /** Arguments, continuation lines joined with a space. */
  args: string;
  /** 0-based line of the instruction's first line. */
  line: number;
}

export interface Stage {
  /** The FROM instruction. */
  from: Instruction;
  /** Image reference as written (`node:${TAG}`), without flags and `AS name`. */
  image: string;
  /** `AS name`, lower-cased. */
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  instructions: Instruction[];
  /** ARGs declared before the first FROM (the only ones FROM lines can use), with their defaults. */
  globalArgs: Map<string, string | undefined>;
  stages: Stage[];
}

const DIRECTIVE = /^#\s*([a-zA-Z]+)\s*=\s*(.*?)\s*$/;
const HEREDOC = /<<-?(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/g;

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  let i = 0;
  // Parser directives: only at the very top, before any instruction, comment or blank line.
  for (; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]!.trim());
    if (!m) break;
    if (m[1]!.toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }
  const instructions: Instruction[] = [];
  while (i < lines.length) {
    const first = lines[i]!;
    const trimmed = first.trim();
    if (trimmed === '' || trimmed.startsWith('#')) { i++; continue; }
    const start = i;
    let joined = '';
    let line = first;
    for (;;) {
      const body = line.replace(/\s+$/, '');
      if (body.endsWith(escape) && i + 1 < lines.length) {
        joined += body.slice(0, -1) + ' ';
        i++;
        // Comment and empty lines inside a continuation are dropped.
        while (i < lines.length && /^\s*(#.*)?$/.test(lines[i]!) && i + 1 < lines.length) i++;
        line = lines[i]!;
        continue;
      }
      joined += body;
      i++;
      break;
    }
    const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(joined);
    if (!m) continue;
    const instruction: Instruction = { keyword: m[1]!.toUpperCase(), args: m[2]!.trim(), line: start };
    instructions.push(instruction);
    // Heredocs (`RUN <<EOF ... EOF`): their bodies are not instructions.
    if (/^(RUN|COPY|ADD)$/.test(instruction.keyword)) {
      for (const h of instruction.args.matchAll(HEREDOC)) {
        let end = i;
        while (end < lines.length && lines[end]!.trim() !== h[2]) end++;
        if (end < lines.length) i = end + 1; // no terminator: not a heredoc after all
      }
    }
  }

  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const tokens = ins.args.split(/\s+/).filter(t => t && !t.startsWith('--'));
      const image = tokens[0] ?? '';
      const name = tokens[1]?.toLowerCase() === 'as' ? tokens[2]?.toLowerCase() : undefined;
      stages.push({ from: ins, image, name, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword === 'ARG') for (const [k, v] of parseArgs(ins.args)) globalArgs.set(k, v);
    } else {
      stages[stages.length - 1]!.instructions.push(ins);
    }
  }
  return { instructions, globalArgs, stages };
}

/** `ARG A=1 B="two" C` → A→1, B→two, C→undefined. */
function parseArgs(args: string): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("[^"]*"|'[^']*'|\S*))?/g)) {
    const raw = m[2];
    out.push([m[1]!, raw === undefined ? undefined : raw.replace(/^(["'])(.*)\1$/, '$2')]);
  }
  return out;
}

/** Substitute `$VAR`, `${VAR}`, `${VAR:-default}` from the global ARG defaults; undefined when one has no value. */
export function substitute(value: string, args: ReadonlyMap<string, string | undefined>): string | undefined {
  let unresolved = false;
  const out = value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_whole, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare!;
    const v = args.get(name);
    if (op === '-') return v ?? word ?? '';
    if (op === '+') return v ? word ?? '' : '';
    if (v === undefined) { unresolved = true; return ''; }
    return v;
  });
  return unresolved ? undefined : out;
}

/** The tag of an image reference (`registry:5000/team/app:1.2` → `1.2`), `''` when untagged; undefined when pinned by digest. */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 ? '' : image.slice(colon + 1);
}

/** `USER root`, `USER 0`, `USER root:root`, `USER 0:0`. */
export function isRootUser(user: string): boolean {
  const name = user.trim().split(/[\s:]/)[0] ?? '';
  return name === 'root' || name === '0';
}
