/**
 * Runs `task` for each item in list order, at most `concurrency` at a time, and resolves when all have
 * finished. Once `stopped()` is true no further item is started (those running finish). A task that throws
 * rejects the whole run, as Promise.all does; the other workers stop taking items at their next step.
 */
export async function eachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && !stopped() && next < items.length) {
      const index = next++;
      try {
        await task(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

/**
 * A progress callback that passes on at most one update every `ms` milliseconds, and always the last one
 * (`done === total`), so a long walk does not re-render a page for every request.
 */
export function throttleProgress(update: (done: number, total: number) => void, ms = 150): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done === total || now - last > ms) {
      last = now;
      update(done, total);
    }
  };
}
