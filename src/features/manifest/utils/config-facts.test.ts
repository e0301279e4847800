// @vitest-environment node
import { capturedConfig, single } from '@/testing/captured';
import type { SingleManifest } from '@/registry/types';
import { parseConfig } from '@/registry/config';
import { configFacts } from './config-facts';

const configOf = (repo: string, m: SingleManifest) => configFacts(capturedConfig(repo, m));

describe('image config', () => {
  it('reads every field of the captured oci-app config, hostile labels as plain strings', () => {
    const c = configOf('demo/oci-app', single('manifest-get-oci-app-latest'));
    expect(c).toMatchObject({
      created: '2024-04-02T09:00:00Z',
      author: 'Registry UI Maintainers <maintainers@registry-ui.example>',
      platform: 'linux/amd64',
      user: '10001:10001',
      workdir: '/app',
      entrypoint: ['/usr/bin/tini', '--'],
      cmd: ['node', '/app/server.js'],
      ports: ['8080/tcp', '9090/tcp'],
      volumes: ['/data', '/var/log/app'],
    });
    expect(c.env).toContain('APP_VERSION=2.0.0');
    expect(Object.fromEntries(c.labels)['org.example.note']).toBe('<img src=x onerror=alert(1)><script>alert(2)</script>');
    expect(Object.fromEntries(c.labels)['org.example.long']).toHaveLength(2000);
  });

  it('shows nothing of a field of the wrong type, and the rest of the config as usual', () => {
    const c = configFacts(parseConfig({ os: 'linux', architecture: 7, config: { Env: 'A=1', Labels: { n: 1, o: { x: '<b>' }, ok: 'yes' }, Cmd: null, ExposedPorts: ['80'], User: 'app' }, history: [null, { empty_layer: 'yes' }] }));
    expect(c.platform).toBeUndefined();
    expect(c.os).toBe('linux');
    expect(c.env).toEqual([]);
    expect(c.labels).toEqual([['ok', 'yes']]);
    expect(c.cmd).toBeUndefined();
    expect(c.ports).toEqual([]);
    expect(c.user).toBe('app');
    expect(c.history.map((h) => h.empty)).toEqual([false, false]);
  });
});
