/** Lower runs first. */
export const Priority = { page: 0, visible: 1, background: 2 } as const;
export type PriorityValue = (typeof Priority)[keyof typeof Priority];

interface Task {
  run: () => Promise<unknown>;
  priority: number;
  seq: number;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort?: () => void;
}

/**
 * One queue for every registry request, with bounded concurrency. Browsers open about six HTTP/1.1
 * connections per origin; more concurrent requests only wait in the browser, where they cannot be
 * reprioritised or cancelled cheaply. Work for visible rows runs before background work, newest first
 * within a priority (the rows just scrolled into view), and an aborted task leaves the queue at once.
 */
export class RequestQueue {
  private readonly pending: Task[] = [];
  private active = 0;
  private seq = 0;

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
    return new Promise<T>((resolve, reject) => {
      const task: Task = { run, priority, seq: this.seq++, resolve: resolve as (v: unknown) => void, reject, signal };
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
      if (!b || t.priority < b.priority || (t.priority === b.priority && t.seq > b.seq)) best = i;
    }
    return best >= 0 ? this.pending.splice(best, 1)[0] : undefined;
  }

  private pump(): void {
    while (this.active < this.concurrency) {
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
