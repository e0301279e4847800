# shellcheck shell=bash
# Helpers shared by every script in scripts/. Source it, do not run it:
#
#   . "$(dirname "$0")/lib/common.sh"
#
# Everything here is quiet on success: messages go to stderr through `log`,
# so a script's stdout stays free for what callers parse (URLs, JSON).

# Guard against being sourced twice (scripts source each other).
if [ -n "${REGISTRY_UI_COMMON_SH:-}" ]; then
  return 0
fi
REGISTRY_UI_COMMON_SH=1

# Repository root, whatever the caller's working directory.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT

# ---------------------------------------------------------------- messages

# Name used in messages: the script that sourced us.
LOG_TAG="${LOG_TAG:-$(basename "${0:-registry-ui}" .sh)}"

log() {
  printf '[%s] %s\n' "$LOG_TAG" "$*" >&2
}

die() {
  printf '[%s] error: %s\n' "$LOG_TAG" "$*" >&2
  exit 1
}

need_cmd() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || die "missing command: $cmd (try: scripts/lib/common.sh ensure_deps)"
  done
}

# ---------------------------------------------------------------- packages

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}

_APT_UPDATED=""

# True when a Debian package is installed (not merely known to dpkg).
apt_package_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# ensure_apt_packages pkg... — install only the packages that are missing.
# `apt-get update` runs at most once per process.
ensure_apt_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    apt_package_installed "$pkg" || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing packages (${missing[*]}) and no apt-get to install them"
  log "installing ${missing[*]}"
  if [ -z "$_APT_UPDATED" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null \
      || die "apt-get update failed"
    _APT_UPDATED=1
  fi
  # The docker-registry package tries to start its service through
  # invoke-rc.d; without an init system that is a no-op, which is what we want.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

# Everything the scripts, the e2e suite and the demo use.
# Command → Debian package: docker-registry → docker-registry, nginx → nginx (and its brotli_static
# module, as in the image), htpasswd → apache2-utils, chromium → chromium.
# fonts-wqy-microhei: Chromium draws Simplified Chinese with it (the zh-CN screenshots, axe on zh-CN pages)
REGISTRY_UI_APT_PACKAGES="docker-registry nginx libnginx-mod-http-brotli-static apache2-utils umoci skopeo chromium curl jq ca-certificates busybox fonts-wqy-microhei"

ensure_deps() {
  # shellcheck disable=SC2086
  ensure_apt_packages $REGISTRY_UI_APT_PACKAGES
}

# ---------------------------------------------------------------- Go tools

# The registries and clients of the test matrix (issue 16), built from source once per machine into a cache
# folder outside the repository, one binary per name and version, so a second run costs nothing and a version
# bump builds the new one beside the old. Versions are pinned (the newest the Go module proxy served when they
# were chosen: `go list -m -versions MODULE`); bump them here. A package starting with ./ is built from this
# repository (its own go.mod pins the version written here; the cache key adds a hash of its files).
#   name             package                                                version
REGISTRY_UI_GO_TOOLS="
registry-dist3   github.com/distribution/distribution/v3/cmd/registry   v3.1.2
registry-ggcr    ./tests/ggcr-registry                                  v0.22.1
crane            github.com/google/go-containerregistry/cmd/crane       v0.22.1
oras             oras.land/oras/cmd/oras                                v1.3.6
"
GO_TOOLS_DIR="${REGISTRY_UI_GO_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/registry-ui/bin}"

_go_tool_field() { # _go_tool_field NAME COLUMN
  printf '%s\n' "$REGISTRY_UI_GO_TOOLS" | awk -v n="$1" -v c="$2" '$1 == n { print $c }'
}

# go_tool_version NAME — the pinned version of a Go tool (for one built from this repository, with a hash of
# its sources: editing them builds it anew).
go_tool_version() {
  local pkg version
  pkg="$(_go_tool_field "$1" 2)"
  version="$(_go_tool_field "$1" 3)"
  case "$pkg" in
    ./*) printf '%s-%s\n' "$version" "$(cd "$REPO_ROOT/$pkg" && cat go.mod go.sum ./*.go | sha256sum | cut -c1-8)" ;;
    *) printf '%s\n' "$version" ;;
  esac
}

# go_tool NAME — print the path of a Go tool when it is built; exit 1 otherwise.
go_tool() {
  local version
  [ -n "$(_go_tool_field "$1" 1)" ] || die "go_tool: unknown tool $1"
  version="$(go_tool_version "$1")"
  [ -x "$GO_TOOLS_DIR/$1-$version" ] || return 1
  echo "$GO_TOOLS_DIR/$1-$version"
}

# ensure_go_tools [NAME...] — build the missing Go tools (all by default). Without Go, says so in one line and
# returns 1: the callers skip what needs them and count it as skipped. A build that fails with Go at hand
# returns 2: that is a failure, never a skip. A lock keeps two test runs from building
# the same binary at once.
ensure_go_tools() {
  local names=("$@") name pkg version missing=() tmp
  [ "${#names[@]}" -gt 0 ] || mapfile -t names < <(printf '%s\n' "$REGISTRY_UI_GO_TOOLS" | awk 'NF { print $1 }')
  for name in "${names[@]}"; do
    go_tool "$name" >/dev/null || missing+=("$name")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if ! command -v go >/dev/null 2>&1; then
    log "no Go toolchain (go not in PATH): ${missing[*]} not built; the suites that need them are skipped"
    return 1
  fi
  mkdir -p "$GO_TOOLS_DIR" || return 1
  (
    flock 9
    for name in "${missing[@]}"; do
      go_tool "$name" >/dev/null && continue
      pkg="$(_go_tool_field "$name" 2)"
      version="$(go_tool_version "$name")"
      tmp="$(mktemp -d "$GO_TOOLS_DIR/.build.XXXXXX")" || exit 1
      # GOFLAGS may carry -mod=vendor or the like from a caller's module; these builds stand alone.
      case "$pkg" in
        ./*)
          log "building $name $version (go build $pkg, once per machine)"
          (cd "$REPO_ROOT/$pkg" && GOFLAGS=-buildvcs=false CGO_ENABLED=0 go build -trimpath -o "$tmp/$name" .) >"$tmp/build.log" 2>&1
          ;;
        *)
          log "building $name $version (go install $pkg@$version, once per machine)"
          GOBIN="$tmp" GOFLAGS=-buildvcs=false CGO_ENABLED=0 go install -trimpath "$pkg@$version" >"$tmp/build.log" 2>&1 \
            && { [ "$(basename "$pkg")" = "$name" ] || mv "$tmp/$(basename "$pkg")" "$tmp/$name"; }
          ;;
      esac
      # shellcheck disable=SC2181 # the build is the case above
      if [ $? -ne 0 ] || [ ! -x "$tmp/$name" ]; then
        tail -n 20 "$tmp/build.log" >&2
        rm -rf "$tmp"
        log "building $name ($pkg $version) failed"
        exit 1
      fi
      mv "$tmp/$name" "$GO_TOOLS_DIR/$name-$version" && rm -rf "$tmp" || exit 1
    done
  ) 9>"$GO_TOOLS_DIR/.lock" || return 2
}

# What scripts/image.sh needs to build and run the image without a Docker
# engine: rootful podman with runc (crun cannot set rlimits in some sandboxes),
# and mmdebstrap to make the Debian base images locally when none can be pulled.
REGISTRY_UI_IMAGE_APT_PACKAGES="podman buildah runc slirp4netns uidmap mmdebstrap fuse-overlayfs"

ensure_image_deps() {
  # shellcheck disable=SC2086
  ensure_apt_packages $REGISTRY_UI_IMAGE_APT_PACKAGES
}

# Install node_modules when missing or older than package-lock.json.
ensure_node_modules() {
  need_cmd node npm
  local nm="$REPO_ROOT/node_modules" lock="$REPO_ROOT/package-lock.json"
  if [ ! -d "$nm" ] || { [ -f "$lock" ] && [ "$lock" -nt "$nm" ]; }; then
    log "installing node modules (npm ci)"
    (cd "$REPO_ROOT" && npm ci --no-fund --no-audit --loglevel=error >/dev/null) || die "npm ci failed"
    # npm ci recreates the directory, but touch it so the mtime check holds
    # even when it reuses an existing tree.
    touch "$nm"
  fi
}

# ---------------------------------------------------------------- network

# True when something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Print a TCP port that is free on 127.0.0.1 right now.
free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
    return
  fi
  local port tries=0
  while [ "$tries" -lt 100 ]; do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" || { echo "$port"; return 0; }
    tries=$((tries + 1))
  done
  die "no free port found"
}

# wait_http URL [timeout-seconds] [codes] — wait until URL answers; with
# codes ("200 401"), only one of those statuses counts.
wait_http() {
  local url="$1" timeout="${2:-30}" codes="${3:-}" deadline code
  deadline=$(($(date +%s) + timeout))
  while :; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null || true)"
    if [ -n "$code" ] && [ "$code" != "000" ]; then
      case " ${codes:-$code} " in *" $code "*) return 0 ;; esac
    fi
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

# wait_registry BASE_URL [timeout-seconds] — wait until BASE_URL/v2/ answers
# as a registry does: 200, or 401 when auth is on.
wait_registry() {
  wait_http "${1%/}/v2/" "${2:-30}" "200 401"
}

# ---------------------------------------------------------------- children

# Pattern:
#   trap cleanup EXIT INT TERM
#   some-server & track_child $!
#   on_cleanup "rm -rf $tmpdir"
# On exit the tracked children are stopped (TERM, then KILL after 5 s) and
# the registered commands run in reverse order.
_CHILD_PIDS=()
_CLEANUP_CMDS=()

track_child() {
  _CHILD_PIDS+=("$@")
}

on_cleanup() {
  _CLEANUP_CMDS+=("$1")
}

# stop_pid PID [grace-seconds] — TERM, wait, then KILL.
stop_pid() {
  local pid="$1" grace="${2:-5}" i=0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt $((grace * 10)) ]; do
    sleep 0.1
    i=$((i + 1))
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$? i
  trap - EXIT INT TERM
  for ((i = ${#_CHILD_PIDS[@]} - 1; i >= 0; i--)); do
    stop_pid "${_CHILD_PIDS[$i]}"
  done
  for ((i = ${#_CLEANUP_CMDS[@]} - 1; i >= 0; i--)); do
    eval "${_CLEANUP_CMDS[$i]}" || true
  done
  exit "$status"
}

# Allow `bash scripts/lib/common.sh ensure_deps` (or any helper) from a shell
# or CI step.
if [ "${BASH_SOURCE[0]}" = "$0" ] && [ "$#" -gt 0 ]; then
  "$@"
fi
