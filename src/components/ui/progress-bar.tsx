export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div className="flex items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        className="h-2 w-40 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
      >
        {/* scaled, not resized: a transform is animated by the compositor, where a width transition re-laid the
            page out on the main thread at every frame of a long walk (most of its frames, in a trace) */}
        <div className="h-full w-full origin-left bg-teal-600 transition-transform motion-reduce:transition-none" style={{ transform: `scaleX(${pct / 100})` }} />
      </div>
      <span>{label}</span>
    </div>
  );
}
