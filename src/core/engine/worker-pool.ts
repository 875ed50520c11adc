import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalyzeReply, AnalyzeTask } from './worker-protocol';

/**
 * Where the worker script is: `worker.js` next to the bundle (dist/), or the TypeScript source when running
 * from source under tsx (unit tests), in which case the worker needs the same loader.
 */
function workerEntry(): { file: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'worker.js');
  if (fs.existsSync(bundled)) return { file: bundled, execArgv: [] };
  return { file: path.join(__dirname, 'worker.ts'), execArgv: ['--require', 'tsx/cjs'] };
}

interface Slot { worker: Worker; busy: boolean }

/** A fixed pool of worker threads sized to the cores; tasks queue when all are busy. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { task: AnalyzeTask; resolve: (r: AnalyzeReply) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (r: AnalyzeReply) => void; slot: Slot }>();
  /** Editor buffers (`keepTree`) go back to the worker that holds their syntax tree when it is free. */
  private readonly treeOwners = new Map<string, Slot>();
  private nextId = 1;
  private disposed = false;

  constructor(readonly size = Math.max(1, os.availableParallelism?.() ?? os.cpus().length)) {}

  private spawn(): Slot {
    const entry = workerEntry();
    const worker = new Worker(entry.file, { execArgv: entry.execArgv });
    worker.unref(); // an idle pool must not keep the CLI process alive
    const slot: Slot = { worker, busy: false };
    worker.on('message', (reply: AnalyzeReply) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      slot.busy = false;
      p?.resolve(reply);
      this.drain();
    });
    worker.on('error', error => this.fail(slot, error));
    worker.on('exit', code => { if (!this.disposed && code !== 0) this.fail(slot, new Error(`worker exited with ${code}`)); });
    return slot;
  }

  /** A crashed worker fails its task (the scan reports the file as skipped) and is replaced. */
  private fail(slot: Slot, error: Error): void {
    for (const [id, p] of this.pending) {
      if (p.slot === slot) { this.pending.delete(id); p.resolve({ id, ok: false, error: `analysis failed: ${error.message}` }); }
    }
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    for (const [key, owner] of this.treeOwners) if (owner === slot) this.treeOwners.delete(key);
    void slot.worker.terminate();
    this.drain();
  }

  run(task: Omit<AnalyzeTask, 'id'>): Promise<AnalyzeReply> {
    if (this.disposed) return Promise.resolve({ id: 0, ok: false, error: 'the analysis pool was shut down' });
    return new Promise(resolve => {
      this.queue.push({ task: { ...task, id: this.nextId++ }, resolve });
      this.drain();
    });
  }

  private drain(): void {
    while (this.queue.length) {
      const next = this.queue[0]!.task;
      const treeKey = next.keepTree ? `${next.root}\0${next.rel}` : undefined;
      const owner = treeKey === undefined ? undefined : this.treeOwners.get(treeKey);
      let slot = owner && !owner.busy ? owner : this.slots.find(s => !s.busy);
      if (!slot && this.slots.length < this.size) this.slots.push((slot = this.spawn()));
      if (!slot) return;
      const { task, resolve } = this.queue.shift()!;
      slot.busy = true;
      if (treeKey !== undefined) this.treeOwners.set(treeKey, slot);
      this.pending.set(task.id, { resolve, slot });
      slot.worker.ref();
      slot.worker.postMessage(task);
    }
    for (const s of this.slots) if (!s.busy) s.worker.unref();
  }

  /** Drop queued tasks (cancellation); in-flight ones finish. */
  clearQueue(): void {
    for (const { task, resolve } of this.queue.splice(0)) resolve({ id: task.id, ok: false, error: 'cancelled' });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.clearQueue();
    await Promise.all(this.slots.map(s => s.worker.terminate()));
    this.slots.length = 0;
  }
}
