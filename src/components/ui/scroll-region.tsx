import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A box that scrolls on its own: sideways when its table is wider than the screen (a phone), so the page
 * itself never does, or down when `className` caps its height. While its content overflows it is a named,
 * focusable region, so a keyboard can scroll it too (WCAG 2.1.1; the pattern of Adrian Roselli's
 * "Under-Engineered Responsive Tables"); when everything fits it is no Tab stop.
 */
export function ScrollRegion({ label, className = '', children }: { label: string; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
    check();
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(check);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className={`overflow-auto ${className}`} {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}>
      {children}
    </div>
  );
}
