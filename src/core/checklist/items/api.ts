import type { ChecklistItem } from '../../model';

export const apiItems: ChecklistItem[] = [
  {
    id: 'api.resource-oriented-paths',
    area: 'api',
    level: 'mid',
    title: 'Route paths name resources, not actions',
    why: 'Consistent resource paths with HTTP methods as verbs make an API predictable for consumers, and let caches, proxies and client generators rely on method semantics.',
    verifiedBy: 'No registered route has a path segment that starts with a CRUD verb (`/getUsers`, `/users/delete/:id`).',
    rules: ['api/verb-in-route-path'],
  },
];
