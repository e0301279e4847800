import { MediaType } from './media-types';

function base64UrlDecode(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return undefined;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  try {
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * The bytes a signed schema1 manifest's digest covers. The registry sends the JWS "pretty" form, with a
 * `signatures` member spliced in, but `Docker-Content-Digest` is the sha256 of the payload without it: the
 * first `formatLength` bytes followed by the base64url `formatTail`, both read from the protected header of
 * the first signature (docker/libtrust jsonsign.go, distribution manifest/schema1). Undefined when the body is
 * not shaped like that.
 */
export function schema1Payload(bytes: Uint8Array): Uint8Array | undefined {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  const signatures = (body as { signatures?: unknown } | null)?.signatures;
  if (!Array.isArray(signatures) || signatures.length === 0) return undefined;
  const protectedHeader = (signatures[0] as { protected?: unknown } | null)?.protected;
  if (typeof protectedHeader !== 'string') return undefined;
  const decoded = base64UrlDecode(protectedHeader);
  if (!decoded) return undefined;
  let header: { formatLength?: unknown; formatTail?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(decoded)) as typeof header;
  } catch {
    return undefined;
  }
  const { formatLength, formatTail } = header ?? {};
  if (typeof formatLength !== 'number' || !Number.isSafeInteger(formatLength) || formatLength < 0 || formatLength > bytes.length) return undefined;
  if (typeof formatTail !== 'string') return undefined;
  const tail = base64UrlDecode(formatTail);
  if (!tail) return undefined;
  const out = new Uint8Array(formatLength + tail.length);
  out.set(bytes.subarray(0, formatLength));
  out.set(tail, formatLength);
  return out;
}

/** True for the Content-Type distribution sends with a signed schema1 manifest. */
export function isSignedSchema1(contentType: string): boolean {
  return contentType === MediaType.DockerSchema1Signed;
}
