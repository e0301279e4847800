#!/usr/bin/env node
// A fault-injecting HTTP proxy for tests: it sits between registry-ui's nginx and a real registry
// (REGISTRY_URL points at it), forwards everything unchanged, records every request, and misbehaves on
// the requests a rule matches. No dependencies.
//
// In a test (the usual way):
//
//   import { startFaultProxy } from '../tests/fault-proxy/fault-proxy.mjs';
//   const proxy = await startFaultProxy({ upstream: 'http://127.0.0.1:5000' });
//   proxy.setRules([{ method: 'GET', path: '/v2/_catalog', fault: 'status', status: 503, retryAfter: '1' }]);
//   ... proxy.requests ...   // every request, in order, with the fault applied to it
//   await proxy.close();
//
// From a shell (rules and the request log over HTTP, under /_fault-proxy/, which nginx never forwards):
//
//   node tests/fault-proxy/fault-proxy.mjs --upstream http://127.0.0.1:5000 [--port 5001]
//   curl -X PUT localhost:5001/_fault-proxy/rules -d '[{"path":"/v2/_catalog","fault":"hang"}]'
//   curl localhost:5001/_fault-proxy/requests ; curl -X DELETE localhost:5001/_fault-proxy/rules
//
// A rule: { method?, path, fault, times?, ...options }
//   method   "GET", or a list; any method when absent
//   path     exact path ("/v2/_catalog"), a prefix ending in "*" ("/v2/team/app/*"), or a RegExp
//            (JSON: {"pathRegex": "…"}); the query string is not part of the path
//   times    apply to the first N matching requests only, then forward them untouched
//   fault    one of the faults below, or a list of response faults applied in order
//
// Faults that answer without asking the registry:
//   status          `status` (500, 502, 503, 429, …) with a registry-style JSON error body, or the HTML page
//                   a proxy would send with `html: true`; `retryAfter` sets Retry-After
//   hang            accept the request and never answer (until close())
//   reset           close the connection without an answer
// Faults applied to the registry's real answer:
//   truncate        send the headers (Content-Length kept) and half the body, then close the connection
//   malformed-json  replace the body with its first half and a stray brace (Content-Length fixed)
//   drop-digest     remove Docker-Content-Digest
//   wrong-digest    replace Docker-Content-Digest with `digest` (or a digest of other bytes)
//   tamper          change the body and keep every header: a layer size, a label, or one byte
//   body            serve `body` (and `contentType`) instead, with a Docker-Content-Digest that matches it:
//                   what a registry serving content this UI does not know would send
//   delay           wait `ms` before answering
import { createHash } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const CONTROL = '/_fault-proxy/';
const ANSWERING = new Set(['status', 'hang', 'reset']);
const TRANSFORMS = new Set(['truncate', 'malformed-json', 'drop-digest', 'wrong-digest', 'tamper', 'delay', 'body']);
// hop-by-hop headers (RFC 9110 §7.6.1) are not forwarded
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

const sha256 = (buf) => `sha256:${createHash('sha256').update(buf).digest('hex')}`;

const STATUS_TEXT = { 429: 'TOOMANYREQUESTS', 401: 'UNAUTHORIZED', 403: 'DENIED', 404: 'NAME_UNKNOWN' };

function normaliseRule(rule) {
  const faults = Array.isArray(rule.fault) ? rule.fault : [rule.fault];
  for (const f of faults) {
    if (!ANSWERING.has(f) && !TRANSFORMS.has(f)) throw new Error(`unknown fault "${f}"`);
  }
  if (faults.length > 1 && faults.some((f) => ANSWERING.has(f))) throw new Error(`"${faults.join(', ')}": status, hang and reset stand alone`);
  const path = rule.pathRegex ? new RegExp(rule.pathRegex) : rule.path;
  if (path === undefined) throw new Error('a rule needs a path (or pathRegex)');
  const methods = rule.method === undefined ? undefined : (Array.isArray(rule.method) ? rule.method : [rule.method]).map((m) => m.toUpperCase());
  return { ...rule, path, methods, faults, used: 0 };
}

