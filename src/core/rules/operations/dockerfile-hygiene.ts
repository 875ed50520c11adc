import type { ProjectRule } from '../../model';
import type { ProjectRuleContext } from '../../engine/project-context';
import { type Stage, imageTag, isRootUser, parseDockerfile, substitute } from '../../analysis/dockerfile';
import { dockerfiles, isToolingPath } from '../../analysis/http-service';

/** `Dockerfile.dev`, `dev.Dockerfile`, `Dockerfile-ci`, `docker/local/Dockerfile`: images for development and CI, not production. */
/** Official images whose entrypoint drops root for their own user (gosu / su-exec) when started as root. */
const DROPS_PRIVILEGES = /^(docker\.io\/)?(library\/)?(postgres|postgis\/postgis|mysql|mariadb|redis|mongo|rabbitmq|elasticsearch|cassandra|couchdb|memcached|neo4j|influxdb|zookeeper|solr)(:|@|$)/i;
const DEV_VARIANT = /^(dev|devel|develop|development|test|tests|testing|ci|local|debug|e2e)$/i;

export const dockerfileHygiene: ProjectRule = {
  id: 'operations/dockerfile-hygiene',
  kind: 'project',
  meta: {
    title: 'Dockerfile runs as root, uses a floating base image or lacks a health check',
    area: 'operations',
    defaultSeverity: 'warning',
    languages: [],
    description: 'Production images should run as an unprivileged USER, build FROM a pinned base image tag (not `latest` or untagged), and — when Docker Compose runs them — declare a HEALTHCHECK.',
    cwe: ['CWE-250', 'CWE-1357'],
    references: ['CIS Docker Benchmark 4.1 (non-root user), 4.6 (HEALTHCHECK)', 'Docker docs: Dockerfile best practices', 'hadolint DL3006, DL3007, DL3002', 'OWASP Docker Security Cheat Sheet rule #2'],
    messages: {
      latest: "Base image '{{image}}' uses the moving `latest` tag: pin a version (ideally with a digest) so builds are reproducible and upgrades deliberate.",
      untagged: "Base image '{{image}}' has no tag, which means `latest`: pin a version (ideally with a digest) so builds are reproducible and upgrades deliberate.",
      root: 'The final stage never switches USER, so the container runs as root: create an unprivileged user and add `USER` before CMD/ENTRYPOINT.',
      rootUser: 'The final stage runs as `{{user}}` (root): switch to an unprivileged user with `USER` before CMD/ENTRYPOINT.',
      healthcheck: 'Docker Compose builds and runs this image, but neither the image nor the compose file declares a health check: add `HEALTHCHECK CMD ...` (or `healthcheck:` in compose) so a hung container is detected and `depends_on: condition: service_healthy` works.',
    },
  },
  checkProject(ctx) {
    const files = dockerfiles(ctx).filter(f => !isToolingPath(f) && !isDevVariant(f));
    if (!files.length) return;
    const wantHealthcheck = composeWithoutHealthcheck(ctx);
    for (const file of files) {
      const text = ctx.readText(file);
      if (text !== undefined) checkDockerfile(ctx, file, text, wantHealthcheck);
    }
  },
};

function isDevVariant(file: string): boolean {
  const parts = file.split('/');
  const base = parts.pop()!.replace(/dockerfile|containerfile/i, '');
  return base.split(/[.\-_]/).some(part => DEV_VARIANT.test(part)) || parts.some(dir => DEV_VARIANT.test(dir));
}

/** A compose file builds images from this repository and none of the compose files defines a `healthcheck:`. */
function composeWithoutHealthcheck(ctx: ProjectRuleContext): boolean {
  const compose = ctx.find('**/{docker-compose,compose}*.{yml,yaml}', { nocase: true }).filter(f => !ctx.isTestFile(f));
  const texts = compose.map(f => ctx.readText(f) ?? '');
  return texts.some(t => /^\s*build\s*:/m.test(t)) && !texts.some(t => /^\s*healthcheck\s*:/m.test(t));
}

function checkDockerfile(ctx: ProjectRuleContext, file: string, text: string, wantHealthcheck: boolean): void {
  const { stages, globalArgs } = parseDockerfile(text);
  if (!stages.length) return;
  /** The earlier stage a FROM builds on, if its image is a stage name. */
  const parentOf = (index: number): number | undefined => {
    const stage = stages[index]!;
    const image = (substitute(stage.image, globalArgs) ?? stage.image).toLowerCase();
    for (let j = index - 1; j >= 0; j--) if (stages[j]!.name === image) return j;
    return undefined;
  };

  // 1. Base images: pinned tag, not `latest`; stage names and scratch are not images.
  stages.forEach((stage, index) => {
    if (parentOf(index) !== undefined || stage.image.toLowerCase() === 'scratch') return;
    const image = substitute(stage.image, globalArgs);
    if (!image || image.includes('$')) return; // an ARG without a default: the tag is chosen at build time
    const tag = imageTag(image);
    if (tag === '') ctx.report({ file, line: stage.from.line, messageId: 'untagged', data: { image } });
    else if (tag === 'latest') ctx.report({ file, line: stage.from.line, messageId: 'latest', data: { image } });
  });

  // 2. The user the final stage runs as (a USER in an earlier stage it builds on carries over).
  const finalIndex = stages.length - 1;
  const final = stages[finalIndex]!;
  const chain: Stage[] = [];
  for (let i: number | undefined = finalIndex; i !== undefined && chain.length <= stages.length; i = parentOf(i)) chain.push(stages[i]!);
  let user: { value: string; line: number } | undefined;
  for (const stage of chain) {
    const last = [...stage.instructions].reverse().find(ins => ins.keyword === 'USER');
    if (last) { user = { value: last.args, line: last.line }; break; }
  }
  const baseImage = chain[chain.length - 1]!.image;
  if (!user) {
    // Distroless `:nonroot` images set a non-root user in the image itself; database images drop root at start.
    const base = substitute(baseImage, globalArgs) ?? baseImage;
    if (!/nonroot/i.test(base) && !DROPS_PRIVILEGES.test(base)) ctx.report({ file, line: final.from.line, messageId: 'root' });
  } else if (isRootUser(substitute(user.value, globalArgs) ?? user.value)) {
    const inFinal = final.instructions.some(ins => ins.line === user!.line);
    ctx.report({ file, line: inFinal ? user.line : final.from.line, messageId: 'rootUser', data: { user: user.value } });
  }

  // 3. HEALTHCHECK, only where Docker Compose runs the image (orchestrators such as Kubernetes use probes instead).
  if (wantHealthcheck && !chain.some(stage => stage.instructions.some(ins => ins.keyword === 'HEALTHCHECK'))) {
    ctx.report({ file, line: final.from.line, messageId: 'healthcheck' });
  }
}
