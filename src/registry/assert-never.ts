/**
 * The end of a switch over a discriminated union (a manifest's media type, an error's kind): `value` is `never`
 * once every case is handled, so a new member of the union fails to compile until each switch handles it (as
 * the image-spec's Go types are switched on). Throws if reached anyway, at run time, with data that lied
 * about its type.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
