/**
 * WWW-Authenticate challenges (RFC 7235 §4.1, RFC 9110 §11.6.1):
 *
 *   WWW-Authenticate = 1#challenge
 *   challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   auth-param       = token BWS "=" BWS ( token / quoted-string )
 *
 * Registries send `Basic realm="…"` (htpasswd) or `Bearer realm="…",service="…",scope="…"` (token auth,
 * parameters in any order, scopes holding commas inside quotes). Several challenges can share one header.
 */

/** One challenge: the scheme in lower case, its parameters (names in lower case) or its token68. */
export interface AuthChallenge {
  scheme: string;
  /** A prototype-less map: a parameter named `__proto__` is just a parameter. First occurrence wins. */
  params: Readonly<Record<string, string>>;
  token68?: string;
}

/** Longer headers are refused: no registry sends one, and the parser must stay cheap on hostile input. */
export const MAX_WWW_AUTHENTICATE_LENGTH = 16_384;

// RFC 9110 §5.6.2 tchar, and RFC 7235 §2.1 token68 characters (before the trailing '=' padding).
const TCHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;
const TOKEN68 = /[A-Za-z0-9._~+/-]/;

/**
 * Parses a WWW-Authenticate header value into its challenges. Never throws: a malformed part is skipped up to
 * the next comma, and what parsed before it is kept. Returns `[]` for an empty, missing or oversized header.
 */
export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge[] {
  if (!header || header.length > MAX_WWW_AUTHENTICATE_LENGTH) return [];
  const s = header;
  let i = 0;
  const out: AuthChallenge[] = [];

  const skipSpace = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  const skipSeparators = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === ',')) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < s.length && TCHAR.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  const quoted = (): string => {
    // s[i] is the opening quote; an unterminated string runs to the end of the header
    let value = '';
    for (i++; i < s.length; i++) {
      const ch = s[i]!;
      if (ch === '"') {
        i++;
        return value;
      }
      if (ch === '\\' && i + 1 < s.length) i++;
      value += s[i];
    }
    return value;
  };
  const skipToComma = () => {
    let inQuotes = false;
    for (; i < s.length; i++) {
      const ch = s[i]!;
      if (inQuotes && ch === '\\') i++;
      else if (ch === '"') inQuotes = !inQuotes;
      else if (ch === ',' && !inQuotes) return;
    }
  };
  /** token68 followed by the end of the challenge (end of header or a comma), else undefined and i unchanged. */
  const token68 = (): string | undefined => {
    const start = i;
    while (i < s.length && TOKEN68.test(s[i]!)) i++;
    if (i === start) return undefined;
    while (i < s.length && s[i] === '=') i++;
    const value = s.slice(start, i);
    skipSpace();
    if (i >= s.length || s[i] === ',') return value;
    i = start;
    return undefined;
  };

  while (i < s.length) {
    skipSeparators();
    if (i >= s.length) break;
    const scheme = token();
    if (!scheme) {
      skipToComma();
      continue;
    }
    const params: Record<string, string> = Object.create(null) as Record<string, string>;
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params };
    out.push(challenge);
    if (i < s.length && s[i] !== ' ' && s[i] !== '\t' && s[i] !== ',') {
      // the scheme runs straight into something that is not a separator: not a challenge we can read
      out.pop();
      skipToComma();
      continue;
    }
    skipSpace();
    const t68 = token68();
    if (t68 !== undefined) {
      challenge.token68 = t68;
      continue;
    }
    // auth-params, until one that is not `name=` (that starts the next challenge) or the end
    for (;;) {
      skipSeparators();
      if (i >= s.length) break;
      const start = i;
      const name = token();
      if (!name) {
        skipToComma();
        continue;
      }
      skipSpace();
      if (s[i] !== '=') {
        i = start; // the next challenge's scheme
        break;
      }
      i++;
      skipSpace();
      const value = s[i] === '"' ? quoted() : token();
      const key = name.toLowerCase();
      if (!(key in params)) params[key] = value;
      skipSpace();
      if (i < s.length && s[i] !== ',') skipToComma();
    }
  }
  return out;
}

/** The first challenge of a scheme (`basic`, `bearer`; any case), if the header offers it. */
export function findChallenge(challenges: readonly AuthChallenge[], scheme: string): AuthChallenge | undefined {
  const wanted = scheme.toLowerCase();
  return challenges.find((c) => c.scheme === wanted);
}
