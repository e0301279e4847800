#!/usr/bin/env node
// Seed a Distribution registry with the images, indexes and artifacts the UI
// and its tests rely on: over the V2 HTTP API, and with crane and oras where
// a client people push with writes the shape.
//
//   node scripts/seed/seed.mjs [--registry URL] [--profile small|full]
//        [--repos N] [--many-tags N] [--concurrency N] [--summary FILE] [--quiet]
//
// Environment (flags win): REGISTRY_URL, SEED_PROFILE, SEED_REPOS,
// SEED_MANY_TAGS, SEED_CONCURRENCY, SEED_SUMMARY, REGISTRY_USER and
// REGISTRY_PASSWORD (basic auth).
//
// Every blob is generated here, deterministically: the same profile gives the
// same digests on every run and every machine, and reseeding a registry is a
// no-op apart from re-deleting demo/deleted. The summary (every repository,
// tag -> manifest digest, media types and sizes, and which client pushed what)
// is printed to stdout and, with --summary, written to a file. Progress goes to
// stderr.
//
// Who makes what (issue 16: "real clients for fixtures"):
//
//   By crane and oras (built with Go once per machine; without Go these are not
//   pushed, the seed says so in one line, the summary's `clients.skipped` says
//   why, and the specs that need them skip):
//     demo/docker-list  a Docker manifest list of two Docker v2 images:
//                       crane append, crane mutate (platform, env, cmd),
//                       crane edit config (the created date), crane index
//                       append --docker-empty-base; per-platform tags beside it.
//     demo/artifact     an OCI image by crane, and an SBOM with that image as
//                       subject by oras attach: the fallback tag sha256-<hex>
//                       on Distribution 2.8 and 3.x, the referrers API alone on
//                       go-containerregistry.
//   (scripts/seed/clients.sh pushes clients/crane and clients/oras beside
//   these: a crane OCI index with oras referrers, an oras push artifact.)
//
//   By hand, because no client here writes the shape, or the suites that run
//   without Go need it:
//     demo/alpine, demo/oci-app  docker build's history (empty_layer steps,
//                       BuildKit comments, USER/EXPOSE/VOLUME), hostile,
//                       Unicode and 2,000-character labels, OCI annotations:
//                       crane writes one bare history entry per layer. Also
//                       what browse, delete, a11y and security read everywhere.
//     demo/multiarch    BuildKit's index: platforms plus an attestation
//                       manifest (unknown/unknown, vnd.docker.reference.*
//                       annotations); crane can make neither the attestation
//                       (its layer is an in-toto statement, not a tar) nor an
//                       index entry with annotations.
//     charts/mychart    Helm before 3.13: no top-level mediaType.
//     demo/signed       cosign's .sig/.att tags: oras would add a title to the
//                       layer and a created date to the manifest, cosign writes
//                       neither (and its config's dates are zero).
//     demo/layouts      shapes of other clients: regclient's digest tag,
//                       index entries without a platform, an empty index, a
//                       BuildKit builder entry, Notation's signature in a
//                       fallback tag.
//     demo/deleted      every tag deleted; demo/blob-only: an interrupted
//                       push (a blob, no manifest); demo/huge: 4 MiB manifests.
//     demo/many-tags, demo/dated, demo/distinct, bulk/repo-N: thousands of
//                       tags and repositories with chosen dates; a client run
//                       each would take minutes.
//     team/backend/api, deep/a/b/c/image: nested names the catalog specs
//                       browse, with or without Go.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

// ------------------------------------------------------------------ options

