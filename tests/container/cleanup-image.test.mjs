// The registry-ui-cleanup image (Dockerfile.cleanup), built with scripts/image.sh and run as a scheduler
// runs it: read-only root, no capabilities, its own uid, the host's network to reach the e2e registry. Its
// dry run must print the plan the command built on this machine prints for the same rules.
// scripts/test.sh runs it in the container suite, with:
//   REGISTRY_UI_CLEANUP_IMAGE    the image (the last line of `DOCKERFILE=Dockerfile.cleanup scripts/image.sh build`)
//   CLEANUP_CLI                  the command built on this machine (scripts/test.sh's build step)
//   E2E_REGISTRY                 the running, seeded e2e registry on 127.0.0.1
//   REGISTRY_UI_CONTAINER_SKIP   why podman cannot run here: the tests are skipped with that reason
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const IMAGE = process.env.REGISTRY_UI_CLEANUP_IMAGE;
const REGISTRY = process.env.E2E_REGISTRY ?? 'http://127.0.0.1:5000';
const skip =
  process.env.REGISTRY_UI_CONTAINER_SKIP ||
  (!IMAGE && 'REGISTRY_UI_CLEANUP_IMAGE is not set (DOCKERFILE=Dockerfile.cleanup scripts/image.sh build prints it)') ||
  (!process.env.CLEANUP_CLI && 'CLEANUP_CLI is not set (the command built on this machine, to compare with)');
const env = { ...process.env, CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? join(ROOT, 'scripts/lib/containers.conf') };
const ARGS = ['--registry', REGISTRY, '--repo', 'demo/dated', '--rules', 'keepNewest=10&olderThan=30&keep=latest,stable', '--json'];

/** A plan without what changes from one run to the next (the time it was read). */
function plan(stdout) {
  const json = JSON.parse(stdout);
  return json.repositories.map((r) => ({ name: r.name, status: r.status, going: r.going.map((d) => [d.tag, d.digest]), staying: r.staying.map((d) => [d.tag, d.digest]), deletes: r.deletes.length, reclaimable: r.reclaimable?.bytes }));
}

test('the cleanup image runs a dry run read-only, as a non-root user, and prints the plan the command prints', { skip }, () => {
  const inspect = spawnSync('podman', ['image', 'inspect', '--format', '{{.Config.User}}', IMAGE], { encoding: 'utf8', env });
  assert.equal(inspect.status, 0, inspect.stderr);
  assert.match(inspect.stdout.trim(), /^[1-9]\d*(:\d+)?$/, 'a non-root numeric user');
  const inImage = spawnSync(
    'podman',
    ['run', '--rm', '--read-only', '--cap-drop=all', '--security-opt', 'no-new-privileges', '--network', 'host', IMAGE, ...ARGS],
    { encoding: 'utf8', env, timeout: 120_000 },
  );
  assert.equal(inImage.status, 2, `exit 2 (a dry run that would delete):\n${inImage.stderr}`);
  const onHost = spawnSync(process.execPath, [process.env.CLEANUP_CLI, ...ARGS], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(onHost.status, 2, onHost.stderr);
  const planned = plan(inImage.stdout);
  assert.ok(planned[0].going.length > 0, 'the rules delete something of demo/dated');
  assert.deepEqual(planned, plan(onHost.stdout));
});
