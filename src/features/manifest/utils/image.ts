import { parseDigest, type Digest } from '@/registry/digest';
import { ANNOTATION_REFERENCE_DIGEST, ANNOTATION_REFERENCE_TYPE } from '@/registry/media-types';
import { parseSupplyChainTag } from '@/registry/referrers';
import { descriptorLabel, imageSize, isAttestation, isIndex, isSingle, platformLabel } from '@/registry/manifests';
import type { Descriptor, FetchedManifest, IndexManifest, Schema1Manifest, SingleManifest } from '@/registry/types';

/*
 * Pure derivations for the image view and the comparison, unit-tested on captured manifests and configs.
 * A config blob is whatever JSON the registry holds: every value is read defensively and comes out as a
 * string (or a list of strings), so the components can only ever render text.
 */

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return undefined;
  return JSON.stringify(v);
}

function texts(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return v === null || v === undefined ? undefined : [text(v) ?? ''];
  return v.map((x) => text(x) ?? '');
}

function entries(v: unknown): [string, string][] {
  if (!isObject(v)) return [];
  return Object.entries(v).map(([k, val]) => [k, text(val) ?? '']);
}

/** One step of an image's history, as read from the config. */
export interface HistoryFacts {
  created?: string;
  createdBy?: string;
  author?: string;
  comment?: string;
  /** `empty_layer: true`: the step changed metadata only and made no layer. */
  empty: boolean;
}

/** What the image view shows of an image config (OCI image-spec config.md; Docker's has the same fields). */
export interface ConfigFacts {
  created?: string;
  author?: string;
  os?: string;
  architecture?: string;
  variant?: string;
  osVersion?: string;
  /** `linux/arm/v7`, when os and architecture are known. */
  platform?: string;
  user?: string;
  workdir?: string;
  stopSignal?: string;
  env: string[];
  entrypoint?: string[];
  cmd?: string[];
  ports: string[];
  volumes: string[];
  labels: [string, string][];
  history: HistoryFacts[];
  diffIds: string[];
}

/** Reads an image config blob of unknown shape. */
export function readImageConfig(raw: unknown): ConfigFacts {
  const c = isObject(raw) ? raw : {};
  const cfg = isObject(c.config) ? c.config : {};
  const os = text(c.os) || undefined;
  const architecture = text(c.architecture) || undefined;
  const variant = text(c.variant) || undefined;
  const history = Array.isArray(c.history) ? c.history : [];
  const rootfs = isObject(c.rootfs) ? c.rootfs : {};
  return {
    created: text(c.created),
    author: text(c.author),
    os,
    architecture,
    variant,
    osVersion: text(c['os.version']),
    platform: os && architecture ? platformLabel({ os, architecture, ...(variant ? { variant } : {}) }) : undefined,
    user: text(cfg.User) || undefined,
    workdir: text(cfg.WorkingDir) || undefined,
    stopSignal: text(cfg.StopSignal) || undefined,
    env: texts(cfg.Env) ?? [],
    entrypoint: texts(cfg.Entrypoint),
    cmd: texts(cfg.Cmd),
    ports: isObject(cfg.ExposedPorts) ? Object.keys(cfg.ExposedPorts) : [],
    volumes: isObject(cfg.Volumes) ? Object.keys(cfg.Volumes) : [],
    labels: entries(cfg.Labels),
    history: history.map((h) => {
      const e = isObject(h) ? h : {};
      return {
        created: text(e.created),
        createdBy: text(e.created_by),
        author: text(e.author),
        comment: text(e.comment),
        empty: e.empty_layer === true,
      };
    }),
    diffIds: texts(rootfs.diff_ids) ?? [],
  };
}

/** Helm chart metadata (the config blob of a chart pushed as OCI, Chart.yaml as JSON). */
export interface ChartFacts {
  name?: string;
  version?: string;
  appVersion?: string;
  description?: string;
  apiVersion?: string;
  type?: string;
  kubeVersion?: string;
  home?: string;
}

export function readChartConfig(raw: unknown): ChartFacts {
  const c = isObject(raw) ? raw : {};
  return {
    name: text(c.name),
    version: text(c.version),
    appVersion: text(c.appVersion),
    description: text(c.description),
    apiVersion: text(c.apiVersion),
    type: text(c.type),
    kubeVersion: text(c.kubeVersion),
    home: text(c.home),
  };
}

