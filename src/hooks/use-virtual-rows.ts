import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface VirtualRows {
  /** Rows rendered: the ones in view plus the overscan. */
  start: number;
  end: number;
  /** Rows actually in view (without the overscan): what loads first. */
  inViewStart: number;
  inViewEnd: number;
  padTop: number;
  padBottom: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  onScroll: () => void;
}

/**
 * Fixed-height row windowing for long tables (10,000 repositories, 5,000 tags): only the rows in view plus
 * an overscan are in the DOM. Without a measured viewport (first paint, jsdom) it renders `fallback` rows.
 */
export function useVirtualRows(count: number, rowHeight: number, overscan = 10, fallback = 60): VirtualRows {
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 0 });
  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (el) setViewport({ top: el.scrollTop, height: el.clientHeight });
  }, []);
  useLayoutEffect(() => {
    onScroll();
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => ro.disconnect();
  }, [onScroll]);
  const visibleCount = viewport.height > 0 ? Math.ceil(viewport.height / rowHeight) : fallback;
  const first = Math.floor(viewport.top / rowHeight);
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.min(count, first + visibleCount + overscan);
  return {
    start,
    end,
    inViewStart: Math.max(0, Math.min(count, first)),
    inViewEnd: Math.min(count, first + visibleCount),
    padTop: start * rowHeight,
    padBottom: (count - end) * rowHeight,
    scrollRef,
    onScroll,
  };
}
