import type { Rule } from '../model';
import { invalidSuppression } from './code/invalid-suppression';
import { hardcodedSecret } from './security/hardcoded-secret';

/** Every built-in rule, sorted by id. */
export const RULES: readonly Rule[] = [
  invalidSuppression,
  hardcodedSecret,
].sort((a, b) => a.id.localeCompare(b.id));

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map(r => [r.id, r]));
