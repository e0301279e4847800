import { parseDigest } from './digest';
import { RegistryError } from './errors';
import { isObject, stringMap } from './json';
import { assertNever } from './assert-never';
import { MediaType, baseMediaType, isManifestMediaType } from './media-types';
import type { Descriptor, ImageManifest, IndexManifest, Manifest, Platform, SingleManifest } from './types';

function malformed(message: string): RegistryError {
  return new RegistryError({ kind: 'malformed', message });
}

function parsePlatform(v: unknown): Platform | undefined {
  if (!isObject(v)) return undefined;
  if (typeof v.architecture !== 'string' || typeof v.os !== 'string') return undefined;
  const p: Platform = { architecture: v.architecture, os: v.os };
  if (typeof v.variant === 'string') p.variant = v.variant;
  if (typeof v['os.version'] === 'string') p['os.version'] = v['os.version'];
  if (Array.isArray(v['os.features'])) p['os.features'] = v['os.features'].filter((x): x is string => typeof x === 'string');
  return p;
}

/** Validates one descriptor: media type, digest grammar and a non-negative integer size. */
export function parseDescriptor(v: unknown): Descriptor {
  if (!isObject(v)) throw malformed('descriptor is not an object');
  const digest = parseDigest(v.digest);
  if (!digest) throw malformed(`descriptor has an invalid digest`);
  if (typeof v.mediaType !== 'string') throw malformed('descriptor has no mediaType');
  const size = v.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw malformed('descriptor has an invalid size');
  const d: Descriptor = { mediaType: v.mediaType, digest, size };
  const annotations = stringMap(v.annotations);
  if (annotations) d.annotations = annotations;
  const platform = parsePlatform(v.platform);
  if (platform) d.platform = platform;
  if (typeof v.artifactType === 'string') d.artifactType = v.artifactType;
  if (Array.isArray(v.urls)) d.urls = v.urls.filter((u): u is string => typeof u === 'string');
  return d;
}

function descriptors(v: unknown, field: string): Descriptor[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw malformed(`${field} is not an array`);
  return v.map(parseDescriptor);
}

/** The OCI-only fields of an image manifest or index: artifactType, subject, annotations. */
function ociFields(m: { artifactType?: string; subject?: Descriptor; annotations?: Record<string, string> }, body: Record<string, unknown>): void {
  if (typeof body.artifactType === 'string') m.artifactType = body.artifactType;
  if (body.subject !== undefined) m.subject = parseDescriptor(body.subject);
  const annotations = stringMap(body.annotations);
  if (annotations) m.annotations = annotations;
}

/**
 * Parses a manifest body. The media type comes from the body's `mediaType`, else the Content-Type header
 * (older Helm clients omit it from the body), else the body's shape. Throws a `malformed` RegistryError on
 * anything that is not a manifest this UI understands.
 */
export function parseManifest(raw: string, contentType?: string | null): Manifest {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw malformed('manifest is not valid JSON');
  }
  if (!isObject(body)) throw malformed('manifest is not a JSON object');
  const header = baseMediaType(contentType);
  let mediaType = typeof body.mediaType === 'string' ? body.mediaType : '';
  if (!mediaType) {
    if (header && header !== 'application/json' && header !== 'text/plain') mediaType = header;
    else if (body.schemaVersion === 1) mediaType = MediaType.DockerSchema1;
    else if (Array.isArray(body.manifests)) mediaType = MediaType.OciIndex;
    else if (isObject(body.config)) mediaType = MediaType.OciManifest;
  }
  if (!isManifestMediaType(mediaType)) throw malformed(`unsupported manifest media type "${mediaType || 'none'}"`);
  switch (mediaType) {
    case MediaType.OciManifest:
    case MediaType.DockerManifest: {
      if (body.schemaVersion !== 2) throw malformed('manifest schemaVersion is not 2');
      const m = {
        mediaType,
        schemaVersion: 2 as const,
        config: parseDescriptor(body.config),
        layers: descriptors(body.layers, 'layers'),
      } as SingleManifest;
      if (m.mediaType === MediaType.OciManifest) ociFields(m, body);
      return m;
    }
    case MediaType.OciIndex:
    case MediaType.DockerManifestList: {
      if (body.schemaVersion !== 2) throw malformed('index schemaVersion is not 2');
      const m = { mediaType, schemaVersion: 2 as const, manifests: descriptors(body.manifests, 'manifests') } as IndexManifest;
      if (m.mediaType === MediaType.OciIndex) ociFields(m, body);
      return m;
    }
    case MediaType.DockerSchema1:
    case MediaType.DockerSchema1Signed: {
      const fsLayers = Array.isArray(body.fsLayers) ? body.fsLayers : [];
      const history = Array.isArray(body.history) ? body.history : [];
      return {
        mediaType,
        schemaVersion: 1,
        name: typeof body.name === 'string' ? body.name : '',
        tag: typeof body.tag === 'string' ? body.tag : '',
        architecture: typeof body.architecture === 'string' ? body.architecture : '',
        fsLayers: fsLayers.filter(isObject).map((l) => ({ blobSum: String(l.blobSum ?? '') })),
        history: history.filter(isObject).map((h) => ({ v1Compatibility: String(h.v1Compatibility ?? '') })),
      };
    }
    default:
      return assertNever(mediaType, 'manifest media type');
  }
}

