// @vitest-environment node
import { fixtures } from '@/testing/msw/handlers';
import { thrown } from '@/testing/thrown';
import { configPlatform, parseConfig } from './config';

/** Every captured config blob (images of each builder in the seed, a Helm chart, artifacts' images). */
const captured = Object.entries(fixtures).filter(([name, f]) => name.startsWith('blob-get-config-') && f.response.status === 200);

describe('parseConfig on captured configs', () => {
  it('has configs to read', () => {
    expect(captured.length).toBeGreaterThan(10);
  });

  it.each(captured)('reads %s as it came: nothing of a real config is dropped', (_, f) => {
    const json: unknown = JSON.parse(f.response.body);
    const config = parseConfig(json);
    expect(config).toEqual(json);
    // the raw view shows the config as read: same keys in the same order
    expect(JSON.stringify(config)).toBe(JSON.stringify(json));
  });

  it('reads the oci-app config with its hostile and unicode labels as plain strings', () => {
    const c = parseConfig(JSON.parse(fixtures['blob-get-config-oci-app']!.response.body));
    expect(c.config?.Labels?.['org.example.note']).toBe('<img src=x onerror=alert(1)><script>alert(2)</script>');
    expect(c.history?.filter((h) => h.empty_layer)).toHaveLength(7);
    expect(configPlatform(c)).toBe('linux/amd64');
  });

  it('reads a Helm chart’s metadata', () => {
    const c = parseConfig(JSON.parse(fixtures['blob-get-config-mychart']!.response.body));
    expect(c).toMatchObject({ name: 'mychart', version: '0.1.0', appVersion: '1.16.0', apiVersion: 'v2', type: 'application' });
    expect(c.config).toBeUndefined();
  });

  it('names the platform with its variant', () => {
    const armv7 = captured.map(([, f]) => parseConfig(JSON.parse(f.response.body))).find((c) => c.variant);
    expect(configPlatform(armv7!)).toMatch(/^linux\/arm(64)?\/v\d$/);
  });
});

describe('parseConfig on configs of the wrong shape', () => {
  it('drops each field of the wrong type and keeps the rest', () => {
    const c = parseConfig({
      os: 'linux',
      architecture: 7,
      created: null,
      config: { Env: ['A=1', 2, 'B=2'], Labels: { n: 1, ok: 'yes' }, Cmd: ['sh', 1], Entrypoint: null, ExposedPorts: ['80'], Volumes: { '/data': {}, '/bad': 'x' }, User: 1000 },
      rootfs: { type: 'layers', diff_ids: 'sha256:x' },
      history: [null, { empty_layer: 'yes', created_by: 'RUN x' }],
      name: ['chart'],
    });
    expect(c).toEqual({
      os: 'linux',
      config: { Env: ['A=1', 'B=2'], Labels: { ok: 'yes' }, Entrypoint: null, Volumes: { '/data': {} } },
      rootfs: { type: 'layers' },
      history: [{}, { created_by: 'RUN x' }],
    });
    expect(configPlatform(c)).toBeUndefined();
  });

  it('keeps the fields it does not read as received, for the raw view', () => {
    const c = parseConfig({ container_config: { Cmd: 7 }, docker_version: '24.0', config: { Healthcheck: { Test: ['CMD'] } } }) as Record<string, unknown>;
    expect(c).toEqual({ container_config: { Cmd: 7 }, docker_version: '24.0', config: { Healthcheck: { Test: ['CMD'] } } });
  });

  it('reads a label or key named __proto__ as data', () => {
    const c = parseConfig(JSON.parse('{"__proto__":{"polluted":1},"config":{"Labels":{"__proto__":"x"}}}'));
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.keys(c.config!.Labels!)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([[null], [[]], ['config'], [7], [true]])('refuses %j, which is not a config, as malformed', async (json) => {
    expect((await thrown(Promise.resolve().then(() => parseConfig(json)))).kind).toBe('malformed');
  });
});
