// A small token issuer for Distribution's `auth.token` (the Docker token authentication spec): the tests start
// it next to a real docker-registry. It signs RS256 JWTs with node:crypto, using a key and a self-signed
// certificate made by Debian's openssl; the registry trusts that certificate through `rootcertbundle`, and each
// token carries it in its `x5c` header (distribution 2.8 verifies the chain against the bundle).
//
//   const issuer = await startTokenServer({
//     dir,                                   // where key.pem and cert.pem go
//     users: { alice: { password: 'pw', grants: [{ type: 'repository', name: '*', actions: ['pull', 'delete'] }] } },
//     anonymous: [{ type: 'repository', name: 'public/*', actions: ['pull'] }],   // omit: anonymous gets 401
//   });
//   scripts/registry.sh with REGISTRY_TOKEN_REALM=issuer.realm, REGISTRY_TOKEN_SERVICE=issuer.service,
//     REGISTRY_TOKEN_ISSUER=issuer.issuer, REGISTRY_TOKEN_ROOTCERTBUNDLE=issuer.certPath
//   issuer.requests      every token request: { account, anonymous, scopes, status, granted, headers }
//   issuer.expiresIn = 3 tokens say they expire in 3 s (default 60, the spec's default)
//   issuer.staleNext(1)  the next token is already expired for the registry, though it claims `expiresIn`
//   await issuer.close()
//
// Standalone, for trying the UI by hand: node tests/token-server/token-server.mjs --port 5001 --dir /tmp/tok
//   (users from TOKEN_USERS='{"alice":{"password":"pw","grants":[…]}}'; prints the registry settings).
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, randomUUID, sign, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

/** `*` in a grant's name matches any run of characters, `/` included (`team/*` covers `team/a/b`). */
function globMatch(pattern, name) {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

/** `repository:team/app:pull,delete` → { type, name, actions }; names may not hold `:`, but be lenient. */
export function parseScope(scope) {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return undefined;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope.slice(last + 1).split(',').filter(Boolean),
  };
}

/** What `grants` allow of the requested scopes: only actions that were both asked for and granted. */
export function grantedAccess(grants, scopes) {
  const access = [];
  for (const s of scopes) {
    const wanted = parseScope(s);
    if (!wanted) continue;
    const actions = wanted.actions.filter((a) =>
      grants.some((g) => g.type === wanted.type && globMatch(g.name, wanted.name) && (g.actions.includes(a) || g.actions.includes('*'))),
    );
    if (actions.length > 0) access.push({ type: wanted.type, name: wanted.name, actions });
  }
  return access;
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** Makes key.pem and cert.pem in `dir` with openssl (RSA 2048, self-signed, one day), unless they exist. */
export function makeKeyPair(dir, subject = '/CN=registry-ui test token issuer') {
  mkdirSync(dir, { recursive: true });
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  try {
    readFileSync(keyPath);
    readFileSync(certPath);
  } catch {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', subject], { stdio: 'ignore' });
  }
  return { keyPath, certPath };
}

function checkPassword(expected, given) {
  const a = Buffer.from(String(expected));
  const b = Buffer.from(String(given));
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Starts the issuer on 127.0.0.1. Options: dir (key and certificate), users, anonymous (grants for requests
 * without credentials; undefined refuses them with 401), service, issuer, expiresIn, port, path.
 */
export async function startTokenServer({ dir, users = {}, anonymous, service = 'registry-ui-test', issuer = 'registry-ui-test-issuer', expiresIn = 60, port = 0, path = '/auth' }) {
  const { keyPath, certPath } = makeKeyPair(dir);
  const key = createPrivateKey(readFileSync(keyPath));
  const certDer = new X509Certificate(readFileSync(certPath)).raw;
  const requests = [];
  let stale = 0;

  const issue = (account, access, lifetime) => {
    const now = Math.floor(Date.now() / 1000);
    // distribution allows 60 s of clock skew on exp and nbf: a stale token must be further in the past
    const exp = stale > 0 ? now - 600 : now + lifetime;
    const nbf = stale > 0 ? now - 900 : now - 1;
    if (stale > 0) stale--;
    const header = { typ: 'JWT', alg: 'RS256', x5c: [certDer.toString('base64')] };
    const claims = { iss: issuer, sub: account, aud: service, exp, nbf, iat: now, jti: randomUUID(), access };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== path) return send(404, { details: 'not found' });
    const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
    const record = { account: '', anonymous: true, scopes, service: url.searchParams.get('service'), status: 0, granted: [], authorization: req.headers.authorization ?? '', headers: { ...req.headers } };
    requests.push(record);
    if (url.searchParams.get('service') !== service) {
      record.status = 400;
      return send(400, { details: 'unknown service' });
    }
    let grants = anonymous;
    const auth = req.headers.authorization;
    if (auth) {
      const m = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(auth);
      const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
      const colon = decoded.indexOf(':');
      const name = colon > 0 ? decoded.slice(0, colon) : '';
      const user = Object.hasOwn(users, name) ? users[name] : undefined;
      record.anonymous = false;
      record.account = name; // who tried, also when refused
      if (!user || !checkPassword(user.password, decoded.slice(colon + 1))) {
        record.status = 401;
        // what docker_auth and most issuers answer: a Basic challenge the browser must never turn into a prompt
        return send(401, { details: 'incorrect username or password' }, { 'www-authenticate': `Basic realm="${issuer}"` });
      }
      grants = user.grants;
    } else if (!anonymous) {
      record.status = 401;
      return send(401, { details: 'authentication required' }, { 'www-authenticate': `Basic realm="${issuer}"` });
    }
    const access = grantedAccess(grants, scopes);
    record.status = 200;
    record.granted = access;
    const lifetime = server.expiresIn;
    const token = issue(record.account, access, lifetime);
    send(200, { token, access_token: token, expires_in: lifetime, issued_at: new Date().toISOString() });
  });
  server.expiresIn = expiresIn;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    realm: `${url}${path}`,
    service,
    issuer,
    certPath,
    keyPath,
    requests,
    get expiresIn() {
      return server.expiresIn;
    },
    set expiresIn(seconds) {
      server.expiresIn = seconds;
    },
    /** The next `n` tokens are already expired for the registry while they claim the usual lifetime. */
    staleNext(n = 1) {
      stale = n;
    },
    /** The environment scripts/registry.sh needs to trust this issuer. */
    registryEnv() {
      return { REGISTRY_TOKEN_REALM: `${url}${path}`, REGISTRY_TOKEN_SERVICE: service, REGISTRY_TOKEN_ISSUER: issuer, REGISTRY_TOKEN_ROOTCERTBUNDLE: certPath };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// ------------------------------------------------------------------ standalone

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const users = process.env.TOKEN_USERS ? JSON.parse(process.env.TOKEN_USERS) : {};
  const anonymous = process.env.TOKEN_ANONYMOUS ? JSON.parse(process.env.TOKEN_ANONYMOUS) : undefined;
  const issuer = await startTokenServer({ dir: arg('dir', '/tmp/registry-ui-token'), port: Number(arg('port', '5001')), users, anonymous });
  for (const [k, v] of Object.entries(issuer.registryEnv())) console.log(`${k}=${v}`);
}
