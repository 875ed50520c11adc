import type { ChecklistItem, Role } from '../model';
import { ROLES } from '../model';
import { ITEMS } from './items/index';

/** The built-in checklist of a role: its own items and those of every more junior role. */
export function itemsForRole(role: Role, items: readonly ChecklistItem[] = ITEMS): ChecklistItem[] {
  const rank = ROLES.indexOf(role);
  return items.filter(item => ROLES.indexOf(item.level) <= rank);
}
