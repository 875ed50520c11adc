import type { Role } from '../model';
import { ROLES } from '../model';
import { itemsForRole } from '../checklist/roles';

/** A commented starter team config for a role: what `init` and "Create Team Checklist" write. */
export function starterConfig(role: Role): string {
  const manual = itemsForRole(role).filter(i => i.manual).slice(0, 3);
  const today = new Date();
  const inAQuarter = new Date(today.getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
  return `# Backend Practices team checklist — shared through the repository, so every editor and the CI hold the same line.
# Reference: the JSON Schema gives completion and validation in VS Code (YAML and JSON).
# Merge semantics: \`extends\` are applied first, in order, then this file; later wins. Items merge by id.

# The role whose built-in checklist applies: ${ROLES.join(' ⊂ ')}.
role: ${role}

# Build on another checklist: a built-in one, a relative file, or a file of an installed package
# (resolved through node_modules; nothing is ever fetched from the network).
# extends:
#   - ./standards/backend.yaml
#   - "@acme/backend-standards/checklist.yaml"

# Paths the analysis leaves out (gitignore syntax), on top of .gitignore and the defaults.
ignore:
  - "**/fixtures/**"

# Rule severities (error, warning, info, hint) or off; [severity, { options }] where a rule has options.
rules:
  performance/query-in-loop: error
  # code/oversized-function: [warning, { maxLines: 120 }]

# Different settings for some files.
overrides:
  - files: ["scripts/**", "**/*.test.*"]
    rules:
      operations/unstructured-logging: off

# Checklist items of your own: manual (attested by a person) or evidence-based.
items:
  - id: team.runbook-linked
    area: operations
    title: Every service links its runbook from the README
    evidence:
      pattern: { regex: "(?i)runbook", files: ["README*"], must: occur }
  # - id: team.no-console-in-src
  #   area: code
  #   title: No console.log in src
  #   evidence:
  #     query: { language: typescript, query: "(call_expression function: (member_expression object: (identifier) @o (#eq? @o \\"console\\")))", files: ["src/**"], must: not-occur }

# Accepted gaps, with an owner and an expiry date (an expired waiver is reported and no longer counts).
waivers: []
#  - rule: security/weak-hash
#    paths: ["legacy/**"]
#    reason: Legacy checksums, replaced in Q3
#    owner: jane.doe
#    expires: ${inAQuarter}

# People vouching for what code cannot show${manual.length ? ` (e.g. ${manual.map(i => i.id).join(', ')})` : ''}.
attestations: []
#  - item: ${manual[0]?.id ?? 'architecture.design-reviews'}
#    by: Jane Doe
#    date: ${today.toISOString().slice(0, 10)}
#    expires: ${inAQuarter}
#    note: Reviewed in the architecture guild
`;
}
