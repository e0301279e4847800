import { useSearchParams } from 'react-router';

/**
 * The page's query string, and a way to change some of its keys in place (an empty value removes the key).
 * Filters, sorting and choices live in the URL so every view has a deep link; changing them replaces the
 * history entry rather than adding one per keystroke.
 */
export function useQueryParams(): [URLSearchParams, (changes: Record<string, string | undefined>) => void] {
  const [params, setParams] = useSearchParams();
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return [params, update];
}