function pathMatches(pattern, path) {
  if (pattern instanceof RegExp) return pattern.test(path);
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return path === pattern;
}

/** Changes a body without making it unreadable: what a broken cache or a meddling proxy would serve. */
function tamper(body) {
  try {
    const json = JSON.parse(body.toString('utf8'));
    if (Array.isArray(json.layers) && json.layers.length > 0) json.layers[0].size += 1_000_000;
    else if (Array.isArray(json.manifests) && json.manifests.length > 0) json.manifests[0].size += 1;
    else if (json.config && typeof json.config === 'object') json.config.Labels = { ...json.config.Labels, tampered: 'yes' };
    else if (Array.isArray(json.tags)) json.tags.push('tampered');
    else if (Array.isArray(json.repositories)) json.repositories.push('tampered/repository');
    else json.tampered = true;
    return Buffer.from(JSON.stringify(json));
  } catch {
    const copy = Buffer.from(body);
    if (copy.length > 0) copy[copy.length >> 1] ^= 0x20;
    else return Buffer.from('tampered');
    return copy;
  }
}

function errorBody(status) {
  const code = STATUS_TEXT[status] ?? 'UNKNOWN';
  return JSON.stringify({ errors: [{ code, message: `injected ${status}`, detail: 'fault-proxy' }] });
}

/**
 * Starts the proxy on 127.0.0.1 (a free port unless `port` is given).
 * @param {{ upstream: string, port?: number, host?: string }} options
 */
