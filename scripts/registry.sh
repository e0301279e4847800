#!/usr/bin/env bash
# Run a real registry for tests and the demo: CNCF Distribution 2.8 (Debian's
# docker-registry, the default), Distribution 3.x, or go-containerregistry's
# registry (REGISTRY_KIND). It listens on 127.0.0.1 only.
#
# Usage: scripts/registry.sh start|stop|run|status|config|gc [--dry-run] [--delete-untagged]
#
#   start    start in the background, wait until /v2/ answers, print the URL
#   stop     stop the background registry started by `start`
#   run      run in the foreground (Ctrl-C stops it)
#   status   print the URL and exit 0 when running, exit 1 otherwise
#   config   render the config and print its path
#   gc       docker-registry garbage-collect on the same storage. It must run
#            with the registry stopped, or started with REGISTRY_READONLY=true:
#            a collection racing a push can delete blobs the push still needs.
#            --delete-untagged also removes the untagged children of multi-arch
#            indexes and their attestations, which breaks every multi-arch tag.
#
# Environment:
#   REGISTRY_KIND      dist2 (default): Debian's docker-registry, Distribution 2.8;
#                      dist3: Distribution 3.x (registry:3), same config shape;
#                      ggcr: go-containerregistry's registry, an OCI 1.1 registry with
#                      the referrers API, in memory, no auth, delete always on, no gc.
#                      dist3 and ggcr are built with Go once per machine (scripts/lib/common.sh
#                      ensure_go_tools); without Go they cannot start (exit 3).
#   REGISTRY_PORT      port on 127.0.0.1 (default 5000)
#   REGISTRY_DIR       storage, rendered config, log and pid file
#                      (default ${TMPDIR:-/tmp}/registry-ui-registry-$REGISTRY_PORT)
#   REGISTRY_DELETE    true|false: storage.delete.enabled (default true)
#   REGISTRY_HTPASSWD  path to an htpasswd file (bcrypt, `htpasswd -Bbn user pass`);
#                      enables basic auth when set
#   REGISTRY_TOKEN_REALM, REGISTRY_TOKEN_SERVICE, REGISTRY_TOKEN_ISSUER,
#   REGISTRY_TOKEN_ROOTCERTBUNDLE
#                      token auth (auth.token) when REGISTRY_TOKEN_REALM is set: the
#                      issuer's URL, service, issuer name and certificate (PEM);
#                      tests/token-server/token-server.mjs is such an issuer
#   REGISTRY_READONLY  true|false: storage.maintenance.readonly (default false)
#   REGISTRY_REDIRECT_URL
#                      http://host:port/ of a server that serves REGISTRY_DIR/data
#                      (tests/blob-server/blob-server.mjs): Distribution's `redirect`
#                      storage middleware then answers every blob GET with a 307
#                      there, as a registry on S3/GCS or behind a CDN does
#
# Files in REGISTRY_DIR: config.yml, data/, registry.log, registry.pid.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

REGISTRY_KIND="${REGISTRY_KIND:-dist2}"
REGISTRY_PORT="${REGISTRY_PORT:-5000}"
REGISTRY_DIR="${REGISTRY_DIR:-${TMPDIR:-/tmp}/registry-ui-registry-$REGISTRY_PORT}"
REGISTRY_DELETE="${REGISTRY_DELETE:-true}"
REGISTRY_HTPASSWD="${REGISTRY_HTPASSWD:-}"
REGISTRY_TOKEN_REALM="${REGISTRY_TOKEN_REALM:-}"
REGISTRY_READONLY="${REGISTRY_READONLY:-false}"
REGISTRY_REDIRECT_URL="${REGISTRY_REDIRECT_URL:-}"

CONFIG_FILE="$REGISTRY_DIR/config.yml"
DATA_DIR="$REGISTRY_DIR/data"
LOG_FILE="$REGISTRY_DIR/registry.log"
PID_FILE="$REGISTRY_DIR/registry.pid"
URL="http://127.0.0.1:$REGISTRY_PORT"

bool() {
  case "$2" in
    true | false) echo "$2" ;;
    1 | yes) echo true ;;
    0 | no) echo false ;;
    *) die "$1 must be true or false, got '$2'" ;;
  esac
}

