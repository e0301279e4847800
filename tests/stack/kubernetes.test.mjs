// deploy/kubernetes/, offline: every file the kustomization lists parses, validates against the Kubernetes
// OpenAPI schemas (kubernetes-models, no cluster and no network), and agrees with what the entrypoint reads:
// the ConfigMap holds only options docker/entrypoint.sh knows, the probes, ports, emptyDir and Ingress path
// follow its LISTEN_PORT, BASE_PATH and RUNTIME_DIR, and the entrypoint renders a valid nginx.conf from it.
//
//   node --test tests/stack/kubernetes.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIR = join(ROOT, 'deploy/kubernetes');
const ENTRYPOINT = join(ROOT, 'docker/entrypoint.sh');

/** kind → kubernetes-models module, for the kinds deploy/kubernetes may use. */
const MODELS = {
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'v1/Secret': 'kubernetes-models/v1/Secret',
  'v1/Service': 'kubernetes-models/v1/Service',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'networking.k8s.io/v1/Ingress': 'kubernetes-models/networking.k8s.io/v1/Ingress',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget',
};

function parseFile(file) {
  const docs = parseAllDocuments(readFileSync(join(DIR, file), 'utf8'), { prettyErrors: true });
  return docs.map((d) => {
    assert.deepEqual(d.errors, [], `${file}: YAML errors`);
    assert.deepEqual(d.warnings, [], `${file}: YAML warnings`);
    return d.toJS();
  });
}

const kustomization = parseFile('kustomization.yaml')[0];
const resources = kustomization.resources.flatMap((file) => parseFile(file).map((doc) => ({ file, doc })));
const find = (kind) => {
  const found = resources.filter((r) => r.doc.kind === kind);
  assert.equal(found.length, 1, `one ${kind}`);
  return found[0].doc;
};

/** The variables the entrypoint reads: docs/options.json (tests/stack/options.test.mjs checks it against the entrypoint). */
function entrypointVariables() {
  const { environment } = JSON.parse(readFileSync(join(ROOT, 'docs/options.json'), 'utf8'));
  return new Set(environment.flatMap((o) => (o.alias ? [o.name, o.alias] : [o.name])));
}

