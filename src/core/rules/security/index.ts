import type { Rule } from '../../model';
import { hardcodedSecret } from './hardcoded-secret';
import { tlsVerificationDisabled } from './tls-verification-disabled';
import { weakHash } from './weak-hash';
import { insecureRandom } from './insecure-random';
import { jwtMisuse } from './jwt-misuse';
import { corsWildcard } from './cors-wildcard';
import { debugInProduction } from './debug-in-production';
import { cookieFlags } from './cookie-flags';
import { envFileCommitted } from './env-file-committed';
import { sqlInjection } from './sql-injection';
import { commandInjection } from './command-injection';
import { codeInjection } from './code-injection';
import { pathTraversal } from './path-traversal';
import { unsafeDeserialization } from './unsafe-deserialization';

export const securityRules: Rule[] = [
  hardcodedSecret,
  tlsVerificationDisabled,
  weakHash,
  insecureRandom,
  jwtMisuse,
  corsWildcard,
  debugInProduction,
  cookieFlags,
  envFileCommitted,
  sqlInjection,
  commandInjection,
  codeInjection,
  pathTraversal,
  unsafeDeserialization,
];