render_config() {
  case "$REGISTRY_PORT" in
    '' | *[!0-9]*) die "REGISTRY_PORT must be a number, got '$REGISTRY_PORT'" ;;
  esac
  if [ "$REGISTRY_KIND" = ggcr ]; then
    # go-containerregistry's registry takes no config: it only has a port. Refuse what it cannot honour
    # rather than start a registry that is not what the caller asked for.
    [ "$(bool REGISTRY_DELETE "$REGISTRY_DELETE")" = true ] || die "REGISTRY_KIND=ggcr always allows deletes (REGISTRY_DELETE=false)"
    [ "$(bool REGISTRY_READONLY "$REGISTRY_READONLY")" = false ] || die "REGISTRY_KIND=ggcr has no read-only mode"
    [ -z "$REGISTRY_HTPASSWD$REGISTRY_TOKEN_REALM" ] || die "REGISTRY_KIND=ggcr has no auth (REGISTRY_HTPASSWD, REGISTRY_TOKEN_REALM)"
    [ -z "$REGISTRY_REDIRECT_URL" ] || die "REGISTRY_KIND=ggcr has no storage middleware (REGISTRY_REDIRECT_URL)"
    mkdir -p "$REGISTRY_DIR"
    printf '# REGISTRY_KIND=ggcr takes no config file, only --port %s\n' "$REGISTRY_PORT" >"$CONFIG_FILE"
    return 0
  fi
  local delete read_only auth=""
  delete="$(bool REGISTRY_DELETE "$REGISTRY_DELETE")"
  read_only="$(bool REGISTRY_READONLY "$REGISTRY_READONLY")"
  if [ -n "$REGISTRY_HTPASSWD" ]; then
    [ -f "$REGISTRY_HTPASSWD" ] || die "REGISTRY_HTPASSWD: no such file: $REGISTRY_HTPASSWD"
    auth="auth:
  htpasswd:
    realm: registry-ui
    path: $(cd "$(dirname "$REGISTRY_HTPASSWD")" && pwd)/$(basename "$REGISTRY_HTPASSWD")"
  fi
  if [ -n "$REGISTRY_TOKEN_REALM" ]; then
    [ -z "$auth" ] || die "REGISTRY_HTPASSWD and REGISTRY_TOKEN_REALM are exclusive"
    local bundle="${REGISTRY_TOKEN_ROOTCERTBUNDLE:-}"
    [ -f "$bundle" ] || die "REGISTRY_TOKEN_ROOTCERTBUNDLE: no such file: '$bundle'"
    auth="auth:
  token:
    realm: \"$REGISTRY_TOKEN_REALM\"
    service: \"${REGISTRY_TOKEN_SERVICE:-registry}\"
    issuer: \"${REGISTRY_TOKEN_ISSUER:-registry-token-issuer}\"
    rootcertbundle: $(cd "$(dirname "$bundle")" && pwd)/$(basename "$bundle")"
  fi
  local middleware=""
  if [ -n "$REGISTRY_REDIRECT_URL" ]; then
    case "$REGISTRY_REDIRECT_URL" in
      http://* | https://*) ;;
      *) die "REGISTRY_REDIRECT_URL must be an http(s) URL, got '$REGISTRY_REDIRECT_URL'" ;;
    esac
    middleware="middleware:
  storage:
    - name: redirect
      options:
        baseurl: \"$REGISTRY_REDIRECT_URL\""
  fi
  mkdir -p "$DATA_DIR"
  # http.secret is fixed so upload URLs survive a restart; this registry is
  # never exposed beyond 127.0.0.1.
  # Distribution 3 reads this file as 2.8 does (configuration/configuration.go keeps version 0.1 and
  # every key used here); tags.maxtags is left at its default, 1000.
  cat >"$CONFIG_FILE" <<EOF
# Rendered by scripts/registry.sh ($REGISTRY_KIND); edits are overwritten on the next start.
version: 0.1
log:
  level: info
  formatter: text
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: $DATA_DIR
  delete:
    enabled: $delete
  maintenance:
    uploadpurging:
      enabled: false
    readonly:
      enabled: $read_only
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$REGISTRY_PORT
  secret: registry-ui-local-only
  headers:
    X-Content-Type-Options: [nosniff]
$auth
$middleware
EOF
}

# docker-registry reads REGISTRY_* variables as config overrides (and warns
# about the ones it does not know), so ours must not reach it: the rendered
# file is the whole truth.
ENV_CMD=(env)
while IFS= read -r name; do
  case "$name" in REGISTRY_*) ENV_CMD+=(-u "$name") ;; esac
done < <(compgen -e)
unset name
# Distribution 3 traces every request with OpenTelemetry and, by default, exports the spans over OTLP to
# localhost:4318, where nothing listens here: export nothing.
[ "$REGISTRY_KIND" = dist3 ] && ENV_CMD+=(OTEL_TRACES_EXPORTER=none)

# The command that serves: docker-registry and Distribution 3 read the config file; ggcr takes a port.
serve_cmd() {
  case "$REGISTRY_KIND" in
    ggcr) SERVE=("$REGISTRY_BIN" --port "$REGISTRY_PORT") ;;
    *) SERVE=("$REGISTRY_BIN" serve "$CONFIG_FILE") ;;
  esac
}

running_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

