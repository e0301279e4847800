import { eachConcurrently, throttleProgress } from './concurrency';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('eachConcurrently', () => {
  it('runs every item once, in list order, never more than the limit at a time', async () => {
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    await eachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      started.push(n);
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
    });
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it('starts nothing more once stopped, and finishes what runs', async () => {
    const done: number[] = [];
    let stop = false;
    await eachConcurrently([1, 2, 3, 4, 5, 6], 2, async (n) => {
      await tick();
      done.push(n);
      if (n === 1) stop = true;
    }, () => stop);
    expect(done).toEqual([1, 2]);
  });

  it('rejects with the first failure and starts no further item', async () => {
    const started: number[] = [];
    const run = eachConcurrently([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 1) throw new Error('boom');
    });
    await expect(run).rejects.toThrow('boom');
    await tick();
    expect(started).toEqual([1, 2]);
  });

  it('resolves at once for an empty list', async () => {
    const task = vi.fn(async () => undefined);
    await eachConcurrently([], 6, task);
    expect(task).not.toHaveBeenCalled();
  });
});

describe('throttleProgress', () => {
  it('passes the first step, drops steps within the interval, and always passes the last', () => {
    vi.useFakeTimers({ now: 1_000 });
    try {
      const seen: number[] = [];
      const progress = throttleProgress((done) => seen.push(done), 150);
      progress(1, 10);
      progress(2, 10);
      vi.advanceTimersByTime(200);
      progress(3, 10);
      progress(10, 10);
      expect(seen).toEqual([1, 3, 10]);
    } finally {
      vi.useRealTimers();
    }
  });
});
