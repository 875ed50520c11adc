import * as vscode from 'vscode';
import type { Role, Severity } from '../core/model';
import { ROLES } from '../core/model';

/** The `backendPractices.*` settings, read once into a typed snapshot and refreshed on change. */
export interface Settings {
  enable: boolean;
  role: Role;
  analyzeOnType: boolean;
  analyzeOnTypeDelayMs: number;
  analyzeOnSave: boolean;
  exclude: string[];
  maxFileSize: number;
  severity: Record<string, Severity | 'off'>;
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('backendPractices', scope);
  const role = c.get<string>('role', 'senior');
  const severity: Record<string, Severity | 'off'> = {};
  for (const [rule, value] of Object.entries(c.get<Record<string, string>>('severity', {}) ?? {})) {
    if (SEVERITIES.has(value)) severity[rule] = value as Severity | 'off';
  }
  return {
    enable: c.get<boolean>('enable', true),
    role: (ROLES as readonly string[]).includes(role) ? role as Role : 'senior',
    analyzeOnType: c.get<boolean>('analyzeOnType', true),
    analyzeOnTypeDelayMs: Math.max(0, c.get<number>('analyzeOnTypeDelay', 300)),
    analyzeOnSave: c.get<boolean>('analyzeOnSave', true),
    exclude: c.get<string[]>('exclude', []).filter(g => typeof g === 'string' && g.trim() !== ''),
    maxFileSize: Math.max(1024, c.get<number>('maxFileSize', 1024 * 1024)),
    severity,
  };
}