/** One child of an index: a platform, or an attestation about one. */
export interface IndexEntry {
  descriptor: Descriptor;
  /** Position in the index, from 0. */
  position: number;
  /**
   * `linux/arm/v7`; `unknown/unknown` for attestations; for an entry without a platform (artifacts in an index,
   * some clients' test layouts) its artifactType, else its media type.
   */
  label: string;
  /** The entry states no platform: an image's config may still name one (see `entryLabel`). */
  platformless: boolean;
  /** What `?platform=` selects it by: the label when no other child has it, else the digest. */
  key: string;
  attestation: boolean;
  /** `vnd.docker.reference.type` (BuildKit: `attestation-manifest`; others write e.g. `builder`). */
  referenceType?: string;
  /** For an attestation: the manifest it describes and that manifest's platform in this index. */
  attests?: { digest: Digest; label?: string };
}

/** The children of an index, each with its own platform; attestations named as such, never as platforms. */
export function indexEntries(index: IndexManifest): IndexEntry[] {
  const labels = index.manifests.map(descriptorLabel);
  const count = new Map<string, number>();
  index.manifests.forEach((d, i) => {
    if (!isAttestation(d)) count.set(labels[i]!, (count.get(labels[i]!) ?? 0) + 1);
  });
  return index.manifests.map((d, i) => {
    const attestation = isAttestation(d);
    const label = labels[i]!;
    const platformless = !d.platform;
    const entry: IndexEntry = {
      descriptor: d,
      position: i,
      label,
      platformless,
      // a platform-less entry's label may change to its config's platform: select it by digest, which cannot
      key: !attestation && !platformless && count.get(label) === 1 ? label : d.digest,
      attestation,
    };
    const referenceType = d.annotations?.[ANNOTATION_REFERENCE_TYPE];
    if (referenceType) entry.referenceType = referenceType;
    if (attestation) {
      const ref = parseDigest(d.annotations?.[ANNOTATION_REFERENCE_DIGEST]);
      if (ref) {
        const target = index.manifests.find((m) => m.digest === ref && !isAttestation(m));
        entry.attests = { digest: ref, ...(target ? { label: platformLabel(target.platform) } : {}) };
      }
    }
    return entry;
  });
}

/**
 * What an entry is called: its platform; for an entry without one, the platform its image config names
 * (`config` when read), else its artifactType or media type.
 */
export function entryLabel(entry: IndexEntry, config?: Pick<ConfigFacts, 'platform'>): string {
  return entry.platformless && config?.platform ? config.platform : entry.label;
}

/** The entry `?platform=` names (by key or digest), else the first runnable platform, else the first child. */
export function selectEntry(entries: readonly IndexEntry[], wanted: string | null): IndexEntry | undefined {
  if (wanted) {
    const hit = entries.find((e) => e.key === wanted || e.descriptor.digest === wanted);
    if (hit) return hit;
  }
  return entries.find((e) => !e.attestation) ?? entries[0];
}

/** One step of the history, placed among the layers. */
export interface HistoryStep extends HistoryFacts {
  /** Position in the config's history, from 1. */
  position: number;
  /** The layer (from 1) this step made; undefined for empty-layer steps and steps past the last layer. */
  layer?: number;
}

/** One layer with its share of the image and the step that made it. */
export interface LayerRow {
  /** From 1, bottom layer first, as in the manifest. */
  position: number;
  descriptor: Descriptor;
  /** size / image total (config + layers), 0..1. */
  share: number;
  step?: HistoryStep;
}

export interface LayerHistory {
  layers: LayerRow[];
  steps: HistoryStep[];
  /** Compressed config + layers: what a pull of this platform transfers. */
  total: number;
  /** The config's history does not have one non-empty step per layer (some build tools write it so). */
  mismatch: boolean;
}

/**
 * Places the history among the layers. The n-th history entry without `empty_layer` made the n-th layer
 * (image-spec config.md, "history"; `docker history` walks it the same way); empty-layer entries (ENV, CMD,
 * LABEL …) sit between them in order, making no layer.
 */
export function layerHistory(manifest: SingleManifest, history: readonly HistoryFacts[] = []): LayerHistory {
  const total = imageSize(manifest);
  let next = 0;
  const steps: HistoryStep[] = history.map((h, i) => {
    const step: HistoryStep = { ...h, position: i + 1 };
    if (!h.empty && next < manifest.layers.length) step.layer = ++next;
    return step;
  });
  const nonEmpty = history.filter((h) => !h.empty).length;
  // by layer, not a search per layer: 27,000 layers (the most distribution takes in 4 MiB) would be 700M steps
  const byLayer = new Map<number, HistoryStep>();
  for (const s of steps) if (s.layer !== undefined) byLayer.set(s.layer, s);
  const layers = manifest.layers.map((d, i) => {
    const row: LayerRow = { position: i + 1, descriptor: d, share: total > 0 ? d.size / total : 0 };
    const step = byLayer.get(i + 1);
    if (step) row.step = step;
    return row;
  });
  return { layers, steps, total, mismatch: history.length > 0 && nonEmpty !== manifest.layers.length };
}

