import type { ProjectRule } from '../../model';
import { reportMissing } from '../../analysis/project-documents';

/** Where GitHub (root, `.github/`, `docs/`) and GitLab (also `.gitlab/`) read code owners. */
const CODEOWNERS = '{,.github/,docs/,.gitlab/}CODEOWNERS';

export const codeownersMissing: ProjectRule = {
  id: 'collaboration/codeowners-missing',
  kind: 'project',
  meta: {
    title: 'No CODEOWNERS file',
    area: 'collaboration',
    defaultSeverity: 'info',
    languages: [], // a project rule: it reads the repository's team files, whatever the language
    description: 'A CODEOWNERS file names who reviews which part of the code, so pull requests get the right reviewers automatically and no area is left without an owner.',
    references: ['GitHub Docs: About code owners', 'GitLab Docs: Code Owners'],
    messages: {
      missing: 'No CODEOWNERS file (root, `.github/`, `docs/` or `.gitlab/`): add one that maps paths to the teams or people who review them.',
    },
  },
  checkProject(ctx) {
    if (!ctx.exists(CODEOWNERS, { nocase: true })) reportMissing(ctx, 'missing');
  },
};
