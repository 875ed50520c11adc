import type { Area } from '../model';

/** The nine areas of responsibility, in the role document's order, with its wording. */
export const AREA_INFO: Readonly<Record<Area, { title: string; summary: string }>> = {
  architecture: { title: 'System design and architecture', summary: 'How components interact, scale and stay efficient; the right technology for the task.' },
  code: { title: 'Writing and maintaining code', summary: 'Code that powers the application, kept readable and maintainable.' },
  database: { title: 'Database management', summary: 'Designing databases, optimising queries, keeping data intact and secure.' },
  api: { title: 'API development', summary: 'APIs that frontends and third parties can rely on.' },
  performance: { title: 'Optimisation and performance tuning', summary: 'Finding bottlenecks, optimising queries, improving response times.' },
  testing: { title: 'Testing and debugging', summary: 'Tests that prove the backend works, and the means to debug it.' },
  security: { title: 'Security', summary: 'Protecting sensitive data, guarding against vulnerabilities, staying compliant.' },
  operations: { title: 'Cloud, deployment and monitoring', summary: 'Deploying, monitoring and scaling on cloud platforms.' },
  collaboration: { title: 'Collaboration and mentoring', summary: 'Working with the team, reviewing, mentoring, sharing knowledge.' },
};
