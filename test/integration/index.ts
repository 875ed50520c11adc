import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Loaded by the extension host (--extensionTestsPath): runs every *.test.js next to this file, or with
 * BP_EDITOR_BENCH=1 (`npm run bench:editor`) the *.bench.js benchmarks instead.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 600_000 });
  const suffix = process.env.BP_EDITOR_BENCH === '1' ? '.bench.js' : '.test.js';
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith(suffix)) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run(failures => {
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
      else resolve();
    });
  });
}
