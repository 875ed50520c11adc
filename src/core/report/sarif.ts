import type * as Sarif from 'sarif';
import type { Finding, Range, Rule, Severity } from '../model';
import { cweNumbers, encodePath, folderFileUri, isSecurityRule, ruleHelpUri, sortedFindings, sortedRules, sortedSkipped } from './common';
import type { ReportInput } from './model';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Every artifact URI is relative to this base; `originalUriBaseIds` maps it to the scanned root. */
export const SRCROOT = '%SRCROOT%';
/** The key of our fingerprint in `partialFingerprints`; bump the version if the fingerprint's recipe changes. */
export const FINGERPRINT_KEY = 'backendPractices/v1';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
/** GitHub code scanning reads these as CVSS-like scores: 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '3.0', hint: '1.0' };

/** `security/sql-injection` → `SqlInjection`: SARIF wants a readable, identifier-like name beside the opaque id. */
function ruleName(id: string): string {
  const last = id.slice(id.lastIndexOf('/') + 1);
  return last.split(/[^A-Za-z0-9]+/).filter(Boolean).map(w => w[0]!.toUpperCase() + w.slice(1)).join('') || id;
}

function descriptor(input: ReportInput, rule: Rule): Sarif.ReportingDescriptor {
  const { meta } = rule;
  const helpUri = ruleHelpUri(input, rule.id);
  const cwes = cweNumbers(rule);
  const security = isSecurityRule(rule);
  const tags = [...new Set([meta.area, ...(security ? ['security'] : []), ...cwes.flatMap(n => [`CWE-${n}`, `external/cwe/cwe-${n}`])])];
  const help = [meta.description];
  if (cwes.length) help.push(`Weaknesses: ${cwes.map(n => `CWE-${n}`).join(', ')}.`);
  if (meta.references?.length) help.push(`References: ${meta.references.join('; ')}.`);
  const markdown = [...help];
  if (helpUri) markdown.push(`[Documentation](${helpUri})`);
  const properties: Sarif.PropertyBag = { tags };
  if (security) properties['security-severity'] = SECURITY_SEVERITY[meta.defaultSeverity];
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description || meta.title },
    ...(helpUri ? { helpUri } : {}),
    help: { text: help.join('\n\n'), markdown: markdown.join('\n\n') },
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties,
  };
}

/** A finding of a rule missing from the catalogue (a stale cache, a plugin) still gets a descriptor. */
function fallbackDescriptor(finding: Finding): Sarif.ReportingDescriptor {
  return {
    id: finding.ruleId,
    name: ruleName(finding.ruleId),
    shortDescription: { text: finding.ruleId },
    defaultConfiguration: { level: LEVEL[finding.severity] },
    properties: { tags: [finding.area] },
  };
}

function region(r: Range): Sarif.Region {
  // SARIF lines and columns are 1-based and the end column is exclusive, as our zero-based end column is.
  return { startLine: r.start.line + 1, startColumn: r.start.column + 1, endLine: r.end.line + 1, endColumn: r.end.column + 1 };
}

function location(file: string, range: Range, message?: string): Sarif.Location {
  return {
    physicalLocation: { artifactLocation: { uri: encodePath(file), uriBaseId: SRCROOT }, region: region(range) },
    ...(message !== undefined ? { message: { text: message } } : {}),
  };
}

function result(finding: Finding, ruleIndex: number): Sarif.Result {
  const out: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [location(finding.file, finding.range)],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
  };
  const related = finding.related ?? [];
  if (related.length) {
    out.relatedLocations = related.map((r, i) => ({ id: i + 1, ...location(r.file, r.range, r.message) }));
    // The path the data took: each related location (sources, steps) in order, then the sink the finding is on.
    out.codeFlows = [{
      threadFlows: [{
        locations: [
          ...related.map(r => ({ location: location(r.file, r.range, r.message) })),
          { location: location(finding.file, finding.range, finding.message) },
        ],
      }],
    }];
  }
  return out;
}

export function buildSarifLog(input: ReportInput): Sarif.Log {
  const rules = sortedRules(input).map(r => descriptor(input, r));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const findings = sortedFindings(input);
  for (const f of findings) {
    if (!index.has(f.ruleId)) {
      index.set(f.ruleId, rules.length);
      rules.push(fallbackDescriptor(f));
    }
  }
  const { tool } = input;
  const skipped = sortedSkipped(input);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: tool.name,
          version: tool.version,
          semanticVersion: tool.version,
          ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
          rules,
        },
      },
      invocations: [{
        executionSuccessful: true,
        endTimeUtc: input.generatedAt,
        // Files left out (too large, binary, unparsable) are worth a note, not a failed run.
        toolExecutionNotifications: skipped.map(s => ({
          level: 'note' as const,
          message: { text: `Skipped: ${s.reason}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(s.file), uriBaseId: SRCROOT } } }],
        })),
      }],
      originalUriBaseIds: { [SRCROOT]: { uri: folderFileUri(input.root) } },
      columnKind: 'utf16CodeUnits',
      results: findings.map(f => result(f, index.get(f.ruleId)!)),
      properties: {
        role: input.role,
        files: input.files,
        durationMs: input.durationMs,
        ...(input.baselineSuppressed ? { baselineSuppressed: input.baselineSuppressed } : {}),
      },
    }],
  };
}

/** SARIF 2.1.0 (valid against the OASIS schema), indented, with a final newline. */
export function renderSarif(input: ReportInput): string {
  return `${JSON.stringify(buildSarifLog(input), null, 2)}\n`;
}
