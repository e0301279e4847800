/** What went wrong, in terms the UI can explain and act on (STYLE.md habit 5). */
export type RegistryErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'unsupported'
  | 'rate-limited'
  | 'bad-request'
  | 'server'
  | 'network'
  | 'malformed'
  | 'digest-mismatch'
  | 'timeout'
  | 'too-large'
  | 'aborted';

/** One entry of the distribution-spec error body `{"errors":[{code,message,detail}]}`. */
export interface RegistryErrorDetail {
  code: string;
  message: string;
  detail?: unknown;
}

/** The one error type the client throws. Never carries the raw response text to the UI. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly kind: RegistryErrorKind;
  /** HTTP status, 0 when no response arrived. */
  readonly status: number;
  /** Error codes from the body (`MANIFEST_UNKNOWN`, `UNSUPPORTED`, …), empty when the body had none. */
  readonly codes: readonly string[];
  readonly errors: readonly RegistryErrorDetail[];
  /** Seconds from Retry-After on 429/503, when the registry sent one. */
  readonly retryAfter: number | undefined;
  /** The request that failed, e.g. `GET /v2/app/manifests/latest`. */
  readonly request: string;

  constructor(init: {
    kind: RegistryErrorKind;
    status?: number;
    errors?: readonly RegistryErrorDetail[];
    retryAfter?: number | undefined;
    request?: string;
    message?: string;
    cause?: unknown;
  }) {
    const errors = init.errors ?? [];
    super(init.message ?? errors[0]?.message ?? init.kind, { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status ?? 0;
    this.errors = errors;
    this.codes = errors.map((e) => e.code);
    this.retryAfter = init.retryAfter;
    this.request = init.request ?? '';
  }

  /** True when the registry said the name, manifest, blob or tag does not exist. */
  get isNotFound(): boolean {
    return this.kind === 'not-found';
  }
}

export function isRegistryError(e: unknown): e is RegistryError {
  return e instanceof RegistryError;
}

/** Maps an HTTP status (and the spec codes) to a kind, in one place. */
export function kindFromStatus(status: number, codes: readonly string[]): RegistryErrorKind {
  if (codes.includes('UNSUPPORTED')) return 'unsupported';
  if (codes.includes('TOOMANYREQUESTS')) return 'rate-limited';
  if (status === 401 || codes.includes('UNAUTHORIZED')) return 'unauthorized';
  if (status === 403 || codes.includes('DENIED')) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 405) return 'unsupported';
  if (status === 429) return 'rate-limited';
  if (status === 400 || status === 413 || status === 416) return 'bad-request';
  if (status >= 500) return 'server';
  return 'malformed';
}

/** Parses an error body: the spec's JSON shape, or anything else (plain text, HTML from a proxy). */
export function parseErrorBody(text: string): RegistryErrorDetail[] {
  if (!text) return [];
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)) {
      return ((body as { errors: unknown[] }).errors)
        .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
        .map((e) => ({
          code: typeof e.code === 'string' ? e.code : 'UNKNOWN',
          message: typeof e.message === 'string' ? e.message : '',
          ...(e.detail === undefined ? {} : { detail: e.detail }),
        }));
    }
  } catch {
    // not JSON: distribution answers some 404s (e.g. /referrers on 2.8) in plain text
  }
  return [];
}

/** Retry-After as seconds; accepts delta-seconds and HTTP dates. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  // 400 digits are still digits: Number() makes them Infinity, which no timer or message can use
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed), Number.MAX_SAFE_INTEGER);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
