export function Spinner({ label }: { label: string }) {
  return (
    <div role="status" className="flex items-center gap-2 p-4 text-sm text-slate-600 dark:text-slate-300">
      <span aria-hidden="true" className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-teal-600" />
      <span>{label}</span>
    </div>
  );
}
