/** Lower runs first. */
export const Priority = { page: 0, visible: 1, background: 2 } as const;
export type PriorityValue = (typeof Priority)[keyof typeof Priority];

interface Task {
  run: () => Promise<unknown>;
  priority: number;
  batch: number;
  seq: number;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort?: () => void;
}

/**
 * One queue for every registry request, with bounded concurrency. Browsers open about six HTTP/1.1
 * connections per origin; more concurrent requests only wait in the browser, where they cannot be
 * reprioritised or cancelled cheaply. Work for visible rows runs before background work. Within a priority
 * the newest batch goes first (the rows just scrolled into view), and a batch (everything added in one tick,
 * e.g. the rows of one render) in the order it was added, top row first. An aborted task leaves the queue at
 * once. Page work (the catalog's next page, the manifest a page shows) may take one connection more than the
 * others: that request waits only for the next free connection, never behind a screenful of rows.
 */
export class RequestQueue {
  private readonly pending: Task[] = [];
  private active = 0;
  private seq = 0;
  private batch = 0;
  private batchOpen = false;

  constructor(readonly concurrency = 6) {}

  get size(): number {
    return this.pending.length;
  }

  get running(): number {
    return this.active;
  }

  add<T>(run: () => Promise<T>, options: { priority?: number; signal?: AbortSignal } = {}): Promise<T> {
    const { priority = Priority.visible, signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    if (!this.batchOpen) {
      this.batch++;
      this.batchOpen = true;
      queueMicrotask(() => (this.batchOpen = false));
    }
    return new Promise<T>((resolve, reject) => {
      const task: Task = { run, priority, batch: this.batch, seq: this.seq++, resolve: resolve as (v: unknown) => void, reject, signal };
      if (signal) {
        task.onAbort = () => {
          const i = this.pending.indexOf(task);
          if (i >= 0) {
            this.pending.splice(i, 1);
            reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
          }
        };
        signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.pending.push(task);
      this.pump();
    });
  }

  private next(): Task | undefined {
    let best = -1;
    for (let i = 0; i < this.pending.length; i++) {
      const t = this.pending[i]!;
      const b = best >= 0 ? this.pending[best]! : undefined;
      if (!b || t.priority < b.priority || (t.priority === b.priority && (t.batch > b.batch || (t.batch === b.batch && t.seq < b.seq)))) best = i;
    }
    if (best < 0) return undefined;
    const limit = this.pending[best]!.priority <= Priority.page ? this.concurrency + 1 : this.concurrency;
    return this.active < limit ? this.pending.splice(best, 1)[0] : undefined;
  }

  private pump(): void {
    for (;;) {
      const task = this.next();
      if (!task) return;
      if (task.signal && task.onAbort) task.signal.removeEventListener('abort', task.onAbort);
      this.active++;
      task
        .run()
        .then(task.resolve, task.reject)
        .finally(() => {
          this.active--;
          this.pump();
        });
    }
  }
}