/** What a manifest is: an image (one config, layers), an index of manifests, or a schema1 manifest. */
export type ManifestShape = 'image' | 'index' | 'schema1';

/** The shape of a manifest, from its media type. */
export function manifestShape(m: Manifest): ManifestShape {
  switch (m.mediaType) {
    case MediaType.OciManifest:
    case MediaType.DockerManifest:
      return 'image';
    case MediaType.OciIndex:
    case MediaType.DockerManifestList:
      return 'index';
    case MediaType.DockerSchema1:
    case MediaType.DockerSchema1Signed:
      return 'schema1';
    default:
      return assertNever(m, 'manifest');
  }
}

/** True for an OCI index or a Docker manifest list. */
export function isIndex(m: Manifest): m is IndexManifest {
  return manifestShape(m) === 'index';
}

/** True for an OCI or Docker image manifest (one config, layers). */
export function isSingle(m: Manifest): m is SingleManifest {
  return manifestShape(m) === 'image';
}

/** The fields only OCI's manifest and index have (artifactType, subject, annotations); none for Docker's types. */
export function ociFieldsOf(m: Manifest): Pick<ImageManifest, 'artifactType' | 'subject' | 'annotations'> {
  switch (m.mediaType) {
    case MediaType.OciManifest:
    case MediaType.OciIndex:
      return m;
    case MediaType.DockerManifest:
    case MediaType.DockerManifestList:
    case MediaType.DockerSchema1:
    case MediaType.DockerSchema1Signed:
      return {};
    default:
      return assertNever(m, 'manifest');
  }
}

/**
 * The artifact type of an OCI manifest: `artifactType`, else the config media type when it is not an image
 * config (image-spec manifest.md, "Guidelines for Artifact Usage"). Undefined for plain images.
 */
export function artifactTypeOf(m: Manifest): string | undefined {
  switch (m.mediaType) {
    case MediaType.OciIndex:
      return m.artifactType;
    case MediaType.OciManifest: {
      if (m.artifactType) return m.artifactType;
      const cfg = m.config.mediaType;
      return cfg === MediaType.OciConfig || cfg === MediaType.DockerConfig ? undefined : cfg;
    }
    case MediaType.DockerManifest:
    case MediaType.DockerManifestList:
    case MediaType.DockerSchema1:
    case MediaType.DockerSchema1Signed:
      return undefined;
    default:
      return assertNever(m, 'manifest');
  }
}

/** Sum of config and layer sizes: the compressed size `docker pull` transfers for one platform. */
export function imageSize(m: SingleManifest): number {
  return m.config.size + m.layers.reduce((sum, l) => sum + l.size, 0);
}

/** An index child that is an attestation (BuildKit) rather than a runnable platform. */
export function isAttestation(d: Descriptor): boolean {
  if (d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') return true;
  return d.platform?.os === 'unknown' && d.platform.architecture === 'unknown';
}

/** `linux/arm64/v8` style label. */
export function platformLabel(p: Platform | undefined): string {
  if (!p) return 'unknown';
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/**
 * What an index entry is, in a word: its platform, else (artifacts in an index, entries written without one)
 * its artifactType, else its media type, never a bare "unknown".
 */
export function descriptorLabel(d: Descriptor): string {
  return d.platform ? platformLabel(d.platform) : (d.artifactType ?? d.mediaType);
}
