import type { ChecklistItem } from '../../model';
import { apiItems } from './api';
import { architectureItems } from './architecture';
import { codeItems } from './code';
import { collaborationItems } from './collaboration';
import { databaseItems } from './database';
import { operationsItems } from './operations';
import { performanceItems } from './performance';
import { securityItems } from './security';
import { testingItems } from './testing';

/** The built-in checklist items, in the role document's area order. Role presets select by `level`. */
export const ITEMS: readonly ChecklistItem[] = [
  ...architectureItems, ...codeItems, ...databaseItems, ...apiItems, ...performanceItems, ...testingItems,
  ...securityItems, ...operationsItems, ...collaborationItems,
];