test('the kustomization lists every manifest in deploy/kubernetes and each one parses', () => {
  assert.equal(kustomization.kind, 'Kustomization');
  const files = execFileSync('ls', [DIR], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  assert.deepEqual([...kustomization.resources].sort(), files.sort());
  assert.ok(resources.length >= 5);
});

test('every resource validates against the Kubernetes schema (kubernetes-models)', () => {
  for (const { file, doc } of resources) {
    const key = `${doc.apiVersion}/${doc.kind}`;
    assert.ok(MODELS[key], `${file}: ${key} is a kind this test knows`);
    const mod = require(MODELS[key]);
    const Model = mod[doc.kind] ?? mod.default;
    assert.doesNotThrow(() => new Model(doc).validate(), `${file}: ${key} is valid`);
    assert.match(doc.metadata.name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, `${file}: metadata.name`);
  }
});

test('the schema check catches a broken manifest (replicas as a string, a container without image)', () => {
  const { Deployment } = require('kubernetes-models/apps/v1/Deployment');
  const broken = structuredClone(find('Deployment'));
  broken.spec.replicas = '2';
  assert.throws(() => new Deployment(broken).validate(), /replicas/);
  const noImage = structuredClone(find('Deployment'));
  delete noImage.spec.template.spec.containers[0].name;
  assert.throws(() => new Deployment(noImage).validate(), /name/);
});

test('the ConfigMap and Secret hold only options the entrypoint reads, with values it accepts', () => {
  const known = entrypointVariables();
  for (const name of ['REGISTRY_URL', 'LISTEN_PORT', 'BASE_PATH', 'RUNTIME_DIR', 'REGISTRY_AUTH']) {
    assert.ok(known.has(name), `docs/options.json lists ${name}`);
  }
  const config = find('ConfigMap').data;
  const secret = find('Secret').stringData ?? {};
  for (const key of [...Object.keys(config), ...Object.keys(secret)]) {
    assert.ok(known.has(key), `${key} is read by docker/entrypoint.sh`);
  }
  for (const [key, value] of Object.entries(config)) assert.equal(typeof value, 'string', `${key} is a string`);
  assert.ok(config.REGISTRY_URL, 'REGISTRY_URL is required');
  assert.equal(config.LISTEN_PORT, '8080', 'non-root in a pod: a port above 1024');
  assert.match(config.BASE_PATH, /^\/([A-Za-z0-9._~-]+\/)*$/);
  assert.equal(secret.REGISTRY_AUTH, '', 'no credentials committed');
});

test('Deployment: 2 replicas, non-root, read-only root filesystem, RUNTIME_DIR on an emptyDir, requests', () => {
  const config = find('ConfigMap').data;
  const dep = find('Deployment');
  assert.equal(dep.spec.replicas, 2);
  const pod = dep.spec.template.spec;
  assert.deepEqual(dep.spec.selector.matchLabels, Object.fromEntries(Object.entries(dep.spec.selector.matchLabels).map(([k]) => [k, dep.spec.template.metadata.labels[k]])));
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.ok(pod.securityContext.runAsUser > 0, 'a non-zero uid');
  assert.equal(pod.containers.length, 1);
  const c = pod.containers[0];
  assert.equal(c.securityContext.readOnlyRootFilesystem, true);
  assert.equal(c.securityContext.allowPrivilegeEscalation, false);
  assert.deepEqual(c.securityContext.capabilities.drop, ['ALL']);
  assert.deepEqual(
    c.envFrom.map((e) => e.configMapRef?.name ?? e.secretRef?.name),
    [find('ConfigMap').metadata.name, find('Secret').metadata.name],
  );
  // The only writable path is RUNTIME_DIR, an emptyDir.
  assert.equal(c.volumeMounts.length, 1);
  assert.equal(c.volumeMounts[0].mountPath, config.RUNTIME_DIR);
  const volume = pod.volumes.find((v) => v.name === c.volumeMounts[0].name);
  assert.ok(volume?.emptyDir, 'RUNTIME_DIR is an emptyDir');
  assert.notEqual(c.volumeMounts[0].readOnly, true);
  // Ports and probes follow LISTEN_PORT and BASE_PATH.
  const http = c.ports.find((p) => p.name === 'http');
  assert.equal(String(http.containerPort), config.LISTEN_PORT);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    assert.equal(c[probe].httpGet.path, `${config.BASE_PATH}healthz`, `${probe} path`);
    assert.ok(c[probe].httpGet.port === 'http' || String(c[probe].httpGet.port) === config.LISTEN_PORT, `${probe} port`);
  }
  assert.ok(c.resources.requests.cpu && c.resources.requests.memory, 'resource requests');
  assert.ok(c.resources.limits.memory, 'a memory limit');
});

test('Service and Ingress reach the container port under BASE_PATH', () => {
  const config = find('ConfigMap').data;
  const dep = find('Deployment');
  const svc = find('Service');
  const ing = find('Ingress');
  for (const [k, v] of Object.entries(svc.spec.selector)) assert.equal(dep.spec.template.metadata.labels[k], v, `selector ${k}`);
  const svcPort = svc.spec.ports[0];
  const c = dep.spec.template.spec.containers[0];
  assert.ok(c.ports.some((p) => p.name === svcPort.targetPort || p.containerPort === svcPort.targetPort), 'targetPort names the container port');
  const paths = ing.spec.rules.flatMap((r) => r.http.paths);
  assert.equal(paths.length, 1);
  assert.equal(paths[0].path, config.BASE_PATH.replace(/\/$/, ''), 'the Ingress path is BASE_PATH');
  assert.equal(paths[0].pathType, 'Prefix');
  assert.equal(paths[0].backend.service.name, svc.metadata.name);
  assert.ok(paths[0].backend.service.port.name === svcPort.name || paths[0].backend.service.port.number === svcPort.port);
  assert.ok(!Object.keys(ing.metadata.annotations ?? {}).some((a) => a.endsWith('rewrite-target')), 'no rewrite: the app serves under BASE_PATH');
});

