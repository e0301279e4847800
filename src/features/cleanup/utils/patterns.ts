/** How tag patterns are written: shell-style globs (`v1.*`, `build-???`) or a regular expression. */
export type PatternSyntax = 'glob' | 'regex';

export type TagMatcher = (tag: string) => boolean;

export type CompiledPattern =
  | { ok: true; matcher: TagMatcher | undefined }
  | { ok: false; error: string };

function globToRegex(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

/**
 * Compiles the text of an include or exclude field. Globs: one or more patterns separated by commas or spaces
 * (tags cannot contain either), `*` for any run of characters, `?` for one. Regex: one JavaScript expression.
 * Both must match the WHOLE tag, as retention policies elsewhere do (GitLab anchors with \A…\Z): `v1` does
 * not match `v1.2`. Empty text means "no pattern".
 */
export function compilePattern(source: string, syntax: PatternSyntax): CompiledPattern {
  const text = source.trim();
  if (!text) return { ok: true, matcher: undefined };
  let body: string;
  if (syntax === 'glob') {
    body = text
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(globToRegex)
      .join('|');
  } else {
    body = text;
  }
  try {
    const re = new RegExp(`^(?:${body})$`);
    return { ok: true, matcher: (tag) => re.test(tag) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Splits an always-keep list: names separated by commas or spaces, duplicates dropped. */
export function parseTagList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}
