import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashBytes } from './cache';
import { analyzeText } from './analyze-text';
import { DocumentTrees } from './document-trees';
import type { AnalyzeReply, AnalyzeTask } from './worker-protocol';

/** Trees of the editor buffers this thread analysed last (see worker-pool's affinity: a buffer returns here). */
const EDITED_DOCUMENTS = new DocumentTrees();

/** Read (or take the editor's text) and analyse one file; the same code runs in a worker thread or, for small jobs, in the calling thread. */
export async function analyzePath(task: AnalyzeTask): Promise<AnalyzeReply> {
  try {
    if (task.text !== undefined) {
      const trees = task.keepTree ? { cache: EDITED_DOCUMENTS, key: path.join(task.root, task.rel) } : undefined;
      const outcome = await analyzeText(task.rel, task.text, { ...task.options, trees });
      return { id: task.id, ok: true, size: task.text.length, mtimeMs: 0, hash: hashBytes(task.text), outcome };
    }
    const abs = path.join(task.root, task.rel);
    // Synchronous on purpose: a worker analyses one file at a time, and awaiting the thread pool for every small
    // read left the CPU idle about a sixth of the time.
    const stat = fs.statSync(abs);
    const bytes = fs.readFileSync(abs);
    const outcome = await analyzeText(task.rel, bytes, task.options);
    return { id: task.id, ok: true, size: stat.size, mtimeMs: stat.mtimeMs, hash: hashBytes(bytes), outcome };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { id: task.id, ok: false, error: e.code ? `could not be read (${e.code})` : `analysis failed: ${e.message}` };
  }
}
