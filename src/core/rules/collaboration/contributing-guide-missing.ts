import type { ProjectRule } from '../../model';
import { reportMissing } from '../../analysis/project-documents';

/** Where GitHub and GitLab look for contribution guidelines. */
const CONTRIBUTING = ['{,.github/,docs/}CONTRIBUTING', '{,.github/,docs/}CONTRIBUTING.*'];

export const contributingGuideMissing: ProjectRule = {
  id: 'collaboration/contributing-guide-missing',
  kind: 'project',
  meta: {
    title: 'No contributing guide',
    area: 'collaboration',
    defaultSeverity: 'info',
    languages: [], // a project rule: it reads the repository's team files, whatever the language
    description: 'A CONTRIBUTING guide tells newcomers how to set up, branch, test, commit and get a change reviewed; without it every new teammate learns the process by trial and error.',
    references: ['GitHub Docs: Setting guidelines for repository contributors', 'Open Source Guides: Starting a Project'],
    messages: {
      missing: 'No CONTRIBUTING guide (root, `.github/` or `docs/`): add one that says how to set up the project, run the tests, name branches and commits, and get a pull request reviewed.',
    },
  },
  checkProject(ctx) {
    if (!ctx.exists(CONTRIBUTING, { nocase: true })) reportMissing(ctx, 'missing');
  },
};
