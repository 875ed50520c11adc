/** A small, strict argv parser: unknown options are usage errors (exit 2), never ignored. */
export class UsageError extends Error {}

export interface OptionSpec { name: string; value?: boolean; alias?: string }

export function parseArgv(argv: readonly string[], specs: readonly OptionSpec[]): { positionals: string[]; options: Map<string, string | true> } {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  const byName = new Map<string, OptionSpec>();
  for (const s of specs) { byName.set(`--${s.name}`, s); if (s.alias) byName.set(s.alias, s); }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('-') || arg === '-') { positionals.push(arg); continue; }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const spec = byName.get(flag);
    if (!spec) throw new UsageError(`unknown option ${flag}`);
    if (spec.value) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      options.set(spec.name, value);
    } else {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      options.set(spec.name, true);
    }
  }
  return { positionals, options };
}
