import type { Rule } from '../../model';
import { credentialsInConnectionString } from './credentials-in-connection-string';
import { destructiveSchemaSync } from './destructive-schema-sync';
import { migrationsMissing } from './migrations-missing';

export const databaseRules: Rule[] = [
  credentialsInConnectionString,
  destructiveSchemaSync,
  migrationsMissing,
];
