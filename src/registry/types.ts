import type { Digest } from './digest';
import type { MediaType } from './media-types';

/** OCI image-spec descriptor.md. */
export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: Platform;
  artifactType?: string;
}

/** OCI image-spec image-index.md platform object. */
export interface Platform {
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
}

/** OCI image manifest (also used for artifacts: artifactType, or a config that is not an image config). */
export interface ImageManifest {
  mediaType: typeof MediaType.OciManifest;
  schemaVersion: 2;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** Docker image manifest, schema 2. */
export interface DockerManifest {
  mediaType: typeof MediaType.DockerManifest;
  schemaVersion: 2;
  config: Descriptor;
  layers: Descriptor[];
}

/** OCI image index. */
export interface ImageIndex {
  mediaType: typeof MediaType.OciIndex;
  schemaVersion: 2;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** Docker manifest list, schema 2. */
export interface DockerManifestList {
  mediaType: typeof MediaType.DockerManifestList;
  schemaVersion: 2;
  manifests: Descriptor[];
}

/** Docker schema 1 (deprecated). Read-only: shown, never deleted through a converted digest. */
export interface Schema1Manifest {
  mediaType: typeof MediaType.DockerSchema1 | typeof MediaType.DockerSchema1Signed;
  schemaVersion: 1;
  name: string;
  tag: string;
  architecture: string;
  fsLayers: { blobSum: string }[];
  history: { v1Compatibility: string }[];
}

/** Every manifest the UI understands, discriminated by mediaType. */
export type Manifest = ImageManifest | DockerManifest | ImageIndex | DockerManifestList | Schema1Manifest;

/** Manifests that list other manifests. */
export type IndexManifest = ImageIndex | DockerManifestList;
/** Manifests that have one config and layers. */
export type SingleManifest = ImageManifest | DockerManifest;

/** A manifest as fetched: parsed, with its digest and the exact bytes' length. */
export interface FetchedManifest {
  digest: Digest;
  /** The digest was computed from the bytes because the registry sent no Docker-Content-Digest. */
  digestComputed: boolean;
  manifest: Manifest;
  /** Size of the manifest body in bytes. */
  size: number;
  /** The body as received, for the raw JSON view. */
  raw: string;
}

/** Result of a HEAD on a manifest. */
export interface ManifestHead {
  digest: Digest | undefined;
  mediaType: string;
  size: number | undefined;
}

/** OCI image-spec config.md history entry. */
export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

/**
 * OCI image-spec config.md (Docker's image config is the same shape for the fields shown here), as
 * `parseConfig` (config.ts) returns it: each field present has this type; fields not listed here are kept as
 * received, for the raw view.
 */
export interface ImageConfig {
  created?: string;
  author?: string;
  architecture?: string;
  os?: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
  config?: {
    User?: string;
    ExposedPorts?: Record<string, object>;
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    Volumes?: Record<string, object>;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
    StopSignal?: string;
  };
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: HistoryEntry[];
}

/** Helm chart metadata stored as the config blob of a chart pushed as OCI (Chart.yaml as JSON). */
export interface HelmChartConfig {
  name?: string;
  version?: string;
  appVersion?: string;
  description?: string;
  apiVersion?: string;
  type?: string;
  kubeVersion?: string;
  home?: string;
}

/** `GET /v2/<name>/tags/list`. */
export interface TagList {
  name: string;
  tags: string[];
}
