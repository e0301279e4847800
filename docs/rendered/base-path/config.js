// Written by registry-ui-entrypoint at start (docs/runtime-contract.md).
window.__REGISTRY_UI_CONFIG__ = {
  "registryUrl": "/registry-ui",
  "registryTitle": "Docker registry",
  "deleteImages": true,
  "pullUrl": "",
  "catalogPageSize": 1000,
  "basePath": "/registry-ui/",
  "defaultLanguage": "",
  "theme": "auto",
  "registries": []
};