const { values: flags } = parseArgs({
  options: {
    registry: { type: 'string' },
    profile: { type: 'string' },
    repos: { type: 'string' },
    'many-tags': { type: 'string' },
    // demo/distinct: N tags, each its own image (the case where every tag costs its own manifest and config)
    'distinct-tags': { type: 'string' },
    concurrency: { type: 'string' },
    summary: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (flags.help) {
  process.stdout.write(
    'usage: seed.mjs [--registry URL] [--profile small|full] [--repos N] [--many-tags N]\n' +
      '                [--distinct-tags N] [--concurrency N] [--summary FILE] [--quiet]\n',
  );
  process.exit(0);
}

const PROFILES = {
  small: { repos: 20, manyTags: 150 },
  full: { repos: 1500, manyTags: 2500 },
};

const profileName = flags.profile ?? process.env.SEED_PROFILE ?? 'full';
const profile = PROFILES[profileName];
if (!profile) fail(`unknown profile "${profileName}" (small or full)`);

const registry = (flags.registry ?? process.env.REGISTRY_URL ?? 'http://127.0.0.1:5000').replace(/\/+$/, '');
const bulkCount = int('repos', flags.repos ?? process.env.SEED_REPOS, profile.repos);
const manyTagCount = int('many-tags', flags['many-tags'] ?? process.env.SEED_MANY_TAGS, profile.manyTags);
const distinctTagCount = int('distinct-tags', flags['distinct-tags'] ?? process.env.SEED_DISTINCT_TAGS, 0);
const concurrency = Math.max(1, int('concurrency', flags.concurrency ?? process.env.SEED_CONCURRENCY, 16));
const summaryFile = flags.summary ?? process.env.SEED_SUMMARY ?? '';
const quiet = flags.quiet;
const authHeader =
  process.env.REGISTRY_USER !== undefined && process.env.REGISTRY_USER !== ''
    ? 'Basic ' + Buffer.from(`${process.env.REGISTRY_USER}:${process.env.REGISTRY_PASSWORD ?? ''}`).toString('base64')
    : undefined;

function int(name, raw, fallback) {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function fail(message) {
  process.stderr.write(`[seed] error: ${message}\n`);
  process.exit(1);
}

function log(message) {
  if (!quiet) process.stderr.write(`[seed] ${message}\n`);
}

// ------------------------------------------------------------- media types

const MT = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  helmConfig: 'application/vnd.cncf.helm.config.v1+json',
  helmChart: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
  cosignSimpleSigning: 'application/vnd.dev.cosign.simplesigning.v1+json',
  dsseEnvelope: 'application/vnd.dsse.envelope.v1+json',
  inToto: 'application/vnd.in-toto+json',
  exampleSbom: 'application/vnd.example.sbom.v1+json',
};

// ------------------------------------------------------- deterministic data

function sha256(buf) {
  return 'sha256:' + createHash('sha256').update(buf).digest('hex');
}

function hex(digest) {
  return digest.slice('sha256:'.length);
}

/** A small seeded PRNG (mulberry32) so "random" content is stable. */
function prng(seedText) {
  let a = createHash('sha256').update(seedText).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Incompressible bytes, so a layer's compressed size is roughly `size`. */
function noise(seedText, size) {
  const out = Buffer.alloc(size);
  let counter = 0;
  for (let off = 0; off < size; off += 32) {
    const block = createHash('sha256').update(`${seedText}:${counter++}`).digest();
    block.copy(out, off, 0, Math.min(32, size - off));
  }
  return out;
}

function shuffle(list, seedText) {
  const rand = prng(seedText);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function isoDay(base, plusDays, hour = 12) {
  const d = new Date(Date.parse(base) + plusDays * 86400000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().replace('.000Z', 'Z');
}

// ---------------------------------------------------------------------- tar

function octal(value, width) {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader({ name, type, size, mode, mtime, linkname = '' }) {
  const h = Buffer.alloc(512);
  const put = (text, offset, width) => h.write(text, offset, width, 'utf8');
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 154);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  put(name, 0, 100);
  put(octal(mode, 8), 100, 8);
  put(octal(0, 8), 108, 8); // uid
  put(octal(0, 8), 116, 8); // gid
  put(octal(size, 12), 124, 12);
  put(octal(mtime, 12), 136, 12);
  put('        ', 148, 8); // checksum placeholder: eight spaces
  put(type, 156, 1);
  put(linkname, 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put('root', 265, 32);
  put('root', 297, 32);
  put(prefix, 345, 155);
  let sum = 0;
  for (const byte of h) sum += byte;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

/**
 * A POSIX ustar archive. Entries: { path, data?, mode?, dir?, symlink? }.
 * Parent directories are not implied; list them as { path: 'etc/', dir: true }.
 */
function tar(entries, mtimeIso) {
  const mtime = Math.floor(Date.parse(mtimeIso) / 1000);
  const parts = [];
  for (const e of entries) {
    if (e.dir) {
      parts.push(tarHeader({ name: e.path.replace(/\/?$/, '/'), type: '5', size: 0, mode: e.mode ?? 0o755, mtime }));
    } else if (e.symlink) {
      parts.push(tarHeader({ name: e.path, type: '2', size: 0, mode: 0o777, mtime, linkname: e.symlink }));
    } else {
      const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '', 'utf8');
      parts.push(tarHeader({ name: e.path, type: '0', size: data.length, mode: e.mode ?? 0o644, mtime }));
      parts.push(data);
      const pad = (512 - (data.length % 512)) % 512;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function gzip(buf) {
  const gz = gzipSync(buf, { level: 6 });
  gz[9] = 3; // OS = Unix whatever the platform, so digests match everywhere
  return gz;
}

// -------------------------------------------------------------------- blobs

/** { digest, size, data, mediaType } */
function blob(data, mediaType) {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  return { digest: sha256(buf), size: buf.length, data: buf, mediaType };
}

const layerCache = new Map();

/** A gzip'd tar layer; `diffId` is the digest of the uncompressed tar. */
function layer(key, entries, mtimeIso, mediaType = MT.ociLayer) {
  const cacheKey = `${key}|${mediaType}`;
  let l = layerCache.get(cacheKey);
  if (!l) {
    const raw = tar(entries, mtimeIso);
    l = { ...blob(gzip(raw), mediaType), diffId: sha256(raw) };
    layerCache.set(cacheKey, l);
  }
  return l;
}

function descriptor(b, extra = {}) {
  return { mediaType: b.mediaType, digest: b.digest, size: b.size, ...extra };
}

function json(value) {
  return JSON.stringify(value);
}

// ------------------------------------------------------------------- images

/**
 * Build an image from steps. A step with `layer` adds a filesystem layer; one
 * without is an `empty_layer` history entry (ENV, LABEL, CMD ...).
 * Returns { config, layers, manifest: { bytes, digest, mediaType, size }, info }.
 */
function image({
  format = 'oci',
  architecture = 'amd64',
  os = 'linux',
  variant,
  created,
  author,
  config = {},
  steps,
  annotations,
  configMediaType,
}) {
  const docker = format === 'docker';
  const layers = [];
  const history = [];
  for (const step of steps) {
    const entry = { created: step.created ?? created, created_by: step.createdBy };
    if (step.comment) entry.comment = step.comment;
    if (step.layer) {
      const l = docker ? { ...step.layer, mediaType: MT.dockerLayer } : step.layer;
      layers.push(l);
    } else {
      entry.empty_layer = true;
    }
    history.push(entry);
  }
  const cfg = {
    architecture,
    os,
    ...(variant ? { variant } : {}),
    created,
    ...(author ? { author } : {}),
    config,
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history,
  };
  const configBlob = blob(json(cfg), configMediaType ?? (docker ? MT.dockerConfig : MT.ociConfig));
  const manifest = docker
    ? {
        schemaVersion: 2,
        mediaType: MT.dockerManifest,
        config: descriptor(configBlob),
        layers: layers.map((l) => descriptor(l)),
      }
    : {
        schemaVersion: 2,
        mediaType: MT.ociManifest,
        config: descriptor(configBlob),
        layers: layers.map((l) => descriptor(l)),
        ...(annotations ? { annotations } : {}),
      };
  return finish(manifest, [configBlob, ...layers], {
    platform: { os, architecture, ...(variant ? { variant } : {}) },
    created,
  });
}

/** Serialize a manifest and attach what pushing and the summary need. */
function finish(manifest, blobs, extra = {}, putMediaType) {
  // Docker tooling writes v2 manifests indented by three spaces; keep that
  // shape for Docker types so the raw view shows both styles.
  const docker = manifest.mediaType === MT.dockerManifest || manifest.mediaType === MT.dockerList;
  const bytes = Buffer.from(docker ? JSON.stringify(manifest, null, 3) : JSON.stringify(manifest), 'utf8');
  const mediaType = putMediaType ?? manifest.mediaType;
  const info = manifestInfo(manifest, bytes.length, mediaType, extra);
  return { manifest, bytes, digest: sha256(bytes), mediaType, size: bytes.length, blobs, info, children: [] };
}

/** What the summary says of a manifest: its type and size, its config and layers or its entries, its subject. */
function manifestInfo(manifest, size, mediaType, extra = {}) {
  const children = manifest.manifests ?? [];
  const layers = manifest.layers ?? [];
  return {
    mediaType,
    size,
    ...(manifest.artifactType ? { artifactType: manifest.artifactType } : {}),
    ...(manifest.config
      ? {
          config: { mediaType: manifest.config.mediaType, digest: manifest.config.digest, size: manifest.config.size },
          layers: layers.length,
          layersSize: layers.reduce((n, l) => n + l.size, 0),
          totalSize: manifest.config.size + layers.reduce((n, l) => n + l.size, 0),
        }
      : {}),
    ...(manifest.manifests
      ? {
          manifests: children.map((c) => ({
            digest: c.digest,
            mediaType: c.mediaType,
            size: c.size,
            ...(c.platform ? { platform: c.platform } : {}),
            ...(c.artifactType ? { artifactType: c.artifactType } : {}),
            ...(c.annotations ? { annotations: c.annotations } : {}),
          })),
        }
      : {}),
    ...(manifest.subject ? { subject: manifest.subject.digest } : {}),
    ...extra,
  };
}

/** An index (OCI) or manifest list (Docker) over already built manifests. */
function index(format, entries, annotations) {
  const docker = format === 'docker';
  const manifest = {
    schemaVersion: 2,
    mediaType: docker ? MT.dockerList : MT.ociIndex,
    manifests: entries.map(({ m, platform, annotations: a, artifactType }) => ({
      mediaType: m.mediaType,
      digest: m.digest,
      size: m.size,
      ...(artifactType ? { artifactType } : {}),
      ...(platform ? { platform } : {}),
      ...(a ? { annotations: a } : {}),
    })),
    ...(annotations ? { annotations } : {}),
  };
  const built = finish(manifest, []);
  built.children = entries.map((e) => e.m);
  return built;
}

// -------------------------------------------------------------------- HTTP

let requests = 0;
let active = 0;
const waiting = [];

async function slot(fn) {
  if (active >= concurrency) await new Promise((resolve) => waiting.push(resolve));
  active++;
  try {
    return await fn();
  } finally {
    active--;
    waiting.shift()?.();
  }
}

class HttpError extends Error {
  constructor(method, url, status, body) {
    super(`${method} ${url} -> ${status} ${body.slice(0, 300)}`);
    this.status = status;
  }
}

async function http(method, path, { headers = {}, body, ok = [200, 201, 202], redirect = 'manual' } = {}) {
  const url = new URL(path, registry + '/');
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await slot(async () => {
        requests++;
        const r = await fetch(url, {
          method,
          headers: { ...(authHeader ? { Authorization: authHeader } : {}), ...headers },
          body,
          redirect,
        });
        const text = method === 'HEAD' ? '' : await r.text();
        return { status: r.status, headers: r.headers, text };
      });
      if (res.status >= 500 && attempt < 4) throw new HttpError(method, url, res.status, res.text);
      if (!ok.includes(res.status)) {
        const e = new HttpError(method, url, res.status, res.text);
        e.final = true;
        throw e;
      }
      return res;
    } catch (e) {
      if (e.final || attempt >= 4) throw e;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

// Where each blob is known to live, for cross-repository mounts.
const blobHome = new Map();
// repo@digest -> promise, so one blob is pushed once per repository.
const blobPushes = new Map();
let mounted = 0;
let uploaded = 0;
let skipped = 0;

function ensureBlob(repo, b) {
  const key = `${repo}@${b.digest}`;
  let p = blobPushes.get(key);
  if (!p) {
    p = pushBlob(repo, b);
    blobPushes.set(key, p);
  }
  return p;
}

async function pushBlob(repo, b) {
  const home = blobHome.get(b.digest);
  let location;
  if (home && home !== repo) {
    // 201 when the blob was linked into `repo`; 202 (an ordinary upload
    // session) when the source does not have it after all.
    const r = await http('POST', `/v2/${repo}/blobs/uploads/?mount=${b.digest}&from=${home}`, { ok: [201, 202] });
    if (r.status === 201) {
      mounted++;
      return;
    }
    location = r.headers.get('location');
  } else {
    const head = await http('HEAD', `/v2/${repo}/blobs/${b.digest}`, { ok: [200, 404] });
    if (head.status === 200) {
      skipped++;
      if (!blobHome.has(b.digest)) blobHome.set(b.digest, repo);
      return;
    }
    const r = await http('POST', `/v2/${repo}/blobs/uploads/`, { ok: [202] });
    location = r.headers.get('location');
  }
  if (!location) throw new Error(`no Location for the upload of ${b.digest} to ${repo}`);
  const url = new URL(location, registry + '/');
  url.searchParams.set('digest', b.digest);
  await http('PUT', url.toString(), {
    headers: { 'Content-Type': 'application/octet-stream' },
    body: b.data,
    ok: [201],
  });
  uploaded++;
  if (!blobHome.has(b.digest)) blobHome.set(b.digest, repo);
}

const pushedManifests = new Map();

/** Push blobs, children (for an index) and the manifest itself by digest. */
async function pushManifest(repo, m) {
  const key = `${repo}@${m.digest}`;
  let p = pushedManifests.get(key);
  if (!p) {
    p = (async () => {
      await Promise.all([...m.blobs.map((b) => ensureBlob(repo, b)), ...m.children.map((c) => pushManifest(repo, c))]);
      await putManifest(repo, m.digest, m);
    })();
    pushedManifests.set(key, p);
  }
  return p;
}

async function putManifest(repo, ref, m) {
  const r = await http('PUT', `/v2/${repo}/manifests/${ref}`, {
    headers: { 'Content-Type': m.mediaType },
    body: m.bytes,
    ok: [201],
  });
  const got = r.headers.get('docker-content-digest');
  if (got && got !== m.digest) throw new Error(`${repo}:${ref}: registry digest ${got}, expected ${m.digest}`);
}

// ------------------------------------------------------------------ summary

const summary = {
  registry,
  profile: profileName,
  options: { repos: bulkCount, manyTags: manyTagCount },
  // crane and oras's versions and the repositories they pushed, or `skipped` and why (no Go)
  clients: {},
  counts: {},
  repositories: {},
  manifests: {},
};

function repoEntry(repo) {
  summary.repositories[repo] ??= { tags: {}, manifests: [] };
  return summary.repositories[repo];
}

function record(repo, m, extra = {}) {
  const r = repoEntry(repo);
  if (!r.manifests.includes(m.digest)) r.manifests.push(m.digest);
  summary.manifests[m.digest] ??= { ...m.info, ...extra };
  for (const c of m.children) record(repo, c);
}

/** Push `m` (with its children) and point each tag at it. */
async function tagImage(repo, m, tags) {
  await pushManifest(repo, m);
  record(repo, m);
  for (const tag of tags) {
    await putManifest(repo, tag, m);
    repoEntry(repo).tags[tag] = { digest: m.digest, mediaType: m.mediaType, size: m.size };
  }
}

// ---------------------------------------------------------------- progress

function progress(label, total) {
  let done = 0;
  let last = 0;
  const started = Date.now();
  return {
    tick() {
      done++;
      const now = Date.now();
      if (done === total || now - last > 1000) {
        last = now;
        log(`${label}: ${done}/${total} (${((now - started) / 1000).toFixed(1)} s)`);
      }
    },
  };
}

async function pool(items, fn, label) {
  const bar = progress(label, items.length);
  // Requests are throttled in http(); this only keeps memory flat.
  const queue = items.map((item, i) => [item, i]);
  const workers = Array.from({ length: Math.min(concurrency * 2, queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await fn(next[0], next[1]);
      bar.tick();
    }
  });
  await Promise.all(workers);
}

// ============================================================== the content

function rootfs(name, version, extraFiles = []) {
  return [
    { path: 'bin/', dir: true },
    { path: 'etc/', dir: true },
    { path: 'etc/os-release', data: `NAME="${name}"\nID=${name.toLowerCase()}\nVERSION_ID=${version}\n` },
    { path: 'etc/hostname', data: 'localhost\n' },
    { path: 'bin/sh', symlink: '/bin/busybox' },
    ...extraFiles,
  ];
}

// ---- demo/alpine: Docker v2, two layers; 3.19 and latest share a digest.
function alpine(version, created, noiseSize) {
  const base = layer(
    `alpine-base-${version}`,
    rootfs('Alpine Linux', version, [{ path: 'bin/busybox', data: noise(`busybox-${version}`, noiseSize), mode: 0o755 }]),
    created,
  );
  const certs = layer(
    `alpine-certs-${version}`,
    [
      { path: 'etc/ssl/', dir: true },
      { path: 'etc/ssl/certs/', dir: true },
      { path: 'etc/ssl/certs/ca-certificates.crt', data: noise(`certs-${version}`, 48 * 1024) },
    ],
    created,
  );
  return image({
    format: 'docker',
    created,
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: ['/bin/sh'],
      WorkingDir: '/',
    },
    steps: [
      { layer: base, createdBy: `/bin/sh -c #(nop) ADD file:alpine-minirootfs-${version}.tar.gz in / ` },
      { layer: certs, createdBy: '/bin/sh -c apk add --no-cache ca-certificates' },
      { createdBy: '/bin/sh -c #(nop)  CMD ["/bin/sh"]' },
    ],
  });
}

// ---- demo/oci-app: OCI, three layers, empty-layer history, tricky labels.
const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const UNICODE = 'Grüße aus Zürich — 日本語のラベル — emoji 🚢📦 — right-to-left: שלום';
const LONG_LABEL = Array.from({ length: 2000 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789'[i % 36]).join('');

function ociApp(version, created, appSize) {
  const baseLayer = layer(
    'oci-app-base',
    rootfs('Debian GNU/Linux', '12', [{ path: 'usr/lib/libc.so.6', data: noise('oci-app-libc', 900 * 1024) }]),
    '2023-05-01T00:00:00Z',
  );
  const deps = layer(
    `oci-app-deps-${version.split('.')[0]}`,
    [
      { path: 'app/', dir: true },
      { path: 'app/node_modules/', dir: true },
      { path: 'app/node_modules/bundle.js', data: noise(`deps-${version.split('.')[0]}`, 400 * 1024) },
    ],
    created,
  );
  const app = layer(
    `oci-app-${version}`,
    [
      { path: 'app/', dir: true },
      { path: 'app/server.js', data: `console.log('oci-app ${version}');\n` + noise(`app-${version}`, appSize).toString('base64') },
      { path: 'app/VERSION', data: `${version}\n` },
    ],
    created,
  );
  return image({
    created,
    author: 'Registry UI Maintainers <maintainers@registry-ui.example>',
    config: {
      User: '10001:10001',
      Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'NODE_ENV=production', `APP_VERSION=${version}`],
      Entrypoint: ['/usr/bin/tini', '--'],
      Cmd: ['node', '/app/server.js'],
      WorkingDir: '/app',
      ExposedPorts: { '8080/tcp': {}, '9090/tcp': {} },
      Volumes: { '/data': {}, '/var/log/app': {} },
      Labels: {
        'org.opencontainers.image.title': 'oci-app',
        'org.opencontainers.image.version': version,
        'org.opencontainers.image.source': 'https://github.com/registry-ui/oci-app',
        'org.example.note': HOSTILE,
        'org.example.unicode': UNICODE,
        'org.example.long': LONG_LABEL,
      },
    },
    steps: [
      { layer: baseLayer, createdBy: '/bin/sh -c #(nop) ADD file:debian-bookworm-rootfs.tar.xz in / ', created: '2023-05-01T00:00:00Z' },
      { createdBy: 'ENV NODE_ENV=production', comment: 'buildkit.dockerfile.v0' },
      { createdBy: 'WORKDIR /app', comment: 'buildkit.dockerfile.v0' },
      { layer: deps, createdBy: 'RUN /bin/sh -c npm ci --omit=dev # buildkit', comment: 'buildkit.dockerfile.v0' },
      { layer: app, createdBy: 'COPY . /app # buildkit', comment: 'buildkit.dockerfile.v0' },
      { createdBy: 'EXPOSE map[8080/tcp:{} 9090/tcp:{}]', comment: 'buildkit.dockerfile.v0' },
      { createdBy: 'VOLUME [/data /var/log/app]', comment: 'buildkit.dockerfile.v0' },
      { createdBy: 'USER 10001:10001', comment: 'buildkit.dockerfile.v0' },
      { createdBy: 'ENTRYPOINT ["/usr/bin/tini" "--"]', comment: 'buildkit.dockerfile.v0' },
      { createdBy: 'CMD ["node" "/app/server.js"]', comment: 'buildkit.dockerfile.v0' },
    ],
    annotations: {
      'org.opencontainers.image.created': created,
      'org.opencontainers.image.version': version,
      'org.opencontainers.image.revision': createHash('sha1').update(version).digest('hex'),
      'org.opencontainers.image.source': 'https://github.com/registry-ui/oci-app',
      'org.opencontainers.image.description': `oci-app ${version}: ${HOSTILE}`,
    },
  });
}

// ---- small single-layer images (nested names, bulk, many-tags, dated ...)
function tiny(key, created, { format = 'oci', files, extraLayers = [], labels, platform = {} } = {}) {
  const l = layer(
    `tiny-${key}`,
    files ?? [
      { path: 'srv/', dir: true },
      { path: 'srv/id', data: `${key}\n` },
    ],
    created,
  );
  return image({
    format,
    created,
    ...platform,
    config: {
      Env: ['PATH=/usr/local/bin:/usr/bin:/bin'],
      Cmd: ['/srv/run'],
      ...(labels ? { Labels: labels } : {}),
    },
    steps: [
      ...extraLayers.map((x) => ({ layer: x, createdBy: `/bin/sh -c #(nop) ADD file:${x.digest.slice(7, 19)} in / ` })),
      { layer: l, createdBy: `COPY ${key} /srv/id # buildkit`, comment: 'buildkit.dockerfile.v0' },
      { createdBy: 'CMD ["/srv/run"]', comment: 'buildkit.dockerfile.v0', created },
    ],
  });
}

// ---- demo/multiarch: OCI index, three platforms + a BuildKit attestation.
function multiarch() {
  const platforms = [
    { architecture: 'amd64', created: '2024-03-01T10:00:00Z', size: 1200 * 1024 },
    { architecture: 'arm64', created: '2024-03-01T10:07:00Z', size: 1050 * 1024 },
    { architecture: 'arm', variant: 'v7', created: '2024-03-01T10:21:00Z', size: 800 * 1024 },
  ];
  const children = platforms.map((p) => {
    const plat = `${p.architecture}${p.variant ?? ''}`;
    const m = image({
      architecture: p.architecture,
      variant: p.variant,
      created: p.created,
      config: { Env: ['PATH=/usr/bin:/bin'], Entrypoint: ['/usr/bin/multiarch'], Labels: { 'org.example.platform': plat } },
      steps: [
        {
          layer: layer(`multiarch-${plat}`, rootfs('Alpine Linux', '3.19', [{ path: 'usr/bin/multiarch', data: noise(`ma-${plat}`, p.size), mode: 0o755 }]), p.created),
          createdBy: `COPY --platform=linux/${plat} multiarch /usr/bin/ # buildkit`,
          comment: 'buildkit.dockerfile.v0',
        },
        { createdBy: 'ENTRYPOINT ["/usr/bin/multiarch"]', comment: 'buildkit.dockerfile.v0' },
      ],
    });
    return { m, platform: m.info.platform };
  });
  const amd64 = children[0].m;
  const statement = json({
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://slsa.dev/provenance/v0.2',
    subject: [{ name: 'pkg:docker/demo/multiarch@1.0?platform=linux%2Famd64', digest: { sha256: hex(amd64.digest) } }],
    predicate: {
      builder: { id: '' },
      buildType: 'https://mobyproject.org/buildkit@v1',
      metadata: { buildStartedOn: '2024-03-01T09:58:00Z', buildFinishedOn: '2024-03-01T10:00:00Z' },
    },
  });
  const provenance = blob(statement, MT.inToto);
  const attConfig = blob(
    json({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [provenance.digest] } }),
    MT.ociConfig,
  );
  const attestation = finish(
    {
      schemaVersion: 2,
      mediaType: MT.ociManifest,
      config: descriptor(attConfig),
      layers: [descriptor(provenance, { annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' } })],
    },
    [attConfig, provenance],
    { platform: { architecture: 'unknown', os: 'unknown' } },
  );
  return index('oci', [
    ...children,
    {
      m: attestation,
      platform: { architecture: 'unknown', os: 'unknown' },
      annotations: {
        'vnd.docker.reference.digest': amd64.digest,
        'vnd.docker.reference.type': 'attestation-manifest',
      },
    },
  ]);
}

// ---- charts/mychart: a Helm chart as pushed by Helm 3 before 3.13 (no
// top-level mediaType, so the registry's Content-Type is the only hint).
function helmChart() {
  const created = '2024-02-10T15:30:00Z';
  const chartConfig = blob(
    json({
      name: 'mychart',
      version: '0.1.0',
      description: 'A Helm chart for Kubernetes',
      apiVersion: 'v2',
      appVersion: '1.16.0',
      type: 'application',
    }),
    MT.helmConfig,
  );
  const content = blob(
    gzip(
      tar(
        [
          { path: 'mychart/', dir: true },
          { path: 'mychart/Chart.yaml', data: 'apiVersion: v2\nname: mychart\ndescription: A Helm chart for Kubernetes\ntype: application\nversion: 0.1.0\nappVersion: "1.16.0"\n' },
          { path: 'mychart/values.yaml', data: 'replicaCount: 1\nimage:\n  repository: nginx\n  tag: ""\nservice:\n  type: ClusterIP\n  port: 80\n' },
          { path: 'mychart/templates/', dir: true },
          { path: 'mychart/templates/deployment.yaml', data: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "mychart.fullname" . }}\n' },
        ],
        created,
      ),
    ),
    MT.helmChart,
  );
  return finish(
    {
      schemaVersion: 2,
      config: descriptor(chartConfig),
      layers: [descriptor(content)],
      annotations: {
        'org.opencontainers.image.created': created,
        'org.opencontainers.image.title': 'mychart',
        'org.opencontainers.image.version': '0.1.0',
        'org.opencontainers.image.description': 'A Helm chart for Kubernetes',
      },
    },
    [chartConfig, content],
    { created },
    MT.ociManifest,
  );
}

// ---- demo/signed: cosign signature and attestation tags next to v1.
function cosign(subject, kind) {
  const created = '2024-04-01T12:00:00Z';
  let payload;
  let layerAnnotations;
  if (kind === 'sig') {
    payload = blob(
      json({
        critical: {
          identity: { 'docker-reference': 'localhost:5000/demo/signed' },
          image: { 'docker-manifest-digest': subject.digest },
          type: 'cosign container image signature',
        },
        optional: null,
      }),
      MT.cosignSimpleSigning,
    );
    layerAnnotations = {
      'dev.cosignproject.cosign/signature': Buffer.from(sha256(`signature of ${subject.digest}`)).toString('base64'),
    };
  } else {
    const statement = json({
      _type: 'https://in-toto.io/Statement/v0.1',
      predicateType: 'https://slsa.dev/provenance/v0.2',
      subject: [{ name: 'localhost:5000/demo/signed', digest: { sha256: hex(subject.digest) } }],
      predicate: { builder: { id: 'https://github.com/registry-ui/ci' }, buildType: 'https://example.com/build@v1' },
    });
    payload = blob(
      json({
        payloadType: 'application/vnd.in-toto+json',
        payload: Buffer.from(statement).toString('base64'),
        signatures: [{ keyid: '', sig: Buffer.from(sha256(`attestation of ${subject.digest}`)).toString('base64') }],
      }),
      MT.dsseEnvelope,
    );
    layerAnnotations = { predicateType: 'https://slsa.dev/provenance/v0.2' };
  }
  const cfg = blob(
    json({
      architecture: '',
      created: '0001-01-01T00:00:00Z',
      history: [{ created: '0001-01-01T00:00:00Z' }],
      os: '',
      rootfs: { type: 'layers', diff_ids: [payload.digest] },
      config: {},
    }),
    MT.ociConfig,
  );
  return finish(
    {
      schemaVersion: 2,
      mediaType: MT.ociManifest,
      config: descriptor(cfg),
      layers: [descriptor(payload, { annotations: layerAnnotations })],
    },
    [cfg, payload],
    { created },
  );
}

// The empty config of OCI 1.1 artifacts ({}), as oras writes it.
const EMPTY = blob('{}', MT.ociEmpty);

// ---- demo/layouts: shapes real clients write that are easy to misread.
//   mirror + sha256-<digest of mirror>: a "digest tag" (regclient and others
//     tag a manifest by its own digest); not a referrers fallback tag.
//   loop: an index whose entries carry no platform (an image, an artifact and
//     a bare manifest), as artifact indexes and regclient's and oras's test
//     layouts do; the image's config says linux/amd64.
//   empty: an index that lists no manifests.
//   builder: a BuildKit-style index with a `vnd.docker.reference.type`
//     entry that is not an attestation-manifest.
//   notary: an image signed with Notation, stored as an OCI 1.1 artifact with
//     a subject and found through the referrers fallback tag.
function layouts() {
  const mirror = tiny('layouts-mirror', '2024-06-01T06:00:00Z');
  const loopImage = tiny('layouts-loop-image', '2024-06-02T06:00:00Z');
  const readme = blob('# loop\nAn index whose entries carry no platform.\n', 'text/markdown');
  const readmeArtifact = finish(
    {
      schemaVersion: 2,
      mediaType: MT.ociManifest,
      artifactType: 'application/vnd.example.readme.v1',
      config: { mediaType: MT.ociEmpty, digest: EMPTY.digest, size: EMPTY.size, data: 'e30=' },
      layers: [descriptor(readme, { annotations: { 'org.opencontainers.image.title': 'README.md' } })],
      annotations: { 'org.opencontainers.image.created': '2024-06-02T07:00:00Z' },
    },
    [EMPTY, readme],
  );
  const notes = blob('release notes\n', 'text/plain');
  const bare = finish(
    { schemaVersion: 2, mediaType: MT.ociManifest, config: descriptor(EMPTY), layers: [descriptor(notes)] },
    [EMPTY, notes],
  );
  const loop = index('oci', [
    { m: loopImage },
    { m: readmeArtifact, artifactType: 'application/vnd.example.readme.v1' },
    { m: bare },
  ]);
  const empty = index('oci', [], { 'org.opencontainers.image.created': '2024-06-03T06:00:00Z' });

  const builderImage = tiny('layouts-builder-amd64', '2024-06-04T06:00:00Z');
  const buildInfo = blob(json({ frontend: 'dockerfile.v0', sources: [{ type: 'docker-image', ref: 'docker.io/library/alpine:3.19' }] }), 'application/vnd.example.buildinfo.v1+json');
  const builderConfig = blob(json({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [buildInfo.digest] } }), MT.ociConfig);
  const builderEntry = finish(
    { schemaVersion: 2, mediaType: MT.ociManifest, config: descriptor(builderConfig), layers: [descriptor(buildInfo)] },
    [builderConfig, buildInfo],
  );
  const builder = index('oci', [
    { m: builderImage, platform: builderImage.info.platform },
    {
      m: builderEntry,
      platform: { architecture: 'unknown', os: 'unknown' },
      annotations: { 'vnd.docker.reference.digest': builderImage.digest, 'vnd.docker.reference.type': 'builder' },
    },
  ]);

  const notary = tiny('layouts-notary', '2024-06-05T06:00:00Z');
  const NOTARY = 'application/vnd.cncf.notary.signature';
  const b64 = (v) => Buffer.from(typeof v === 'string' ? v : json(v)).toString('base64url');
  const envelope = blob(
    json({
      payload: b64({ targetArtifact: { mediaType: notary.mediaType, digest: notary.digest, size: notary.size } }),
      protected: b64({ alg: 'PS256', crit: ['io.cncf.notary.signingScheme'], cty: 'application/vnd.cncf.notary.payload.v1+json', 'io.cncf.notary.signingScheme': 'notary.x509', 'io.cncf.notary.signingTime': '2024-06-05T07:00:00Z' }),
      header: { x5c: [b64(noise('layouts-notary-cert', 600))] },
      signature: b64(noise('layouts-notary-signature', 256)),
    }),
    'application/jose+json',
  );
  const signature = finish(
    {
      schemaVersion: 2,
      mediaType: MT.ociManifest,
      artifactType: NOTARY,
      config: { mediaType: MT.ociEmpty, digest: EMPTY.digest, size: EMPTY.size },
      layers: [descriptor(envelope)],
      subject: { mediaType: notary.mediaType, digest: notary.digest, size: notary.size },
      annotations: {
        'io.cncf.notary.x509chain.thumbprint#S256': json([createHash('sha256').update('layouts-notary-cert').digest('hex')]),
        'org.opencontainers.image.created': '2024-06-05T07:00:00Z',
      },
    },
    [EMPTY, envelope],
  );
  const notaryReferrers = index('oci', [
    { m: signature, artifactType: NOTARY, annotations: signature.manifest.annotations },
  ]);
  return { mirror, loop, empty, builder, notary, signature, notaryReferrers };
}

// ---- demo/huge: the largest manifests distribution takes (it refuses a
// body over 4 MiB: "http: request body too large"). `layers`: 27,000 layers
// (200 distinct blobs, repeated as old Docker builds repeat their empty
// layer), with a config listing every diff_id; `annotation`: one ~4 MB
// annotation value.
const MAX_MANIFEST = 4 * 1024 * 1024;
function huge() {
  const distinct = Array.from({ length: 200 }, (_, i) =>
    layer(`huge-${i}`, [{ path: 'srv/', dir: true }, { path: `srv/part-${i}`, data: `${i}\n` }], '2024-07-01T00:00:00Z'),
  );
  const layers = Array.from({ length: 27_000 }, (_, i) => distinct[i % distinct.length]);
  const created = '2024-07-01T00:00:00Z';
  const cfg = blob(
    json({ architecture: 'amd64', os: 'linux', created, config: { Cmd: ['/srv/run'] }, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) } }),
    MT.ociConfig,
  );
  const manyLayers = finish(
    { schemaVersion: 2, mediaType: MT.ociManifest, config: descriptor(cfg), layers: layers.map((l) => descriptor(l)) },
    [cfg, ...distinct],
    { created },
  );
  const one = tiny('huge-annotation', '2024-07-02T00:00:00Z');
  const value = Array.from({ length: 4000 }, (_, i) => createHash('sha256').update(`huge-annotation-${i}`).digest('hex').repeat(16)).join('');
  const bigAnnotation = finish(
    {
      ...one.manifest,
      annotations: { 'org.opencontainers.image.created': '2024-07-02T00:00:00Z', 'org.example.payload': value },
    },
    one.blobs,
    { created: '2024-07-02T00:00:00Z' },
  );
  for (const m of [manyLayers, bigAnnotation]) if (m.size > MAX_MANIFEST) throw new Error(`demo/huge: ${m.size} bytes is more than distribution takes`);
  return { manyLayers, bigAnnotation };
}

// ---- demo/many-tags: natural-sort-hostile names over 20 images.
function manyTagNames(n) {
  const fixed = [
    'latest', 'stable', 'main', 'edge', 'v1.0.0', 'v1.2.9', 'v1.2.10', 'v1.10.0', 'v1.9.0', 'v2.0.0-rc.1',
    'v2.0.0-rc.2', 'v2.0.0-rc.10', 'v2.0.0', 'build-9', 'build-10', 'build-99', 'build-100', '1.0', '1.0.1',
    'sha-0a1b2c3', 'release-2024-01-05', 'V3-uppercase', 'pr_123', 'nightly.20240101',
  ];
  const names = [];
  const seen = new Set();
  const add = (t) => {
    if (names.length < n && !seen.has(t)) {
      seen.add(t);
      names.push(t);
    }
  };
  fixed.forEach(add);
  for (let i = 0; names.length < n; i++) {
    add(`v${Math.floor(i / 260)}.${Math.floor(i / 13) % 20}.${i % 13}`);
    add(`build-${i + 1}`);
  }
  return names;
}

// ---- demo/dated: 60 date tags over 300 days, for retention rules.
function datedImages() {
  const shared = layer(
    'dated-base',
    rootfs('Alpine Linux', '3.19', [{ path: 'usr/lib/base.so', data: noise('dated-base', 200 * 1024) }]),
    '2024-01-01T00:00:00Z',
  );
  const out = [];
  for (let i = 0; i < 60; i++) {
    const created = isoDay('2024-01-01T00:00:00Z', i * 5, 3);
    const tag = created.slice(0, 10).replaceAll('-', '.');
    const group = Math.floor(i / 10);
    const mid = layer(
      `dated-mid-${group}`,
      [
        { path: 'opt/', dir: true },
        { path: `opt/deps-${group}.bin`, data: noise(`dated-mid-${group}`, 64 * 1024) },
      ],
      isoDay('2024-01-01T00:00:00Z', group * 50),
    );
    out.push({ tag, m: tiny(`dated-${tag}`, created, { extraLayers: [shared, mid] }) });
  }
  return out;
}

// ======================================================= made by real clients

// crane (go-containerregistry) and oras push these, as users push theirs: the registry stores what the clients
// wrote, byte for byte, and the UI is tested on that rather than on this file's idea of it. Both are built with
// Go once per machine (scripts/lib/common.sh ensure_go_tools); without Go the repositories below are not
// pushed, the summary says why (`clients.skipped`), and the specs that need them skip.
const COMMON_SH = fileURLToPath(new URL('../lib/common.sh', import.meta.url));
const ACCEPT = [MT.ociIndex, MT.ociManifest, MT.dockerList, MT.dockerManifest].join(', ');

/** Build crane and oras when missing; { skipped } when there is no Go. One shell, beside the other pushes. */
async function goClients() {
  const script =
    'ensure_go_tools crane oras || exit $?; for t in crane oras; do go_tool $t && go_tool_version $t || exit 2; done';
  const r = await new Promise((resolve) => {
    const child = spawn('bash', ['-c', `. "$0"; ${script}`, COMMON_SH], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (status) => resolve({ status, out, err }));
  });
  if (r.status === 1) return { skipped: 'crane and oras need Go, which this machine does not have' };
  if (r.status !== 0) {
    process.stderr.write(r.err);
    fail('crane or oras failed to build (Go is here; see above)');
  }
  if (!quiet) process.stderr.write(r.err);
  const [crane, craneVersion, oras, orasVersion] = r.out.trim().split('\n');
  return { crane: { path: crane, version: craneVersion }, oras: { path: oras, version: orasVersion } };
}

/** Runs one client; resolves to its stdout, rejects with its stderr. */
function run(bin, args, { cwd, env, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`${basename(bin)} ${args.join(' ')} -> exit ${code}\n${err.trim()}`)),
    );
    child.stdin.end(input ?? '');
  });
}

function clientRunner(tools) {
  const dir = mkdtempSync(join(tmpdir(), 'registry-ui-seed-'));
  // neither client reads the user's credentials
  const env = { ...process.env, DOCKER_CONFIG: join(dir, 'docker') };
  const url = new URL(registry);
  const plain = url.protocol === 'http:';
  return {
    dir,
    host: url.host,
    crane: (args, input) => run(tools.crane.path, ['--insecure', ...args], { cwd: dir, env, input }),
    oras: (args) => run(tools.oras.path, [...args, ...(plain ? ['--plain-http'] : [])], { cwd: dir, env }),
    async login() {
      if (process.env.REGISTRY_USER) {
        await run(tools.crane.path, ['auth', 'login', url.host, '-u', process.env.REGISTRY_USER, '--password-stdin'], {
          env,
          input: process.env.REGISTRY_PASSWORD ?? '',
        });
      }
    },
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * An image as crane makes one: `crane append` of one layer (this file's tar, fixed owners and times) onto the
 * empty image, Docker media types unless `oci`; `crane mutate` for the platform, environment, command, labels
 * and annotations; then the created date, which crane leaves at 0001-01-01 and crane mutate has no flag for,
 * with `crane edit config` (it reads the new config from stdin). Each step pushes a new manifest and moves
 * the tag: the two before the last are deleted, where the registry allows it, so the repository holds
 * what a user who had pushed once would have. Returns the last manifest's digest.
 */
async function craneImage(c, repo, tag, { oci = false, files, created, platform, env = [], cmd, labels = {}, annotations = {} }) {
  const file = join(c.dir, `${repo.replaceAll('/', '_')}_${tag}.tar`);
  writeFileSync(file, tar(files, created));
  const ref = `${c.host}/${repo}:${tag}`;
  const pushed = (out) => /@(sha256:[0-9a-f]{64})\s*$/.exec(out)?.[1];
  const appended = pushed(await c.crane(['append', ...(oci ? ['--oci-empty-base'] : []), '-f', file, '-t', ref]));
  const mutated = pushed(
    await c.crane([
      'mutate', ref, '--set-platform', platform,
      ...env.flatMap((e) => ['-e', e]),
      ...(cmd ? ['--cmd', cmd] : []),
      ...Object.entries(labels).flatMap(([k, v]) => ['-l', `${k}=${v}`]),
      ...Object.entries(annotations).flatMap(([k, v]) => ['-a', `${k}=${v}`]),
      '-t', ref,
    ]),
  );
  const config = JSON.parse(await c.crane(['config', ref]));
  config.created = created;
  for (const h of config.history ?? []) h.created = created;
  await c.crane(['edit', 'config', ref, '-t', ref], JSON.stringify(config));
  const digest = await c.crane(['digest', ref]);
  for (const d of new Set([appended, mutated])) {
    if (d && d !== digest) await http('DELETE', `/v2/${repo}/manifests/${d}`, { ok: [202, 404, 405] });
  }
  return digest;
}

/** Reads back what a client pushed and records it in the summary like the hand-made manifests. */
async function recordPushed(repo, ref, tags, pushedBy) {
  const r = await http('GET', `/v2/${repo}/manifests/${ref}`, { headers: { Accept: ACCEPT } });
  const digest = r.headers.get('docker-content-digest') ?? sha256(Buffer.from(r.text, 'utf8'));
  const manifest = JSON.parse(r.text);
  const mediaType = manifest.mediaType ?? r.headers.get('content-type');
  const size = Buffer.byteLength(r.text, 'utf8');
  let extra = { pushedBy };
  if (manifest.config?.mediaType === MT.ociConfig || manifest.config?.mediaType === MT.dockerConfig) {
    // a registry with a storage redirect answers a blob GET with 307 to where the blob is
    const cfg = JSON.parse((await http('GET', `/v2/${repo}/blobs/${manifest.config.digest}`, { redirect: 'follow' })).text);
    const platform = { os: cfg.os, architecture: cfg.architecture, ...(cfg.variant ? { variant: cfg.variant } : {}) };
    extra = { ...extra, platform, created: cfg.created };
  } else if (manifest.annotations?.['org.opencontainers.image.created']) {
    extra.created = manifest.annotations['org.opencontainers.image.created'];
  }
  const entry = repoEntry(repo);
  if (!entry.manifests.includes(digest)) entry.manifests.push(digest);
  summary.manifests[digest] = manifestInfo(manifest, size, mediaType, extra);
  for (const tag of tags) entry.tags[tag] = { digest, mediaType, size };
  for (const child of manifest.manifests ?? []) await recordPushed(repo, child.digest, [], pushedBy);
  return digest;
}

// ---- demo/docker-list: a Docker manifest list of two Docker v2 images, as `crane index append
// --docker-empty-base` writes one (with each entry's config type as artifactType), over per-platform tags as
// people keep them for `docker manifest create` and crane alike.
async function dockerListByCrane(c) {
  const repo = 'demo/docker-list';
  const platforms = [
    { architecture: 'amd64', created: '2023-11-02T08:00:00Z', size: 300 * 1024 },
    { architecture: 'arm64', variant: 'v8', created: '2023-11-02T08:04:00Z', size: 280 * 1024 },
  ];
  const children = await Promise.all(
    platforms.map(async (p) => {
      const tag = `stable-${p.architecture}`;
      const digest = await craneImage(c, repo, tag, {
        files: [
          { path: 'srv/', dir: true },
          { path: 'srv/run', data: noise(`dl-${p.architecture}`, p.size), mode: 0o755 },
        ],
        created: p.created,
        platform: ['linux', p.architecture, p.variant].filter(Boolean).join('/'),
        env: ['PATH=/usr/local/bin:/usr/bin:/bin'],
        cmd: '/srv/run',
      });
      await recordPushed(repo, digest, [tag], 'crane');
      return digest;
    }),
  );
  await c.crane(['index', 'append', '--docker-empty-base', ...children.flatMap((d) => ['-m', `${c.host}/${repo}@${d}`]), '-t', `${c.host}/${repo}:stable`]);
  await recordPushed(repo, 'stable', ['stable'], 'crane');
}

// ---- demo/artifact: an OCI image made by crane, and an SBOM that oras attaches to it. Where the registry
// answers the referrers API (go-containerregistry) the SBOM is found through it alone: oras is told so, as it
// finds out by itself on registries that confirm a subject with an OCI-Subject header (go-containerregistry
// sends none, so on its own oras also writes the fallback tag there: clients/crane in scripts/seed/clients.sh
// is that case). Elsewhere (Distribution 2.8 and 3.x) oras keeps the list at the fallback tag sha256-<hex>.
async function artifactByOras(c) {
  const repo = 'demo/artifact';
  const created = '2024-05-01T08:00:00Z';
  const app = await craneImage(c, repo, 'app', {
    oci: true,
    files: [
      { path: 'srv/', dir: true },
      { path: 'srv/id', data: 'artifact-app\n' },
    ],
    created,
    platform: 'linux/amd64',
    env: ['PATH=/usr/local/bin:/usr/bin:/bin'],
    cmd: '/srv/run',
    annotations: { 'org.opencontainers.image.created': created },
  });
  await recordPushed(repo, app, ['app'], 'crane');
  const api = await http('GET', `/v2/${repo}/referrers/${app}`, { headers: { Accept: MT.ociIndex }, ok: [200, 400, 401, 404, 405] });
  const via = api.status === 200 ? 'api' : 'tag';
  writeFileSync(
    join(c.dir, 'sbom.spdx.json'),
    json({
      spdxVersion: 'SPDX-2.3',
      name: 'demo/artifact:app',
      packages: [{ name: 'busybox', versionInfo: '1.36.1' }, { name: 'musl', versionInfo: '1.2.4' }],
    }),
  );
  const out = await c.oras([
    'attach', '--format', 'json', '--artifact-type', MT.exampleSbom,
    '--annotation', 'org.opencontainers.image.created=2024-05-05T05:05:05Z',
    ...(via === 'api' ? ['--distribution-spec', 'v1.1-referrers-api'] : []),
    `${c.host}/${repo}@${app}`, `sbom.spdx.json:${MT.exampleSbom}`,
  ]);
  await recordPushed(repo, JSON.parse(out).digest, [], 'oras');
  const fallbackTag = `sha256-${hex(app)}`;
  if (via === 'tag') await recordPushed(repo, fallbackTag, [fallbackTag], 'oras');
  repoEntry(repo).referrers = { subject: app, via, fallbackTag };
}

/** The repositories crane and oras push; returns what the summary says of the clients. */
async function clientRepositories() {
  const tools = await goClients();
  if (tools.skipped) {
    // said even with --quiet: what is missing from the registry is not progress
    process.stderr.write(`[seed] demo/docker-list and demo/artifact not pushed: ${tools.skipped}\n`);
    return { skipped: tools.skipped };
  }
  const started = Date.now();
  const c = clientRunner(tools);
  try {
    await c.login();
    await Promise.all([dockerListByCrane(c), artifactByOras(c)]);
  } finally {
    c.done();
  }
  const { via, fallbackTag } = repoEntry('demo/artifact').referrers;
  log(
    `demo/docker-list by crane, demo/artifact by crane and oras (its SBOM through ${via === 'api' ? 'the referrers API' : `the fallback tag ${fallbackTag.slice(0, 19)}…`}) ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { crane: tools.crane.version, oras: tools.oras.version, repositories: ['demo/artifact', 'demo/docker-list'] };
}

// =================================================================== main

async function main() {
  const started = Date.now();
  try {
    const r = await http('GET', '/v2/', { ok: [200, 401] });
    if (r.status === 401) fail(`${registry} wants credentials: set REGISTRY_USER and REGISTRY_PASSWORD`);
  } catch (e) {
    fail(`${registry}/v2/ does not answer: ${e.cause?.code ?? e.message}`);
  }
  log(`seeding ${registry} (profile ${profileName}: ${bulkCount} bulk repositories, ${manyTagCount} tags in demo/many-tags)`);

  const alpine318 = alpine('3.18', '2023-08-07T19:20:20Z', 600 * 1024);
  const alpine319 = alpine('3.19', '2024-01-26T23:44:37Z', 640 * 1024);
  const app = [
    ['1.0.0', '2024-01-15T09:00:00Z', 20 * 1024],
    ['1.1.0', '2024-02-20T09:00:00Z', 24 * 1024],
    ['2.0.0', '2024-04-02T09:00:00Z', 31 * 1024],
  ].map(([v, c, s]) => [v, ociApp(v, c, s)]);
  const signedV1 = tiny('signed-v1', '2024-03-30T12:00:00Z', { labels: { 'org.opencontainers.image.title': 'signed' } });

  // Independent repositories go in parallel; http() bounds the requests.
  const demo = progress('demo repositories', 11);
  const job = (fn) => fn().then(() => demo.tick());
  await Promise.all([
    job(async () => {
      await tagImage('demo/alpine', alpine318, ['3.18']);
      await tagImage('demo/alpine', alpine319, ['3.19', 'latest']);
    }),
    job(async () => {
      for (const [v, m] of app) await tagImage('demo/oci-app', m, v === '2.0.0' ? [v, 'latest'] : [v]);
    }),
    job(async () => tagImage('demo/multiarch', multiarch(), ['1.0', 'latest'])),
    job(async () => {
      summary.clients = await clientRepositories();
    }),
    job(async () => {
      await tagImage('team/backend/api', tiny('api-v1', '2024-02-01T10:00:00Z', { format: 'docker' }), ['v1']);
      await tagImage('team/backend/api', tiny('api-v2', '2024-03-01T10:00:00Z'), ['v2', 'latest']);
    }),
    job(async () => {
      await tagImage('deep/a/b/c/image', tiny('deep-1', '2023-12-24T18:00:00Z'), ['1.0']);
      await tagImage('deep/a/b/c/image', tiny('deep-2', '2024-01-02T18:00:00Z'), ['2.0', 'latest']);
    }),
    job(async () => {
      const repo = 'demo/deleted';
      const gone = [
        ['v1', tiny('deleted-v1', '2023-09-09T09:09:09Z')],
        ['v2', tiny('deleted-v2', '2023-10-10T10:10:10Z')],
      ];
      for (const [tag, m] of gone) await tagImage(repo, m, [tag]);
      const entry = repoEntry(repo);
      entry.deletedTags = {};
      for (const [tag, m] of gone) {
        const r = await http('DELETE', `/v2/${repo}/manifests/${m.digest}`, { ok: [202, 404, 405] });
        if (r.status === 405) {
          log(`${repo}: delete is disabled on this registry, its tags stay`);
          continue;
        }
        entry.deletedTags[tag] = entry.tags[tag];
        delete entry.tags[tag];
        summary.manifests[m.digest].deleted = true;
      }
    }),
    job(async () => {
      const repo = 'demo/blob-only';
      const b = blob(noise('blob-only', 4096), 'application/octet-stream');
      await ensureBlob(repo, b);
      Object.assign(repoEntry(repo), { blobs: [{ digest: b.digest, size: b.size }] });
    }),
    job(async () => tagImage('charts/mychart', helmChart(), ['0.1.0'])),
    job(async () => {
      await tagImage('demo/signed', signedV1, ['v1']);
      await tagImage('demo/signed', cosign(signedV1, 'sig'), [`sha256-${hex(signedV1.digest)}.sig`]);
      await tagImage('demo/signed', cosign(signedV1, 'att'), [`sha256-${hex(signedV1.digest)}.att`]);
    }),
    job(async () => {
      // The dated images: distinct digests, shared base and per-group layers.
      const dated = datedImages();
      for (const { m } of dated) await pushManifest('demo/dated', m);
      await pool(dated, ({ tag, m }) => tagImage('demo/dated', m, [tag]), 'demo/dated tags');
      await tagImage('demo/dated', dated[dated.length - 1].m, ['latest']);
      await tagImage('demo/dated', dated[44].m, ['stable']);
    }),
  ]);

  {
    const l = layouts();
    await tagImage('demo/layouts', l.mirror, ['mirror', `sha256-${hex(l.mirror.digest)}`]);
    await tagImage('demo/layouts', l.loop, ['loop']);
    await tagImage('demo/layouts', l.empty, ['empty']);
    await tagImage('demo/layouts', l.builder, ['builder']);
    await tagImage('demo/layouts', l.notary, ['notary']);
    await tagImage('demo/layouts', l.signature, []);
    await tagImage('demo/layouts', l.notaryReferrers, [`sha256-${hex(l.notary.digest)}`]);
  }
  if (profileName === 'full') {
    const h = huge();
    await tagImage('demo/huge', h.manyLayers, ['layers']);
    await tagImage('demo/huge', h.bigAnnotation, ['annotation']);
  }

  // demo/many-tags: every tag is a PUT of one of 20 manifests, in an order
  // that is neither sorted nor creation order.
  {
    const repo = 'demo/many-tags';
    const images = Array.from({ length: 20 }, (_, i) =>
      tiny(`many-${i}`, isoDay('2023-01-01T00:00:00Z', i * 17, 6 + (i % 12))),
    );
    await Promise.all(images.map((m) => pushManifest(repo, m)));
    images.forEach((m) => record(repo, m));
    const names = manyTagNames(manyTagCount);
    const pick = (name) => images[createHash('sha256').update(name).digest().readUInt32BE(0) % images.length];
    const entry = repoEntry(repo);
    await pool(shuffle(names, 'many-tags'), async (tag) => {
      const m = pick(tag);
      await putManifest(repo, tag, m);
      entry.tags[tag] = { digest: m.digest, mediaType: m.mediaType, size: m.size };
    }, repo);
  }

  // demo/distinct: every tag its own image (off unless asked for: the benchmark's 300-tag case)
  if (distinctTagCount > 0) {
    const repo = 'demo/distinct';
    const tags = Array.from({ length: distinctTagCount }, (_, i) => ({ tag: `r${i + 1}`, m: tiny(`distinct-${i}`, isoDay('2024-01-01T00:00:00Z', i % 365, i % 24)) }));
    await pool(shuffle(tags, 'distinct'), ({ tag, m }) => tagImage(repo, m, [tag]), repo);
  }

  // bulk/repo-NNNNN: one shared config and layer, mounted from the first.
  if (bulkCount > 0) {
    const m = tiny('bulk', '2022-12-31T23:59:59Z');
    const names = Array.from({ length: bulkCount }, (_, i) => `bulk/repo-${String(i + 1).padStart(5, '0')}`);
    await tagImage(names[0], m, ['latest']);
    await pool(names.slice(1), (repo) => tagImage(repo, m, ['latest']), 'bulk repositories');
  }

  // Requests finish in any order; sort so equal registries give equal summaries.
  const byKey = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const repos = Object.keys(summary.repositories).sort();
  summary.repositories = Object.fromEntries(
    repos.map((name) => {
      const r = summary.repositories[name];
      r.tags = byKey(r.tags);
      if (r.deletedTags) r.deletedTags = byKey(r.deletedTags);
      r.manifests.sort();
      return [name, r];
    }),
  );
  summary.manifests = byKey(summary.manifests);
  summary.counts = {
    repositories: repos.length,
    tags: repos.reduce((n, r) => n + Object.keys(summary.repositories[r].tags).length, 0),
    manifests: Object.keys(summary.manifests).length,
  };
  const text = JSON.stringify(summary, null, 2) + '\n';
  if (summaryFile) {
    mkdirSync(dirname(summaryFile), { recursive: true });
    writeFileSync(summaryFile, text);
  }
  process.stdout.write(text);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(
    `done in ${seconds} s: ${summary.counts.repositories} repositories, ${summary.counts.tags} tags, ` +
      `${requests} requests (${uploaded} blobs uploaded, ${mounted} mounted, ${skipped} already present)` +
      (summaryFile ? `; summary in ${summaryFile}` : ''),
  );
}

main().catch((e) => fail(e.stack ?? String(e)));
