import { imageSize } from '@/registry/manifests';
import type { Descriptor, SingleManifest } from '@/registry/types';
import type { ConfigFacts } from './config-facts';

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

