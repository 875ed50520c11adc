#!/usr/bin/env node
import { main } from './main';

main(process.argv.slice(2), process.stdout, process.stderr).then(
  code => { process.exitCode = code; },
  error => { process.stderr.write(`backend-practices: ${(error as Error).stack ?? error}\n`); process.exitCode = 2; },
);