export async function startFaultProxy({ upstream, port = 0, host = '127.0.0.1' }) {
  const target = new URL(upstream);
  if (target.protocol !== 'http:') throw new Error('fault-proxy forwards to http:// upstreams only');
  let rules = [];
  /** @type {{ method: string, url: string, path: string, headers: Record<string, string | string[] | undefined>, fault: string | null, status?: number, at: number }[]} */
  const requests = [];
  const hanging = new Set();
  const sockets = new Set();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  const pick = (method, path) => {
    for (const rule of rules) {
      if (rule.methods && !rule.methods.includes(method)) continue;
      if (!pathMatches(rule.path, path)) continue;
      if (rule.times !== undefined && rule.used >= rule.times) continue;
      rule.used++;
      return rule;
    }
    return undefined;
  };

  const control = (req, res, body) => {
    const what = req.url.slice(CONTROL.length).split('?')[0];
    const send = (status, value) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    try {
      if (what === 'rules' && req.method === 'GET') return send(200, rules.map(({ path, ...r }) => ({ ...r, path: String(path) })));
      if (what === 'rules' && req.method === 'PUT') return send(200, (proxy.setRules(JSON.parse(body.toString() || '[]')), { ok: true }));
      if (what === 'rules' && req.method === 'DELETE') return send(200, (proxy.setRules([]), { ok: true }));
      if (what === 'requests' && req.method === 'GET') return send(200, requests);
      if (what === 'requests' && req.method === 'DELETE') return send(200, ((requests.length = 0), { ok: true }));
    } catch (e) {
      return send(400, { error: String(e.message ?? e) });
    }
    return send(404, { error: 'unknown control path' });
  };

  const forward = (req, body) =>
    new Promise((resolve, reject) => {
      const headers = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k)) headers[k] = v;
      const up = http.request(
        { host: target.hostname, port: target.port || 80, method: req.method, path: req.url, headers, agent },
        (upRes) => {
          const chunks = [];
          upRes.on('data', (c) => chunks.push(c));
          upRes.on('end', () => resolve({ status: upRes.statusCode, headers: { ...upRes.headers }, body: Buffer.concat(chunks) }));
          upRes.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(body);
    });

  const handle = async (req, res, body) => {
    const path = req.url.split('?')[0];
    const rule = pick(req.method, path);
    const entry = { method: req.method, url: req.url, path, headers: { ...req.headers }, fault: rule ? rule.faults.join('+') : null, at: Date.now() };
    requests.push(entry);
    const faults = rule?.faults ?? [];

    if (faults[0] === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (faults[0] === 'reset') {
      req.socket.destroy();
      return;
    }
    if (faults[0] === 'status') {
      const status = rule.status ?? 500;
      const text = rule.html ? `<html><head><title>${status}</title></head><body><h1>${status}</h1><script>alert("fault-proxy")</script></body></html>\n` : errorBody(status);
      const headers = { 'content-type': rule.html ? 'text/html' : 'application/json', 'content-length': Buffer.byteLength(text), 'docker-distribution-api-version': 'registry/2.0' };
      if (rule.retryAfter !== undefined) headers['retry-after'] = String(rule.retryAfter);
      entry.status = status;
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : text);
      return;
    }

    let answer;
    try {
      answer = await forward(req, body);
    } catch (e) {
      entry.status = 502;
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault-proxy: upstream failed: ${e.message}\n`);
      return;
    }
    const headers = {};
    for (const [k, v] of Object.entries(answer.headers)) if (!HOP.has(k)) headers[k] = v;
    let out = answer.body;
    let truncate = false;
    for (const f of faults) {
      if (f === 'delay') await new Promise((r) => setTimeout(r, rule.ms ?? 1000));
      if (f === 'drop-digest') delete headers['docker-content-digest'];
      if (f === 'wrong-digest') headers['docker-content-digest'] = rule.digest ?? sha256(Buffer.concat([out, Buffer.from('other bytes')]));
      if (f === 'malformed-json' && req.method !== 'HEAD') out = Buffer.concat([out.subarray(0, out.length >> 1), Buffer.from('\u0000}{')]);
      if (f === 'tamper' && req.method !== 'HEAD') out = tamper(out);
      if (f === 'body') {
        const replacement = Buffer.from(rule.body ?? '');
        if (req.method !== 'HEAD') out = replacement;
        else headers['content-length'] = String(replacement.length);
        if (rule.contentType) headers['content-type'] = rule.contentType;
        if (headers['docker-content-digest']) headers['docker-content-digest'] = sha256(replacement);
      }
      if (f === 'truncate') truncate = true;
    }
    if (req.method !== 'HEAD') headers['content-length'] = String(truncate ? Math.max(out.length, 2) : out.length);
    entry.status = answer.status;
    res.writeHead(answer.status, headers);
    if (req.method === 'HEAD') return res.end();
    if (truncate) {
      res.write(out.subarray(0, out.length >> 1), () => setTimeout(() => req.socket.destroy(), 20));
      return;
    }
    res.end(out);
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url.startsWith(CONTROL)) return control(req, res, body);
      handle(req, res, body).catch((e) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fault-proxy: ${e.message}\n`);
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;

  const proxy = {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    /** Every request that reached the proxy, oldest first. */
    requests,
    /** Replaces every rule. */
    setRules(next) {
      rules = next.map(normaliseRule);
    },
    /** Adds a rule after the existing ones (the first matching rule applies). */
    addRule(rule) {
      rules.push(normaliseRule(rule));
    },
    /** Drops every rule and lets hanging requests go (their connections are closed). */
    clear() {
      rules = [];
      for (const res of hanging) res.socket?.destroy();
      hanging.clear();
    },
    /** Requests matching a method and a path pattern (same syntax as rules). */
    find(method, path) {
      return requests.filter((r) => (!method || r.method === method) && (!path || pathMatches(path, r.path)));
    },
    async close() {
      proxy.clear();
      agent.destroy();
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
  return proxy;
}

// ------------------------------------------------------------------ CLI

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      upstream: { type: 'string', default: process.env.UPSTREAM ?? 'http://127.0.0.1:5000' },
      port: { type: 'string', default: process.env.PORT ?? '0' },
      rules: { type: 'string' },
    },
  });
  const proxy = await startFaultProxy({ upstream: values.upstream, port: Number(values.port) });
  if (values.rules) proxy.setRules(JSON.parse(values.rules));
  process.stdout.write(`${proxy.url}\n`);
  process.stderr.write(`[fault-proxy] ${proxy.url} -> ${values.upstream}; rules: PUT ${proxy.url}${CONTROL}rules\n`);
  const stop = () => proxy.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
