// Written by registry-ui-entrypoint at start (docs/runtime-contract.md).
window.__REGISTRY_UI_CONFIG__ = {
  "registryUrl": "",
  "registryTitle": "Docker registry",
  "deleteImages": false,
  "pullUrl": "",
  "catalogPageSize": 1000,
  "basePath": "/",
  "defaultLanguage": "",
  "theme": "auto",
  "registries": []
};
