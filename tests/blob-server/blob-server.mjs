// The other origin of a registry whose blobs live on object storage: serves a Distribution filesystem
// storage directory over HTTP, read-only, the way S3 or a CDN serves a bucket. With the registry's
// `redirect` storage middleware pointing here (scripts/registry.sh REGISTRY_REDIRECT_URL), every blob GET
// to the registry answers 307 to http://127.0.0.1:<port>/docker/registry/v2/blobs/<alg>/<xx>/<hex>/data.
//
//   node tests/blob-server/blob-server.mjs --root REGISTRY_DIR/data [--port 0] [--host 127.0.0.1]
//
// Prints `blob-server listening on http://host:port` once ready. GET and HEAD only, single byte ranges,
// nothing outside --root, no CORS headers (a browser on another origin cannot read it, like a private
// bucket), and GET /-/hits answers {"blobs": N}: how many blob GETs it served, so tests can tell the
// redirect was really followed.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { root: { type: 'string' }, port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } },
});
if (!values.root) {
  console.error('usage: blob-server.mjs --root DIR [--port N] [--host ADDR]');
  process.exit(2);
}
const root = resolve(values.root);
let hits = 0;

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://blob-server');
  if (url.pathname === '/-/hits') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ blobs: hits }));
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  // Only the shape of a blob's data file; nothing else of the storage is readable.
  if (!/^\/docker\/registry\/v2\/blobs\/[a-z0-9]+\/[a-f0-9]{2}\/[a-f0-9]{32,128}\/data$/.test(url.pathname)) {
    res.writeHead(404).end();
    return;
  }
  const file = resolve(root, `.${url.pathname}`);
  if (!file.startsWith(root + sep)) {
    res.writeHead(404).end();
    return;
  }
  let size;
  try {
    size = statSync(file).size;
  } catch {
    res.writeHead(404).end();
    return;
  }
  const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', 'x-blob-server': '1' };
  let start = 0;
  let end = size - 1;
  let status = 200;
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && (range[1] || range[2])) {
    start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    status = 206;
    headers['content-range'] = `bytes ${start}-${end}/${size}`;
  }
  headers['content-length'] = String(end - start + 1);
  if (req.method === 'GET') hits += 1;
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || size === 0) res.end();
  else createReadStream(file, { start, end }).pipe(res);
});

server.listen(Number(values.port), values.host, () => {
  const { address, port } = server.address();
  console.log(`blob-server listening on http://${address}:${port}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => server.close(() => process.exit(0)));
