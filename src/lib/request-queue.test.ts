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

  it('runs visible work before background work, the newest batch first', async () => {
    const q = new RequestQueue(1);
    const gate = deferred();
    const order: string[] = [];
    const first = q.add(() => gate.promise);
    const tasks = [
      q.add(async () => void order.push('bg1'), { priority: Priority.background }),
      q.add(async () => void order.push('vis1'), { priority: Priority.visible }),
    ];
    await Promise.resolve(); // a later tick: rows that scrolled into view since
    tasks.push(
      q.add(async () => void order.push('vis2'), { priority: Priority.visible }),
      q.add(async () => void order.push('page'), { priority: Priority.page }),
    );
    gate.resolve();
    await Promise.all([first, ...tasks]);
    expect(order).toEqual(['page', 'vis2', 'vis1', 'bg1']);
  });

  it('serves the rows of one render top first, and a newer render before them', async () => {
    const q = new RequestQueue(1);
    const gate = deferred();
    const order: string[] = [];
    const blocker = q.add(() => gate.promise, { priority: Priority.page });
    const screen1 = ['row1', 'row2', 'row3'].map((r) => q.add(async () => void order.push(r)));
    await Promise.resolve();
    const screen2 = ['row40', 'row41'].map((r) => q.add(async () => void order.push(r)));
    gate.resolve();
    await Promise.all([blocker, ...screen1, ...screen2]);
    expect(order).toEqual(['row40', 'row41', 'row1', 'row2', 'row3']);
  });

  it('lets page work take one connection more, so it never waits behind a screenful of rows', async () => {
    const q = new RequestQueue(2);
    const gate = deferred();
    const rows = Array.from({ length: 4 }, () => q.add(() => gate.promise));
    expect(q.running).toBe(2);
    let pageRan = false;
    const page = q.add(async () => void (pageRan = true), { priority: Priority.page });
    await page;
    await new Promise((r) => setTimeout(r, 0));
    expect(pageRan).toBe(true);
    expect(q.running).toBe(2);
    // but no more than one: a second page task waits like the rows
    const gate2 = deferred();
    const page2 = q.add(() => gate2.promise, { priority: Priority.page });
    const page3 = q.add(async () => undefined, { priority: Priority.page });
    expect(q.running).toBe(3);
    expect(q.size).toBe(3);
    gate.resolve();
    gate2.resolve();
    await Promise.all([...rows, page2, page3]);
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