/** One layer of a schema1 manifest, bottom first. Schema1 carries no sizes. */
export interface Schema1Layer {
  position: number;
  blobSum: string;
  created?: string;
  createdBy?: string;
  /** `throwaway`: the step made no filesystem change (its blob is the empty tar). */
  empty: boolean;
}

/** Schema1 lists layers and history newest first, one v1Compatibility JSON string per layer. */
export function schema1Layers(m: Schema1Manifest): Schema1Layer[] {
  const rows = m.fsLayers.map((l, i) => {
    let v1: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(m.history[i]?.v1Compatibility ?? '{}');
      if (isObject(parsed)) v1 = parsed;
    } catch {
      // shown without its step
    }
    const cc = isObject(v1.container_config) ? v1.container_config : {};
    const cmd = texts(cc.Cmd);
    return { blobSum: l.blobSum, created: text(v1.created), createdBy: cmd?.join(' '), empty: v1.throwaway === true };
  });
  return rows.reverse().map((r, i) => ({ ...r, position: i + 1 }));
}

/** Layers of a manifest by digest, with sizes: an image's own, or every platform's of an index (those read). */
export function layersOf(fetched: FetchedManifest, manifests: ReadonlyMap<Digest, FetchedManifest>): Map<Digest, number> {
  const out = new Map<Digest, number>();
  const add = (m: FetchedManifest['manifest']) => {
    if (isSingle(m)) for (const l of m.layers) out.set(l.digest, l.size);
  };
  const m = fetched.manifest;
  if (isIndex(m)) {
    for (const d of m.manifests) {
      if (isAttestation(d)) continue;
      const child = manifests.get(d.digest);
      if (child) add(child.manifest);
    }
  } else add(m);
  return out;
}

/** Another tag of the repository measured against the image on view. */
export interface RelatedTag {
  tag: string;
  digest: Digest;
  sharedLayers: number;
  sharedBytes: number;
  /** Layers of that tag's image (every platform's, for an index). */
  layers: number;
}

/**
 * Which other tags point at the same digest, and which images share layers with it (largest share first;
 * cosign and referrers tags left out of the sharing). `tags`
 * maps each tag to its digest now; `manifests` holds what was read, index children included.
 */
