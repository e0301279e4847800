#!/usr/bin/env bash
# Fill a registry with the demo and test content (scripts/seed/seed.mjs): by hand over the V2 API, and with
# crane and oras for the shapes they write (built with Go once per machine; without Go those repositories are
# left out, in one line).
#
# Usage: scripts/seed-registry.sh [--profile small|full] [--repos N] [--many-tags N]
#                                 [--concurrency N] [--summary FILE] [--quiet]
#
# REGISTRY_URL names the registry (default http://127.0.0.1:$REGISTRY_PORT,
# REGISTRY_PORT defaulting to 5000). When nothing answers there and the URL is
# local, a registry is started with scripts/registry.sh (same REGISTRY_*
# variables) and left running. The summary JSON goes to stdout and, unless
# --summary is given, to $REGISTRY_DIR/seed-summary.json when the registry is
# one that scripts/registry.sh manages. Progress goes to stderr.
#
# REGISTRY_USER / REGISTRY_PASSWORD are sent as basic auth when set.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

need_cmd node curl

REGISTRY_PORT="${REGISTRY_PORT:-5000}"
REGISTRY_URL="${REGISTRY_URL:-http://127.0.0.1:$REGISTRY_PORT}"
REGISTRY_URL="${REGISTRY_URL%/}"

# Port of a local URL, empty for anything else.
local_port() {
  case "$1" in
    http://127.0.0.1:* | http://localhost:*)
      local port="${1##*:}"
      port="${port%%/*}"
      echo "$port"
      ;;
  esac
}

port="$(local_port "$REGISTRY_URL")"
if ! wait_registry "$REGISTRY_URL" 1; then
  [ -n "$port" ] || die "$REGISTRY_URL does not answer, and it is not a local URL this script can start"
  log "nothing answers on $REGISTRY_URL, starting a registry on port $port"
  REGISTRY_PORT="$port" "$REPO_ROOT/scripts/registry.sh" start >/dev/null
fi

args=("$@")
has_summary=""
for a in "$@"; do
  case "$a" in --summary | --summary=*) has_summary=1 ;; esac
done
if [ -z "$has_summary" ] && [ -z "${SEED_SUMMARY:-}" ] && [ -n "$port" ]; then
  dir="${REGISTRY_DIR:-${TMPDIR:-/tmp}/registry-ui-registry-$port}"
  if [ -f "$dir/config.yml" ]; then
    args+=(--summary "$dir/seed-summary.json")
  fi
fi

exec node "$REPO_ROOT/scripts/seed/seed.mjs" --registry "$REGISTRY_URL" "${args[@]}"
