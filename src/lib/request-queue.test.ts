// @vitest-environment node
import { Priority, RequestQueue } from './request-queue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('RequestQueue', () => {
  it('never runs more than its concurrency', async () => {
    const q = new RequestQueue(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        q.add(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 2));
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it('runs visible work before background work, newest first', async () => {
    const q = new RequestQueue(1);
    const gate = deferred();
    const order: string[] = [];
    const first = q.add(() => gate.promise);
    const tasks = [
      q.add(async () => void order.push('bg1'), { priority: Priority.background }),
      q.add(async () => void order.push('vis1'), { priority: Priority.visible }),
      q.add(async () => void order.push('vis2'), { priority: Priority.visible }),
      q.add(async () => void order.push('page'), { priority: Priority.page }),
    ];
    gate.resolve();
    await Promise.all([first, ...tasks]);
    expect(order).toEqual(['page', 'vis2', 'vis1', 'bg1']);
  });

  it('drops a queued task whose signal aborts, without running it', async () => {
    const q = new RequestQueue(1);
    const gate = deferred();
    const blocker = q.add(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const p = q.add(async () => void (ran = true), { signal: controller.signal });
    controller.abort();
    await expect(p).rejects.toBeDefined();
    expect(q.size).toBe(0);
    gate.resolve();
    await blocker;
    expect(ran).toBe(false);
  });
});
