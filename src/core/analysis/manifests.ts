/** Dependencies and scripts read from the manifests of the six ecosystems. Parsing only; nothing is executed. */

export type Ecosystem = 'npm' | 'pypi' | 'maven' | 'go' | 'rubygems' | 'composer';

export interface Dependency { name: string; line: number; dev: boolean }

export interface Manifest {
  file: string;
  ecosystem: Ecosystem;
  dependencies: Dependency[];
  /** npm scripts and composer scripts: name → command. */
  scripts: Record<string, string>;
}

/** Manifest file names (base names) the engine reads. */
export const MANIFEST_PATTERN = /(^|\/)(package\.json|requirements[^/]*\.txt|pyproject\.toml|Pipfile|setup\.cfg|pom\.xml|build\.gradle(\.kts)?|go\.mod|Gemfile|composer\.json)$/;

function lineOf(text: string, index: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function jsonDeps(file: string, text: string, ecosystem: Ecosystem, sections: [string, boolean][]): Manifest {
  const manifest: Manifest = { file, ecosystem, dependencies: [], scripts: {} };
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return manifest; // malformed manifests carry no evidence
  }
  if (!json || typeof json !== 'object') return manifest;
  for (const [section, dev] of sections) {
    const deps = json[section];
    if (!deps || typeof deps !== 'object') continue;
    for (const name of Object.keys(deps)) {
      const at = text.indexOf(JSON.stringify(name), text.indexOf(JSON.stringify(section)));
      manifest.dependencies.push({ name, line: at >= 0 ? lineOf(text, at) : 0, dev });
    }
  }
  const scripts = json.scripts;
  if (scripts && typeof scripts === 'object') {
    for (const [k, v] of Object.entries(scripts)) manifest.scripts[k] = Array.isArray(v) ? v.join(' && ') : String(v);
  }
  return manifest;
}

function lineDeps(file: string, text: string, ecosystem: Ecosystem, pattern: RegExp, dev = (_line: string) => false): Manifest {
  const manifest: Manifest = { file, ecosystem, dependencies: [], scripts: {} };
  text.split(/\r?\n/).forEach((line, i) => {
    const m = pattern.exec(line);
    if (m?.[1]) manifest.dependencies.push({ name: m[1], line: i, dev: dev(line) });
  });
  return manifest;
}

/** Parse one manifest; undefined when the file is not a manifest this engine understands. */
export function parseManifest(file: string, text: string): Manifest | undefined {
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (base === 'package.json') return jsonDeps(file, text, 'npm', [['dependencies', false], ['devDependencies', true], ['peerDependencies', false], ['optionalDependencies', false]]);
  if (base === 'composer.json') return jsonDeps(file, text, 'composer', [['require', false], ['require-dev', true]]);
  if (/^requirements.*\.txt$/.test(base)) return lineDeps(file, text, 'pypi', /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[=<>!~;]|$)/, () => /dev|test/.test(base));
  if (base === 'pyproject.toml' || base === 'Pipfile' || base === 'setup.cfg') {
    // [project] dependencies = ["x>=1"], [tool.poetry.*dependencies] x = "^1", Pipfile [packages] x = "*"
    const manifest: Manifest = { file, ecosystem: 'pypi', dependencies: [], scripts: {} };
    let section = '';
    text.split(/\r?\n/).forEach((line, i) => {
      const header = /^\s*\[([^\]]+)\]/.exec(line);
      if (header) { section = header[1]!; return; }
      const dev = /dev|test/.test(section);
      if (/dependencies|packages/.test(section) && !/^\s*python\s*=/.test(line)) {
        const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*=/.exec(line);
        if (m) { manifest.dependencies.push({ name: m[1]!, line: i, dev }); return; }
      }
      for (const q of line.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[=<>!~;][^"']*)?["']/g)) {
        if (/^\s*(dependencies|requires|[a-z-]*dependencies)\s*=|^\s*["']/.test(line) || /optional-dependencies/.test(section)) {
          manifest.dependencies.push({ name: q[1]!, line: i, dev: dev || /optional-dependencies/.test(section) });
        }
      }
    });
    return manifest;
  }
  if (base === 'pom.xml') {
    const manifest: Manifest = { file, ecosystem: 'maven', dependencies: [], scripts: {} };
    for (const m of text.matchAll(/<dependency>[\s\S]*?<artifactId>\s*([^<\s]+)\s*<\/artifactId>[\s\S]*?<\/dependency>/g)) {
      const scope = /<scope>\s*test\s*<\/scope>/.test(m[0]);
      manifest.dependencies.push({ name: m[1]!, line: lineOf(text, m.index! + m[0].indexOf(m[1]!)), dev: scope });
    }
    for (const m of text.matchAll(/<plugin>[\s\S]*?<artifactId>\s*([^<\s]+)\s*<\/artifactId>/g)) {
      manifest.dependencies.push({ name: m[1]!, line: lineOf(text, m.index! + m[0].indexOf(m[1]!)), dev: true });
    }
    return manifest;
  }
  if (base === 'build.gradle' || base === 'build.gradle.kts') {
    return lineDeps(file, text, 'maven', /^\s*(?:implementation|api|compileOnly|runtimeOnly|testImplementation|testRuntimeOnly|annotationProcessor|classpath)\s*\(?\s*["'][^:"']+:([^:"']+)/,
      line => /^\s*test/.test(line));
  }
  if (base === 'go.mod') {
    const manifest = lineDeps(file, text, 'go', /^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]{2,}\/[^\s]+)\s+v[0-9]/);
    return manifest;
  }
  if (base === 'Gemfile') {
    let group = '';
    const manifest: Manifest = { file, ecosystem: 'rubygems', dependencies: [], scripts: {} };
    text.split(/\r?\n/).forEach((line, i) => {
      if (/^\s*group\b/.test(line)) group = line;
      else if (/^\s*end\b/.test(line)) group = '';
      const m = /^\s*gem\s+["']([^"']+)["']/.exec(line);
      if (m) manifest.dependencies.push({ name: m[1]!, line: i, dev: /:(development|test)/.test(group) });
    });
    return manifest;
  }
  return undefined;
}
