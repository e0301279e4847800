/** The filter box of a list page: a labelled search input at the end of the page's title row. */
export function SearchField({ label, value, placeholder, onChange, className = 'w-56' }: { label: string; value: string; placeholder: string; onChange: (value: string) => void; className?: string }) {
  return (
    <label className="ml-auto flex items-center gap-2 text-sm">
      <span>{label}</span>
      <input
        type="search"
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        className={`${className} rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800`}
      />
    </label>
  );
}