cmd_start() {
  if running_pid >/dev/null; then
    echo "$URL"
    return 0
  fi
  port_in_use "$REGISTRY_PORT" && die "port $REGISTRY_PORT is already in use (set REGISTRY_PORT)"
  render_config
  serve_cmd
  : >"$LOG_FILE"
  # A new session, so the registry outlives this script and a Ctrl-C in the
  # caller's terminal; the shell writes its own pid before exec.
  # shellcheck disable=SC2016 # expanded by the inner shell
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$PID_FILE" \
    "${ENV_CMD[@]}" "${SERVE[@]}" >>"$LOG_FILE" 2>&1 </dev/null &
  local i=0
  while [ ! -s "$PID_FILE" ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  if ! wait_registry "$URL" 30; then
    tail -n 20 "$LOG_FILE" >&2 || true
    cmd_stop >/dev/null 2>&1 || true
    die "registry did not answer on $URL/v2/ (log: $LOG_FILE)"
  fi
  if ! running_pid >/dev/null; then
    tail -n 20 "$LOG_FILE" >&2 || true
    die "registry exited (log: $LOG_FILE)"
  fi
  log "registry ($REGISTRY_KIND) up on $URL (dir $REGISTRY_DIR)"
  echo "$URL"
}

cmd_stop() {
  local pid
  if pid="$(running_pid)"; then
    stop_pid "$pid" 10
    log "registry on $URL stopped"
  fi
  rm -f "$PID_FILE"
}

cmd_run() {
  port_in_use "$REGISTRY_PORT" && die "port $REGISTRY_PORT is already in use (set REGISTRY_PORT)"
  render_config
  serve_cmd
  log "registry ($REGISTRY_KIND) on $URL (dir $REGISTRY_DIR, log $LOG_FILE)"
  echo $$ >"$PID_FILE"
  # The log goes to the terminal and to the file.
  exec > >(tee -a "$LOG_FILE") 2>&1
  "${ENV_CMD[@]}" "${SERVE[@]}"
}

cmd_status() {
  if running_pid >/dev/null; then
    echo "$URL"
  else
    return 1
  fi
}

cmd_gc() {
  local arg
  [ "$REGISTRY_KIND" != ggcr ] || die "gc: REGISTRY_KIND=ggcr keeps everything in memory and has no garbage collector"
  for arg in "$@"; do
    case "$arg" in
      --dry-run | --delete-untagged) ;;
      *) die "gc: unknown option $arg (allowed: --dry-run --delete-untagged)" ;;
    esac
  done
  if running_pid >/dev/null; then
    grep -A1 '^    readonly:' "$CONFIG_FILE" | grep -q 'enabled: true' \
      || die "gc: the registry on $URL is running and writable; stop it (scripts/registry.sh stop) or restart it with REGISTRY_READONLY=true"
  else
    [ -d "$DATA_DIR" ] || die "gc: no storage at $DATA_DIR"
    [ -f "$CONFIG_FILE" ] || render_config
  fi
  if [ ! -d "$DATA_DIR/docker/registry/v2/repositories" ]; then
    # garbage-collect fails with "Path not found" on a registry never pushed to.
    log "gc: storage is empty, nothing to collect"
    return 0
  fi
  "${ENV_CMD[@]}" "$REGISTRY_BIN" garbage-collect "$@" "$CONFIG_FILE"
}

# REGISTRY_BIN: the registry's program, installed or built when missing (start, run, gc need it; stop and
# status do not).
need_registry_bin() {
  case "$REGISTRY_KIND" in
    dist2)
      command -v docker-registry >/dev/null 2>&1 || ensure_apt_packages docker-registry
      REGISTRY_BIN=docker-registry
      ;;
    dist3 | ggcr)
      # exit 3: this machine cannot run that registry (no Go); callers count what needed it as skipped
      ensure_go_tools "registry-$REGISTRY_KIND" || { log "REGISTRY_KIND=$REGISTRY_KIND needs Go to build it"; exit 3; }
      REGISTRY_BIN="$(go_tool "registry-$REGISTRY_KIND")"
      ;;
  esac
}

case "$REGISTRY_KIND" in
  dist2 | dist3 | ggcr) ;;
  *) die "REGISTRY_KIND must be dist2, dist3 or ggcr, got '$REGISTRY_KIND'" ;;
esac
command -v curl >/dev/null 2>&1 || ensure_apt_packages curl ca-certificates
REGISTRY_BIN=""

sub="${1:-}"
[ "$#" -gt 0 ] && shift
case "$sub" in
  start) need_registry_bin && cmd_start ;;
  stop) cmd_stop ;;
  run) need_registry_bin && cmd_run ;;
  status) cmd_status ;;
  config) render_config && echo "$CONFIG_FILE" ;;
  gc) need_registry_bin && cmd_gc "$@" ;;
  *)
    sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0" >&2
    exit 2
    ;;
esac
