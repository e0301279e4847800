#!/usr/bin/env bash
# Serve the built UI with this machine's nginx, exactly as the container does:
# same entrypoint (docker/entrypoint.sh), same nginx.conf template (and nginx.d/), same
# environment. Runs in the foreground; Ctrl-C stops nginx.
#
# Usage: scripts/serve.sh [--check | --render-only]
#
#   npm run build
#   scripts/registry.sh start                       # a registry on :5000, if you have none
#   scripts/serve.sh                                # http://localhost:5050
#   DELETE_IMAGES=true BASE_PATH=/registry-ui/ scripts/serve.sh
#
# Environment (defaults in brackets); every other option of the entrypoint
# (REGISTRY_TITLE, PULL_URL, CATALOG_PAGE_SIZE, THEME, DEFAULT_LANGUAGE, …) is
# passed through unchanged, see docs/runtime-contract.md:
#   LISTEN_PORT    [5050]
#   REGISTRY_URL   [http://127.0.0.1:5000, unless REGISTRIES is set]
#   DELETE_IMAGES  [false]
#   BASE_PATH      [/]
#   APP_DIR        [./dist]  must hold a build: run npm run build first
#   RUNTIME_DIR    [${TMPDIR:-/tmp}/registry-ui-$LISTEN_PORT]  rendered config, pid, temp files
#   NGINX_BIN      [nginx]   installed with apt when missing
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

export LISTEN_PORT="${LISTEN_PORT:-${NGINX_LISTEN_PORT:-5050}}"
# REGISTRIES (several registries) replaces REGISTRY_URL: no default then.
if [ -z "${REGISTRIES:-}" ]; then
  export REGISTRY_URL="${REGISTRY_URL:-${NGINX_PROXY_PASS_URL:-http://127.0.0.1:5000}}"
fi
export APP_DIR="${APP_DIR:-$REPO_ROOT/dist}"
export RUNTIME_DIR="${RUNTIME_DIR:-${TMPDIR:-/tmp}/registry-ui-$LISTEN_PORT}"
export NGINX_BIN="${NGINX_BIN:-nginx}"
export NGINX_TEMPLATE="${NGINX_TEMPLATE:-$REPO_ROOT/nginx.conf}"

[ -f "$APP_DIR/index.html" ] || die "no build in $APP_DIR: run npm run build first"

if ! command -v "$NGINX_BIN" >/dev/null 2>&1; then
  [ "$NGINX_BIN" = nginx ] || die "NGINX_BIN not found: $NGINX_BIN"
  ensure_apt_packages nginx
fi

case "${1:-}" in
  '')
    port_in_use "$LISTEN_PORT" && die "port $LISTEN_PORT is already in use (set LISTEN_PORT)"
    if [ -z "${REGISTRIES:-}" ] && ! wait_registry "$REGISTRY_URL" 1; then
      log "warning: no registry answers on $REGISTRY_URL/v2/ yet (scripts/registry.sh start runs one)"
    fi
    log "http://localhost:$LISTEN_PORT${BASE_PATH:-/} (Ctrl-C stops)"
    ;;
  --check | --render-only) ;;
  *) die "unknown argument: $1 (allowed: --check, --render-only)" ;;
esac

# exec: nginx becomes this process, so Ctrl-C and kill reach it directly.
exec sh "$REPO_ROOT/docker/entrypoint.sh" "$@"