export function relatedTags(
  self: { digest: Digest; layers: ReadonlyMap<Digest, number> },
  tags: ReadonlyMap<string, Digest>,
  manifests: ReadonlyMap<Digest, FetchedManifest>,
): { sameDigest: string[]; sharing: RelatedTag[] } {
  const sameDigest: string[] = [];
  const sharing: RelatedTag[] = [];
  const byDigest = new Map<Digest, { shared: number; bytes: number; layers: number }>();
  for (const [tag, digest] of tags) {
    if (digest === self.digest) {
      sameDigest.push(tag);
      continue;
    }
    // signatures and referrers indexes are about images, not images: they share no filesystem with them
    if (parseSupplyChainTag(tag)) continue;
    let facts = byDigest.get(digest);
    if (!facts) {
      const fetched = manifests.get(digest);
      if (!fetched) continue;
      const theirs = layersOf(fetched, manifests);
      let shared = 0;
      let bytes = 0;
      for (const [d, size] of theirs) {
        if (self.layers.has(d)) {
          shared++;
          bytes += size;
        }
      }
      facts = { shared, bytes, layers: theirs.size };
      byDigest.set(digest, facts);
    }
    if (facts.shared > 0) sharing.push({ tag, digest, sharedLayers: facts.shared, sharedBytes: facts.bytes, layers: facts.layers });
  }
  sharing.sort((a, b) => b.sharedBytes - a.sharedBytes || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return { sameDigest: sameDigest.sort(), sharing };
}

/** A config field that differs between two images. */
export interface FieldDiff {
  field: 'created' | 'author' | 'platform' | 'user' | 'workdir' | 'entrypoint' | 'cmd' | 'ports' | 'volumes' | 'stopSignal';
  a: string;
  b: string;
}

/** A key (label, environment variable) present on one side only, or with another value. */
export interface KeyDiff {
  key: string;
  a?: string;
  b?: string;
  change: 'added' | 'removed' | 'changed';
}

export interface ImageComparison {
  /** Layers of B that A does not have. */
  added: Descriptor[];
  /** Layers of A that B does not have. */
  removed: Descriptor[];
  /** Layers both have, in B's order. */
  shared: Descriptor[];
  sizeA: number;
  sizeB: number;
  /** sizeB − sizeA. */
  difference: number;
  addedBytes: number;
  removedBytes: number;
  sharedBytes: number;
  fields: FieldDiff[];
  labels: KeyDiff[];
  env: KeyDiff[];
}

function keyDiff(a: readonly [string, string][], b: readonly [string, string][]): KeyDiff[] {
  const left = new Map(a);
  const right = new Map(b);
  const out: KeyDiff[] = [];
  for (const [key, va] of left) {
    if (!right.has(key)) out.push({ key, a: va, change: 'removed' });
    else if (right.get(key) !== va) out.push({ key, a: va, b: right.get(key)!, change: 'changed' });
  }
  for (const [key, vb] of right) if (!left.has(key)) out.push({ key, b: vb, change: 'added' });
  return out.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

function envPairs(env: readonly string[]): [string, string][] {
  return env.map((e) => {
    const eq = e.indexOf('=');
    return eq < 0 ? [e, ''] : [e.slice(0, eq), e.slice(eq + 1)];
  });
}

const list = (v: readonly string[] | undefined) => (v === undefined ? '' : JSON.stringify(v));

/** Layers added, removed and shared (by digest), the size difference, and config and label differences. */
export function compareImages(
  a: { manifest: SingleManifest; config?: ConfigFacts },
  b: { manifest: SingleManifest; config?: ConfigFacts },
): ImageComparison {
  const inA = new Set(a.manifest.layers.map((l) => l.digest));
  const inB = new Set(b.manifest.layers.map((l) => l.digest));
  const added = b.manifest.layers.filter((l) => !inA.has(l.digest));
  const removed = a.manifest.layers.filter((l) => !inB.has(l.digest));
  const shared = b.manifest.layers.filter((l) => inA.has(l.digest));
  const sum = (ls: Descriptor[]) => ls.reduce((n, l) => n + l.size, 0);
  const sizeA = imageSize(a.manifest);
  const sizeB = imageSize(b.manifest);
  const ca = a.config;
  const cb = b.config;
  const fields: FieldDiff[] = [];
  if (ca && cb) {
    const pick: [FieldDiff['field'], (c: ConfigFacts) => string][] = [
      ['created', (c) => c.created ?? ''],
      ['author', (c) => c.author ?? ''],
      ['platform', (c) => c.platform ?? ''],
      ['user', (c) => c.user ?? ''],
      ['workdir', (c) => c.workdir ?? ''],
      ['entrypoint', (c) => list(c.entrypoint)],
      ['cmd', (c) => list(c.cmd)],
      ['ports', (c) => c.ports.join(', ')],
      ['volumes', (c) => c.volumes.join(', ')],
      ['stopSignal', (c) => c.stopSignal ?? ''],
    ];
    for (const [field, get] of pick) {
      if (get(ca) !== get(cb)) fields.push({ field, a: get(ca), b: get(cb) });
    }
  }
  return {
    added,
    removed,
    shared,
    sizeA,
    sizeB,
    difference: sizeB - sizeA,
    addedBytes: sum(added),
    removedBytes: sum(removed),
    sharedBytes: sum(shared),
    fields,
    labels: ca && cb ? keyDiff(ca.labels, cb.labels) : [],
    env: ca && cb ? keyDiff(envPairs(ca.env), envPairs(cb.env)) : [],
  };
}

/** One segment of the size bar: the config, a layer, or the smallest layers merged (`rest`, past `max`). */
export interface SizeSegment {
  digest?: Digest;
  size: number;
  share: number;
  kind: 'config' | 'layer' | 'rest';
  /** Layer position from 1; 0 for the config; for `rest`, how many layers it merges. */
  position: number;
}

/**
 * Blobs of one image and the share each takes of the bar (config first), for the size bar. Past `max` segments
 * the smallest layers are merged into one, so a manifest of 27,000 layers draws a bar, not 27,000 elements.
 */
export function sizeSegments(manifest: SingleManifest, max = 200): SizeSegment[] {
  const total = imageSize(manifest);
  const share = (n: number) => (total > 0 ? n / total : 0);
  const layers = manifest.layers.map((l, i) => ({ digest: l.digest, size: l.size, share: share(l.size), kind: 'layer' as const, position: i + 1 }));
  const config: SizeSegment = { digest: manifest.config.digest, size: manifest.config.size, share: share(manifest.config.size), kind: 'config', position: 0 };
  if (layers.length + 1 <= max) return [config, ...layers];
  const keep = new Set([...layers].sort((a, b) => b.size - a.size).slice(0, max - 2).map((l) => l.position));
  const kept = layers.filter((l) => keep.has(l.position));
  const restSize = layers.reduce((n, l) => (keep.has(l.position) ? n : n + l.size), 0);
  return [config, ...kept, { size: restSize, share: share(restSize), kind: 'rest', position: layers.length - kept.length }];
}
