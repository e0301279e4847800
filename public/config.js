// Development default. The container entrypoint writes the real one at start (docs/runtime-contract.md); the
// keys are those of docs/options.json.
window.__REGISTRY_UI_CONFIG__ = {
  registryUrl: '',
  registryTitle: 'Local registry (dev)',
  deleteImages: true,
  pullUrl: '',
  catalogPageSize: 1000,
  basePath: '/',
  defaultLanguage: '',
  theme: 'auto',
  registries: [],
};
