import type { Area, Role, Severity } from '../model';

export type RuleSetting = Severity | 'off' | [Severity | 'off'] | [Severity | 'off', Record<string, unknown>];

/** Where something was written in a config file (0-based), for diagnostics on that line. */
export interface SourceLocation { file: string; line: number; column: number; endLine: number; endColumn: number }

export interface CustomItemEvidence {
  files?: string[];
  dependency?: string;
  pattern?: { regex: string; files?: string[]; must: 'occur' | 'not-occur'; message?: string };
  query?: { language: import('../model').LanguageId; query: string; files?: string[]; must: 'occur' | 'not-occur'; message?: string };
}

export interface CustomItem {
  id: string;
  area?: Area;
  title?: string;
  why?: string;
  verifiedBy?: string;
  level?: Role;
  rules?: string[];
  manual?: boolean;
  evidence?: CustomItemEvidence;
  at?: SourceLocation;
}

export interface Waiver { rule?: string; item?: string; paths?: string[]; reason: string; owner: string; expires: string; at?: SourceLocation }
export interface Attestation { item: string; by: string; date: string; expires?: string; note?: string; at?: SourceLocation }
export interface NotApplicable { item: string; reason: string; by?: string; at?: SourceLocation }

/** The team config after `extends` are merged (later wins). */
export interface TeamConfig {
  role?: Role;
  ignore: string[];
  rules: Record<string, RuleSetting>;
  overrides: { files: string[]; rules: Record<string, RuleSetting> }[];
  items: CustomItem[];
  notApplicable: NotApplicable[];
  waivers: Waiver[];
  attestations: Attestation[];
}

export interface ConfigProblem {
  /** Relative to the workspace root when inside it, otherwise absolute. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning';
  message: string;
}

export const CONFIG_FILE_NAMES = ['.backend-practices.yaml', '.backend-practices.yml', '.backend-practices.json'] as const;

export function emptyConfig(): TeamConfig {
  return { ignore: [], rules: {}, overrides: [], items: [], notApplicable: [], waivers: [], attestations: [] };
}
