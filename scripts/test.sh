#!/usr/bin/env bash
# Runs every test on this machine, installing what is missing first:
#   typecheck · unit (vitest + msw on captured registry answers) · stack (nginx config, entrypoint, proxy)
#   · cli (registry-ui-cleanup against a real registry)
#   · build · end-to-end (Playwright in Debian's Chromium against a real docker-registry behind the
#   project's nginx config).
# Ends with one line `N passed, N failed` and exits non-zero when anything failed.
#
#   · container (the image built from the Dockerfile with scripts/image.sh, started with podman next to the
#   e2e registry: tests/container/ and the browse and delete specs through it).
# Environment: E2E_PORT_BASE (default 15000: registry on it, UIs on +50, +51, +52, containers on +80..+88;
# pick another to run two suites side by side), SKIP_E2E=1 to skip the browser and container suites while
# iterating (never in CI), SKIP_IMAGE=1 to skip only the container suite, E2E_ONLY=1 to
# skip typecheck, lint, unit and stack tests (the build still runs: the browser suite tests it).
# Where podman cannot run containers, the container suite says so in one line and its tests count as
# skipped (a line `N skipped` then comes just before the last line, which stays `N passed, N failed`).
# Arguments are passed to `playwright test`, e.g. `E2E_ONLY=1 ./scripts/test.sh e2e/a11y.spec.ts` (never in CI).
# The registry matrix: E2E_KINDS (default "dist2 dist3 ggcr") picks the registries the browser suite runs
# on; arguments given replace each registry's own list of specs, e.g.
# `E2E_ONLY=1 E2E_KINDS=dist3 ./scripts/test.sh e2e/browse.spec.ts`.
# Results and the build used by the e2e suite go to .tmp/test-$E2E_PORT_BASE/.
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$REPO_ROOT/scripts/lib/stack.sh"
cd "$REPO_ROOT"
trap cleanup EXIT INT TERM

BASE_PORT="${E2E_PORT_BASE:-15000}"
OUT="$REPO_ROOT/.tmp/test-$BASE_PORT"
BUILD_DIR="$OUT/dist"
export E2E_OUT="$OUT"
mkdir -p "$OUT"
PASSED=0
FAILED=0
SKIPPED=0
SUITES=()

record() { # record NAME PASSED FAILED [SKIPPED [NOTE]]
  PASSED=$((PASSED + $2))
  FAILED=$((FAILED + $3))
  SKIPPED=$((SKIPPED + ${4:-0}))
  SUITES+=("$(printf '%-10s %5d passed, %d failed' "$1" "$2" "$3")$([ "${4:-0}" -gt 0 ] && printf ', %d skipped' "$4")${5:+  ($5)}")
}

step() { printf '\n==> %s\n' "$*" >&2; }

node_suite() { # node_suite NAME FOLDER: node --test over FOLDER, counted from its TAP summary
  node --test --test-reporter=tap --test-reporter-destination="$OUT/$1.tap" \
    --test-reporter=spec --test-reporter-destination=stdout "$2"
  if [ -s "$OUT/$1.tap" ]; then
    record "$1" "$(awk '/^# pass /{print $3}' "$OUT/$1.tap" | tail -1)" "$(awk '/^# fail /{print $3}' "$OUT/$1.tap" | tail -1)"
  else
    record "$1" 0 1
  fi
}

playwright_record() { # playwright_record NAME FILE: counted from Playwright's JSON report (skipped too)
  if [ -s "$2" ]; then
    record "$1" "$(jq '.stats.expected + .stats.flaky' "$2")" "$(jq '.stats.unexpected + ((.errors // []) | length)' "$2")" "$(jq '.stats.skipped' "$2")"
  else
    record "$1" 0 1
  fi
}

step "installing what is missing"
ensure_deps || die "could not install the Debian packages"
ensure_node_modules || die "npm ci failed"

only_e2e() { [ "${E2E_ONLY:-}" = 1 ]; }

if ! only_e2e; then
step "typecheck"
if npx --no-install tsc --noEmit -p .; then record typecheck 1 0; else record typecheck 0 1; fi
step "typecheck the end-to-end specs"
if npx --no-install tsc --noEmit -p e2e; then record typecheck 1 0; else record typecheck 0 1; fi

step "lint (ESLint, with the import boundaries of STYLE.md)"
if npx --no-install eslint .; then record lint 1 0; else record lint 0 1; fi

