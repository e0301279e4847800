// The floor: the same scenarios sent straight to the registry with no UI, no proxy and no browser, as a client
// that already knows what to ask would send them: the minimal requests, six at a time (the per-origin limit
// of HTTP/1.1 browsers), over kept-alive connections. The UI's figures are divided by these.
import http from 'node:http';
import { ACCEPT } from '../../tests/fault-proxy/stack.mjs';

const CONCURRENCY = 6;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
export const naturalCompare = (a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

function client(base) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const stats = { requests: {}, bytes: 0 };
  const send = (method, path, headers = {}) =>
    new Promise((resolve, reject) => {
      const req = http.request(`${base}${path}`, { method, headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          // status line + header lines + blank line, as they came over the wire, plus the body
          const head = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + res.rawHeaders.reduce((n, h) => n + h.length + 2, 0) + 2;
          stats.bytes += head + body.length;
          stats.requests[method] = (stats.requests[method] ?? 0) + 1;
          if (res.statusCode >= 400) reject(new Error(`${method} ${path}: ${res.statusCode}`));
          else resolve({ res, body });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  return { send, stats, close: () => agent.destroy() };
}

async function pool(items, worker) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) await worker(items[next++]);
    }),
  );
}

const ms = (t0) => Math.round((performance.now() - t0) * 10) / 10;

/**
 * A tag list: the list, then for each tag a HEAD and, for a digest not known yet, the manifest and its config
 * (one fetch per distinct digest). Visible rows first, as the UI does. `known` carries the digests of a previous
 * run, for the warm visit.
 */
export async function floorTags(registry, repo, { visibleRows, known = { manifests: new Map(), configs: new Set() } }) {
  const c = client(registry);
  const t0 = performance.now();
  const { body } = await c.send('GET', `/v2/${repo}/tags/list`);
  const tags = [...(JSON.parse(body.toString()).tags ?? [])].sort(naturalCompare);
  const firstRow = ms(t0);
  const pending = new Map();
  const details = async (tag) => {
    const { res } = await c.send('HEAD', `/v2/${repo}/manifests/${tag}`, { Accept: ACCEPT });
    const digest = res.headers['docker-content-digest'];
    if (!known.manifests.has(digest)) {
      if (!pending.has(digest)) {
        pending.set(
          digest,
          (async () => {
            const { body: m } = await c.send('GET', `/v2/${repo}/manifests/${digest}`, { Accept: ACCEPT });
            const manifest = JSON.parse(m.toString());
            const config = manifest.config?.digest;
            if (config && !known.configs.has(config)) {
              await c.send('GET', `/v2/${repo}/blobs/${config}`);
              known.configs.add(config);
            }
            known.manifests.set(digest, manifest);
          })(),
        );
      }
      await pending.get(digest);
    }
  };
  await pool(tags.slice(0, visibleRows), details);
  const visibleComplete = ms(t0);
  await pool(tags.slice(visibleRows), details);
  const allComplete = ms(t0);
  c.close();
  return { firstRow, visibleComplete, allComplete, requests: c.stats.requests, bytes: c.stats.bytes, tags: tags.length, known };
}

/** The catalog: every page of 1,000 in turn (each waits for the last one's Link), then the visible rows' tag counts. */
export async function floorCatalog(registry, { visibleRows, pageSize = 1000 }) {
  const c = client(registry);
  const t0 = performance.now();
  let path = `/v2/_catalog?n=${pageSize}`;
  const names = [];
  let firstRow;
  let visibleComplete;
  let counting;
  while (path) {
    const { res, body } = await c.send('GET', path);
    names.push(...(JSON.parse(body.toString()).repositories ?? []));
    if (firstRow === undefined) {
      firstRow = ms(t0);
      // the tag counts of the first screen go out while the rest of the catalog streams, as in the UI
      const visible = [...names].sort(naturalCompare).slice(0, visibleRows);
      counting = pool(visible, (name) => c.send('GET', `/v2/${name}/tags/list`)).then(() => {
        visibleComplete = ms(t0);
      });
    }
    const link = res.headers.link;
    path = link ? /<([^>]*\/v2\/[^>]*)>/.exec(link)?.[1]?.replace(/^.*?(\/v2\/)/, '$1') : undefined;
  }
  const allPages = ms(t0);
  await counting;
  c.close();
  return { firstRow, visibleComplete, allPages, requests: c.stats.requests, bytes: c.stats.bytes, repositories: names.length };
}
