/**
 * Returns the target of the `rel="next"` link in an RFC 8288 Link header, or undefined.
 * Distribution sends `</v2/_catalog?last=x&n=100>; rel="next"`; other registries may send several links,
 * absolute URLs, unquoted rel values or several rel tokens.
 */
export function parseNextLink(header: string | null | undefined): string | undefined {
  if (!header || header.length > 16384) return undefined;
  let i = 0;
  const s = header;
  while (i < s.length) {
    const open = s.indexOf('<', i);
    if (open < 0) return undefined;
    const close = s.indexOf('>', open + 1);
    if (close < 0) return undefined;
    const target = s.slice(open + 1, close).trim();
    // parameters run until the next ',' that is outside quotes
    let j = close + 1;
    let inQuotes = false;
    let params = '';
    for (; j < s.length; j++) {
      const ch = s[j]!;
      if (ch === '"') inQuotes = !inQuotes;
      else if (ch === '\\' && inQuotes) {
        params += ch + (s[j + 1] ?? '');
        j++;
        continue;
      } else if (ch === ',' && !inQuotes) break;
      params += ch;
    }
    for (const part of params.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const name = part.slice(0, eq).trim().toLowerCase();
      const value = part.slice(eq + 1).trim().replace(/^"(.*)"$/s, '$1');
      if (name === 'rel' && value.toLowerCase().split(/\s+/).includes('next') && target) return target;
    }
    i = j + 1;
  }
  return undefined;
}
