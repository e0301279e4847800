// Registries with authentication, for the stack and end-to-end tests: an htpasswd file made with Debian's
// `htpasswd -Bbn` (bcrypt, as distribution requires), a token issuer (token-server.mjs), and a minimal
// registry client that answers a registry's challenge like `docker` does, to push test images.
//
//   const stack = new Stack('auth');                        // tests/fault-proxy/stack.mjs
//   const file = htpasswdFile(stack.tmp, { admin: 'pw' });
//   const registry = await stack.registry({ REGISTRY_HTPASSWD: file });
//   const client = registryClient(registry, { username: 'admin', password: 'pw' });
//   await client.pushImage('team/app', ['v1']);
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const sha256 = (buf) => `sha256:${createHash('sha256').update(buf).digest('hex')}`;

/** Writes an htpasswd file with one bcrypt line per user (`htpasswd -Bbn`); returns its path. */
export function htpasswdFile(dir, users) {
  const lines = Object.entries(users).map(([user, password]) => execFileSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' }).trim());
  const path = join(dir, 'htpasswd');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** `Basic realm="x"` / `Bearer realm="…",service="…",scope="…"` → { scheme, params }: enough for test servers. */
function challengeOf(header) {
  const m = /^(\w+)\s+(.*)$/.exec(header ?? '');
  if (!m) return undefined;
  const params = {};
  for (const p of m[2].matchAll(/(\w+)="([^"]*)"/g)) params[p[1].toLowerCase()] = p[2];
  return { scheme: m[1].toLowerCase(), params };
}

/**
 * A registry client for test set-up, with `credentials` ({ username, password }) or none: on a 401 it
 * answers a Basic challenge with the credentials, or gets a token from a Bearer challenge's realm.
 */
export function registryClient(registry, credentials) {
  const basic = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined;
  const tokens = new Map();

  async function send(method, path, { headers = {}, body, statuses = [200, 201, 202] } = {}) {
    const url = new URL(path, registry);
    const scopeKey = path.split('?')[0];
    for (let attempt = 0; attempt < 2; attempt++) {
      const auth = tokens.get(scopeKey) ?? (attempt === 0 ? undefined : basic);
      const res = await fetch(url, { method, headers: { ...headers, ...(auth ? { authorization: auth } : {}) }, body, redirect: 'manual' });
      if (res.status === 401 && attempt === 0) {
        await res.arrayBuffer();
        const c = challengeOf(res.headers.get('www-authenticate'));
        if (c?.scheme === 'bearer') {
          const t = new URL(c.params.realm);
          t.searchParams.set('service', c.params.service);
          if (c.params.scope) t.searchParams.set('scope', c.params.scope);
          const tr = await fetch(t, { headers: basic ? { authorization: basic } : {} });
          if (!tr.ok) throw new Error(`token for ${c.params.scope}: HTTP ${tr.status}`);
          const json = await tr.json();
          tokens.set(scopeKey, `Bearer ${json.token ?? json.access_token}`);
        }
        continue;
      }
      if (!statuses.includes(res.status)) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
      return res;
    }
    throw new Error(`${method} ${path}: still 401 with credentials`);
  }

  async function pushBlob(repo, data) {
    const digest = sha256(data);
    const start = await send('POST', `/v2/${repo}/blobs/uploads/`, { statuses: [202] });
    await start.arrayBuffer();
    const location = new URL(start.headers.get('location'), registry);
    location.searchParams.set('digest', digest);
    await (await send('PUT', location.pathname + location.search, { body: data, headers: { 'content-type': 'application/octet-stream' }, statuses: [201] })).arrayBuffer();
    return { digest, size: data.length };
  }

  return {
    send,
    /** Pushes a small OCI image tagged with every tag; returns its digest. */
    async pushImage(repo, tags, { created = '2024-05-01T12:00:00Z' } = {}) {
      const layer = await pushBlob(repo, Buffer.from(`layer of ${repo}:${tags.join(',')}\n`));
      const config = await pushBlob(repo, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', created, rootfs: { type: 'layers', diff_ids: [layer.digest] } })));
      const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
      }));
      for (const tag of tags) {
        await (await send('PUT', `/v2/${repo}/manifests/${tag}`, { body: manifest, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, statuses: [201] })).arrayBuffer();
      }
      return sha256(manifest);
    },
    /** The tags of a repository, as the registry lists them now. */
    async tags(repo) {
      const res = await send('GET', `/v2/${repo}/tags/list`, { statuses: [200, 404] });
      if (res.status === 404) return [];
      return (await res.json()).tags ?? [];
    },
  };
}

/** Grants for the token issuer: everything on every repository, and the catalog. */
export const ALL = [
  { type: 'repository', name: '*', actions: ['*'] },
  { type: 'registry', name: 'catalog', actions: ['*'] },
];
/** Pull on every repository, and the catalog: may read, not delete. */
export const READ_ONLY = [
  { type: 'repository', name: '*', actions: ['pull'] },
  { type: 'registry', name: 'catalog', actions: ['*'] },
];
