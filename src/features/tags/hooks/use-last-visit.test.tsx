import { renderHook, waitFor } from '@testing-library/react';
import { loadTagIndex } from '@/queries/persist';
import { preloadLastVisit, useLastVisit } from './use-last-visit';

vi.mock('@/queries/persist', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/queries/persist')>()),
  loadTagIndex: vi.fn(async () => new Map([['v1', { digest: 'sha256:' + 'a'.repeat(64), summary: {} }]])),
}));

describe('useLastVisit', () => {
  beforeEach(() => vi.mocked(loadTagIndex).mockClear());

  it('takes the read the boot started instead of opening IndexedDB again; a later page reads afresh', async () => {
    preloadLastVisit('demo/x');
    preloadLastVisit('demo/x');
    expect(loadTagIndex).toHaveBeenCalledTimes(1);
    const first = renderHook(() => useLastVisit('demo/x'));
    await waitFor(() => expect(first.result.current?.tags).toEqual(['v1']));
    expect(loadTagIndex).toHaveBeenCalledTimes(1);
    first.unmount();
    const later = renderHook(() => useLastVisit('demo/x'));
    await waitFor(() => expect(later.result.current?.tags).toEqual(['v1']));
    expect(loadTagIndex).toHaveBeenCalledTimes(2);
  });

  it('reads on its own when the boot did not (another repository, or no boot read)', async () => {
    preloadLastVisit('demo/a');
    const { result } = renderHook(() => useLastVisit('demo/b'));
    await waitFor(() => expect(result.current).not.toBeUndefined());
    expect(vi.mocked(loadTagIndex).mock.calls.map((c) => c[0])).toEqual(['demo/a', 'demo/b']);
  });
});
