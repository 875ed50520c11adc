import { parentPort } from 'node:worker_threads';
import { analyzePath } from './analyze-path';
import type { AnalyzeTask } from './worker-protocol';

// Worker thread entry: analyses files as the pool hands them out, one at a time.
parentPort?.on('message', (task: AnalyzeTask) => {
  void analyzePath(task).then(reply => parentPort!.postMessage(reply));
});