step "unit tests"
rm -f "$OUT/vitest.json"
npx --no-install vitest run --reporter=default --reporter=json --outputFile="$OUT/vitest.json"
if [ -s "$OUT/vitest.json" ]; then
  record unit "$(jq '.numPassedTests' "$OUT/vitest.json")" "$(jq '.numFailedTests + (if .success then 0 else ([.testResults[] | select(.status == "failed" and (.assertionResults | length) == 0)] | length) end)' "$OUT/vitest.json")"
else
  record unit 0 1
fi

step "stack tests (nginx config, entrypoint, proxy)"
if compgen -G "tests/stack/*.test.*" >/dev/null; then
  node_suite stack tests/stack/
fi

step "Dockerfile and compose file (static: no Docker engine here)"
if scripts/check-dockerfile.sh; then record dockerfile 1 0; else record dockerfile 0 1; fi
fi

step "build"
# the UI, and registry-ui-cleanup (the cli and e2e suites run this build of it); the UI precompressed as in
# the image (Dockerfile), so the e2e suite is served the same .gz/.br files
export CLEANUP_CLI="$OUT/cli/registry-ui-cleanup.mjs"
if npx --no-install vite build --outDir "$BUILD_DIR" --emptyOutDir && node scripts/bundle-size.mjs "$BUILD_DIR" \
  && node scripts/precompress.mjs "$BUILD_DIR" \
  && CLEANUP_OUT_DIR="$OUT/cli" npx --no-install vite build --config vite.cli.config.ts --logLevel warn; then
  record build 1 0
else
  record build 0 1
fi

if ! only_e2e; then
step "command line (registry-ui-cleanup built, against a real registry)"
node_suite cli tests/cli/
fi

