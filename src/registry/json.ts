/*
 * Reading JSON of unknown shape, as registries send it: the helpers the parsers (manifests.ts, config.ts)
 * share.
 */

/** True for a JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Sets `out[key]` as data: defineProperty, not `out[key] =`, so a key named "__proto__" (JSON.parse makes it
 * an own property) stays a key and never becomes the object's prototype.
 */
export function putKey(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The string-valued entries of an object (annotations, labels); undefined when `v` is not an object. */
export function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') putKey(out, k, val);
  return out;
}
