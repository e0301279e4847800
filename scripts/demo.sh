#!/usr/bin/env bash
# One command for a fresh Debian machine: installs what is missing, starts a real registry (Debian's
# docker-registry, the code of registry:2) seeded with sample images, builds the app and serves it through
# the project's nginx config at http://localhost:5050. Ctrl-C stops everything it started.
#
# Environment: DEMO_PORT (UI, default 5050), DEMO_REGISTRY_PORT (default 5000), DEMO_PROFILE (full|small,
# default full: 1,500 extra repositories and a repository with 2,500 tags), DELETE_IMAGES (default true).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$REPO_ROOT/scripts/lib/stack.sh"
cd "$REPO_ROOT"
trap cleanup EXIT INT TERM

ui_port="${DEMO_PORT:-5050}"
registry_port="${DEMO_REGISTRY_PORT:-5000}"
port_in_use "$ui_port" && die "port $ui_port is in use: set DEMO_PORT"
port_in_use "$registry_port" && die "port $registry_port is in use: set DEMO_REGISTRY_PORT"

log "installing what is missing"
ensure_deps
ensure_node_modules
log "building the app"
npm run --silent build >/dev/null
log "starting a registry on 127.0.0.1:$registry_port and seeding it (about 20 s)"
stack_registry "$registry_port" "${TMPDIR:-/tmp}/registry-ui-demo-$registry_port" --profile "${DEMO_PROFILE:-full}"
stack_serve "$ui_port" "${TMPDIR:-/tmp}/registry-ui-demo-$ui_port.log" \
  REGISTRY_URL="http://127.0.0.1:$registry_port" DELETE_IMAGES="${DELETE_IMAGES:-true}" REGISTRY_TITLE="Demo registry" \
  PULL_URL="localhost:$registry_port"

echo "registry-ui is at http://localhost:$ui_port  (registry: http://127.0.0.1:$registry_port; Ctrl-C stops both)"
# keep running until interrupted or nginx exits
while kill -0 "${_CHILD_PIDS[0]}" 2>/dev/null; do sleep 1; done
die "nginx stopped; see ${TMPDIR:-/tmp}/registry-ui-demo-$ui_port.log"
