import type { ProjectRule } from '../../model';
import { reportMissing } from '../../analysis/project-documents';

/** Pull/merge request templates of GitHub, GitLab and Azure DevOps. */
const TEMPLATES = [
  '{,.github/,docs/}pull_request_template.{md,txt}',
  '{,.github/,docs/}pull_request_template/*.{md,txt}',
  '.gitlab/merge_request_templates/*.md',
  '{.azuredevops/,.vsts/,docs/,}pull_request_template/**/*.{md,txt}',
  '{.azuredevops/,.vsts/}pull_request_template.{md,txt}',
];

export const pullRequestTemplateMissing: ProjectRule = {
  id: 'collaboration/pull-request-template-missing',
  kind: 'project',
  meta: {
    title: 'No pull request template',
    area: 'collaboration',
    defaultSeverity: 'info',
    languages: [], // a project rule: it reads the repository's team files, whatever the language
    description: 'A pull (merge) request template asks every author for the what, the why, how it was tested and the rollout risk, which makes reviews faster and keeps the reasoning with the change.',
    references: ['GitHub Docs: Creating a pull request template for your repository', 'GitLab Docs: Description templates'],
    messages: {
      missing: 'No pull request template (`.github/pull_request_template.md`, `.gitlab/merge_request_templates/*.md`): add one that asks for the change, the reason, how it was tested and how to roll it back.',
    },
  },
  checkProject(ctx) {
    if (!ctx.exists(TEMPLATES, { nocase: true })) reportMissing(ctx, 'missing');
  },
};