test('the entrypoint accepts the ConfigMap and renders nginx.conf for it', (t) => {
  const config = find('ConfigMap').data;
  const tmp = mkdtempSync(join(tmpdir(), 'registry-ui-k8s-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const appDir = join(tmp, 'dist');
  mkdirSync(appDir);
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><html><head><base href="/" /></head><body></body></html>\n');
  const runtimeDir = join(tmp, 'runtime');
  const run = spawnSync('sh', [ENTRYPOINT, '--render-only'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...config, RUNTIME_DIR: runtimeDir, APP_DIR: appDir, NGINX_TEMPLATE: join(ROOT, 'nginx.conf') },
  });
  assert.equal(run.status, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /warning/, 'no warnings for the shipped options');
  const conf = readFileSync(join(runtimeDir, 'nginx.conf'), 'utf8');
  assert.match(conf, new RegExp(`listen ${config.LISTEN_PORT} default_server;`));
  assert.ok(conf.includes(`location = ${config.BASE_PATH}healthz {`));
  assert.ok(conf.includes(`pid ${runtimeDir}/nginx.pid;`));
  const js = readFileSync(join(runtimeDir, 'html/config.js'), 'utf8');
  assert.ok(js.includes(`"basePath": "${config.BASE_PATH}"`));
});

// ---- deploy/kubernetes/cleanup: the scheduled cleanup (registry-ui-cleanup), applied on its own

test('cleanup/: a suspended CronJob, valid, non-root, read-only root filesystem, credentials from its Secret', () => {
  const read = (file) => parseAllDocuments(readFileSync(join(DIR, 'cleanup', file), 'utf8')).map((d) => {
    assert.deepEqual(d.errors, [], `cleanup/${file}: YAML errors`);
    return d.toJS();
  });
  const kust = read('kustomization.yaml')[0];
  const files = execFileSync('ls', [join(DIR, 'cleanup')], { encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  assert.deepEqual([...kust.resources].sort(), files.sort());
  const docs = kust.resources.flatMap((f) => read(f));
  const models = { 'batch/v1/CronJob': 'kubernetes-models/batch/v1/CronJob', 'v1/Secret': 'kubernetes-models/v1/Secret' };
  for (const doc of docs) {
    const key = `${doc.apiVersion}/${doc.kind}`;
    assert.ok(models[key], `${key} is a kind this test knows`);
    const mod = require(models[key]);
    assert.doesNotThrow(() => new (mod[doc.kind] ?? mod.default)(doc).validate(), `${key} is valid`);
  }
  const job = docs.find((d) => d.kind === 'CronJob');
  const secret = docs.find((d) => d.kind === 'Secret');
  assert.equal(job.spec.suspend, true, 'ships suspended: the rules are the operator\'s to set');
  assert.equal(job.spec.concurrencyPolicy, 'Forbid');
  const pod = job.spec.jobTemplate.spec.template.spec;
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.ok(pod.securityContext.runAsUser > 0);
  const c = pod.containers[0];
  assert.equal(c.securityContext.readOnlyRootFilesystem, true);
  assert.equal(c.securityContext.allowPrivilegeEscalation, false);
  assert.deepEqual(c.securityContext.capabilities.drop, ['ALL']);
  assert.equal(c.volumeMounts, undefined, 'writes nothing');
  assert.equal(c.image, kust.images[0].name);
  assert.deepEqual(c.envFrom.map((e) => e.secretRef.name), [secret.metadata.name]);
  assert.deepEqual(Object.keys(secret.stringData).sort(), ['REGISTRY_PASSWORD', 'REGISTRY_USERNAME']);
  for (const v of Object.values(secret.stringData)) assert.equal(v, '', 'no credentials committed');
  assert.ok(!c.args.some((a) => /password|username/i.test(a)), 'no credentials in the arguments');
  assert.ok(c.args.includes('--max-deletes'), 'a cap on every run');
});
