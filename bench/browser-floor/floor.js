// The floor in the browser: the registry floor's minimal requests (bench/lib/floor.mjs: tags/list, a HEAD per
// tag, a GET per distinct manifest and config, six at a time, rows on screen first), sent by a bare page of the
// same Chromium through the same nginx, with nothing else on the page. What the UI takes beyond this is the
// app's own; what this takes beyond the registry floor is the browser's and the proxy's.
/* global document, location */
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const CONCURRENCY = 6;
const params = new URLSearchParams(location.search);
const repo = params.get('repo');
const visibleRows = Number(params.get('visible') ?? 13);
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const requests = {};

async function send(method, path) {
  requests[method] = (requests[method] ?? 0) + 1;
  // the headers the app sends: its marker (nginx keeps the browser's sign-in prompt away) and the manifest types
  const res = await fetch(`/v2/${path}`, { method, headers: { Accept: ACCEPT, 'X-Registry-UI': '1' }, cache: 'no-store' });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  return res;
}

async function pool(items, worker) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => { while (next < items.length) await worker(items[next++]); }));
}

// times from the start of navigation (performance.now()), as the UI's are read: loading this page is part of it
async function run() {
  const walkStart = performance.now();
  const tags = [...((await (await send('GET', `${repo}/tags/list`)).json()).tags ?? [])].sort((a, b) => collator.compare(a, b) || (a < b ? -1 : 1));
  const firstRow = performance.now();
  const pending = new Map();
  const details = async (tag) => {
    const digest = (await send('HEAD', `${repo}/manifests/${tag}`)).headers.get('docker-content-digest');
    if (!pending.has(digest)) {
      pending.set(digest, (async () => {
        const manifest = await (await send('GET', `${repo}/manifests/${digest}`)).json();
        if (manifest.config?.digest) await (await send('GET', `${repo}/blobs/${manifest.config.digest}`)).arrayBuffer();
      })());
    }
    await pending.get(digest);
  };
  await pool(tags.slice(0, visibleRows), details);
  const visibleComplete = performance.now();
  await pool(tags.slice(visibleRows), details);
  const allComplete = performance.now();
  return { walkStart, firstRow, visibleComplete, allComplete, tags: tags.length, requests };
}

run().then(
  (result) => {
    document.documentElement.dataset.result = JSON.stringify(result);
    document.title = 'done';
  },
  (error) => {
    document.documentElement.dataset.result = JSON.stringify({ error: String(error) });
    document.title = 'failed';
  },
);
