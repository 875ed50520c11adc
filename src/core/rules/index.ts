import type { Rule } from '../model';
import { apiRules } from './api';
import { architectureRules } from './architecture';
import { codeRules } from './code';
import { collaborationRules } from './collaboration';
import { databaseRules } from './database';
import { operationsRules } from './operations';
import { performanceRules } from './performance';
import { securityRules } from './security';
import { testingRules } from './testing';

/** Every built-in rule, sorted by id. Each area's index lists its rules. */
export const RULES: readonly Rule[] = [
  ...architectureRules, ...codeRules, ...databaseRules, ...apiRules, ...performanceRules, ...testingRules,
  ...securityRules, ...operationsRules, ...collaborationRules,
].sort((a, b) => a.id.localeCompare(b.id));

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map(r => [r.id, r]));
