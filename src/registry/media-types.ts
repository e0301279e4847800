/** Media types named as in the OCI image-spec (specs-go/v1/mediatype.go) and Docker's distribution manifests. */
export const MediaType = {
  /** OCI image index (image-spec v1). */
  OciIndex: 'application/vnd.oci.image.index.v1+json',
  /** OCI image manifest (image-spec v1). */
  OciManifest: 'application/vnd.oci.image.manifest.v1+json',
  /** OCI image config. */
  OciConfig: 'application/vnd.oci.image.config.v1+json',
  /** The empty descriptor's media type, used as config of artifacts (image-spec 1.1). */
  OciEmpty: 'application/vnd.oci.empty.v1+json',
  OciLayerTarGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  OciLayerTar: 'application/vnd.oci.image.layer.v1.tar',
  OciLayerTarZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  /** Docker manifest list (schema 2). */
  DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  /** Docker image manifest (schema 2). */
  DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  /** Docker schema 1, unsigned. Deprecated; displayed read-only. */
  DockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  /** Docker schema 1, signed (what distribution serves when it converts). */
  DockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  DockerConfig: 'application/vnd.docker.container.image.v1+json',
  DockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  DockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  HelmConfig: 'application/vnd.cncf.helm.config.v1+json',
  HelmChart: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
  InToto: 'application/vnd.in-toto+json',
  CosignSimpleSigning: 'application/vnd.dev.cosign.simplesigning.v1+json',
  /** Artifact type of a Notation signature (notaryproject specs, signature-specification.md). */
  NotarySignature: 'application/vnd.cncf.notary.signature',
  /** Artifact type of a cosign signature stored as an OCI 1.1 referrer. */
  CosignSignatureArtifact: 'application/vnd.dev.cosign.artifact.sig.v1+json',
} as const;

/** The media types of every manifest the UI understands: `Manifest` in types.ts is discriminated by them. */
export const MANIFEST_MEDIA_TYPES = [
  MediaType.OciManifest,
  MediaType.DockerManifest,
  MediaType.OciIndex,
  MediaType.DockerManifestList,
  MediaType.DockerSchema1,
  MediaType.DockerSchema1Signed,
] as const;

/** One of MANIFEST_MEDIA_TYPES. */
export type ManifestMediaType = (typeof MANIFEST_MEDIA_TYPES)[number];

/** True for the media type of a manifest the UI understands. */
export function isManifestMediaType(v: string): v is ManifestMediaType {
  return (MANIFEST_MEDIA_TYPES as readonly string[]).includes(v);
}

/**
 * The Accept header for every manifest request. All four must be listed: an OCI index requested with Docker
 * types only answers 404 MANIFEST_UNKNOWN, and a Docker v2 manifest requested without its type may be converted
 * to schema1, whose digest differs (REGISTRY-FACTS.md, Manifests).
 */
export const MANIFEST_ACCEPT = [
  MediaType.OciIndex,
  MediaType.OciManifest,
  MediaType.DockerManifestList,
  MediaType.DockerManifest,
].join(', ');

/** Annotation BuildKit puts on attestation manifests inside an index. */
export const ANNOTATION_REFERENCE_TYPE = 'vnd.docker.reference.type';
/** Annotation naming the manifest an attestation describes. */
export const ANNOTATION_REFERENCE_DIGEST = 'vnd.docker.reference.digest';

/** Strips parameters (`; charset=utf-8`) and case from a Content-Type value. */
export function baseMediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