E2E_KINDS="${E2E_KINDS:-dist2 dist3 ggcr}"
kind_selected() { case " $E2E_KINDS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

if [ "${SKIP_E2E:-}" != 1 ] && [ -f "$BUILD_DIR/index.html" ] && kind_selected dist2; then
  step "end-to-end: starting a registry, seeding it, serving the UI three ways"
  base="$BASE_PORT"
  export APP_DIR="$BUILD_DIR"
  export E2E_REGISTRY="http://127.0.0.1:$base"
  export E2E_REGISTRY_DIR="${TMPDIR:-/tmp}/registry-ui-e2e-$base"
  export E2E_UI="http://127.0.0.1:$((base + 50))"
  export E2E_UI_NODELETE="http://127.0.0.1:$((base + 51))"
  export E2E_UI_BASEPATH="http://127.0.0.1:$((base + 52))/registry-ui/"
  export E2E_SEED_SUMMARY="$E2E_REGISTRY_DIR/seed-summary.json"
  stack_registry "$base" "$E2E_REGISTRY_DIR" --profile full
  stack_serve $((base + 50)) "$OUT/ui-delete.log" REGISTRY_URL="$E2E_REGISTRY" DELETE_IMAGES=true REGISTRY_TITLE="E2E registry"
  stack_serve $((base + 51)) "$OUT/ui-nodelete.log" REGISTRY_URL="$E2E_REGISTRY" DELETE_IMAGES=false
  stack_serve $((base + 52)) "$OUT/ui-basepath.log" REGISTRY_URL="$E2E_REGISTRY" DELETE_IMAGES=true BASE_PATH=/registry-ui/
  step "end-to-end tests"
  rm -f "$OUT/playwright.json"
  REGISTRY_KIND=dist2 E2E_REGISTRY_KIND=dist2 npx --no-install playwright test "$@"
  playwright_record e2e "$OUT/playwright.json"
fi

# The image users deploy, next to the registry the e2e suite started: scripts/image.sh builds it (local
# base images when none can be pulled) and runs it; tests/container/ checks what tests/stack/ checks on the
# host's nginx, then the browse and delete specs run through the container.
# container_specs NAME REGISTRY PORT SPEC…: the specs with E2E_UI at a container on PORT in front of REGISTRY.
container_specs() {
  local name="$1" registry="$2" port="$3" cid
  shift 3
  step "container: $* through the container"
  if cid="$(IMAGE="$image" scripts/image.sh run "$port" REGISTRY_URL="$registry" DELETE_IMAGES=true REGISTRY_TITLE="E2E registry" | tail -n 1)" \
    && [ -n "$cid" ]; then
    on_cleanup "scripts/image.sh stop $cid >/dev/null 2>&1"
    rm -f "$OUT/$name/playwright.json"
    E2E_REGISTRY="$registry" E2E_UI="http://127.0.0.1:$port" E2E_OUT="$OUT/$name" \
      npx --no-install playwright test --project=main "$@"
    playwright_record "$name" "$OUT/$name/playwright.json"
    scripts/image.sh stop "$cid" >/dev/null 2>&1 || true
  else
    [ -n "$cid" ] && scripts/image.sh stop "$cid" >/dev/null 2>&1
    record "$name" 0 1
  fi
}

container_suite() {
  local t0 t1 why="" image=""
  local specs=(e2e/browse.spec.ts e2e/delete.spec.ts)
  export CONTAINERS_CONF="${CONTAINERS_CONF:-$REPO_ROOT/scripts/lib/containers.conf}"
  t0=$(date +%s)
  step "container: building the image (scripts/image.sh build)"
  if ! (ensure_image_deps); then
    why="podman could not be installed"
  elif ! podman info >/dev/null 2>&1; then
    why="podman cannot run here: $(podman info 2>&1 | grep -m1 -i error)"
  elif image="$(scripts/image.sh build 2>"$OUT/image-build.log" | tail -n 1)" && [ -n "$image" ]; then
    t1=$(date +%s)
    grep '^\[image\]' "$OUT/image-build.log" >&2
    record image 1 0 0 "built in $((t1 - t0)) s, log in $OUT/image-build.log"
  elif podman image exists docker.io/library/debian:bookworm-slim \
    && ! podman run --rm --network none docker.io/library/debian:bookworm-slim true >/dev/null 2>&1; then
    why="podman cannot start containers here ($(podman run --rm --network none docker.io/library/debian:bookworm-slim true 2>&1 | tail -n 1))"
  else
    tail -n 40 "$OUT/image-build.log" >&2
    record image 0 1
  fi
  if [ -n "$why" ]; then
    # one line, and the tests counted as skipped, never as passed
    printf 'container suite skipped: %s\n' "$why" >&2
    local n_stack n_e2e
    n_stack="$(REGISTRY_UI_CONTAINER_SKIP="$why" node --test --test-reporter=tap tests/container/ 2>/dev/null | awk '/^# skipped /{print $3}' | tail -1)"
    n_e2e="$(npx --no-install playwright test --list --project=main "${specs[@]}" 2>/dev/null | sed -n 's/^Total: \([0-9]*\) test.*/\1/p')"
    record container 0 0 "$(( ${n_stack:-0} + ${n_e2e:-0} ))" "$why"
    return 0
  fi
  [ -n "$image" ] || return 0

  # the registry-ui-cleanup image (Dockerfile.cleanup): tests/container/cleanup-image.test.mjs runs its dry run
  local cleanup_image=""
  step "container: building the cleanup image (DOCKERFILE=Dockerfile.cleanup scripts/image.sh build)"
  if cleanup_image="$(IMAGE=localhost/registry-ui-cleanup:latest DOCKERFILE=Dockerfile.cleanup scripts/image.sh build 2>"$OUT/cleanup-image-build.log" | tail -n 1)" \
    && [ -n "$cleanup_image" ]; then
    record image 1 0 0 "the cleanup image, log in $OUT/cleanup-image-build.log"
  else
    tail -n 40 "$OUT/cleanup-image-build.log" >&2
    record image 0 1
  fi

  step "container: stack tests against the image"
  REGISTRY_UI_IMAGE="$image" REGISTRY_UI_CLEANUP_IMAGE="$cleanup_image" CONTAINER_PORT_BASE=$((BASE_PORT + 80)) \
    node_suite container tests/container/

  # browse reads the seeded e2e registry; delete gets a fresh, empty one of its own, as the delete specs
  # leave tags behind (a signature kept on purpose) that a second run on the same registry would see.
  local fresh_port=$((BASE_PORT + 89)) fresh_dir="${TMPDIR:-/tmp}/registry-ui-container-$BASE_PORT"
  rm -rf "$fresh_dir"
  if REGISTRY_PORT="$fresh_port" REGISTRY_DIR="$fresh_dir" scripts/registry.sh start >/dev/null; then
    on_cleanup "REGISTRY_PORT=$fresh_port REGISTRY_DIR=$fresh_dir $REPO_ROOT/scripts/registry.sh stop >/dev/null 2>&1"
    container_specs c-browse "$E2E_REGISTRY" $((BASE_PORT + 88)) e2e/browse.spec.ts
    container_specs c-delete "http://127.0.0.1:$fresh_port" $((BASE_PORT + 87)) e2e/delete.spec.ts
  else
    record c-e2e 0 1
  fi
  log "container suite: $(($(date +%s) - t0)) s in all"
}

if [ "${SKIP_E2E:-}" != 1 ] && [ "${SKIP_IMAGE:-}" != 1 ] && [ "$#" -eq 0 ] && [ -n "${E2E_REGISTRY:-}" ]; then
  container_suite
fi

# ---------------------------------------------------------------- registry matrix (issue 16)
# The same suites on the registries people run besides Debian's 2.8: Distribution 3.x and
# go-containerregistry's OCI 1.1 registry (referrers API), both built with Go once per machine
# (ensure_go_tools). Each registry gets its own registry, seed, UI and Playwright run, counted as its own
# suite. The specs read E2E_REGISTRY_KIND where the registries differ. Without Go, the suites are counted
# as skipped, never as passed.
MATRIX_SPECS_dist3="e2e/browse.spec.ts e2e/insight.spec.ts e2e/clients.spec.ts e2e/delete.spec.ts e2e/cleanup-rules.spec.ts e2e/cleanup-select.spec.ts e2e/cleanup-gc.spec.ts e2e/gc-untagged.spec.ts e2e/auth-htpasswd.spec.ts e2e/auth-token.spec.ts"
MATRIX_SPECS_ggcr="e2e/insight.spec.ts e2e/clients.spec.ts"
MATRIX_SEED_dist3="--profile full"
MATRIX_SEED_ggcr="--profile small"

matrix_suite() { # matrix_suite KIND PORT [playwright args...]
  local kind="$1" port="$2" specs_var="MATRIX_SPECS_$1" seed_var="MATRIX_SEED_$1" out="$OUT/e2e-$1" dir total started
  shift 2
  local specs=("$@")
  # shellcheck disable=SC2206 # word lists on purpose
  [ "${#specs[@]}" -gt 0 ] || specs=(${!specs_var})
  dir="${TMPDIR:-/tmp}/registry-ui-e2e-$kind-$port"
  mkdir -p "$out"
  started=$(date +%s)
  step "end-to-end on $kind: ${specs[*]}"
  ensure_go_tools "registry-$kind" crane oras
  case $? in
  0) ;;
  1)
    total="$(E2E_OUT="$out" npx --no-install playwright test --list --project=main "${specs[@]}" 2>/dev/null | sed -n 's/^Total: \([0-9]*\) tests\{0,1\} in.*/\1/p')"
    log "e2e-$kind: no Go to build the registry: ${total:-all} tests skipped"
    record "e2e-$kind" 0 0 "${total:-1}"
    return
    ;;
  *)
    log "e2e-$kind: the registry or its clients failed to build (Go is here): counted as failed"
    record "e2e-$kind" 0 1
    return
    ;;
  esac
  (
    export REGISTRY_KIND="$kind" E2E_REGISTRY_KIND="$kind" E2E_OUT="$out"
    export E2E_REGISTRY="http://127.0.0.1:$port" E2E_REGISTRY_DIR="$dir" E2E_UI="http://127.0.0.1:$((port + 50))"
    export E2E_SEED_SUMMARY="$dir/seed-summary.json" E2E_CLIENTS_SUMMARY="$dir/clients-summary.json"
    _CHILD_PIDS=()
    _CLEANUP_CMDS=()
    trap cleanup EXIT INT TERM
    # shellcheck disable=SC2086
    stack_registry "$port" "$dir" ${!seed_var}
    stack_serve $((port + 50)) "$out/ui.log" REGISTRY_URL="$E2E_REGISTRY" DELETE_IMAGES=true REGISTRY_TITLE="E2E registry ($kind)"
    log "e2e-$kind: registry and seed ready in $(($(date +%s) - started)) s"
    rm -f "$out/playwright.json"
    npx --no-install playwright test --project=main "${specs[@]}"
  )
  playwright_record "e2e-$kind" "$out/playwright.json"
  log "e2e-$kind: $(($(date +%s) - started)) s in all"
}

if [ "${SKIP_E2E:-}" != 1 ] && [ -f "$BUILD_DIR/index.html" ]; then
  # the 2.8 stack is done with: stop it, so each registry's run has the machine to itself
  (cleanup) >/dev/null 2>&1
  _CHILD_PIDS=()
  _CLEANUP_CMDS=()
  export APP_DIR="$BUILD_DIR"
  kind_selected dist3 && matrix_suite dist3 $((BASE_PORT + 100)) "$@"
  kind_selected ggcr && matrix_suite ggcr $((BASE_PORT + 200)) "$@"
fi
# ---------------------------------------------------------------- end of the registry matrix

# stop the stack now, so its messages come before the summary line
(cleanup) >/dev/null 2>&1
trap - EXIT INT TERM
printf '\n' >&2
printf '%s\n' "${SUITES[@]}" >&2
# skipped tests (a machine without podman or Go) are said on their own line: the last line stays `N passed, N failed`
[ "$SKIPPED" -gt 0 ] && echo "$SKIPPED skipped (see the suites above)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
