import { RegistryError } from './errors';
import { isObject, putKey, stringMap } from './json';
import { platformLabel } from './manifests';
import type { HelmChartConfig, ImageConfig } from './types';

/*
 * The one parser of config blobs: an image config (OCI image-spec config.md, Docker's
 * application/vnd.docker.container.image.v1+json) or a Helm chart's (application/vnd.cncf.helm.config.v1+json,
 * Chart.yaml as JSON). A registry holds whatever bytes were pushed, so every field this UI reads is checked
 * here, once, when the blob is read: a field of the wrong type is dropped, never guessed at. Fields it does not
 * read (container_config, docker_version, Helm's maintainers …) are kept as received, for the raw view.
 */

/** A config blob as read: the image config's fields and Helm's (they share no name), each of its type. */
export type Config = ImageConfig & HelmChartConfig;

type Check = (v: unknown) => unknown;

/**
 * The object `v` with each field named in `checks` replaced by what its check returns (dropped when that is
 * undefined) and every other field kept; undefined when `v` is not an object. Key order is kept, so a valid
 * config comes out equal to what came in.
 */
function fields(v: unknown, checks: Readonly<Record<string, Check>>): Record<string, unknown> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(v)) {
    const check = Object.hasOwn(checks, key) ? checks[key] : undefined;
    const kept = check ? check(value) : value;
    if (kept !== undefined) putKey(out, key, kept);
  }
  return out;
}

const string: Check = (v) => (typeof v === 'string' ? v : undefined);
const boolean: Check = (v) => (typeof v === 'boolean' ? v : undefined);
/** A list of independent strings (Env, diff_ids): an entry of another type is dropped, the rest kept. */
const strings: Check = (v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
/** A command (Entrypoint, Cmd): all strings or dropped whole, since one argument less is another command. */
const command: Check = (v) => (v === null || (Array.isArray(v) && v.every((x) => typeof x === 'string')) ? v : undefined);
/** A set written as an object whose keys matter (`"80/tcp": {}`): entries whose value is not an object are dropped. */
const keySet: Check = (v) => {
  if (!isObject(v)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) if (isObject(val)) putKey(out, k, val);
  return out;
};
/** Labels: string values only; `null` (what Docker writes for none) kept. */
const labels: Check = (v) => (v === null ? null : stringMap(v));

const HISTORY: Readonly<Record<string, Check>> = { created: string, created_by: string, author: string, comment: string, empty_layer: boolean };

/** History entries by position: the n-th non-empty one made the n-th layer, so an unreadable entry stays as `{}`. */
const history: Check = (v) => (Array.isArray(v) ? v.map((h) => fields(h, HISTORY) ?? {}) : undefined);

const CONTAINER: Readonly<Record<string, Check>> = {
  User: string,
  ExposedPorts: keySet,
  Env: strings,
  Entrypoint: command,
  Cmd: command,
  Volumes: keySet,
  WorkingDir: string,
  Labels: labels,
  StopSignal: string,
};

/** Every field of ImageConfig and HelmChartConfig with its check. */
const CONFIG: Readonly<Record<string, Check>> = {
  // image-spec config.md
  created: string,
  author: string,
  architecture: string,
  os: string,
  'os.version': string,
  'os.features': strings,
  variant: string,
  config: (v) => fields(v, CONTAINER),
  rootfs: (v) => fields(v, { type: string, diff_ids: strings }),
  history,
  // Helm's Chart.yaml (helm.sh/helm/v3 pkg/chart Metadata)
  name: string,
  version: string,
  appVersion: string,
  description: string,
  apiVersion: string,
  type: string,
  kubeVersion: string,
  home: string,
};

/**
 * Validates a config blob already parsed as JSON. Throws a `malformed` RegistryError when it is not a JSON
 * object (a config is always one); otherwise drops the fields of the wrong type. Idempotent, so a config kept
 * from an earlier visit can be read through it again.
 */
export function parseConfig(json: unknown): Config {
  const out = fields(json, CONFIG);
  if (!out) throw new RegistryError({ kind: 'malformed', message: 'the config is not a JSON object' });
  return out as Config;
}

/** `linux/arm/v7` from a config's os, architecture and variant; undefined unless both os and architecture are set. */
export function configPlatform(c: Pick<ImageConfig, 'os' | 'architecture' | 'variant'>): string | undefined {
  if (!c.os || !c.architecture) return undefined;
  return platformLabel({ os: c.os, architecture: c.architecture, ...(c.variant ? { variant: c.variant } : {}) });
}
