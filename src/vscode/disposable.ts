import type * as vscode from 'vscode';

/** Disposal done once: children registered with `register` are disposed with their owner, in reverse order. */
export class Disposable implements vscode.Disposable {
  private readonly children: vscode.Disposable[] = [];
  private disposed = false;

  protected register<T extends vscode.Disposable>(child: T): T {
    if (this.disposed) child.dispose();
    else this.children.push(child);
    return child;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const child of this.children.reverse()) {
      try { child.dispose(); } catch { /* keep disposing the rest */ }
    }
    this.children.length = 0;
  }
}
