import * as fs from 'node:fs';
import type { Finding } from '../model';

/** A baseline: the fingerprints of accepted findings; only new findings count for --fail-on. */
export interface BaselineFile { version: 1; tool: 'backend-practices'; fingerprints: string[] }

export function readBaseline(file: string): Set<string> {
  let data: BaselineFile;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as BaselineFile;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return new Set(); // no baseline yet: everything counts
    throw new Error(`baseline ${file} is not valid JSON: ${e.message}`);
  }
  return new Set(Array.isArray(data.fingerprints) ? data.fingerprints.filter(f => typeof f === 'string') : []);
}

export function writeBaseline(file: string, findings: readonly Finding[]): void {
  const data: BaselineFile = { version: 1, tool: 'backend-practices', fingerprints: [...new Set(findings.map(f => f.fingerprint))].sort() };
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
  fs.renameSync(tmp, file);
}
