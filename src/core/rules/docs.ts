/** Where a rule's documentation page lives, relative to the extension / package root. */
export function ruleDocsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}
