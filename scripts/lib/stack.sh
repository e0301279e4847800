# shellcheck shell=bash
# The real stack, as the demo, the end-to-end tests and the benchmark start it: a docker-registry seeded
# with sample images, and the built app served by scripts/serve.sh (the container entrypoint with
# Debian's nginx). Source after common.sh, with `trap cleanup EXIT INT TERM` set.

# stack_registry PORT DIR [seed-args...] — start a registry on 127.0.0.1:PORT with storage in DIR (fresh),
# seed it, and leave the seed summary in DIR/seed-summary.json. Stopped by cleanup. REGISTRY_KIND (as for
# scripts/registry.sh) picks the registry. Then what real clients push (scripts/seed/clients.sh: crane,
# oras), summary in DIR/clients-summary.json.
stack_registry() {
  local port="$1" dir="$2"
  shift 2
  rm -rf "$dir"
  REGISTRY_PORT="$port" REGISTRY_DIR="$dir" "$REPO_ROOT/scripts/registry.sh" start >/dev/null
  on_cleanup "REGISTRY_PORT=$port REGISTRY_DIR=$dir $REPO_ROOT/scripts/registry.sh stop >/dev/null 2>&1"
  REGISTRY_URL="http://127.0.0.1:$port" node "$REPO_ROOT/scripts/seed/seed.mjs" --registry "http://127.0.0.1:$port" \
    --summary "$dir/seed-summary.json" --quiet "$@" >/dev/null
  "$REPO_ROOT/scripts/seed/clients.sh" --registry "http://127.0.0.1:$port" --summary "$dir/clients-summary.json" >/dev/null
}

# stack_serve PORT LOG [VAR=value...] — serve the built app on 127.0.0.1:PORT with the given options, in the
# background; waits until it answers. Stopped by cleanup.
stack_serve() {
  local port="$1" logfile="$2" base pid
  shift 2
  env LISTEN_PORT="$port" RUNTIME_DIR="${TMPDIR:-/tmp}/registry-ui-$port" "$@" "$REPO_ROOT/scripts/serve.sh" >"$logfile" 2>&1 &
  pid=$!
  track_child "$pid"
  base="$(env "$@" sh -c 'printf %s "${BASE_PATH:-/}"')"
  if ! wait_http "http://127.0.0.1:$port${base}healthz" 20 200; then
    cat "$logfile" >&2
    die "the UI on port $port did not start"
  fi
}
