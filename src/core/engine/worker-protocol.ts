import type { AnalyzeOptions } from './analyze-file';
import type { CachedFile } from './cache';

/** A file to analyse in a worker: read it, vet it, parse it, run the code rules. */
export interface AnalyzeTask {
  id: number;
  root: string;
  rel: string;
  options: AnalyzeOptions & { maxFileSize?: number };
  /** An editor buffer's current text; when absent the file is read from disk. */
  text?: string;
  /** The buffer will be edited again: keep its syntax tree in the worker for an incremental re-parse next time. */
  keepTree?: boolean;
}
export type AnalyzeReply =
  | { id: number; ok: true; size: number; mtimeMs: number; hash: string; outcome: CachedFile['outcome'] }
  | { id: number; ok: false; error: string };
