// @vitest-environment node
import fc from 'fast-check';
import { RegistryError } from './errors';
import { parseConfig } from './config';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isStrings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isStringMap = (v: unknown) => isObject(v) && Object.values(v).every((x) => typeof x === 'string');

/** Every field the UI reads is absent or of the type ImageConfig / HelmChartConfig gives it. */
function typed(c: Record<string, unknown>): void {
  for (const k of ['created', 'author', 'architecture', 'os', 'os.version', 'variant', 'name', 'version', 'appVersion', 'description', 'apiVersion', 'type', 'kubeVersion', 'home']) {
    if (k in c) expect(typeof c[k]).toBe('string');
  }
  if ('os.features' in c) expect(isStrings(c['os.features'])).toBe(true);
  if ('config' in c) {
    const cfg = c.config;
    expect(isObject(cfg)).toBe(true);
    if (!isObject(cfg)) return;
    for (const k of ['User', 'WorkingDir', 'StopSignal']) if (k in cfg) expect(typeof cfg[k]).toBe('string');
    if ('Env' in cfg) expect(isStrings(cfg.Env)).toBe(true);
    for (const k of ['Entrypoint', 'Cmd']) if (k in cfg) expect(cfg[k] === null || isStrings(cfg[k])).toBe(true);
    for (const k of ['ExposedPorts', 'Volumes']) if (k in cfg) expect(isObject(cfg[k]) && Object.values(cfg[k] as object).every(isObject)).toBe(true);
    if ('Labels' in cfg) expect(cfg.Labels === null || isStringMap(cfg.Labels)).toBe(true);
  }
  if ('rootfs' in c) {
    expect(isObject(c.rootfs)).toBe(true);
    const r = c.rootfs as Record<string, unknown>;
    if ('type' in r) expect(typeof r.type).toBe('string');
    if ('diff_ids' in r) expect(isStrings(r.diff_ids)).toBe(true);
  }
  if ('history' in c) {
    expect(Array.isArray(c.history)).toBe(true);
    for (const h of c.history as unknown[]) {
      expect(isObject(h)).toBe(true);
      const e = h as Record<string, unknown>;
      for (const k of ['created', 'created_by', 'author', 'comment']) if (k in e) expect(typeof e[k]).toBe('string');
      if ('empty_layer' in e) expect(typeof e.empty_layer).toBe('boolean');
    }
  }
}

// any JSON value where the known fields are likely: each field gets a value of its type or of any other
const anyJson = fc.jsonValue({ maxDepth: 3 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, anyJson);
const strings = fc.array(fc.string(), { maxLength: 4 });
const keySet = fc.dictionary(fc.string({ maxLength: 8 }), fc.constant({}), { maxKeys: 3 });
const container = fc.record(
  {
    User: maybe(fc.string()),
    Env: maybe(strings),
    Entrypoint: maybe(fc.option(strings)),
    Cmd: maybe(fc.option(strings)),
    ExposedPorts: maybe(keySet),
    Volumes: maybe(keySet),
    WorkingDir: maybe(fc.string()),
    Labels: maybe(fc.option(fc.dictionary(fc.string({ maxLength: 12 }), fc.string()))),
    StopSignal: maybe(fc.string()),
  },
  { requiredKeys: [] },
);
const history = fc.array(maybe(fc.record({ created: maybe(fc.string()), created_by: maybe(fc.string()), empty_layer: maybe(fc.boolean()) }, { requiredKeys: [] })), { maxLength: 4 });
const config = fc.record(
  {
    created: maybe(fc.string()),
    author: maybe(fc.string()),
    architecture: maybe(fc.constantFrom('amd64', 'arm64', 'arm')),
    os: maybe(fc.constantFrom('linux', 'windows')),
    variant: maybe(fc.constantFrom('v7', 'v8')),
    'os.features': maybe(strings),
    config: maybe(container),
    rootfs: maybe(fc.record({ type: maybe(fc.constant('layers')), diff_ids: maybe(strings) }, { requiredKeys: [] })),
    history: maybe(history),
    name: maybe(fc.string()),
    version: maybe(fc.string()),
    extra: anyJson,
  },
  { requiredKeys: [] },
);

// a config as the spec writes it: every field of its type
const valid = fc.record(
  {
    created: fc.string(),
    architecture: fc.string(),
    os: fc.string(),
    config: fc.record({ Env: strings, Cmd: fc.option(strings), Labels: fc.option(fc.dictionary(fc.string({ maxLength: 12 }), fc.string())), ExposedPorts: keySet }, { requiredKeys: [] }),
    rootfs: fc.record({ type: fc.constant('layers'), diff_ids: strings }),
    history: fc.array(fc.record({ created_by: fc.string(), empty_layer: fc.boolean() }, { requiredKeys: [] }), { maxLength: 4 }),
    docker_version: fc.string(),
  },
  { requiredKeys: [] },
);

describe('parseConfig: properties', () => {
  it('reads any object: every field it keeps is of its type, and reading again changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(config, fc.dictionary(fc.string({ maxLength: 8 }), anyJson)), (json) => {
        const c = parseConfig(json) as Record<string, unknown>;
        typed(c);
        expect(parseConfig(c)).toEqual(c);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps every field it does not read, as received', () => {
    fc.assert(
      fc.property(config, (json) => {
        const c = parseConfig(json) as Record<string, unknown>;
        if ('extra' in json) expect(c.extra).toEqual(json.extra);
      }),
      { numRuns: 500 },
    );
  });

  it('gives back a config of the right types unchanged', () => {
    fc.assert(
      fc.property(valid, (json) => {
        expect(JSON.stringify(parseConfig(json))).toBe(JSON.stringify(json));
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses every JSON value that is not an object as malformed', () => {
    fc.assert(
      fc.property(anyJson.filter((v) => !isObject(v)), (json) => {
        let error: unknown;
        try {
          parseConfig(json);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(RegistryError);
        expect((error as RegistryError).kind).toBe('malformed');
      }),
      { numRuns: 500 },
    );
  });
});
