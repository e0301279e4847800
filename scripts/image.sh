#!/usr/bin/env bash
# Build and run the registry-ui image with podman (no Docker engine needed). A stable interface: the
# container suite of scripts/test.sh and the README use it.
#
#   scripts/image.sh build                      builds the Dockerfile; the last line printed is the image name
#   scripts/image.sh run PORT [VAR=value…]      starts it detached on 127.0.0.1:PORT; the last line is the id
#   scripts/image.sh stop ID                    stops (STOPSIGNAL, SIGQUIT: graceful) and removes it
#   scripts/image.sh bases                      only makes the base images (see below)
#
# build: installs podman and friends when missing (Debian), then builds with `--pull=never` from local
# base images named as the Dockerfile names them (node:20-bookworm-slim, debian:bookworm-slim). One that
# is missing is made here, nothing is pulled: debian:bookworm-slim from Debian's mirror with mmdebstrap
# (minbase, no docs/man/locales, no apt lists: what the official slim image holds), node:20-bookworm-slim
# as that plus this machine's Node 20. IMAGE_PULL_BASES=1 pulls the official ones instead. The image is in docker format: the OCI format has no HEALTHCHECK.
# A TLS-intercepting proxy's CA (NODE_EXTRA_CA_CERTS, else the certificates in
# /usr/local/share/ca-certificates) goes to the build stage's `npm ci` as a build secret, never into a
# layer.
#
# run: --read-only, --tmpfs /tmp, all capabilities dropped, no-new-privileges, the host's network
# (so REGISTRY_URL=http://127.0.0.1:5000 reaches a registry on this machine), LISTEN_PORT=PORT and
# LISTEN_ADDRESS=127.0.0.1 (nothing listens beyond this machine) unless given, then the VAR=value
# options. It waits until /healthz answers; a container that exits at start (a bad option) has its
# messages printed, its id printed last, and the status is 1. PORT must be 1024 or above: podman, unlike
# Docker, does not let the unprivileged nginx bind lower ports.
#
# Environment: IMAGE [localhost/registry-ui:latest], PODMAN [podman], CONTAINERS_CONF [scripts/lib/
# containers.conf: runc, ulimits, cgroupfs], IMAGE_PULL_BASES, BUILD_CA_FILE (the CA for npm, see above),
# DOCKERFILE [Dockerfile; Dockerfile.cleanup builds the registry-ui-cleanup image].
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

IMAGE="${IMAGE:-localhost/registry-ui:latest}"
PODMAN="${PODMAN:-podman}"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$REPO_ROOT/scripts/lib/containers.conf}"
DEBIAN_BASE=docker.io/library/debian:bookworm-slim
NODE_BASE=docker.io/library/node:20-bookworm-slim
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEBIAN_SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//p}' "$0" >&2
  exit 2
}

ensure_podman() {
  if ! command -v "$PODMAN" >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1; then
    ensure_image_deps
  fi
  need_cmd "$PODMAN"
}

# podman without systemd says on every run and removal that it cannot schedule the HEALTHCHECK timer;
# the check itself still works (`podman healthcheck run`).
# (Through a file, not a pipe: conmon keeps the stderr of `podman run -d`, and a pipe would stay open.)
podman_q() {
  local err status=0
  err="$(mktemp)"
  "$PODMAN" "$@" 2>"$err" || status=$?
  grep -v 'unable to get systemd connection' "$err" >&2 || true
  rm -f "$err"
  return "$status"
}

have_image() { "$PODMAN" image exists "$1"; }

# A debian:bookworm-slim made from Debian's mirror, as the official image is (debuerreotype's slim
# variant: minbase, dpkg excludes for docs, man pages and translations, no apt lists).
make_debian_base() {
  command -v mmdebstrap >/dev/null 2>&1 || ensure_image_deps
  local tmp
  tmp="$(mktemp -d)"
  log "making $DEBIAN_BASE with mmdebstrap ($DEBIAN_MIRROR)"
  # shellcheck disable=SC2016
  as_root mmdebstrap --quiet --variant=minbase --format=tar \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' \
    --aptopt='APT::Install-Recommends "false"' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/* "$1"/etc/machine-id "$1"/etc/hostname "$1"/etc/resolv.conf' \
    bookworm "$tmp/rootfs.tar" \
    "deb $DEBIAN_MIRROR bookworm main" \
    "deb $DEBIAN_MIRROR bookworm-updates main" \
    "deb $DEBIAN_SECURITY_MIRROR bookworm-security main" >&2 \
    || { rm -rf "$tmp"; die "mmdebstrap failed"; }
  "$PODMAN" import --quiet \
    --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'LABEL org.registry-ui.base=local' \
    "$tmp/rootfs.tar" "$DEBIAN_BASE" >/dev/null || { rm -rf "$tmp"; die "podman import failed"; }
  rm -rf "$tmp"
}

# node:20-bookworm-slim as the official image lays it out (/usr/local/bin/node, npm in
# /usr/local/lib/node_modules), made of debian:bookworm-slim and this machine's Node 20.
make_node_base() {
  need_cmd node npm
  local node_bin npm_dir tmp
  node_bin="$(readlink -f "$(command -v node)")"
  npm_dir="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
  case "$(node -v)" in v20.*) ;; *) die "making $NODE_BASE needs Node 20 here, found $(node -v)" ;; esac
  [ -f "$npm_dir/package.json" ] || die "npm's directory not found (from $(command -v npm))"
  tmp="$(mktemp -d)"
  log "making $NODE_BASE from $DEBIAN_BASE and this machine's Node $(node -v)"
  cp "$node_bin" "$tmp/node"
  cp -a "$npm_dir" "$tmp/npm"
  cat >"$tmp/Containerfile" <<EOF
FROM $DEBIAN_BASE
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \\
 && node -v && npm -v
LABEL org.registry-ui.base=local
CMD ["node"]
EOF
  "$PODMAN" build --quiet --pull=never --network=none --format docker -t "$NODE_BASE" "$tmp" >/dev/null \
    || { rm -rf "$tmp"; die "building $NODE_BASE failed"; }
  rm -rf "$tmp"
}

try_pull() {
  [ "${IMAGE_PULL_BASES:-}" = 1 ] || return 1
  "$PODMAN" pull --quiet "$1" >/dev/null || die "could not pull $1 (unset IMAGE_PULL_BASES to make it here)"
}

cmd_bases() {
  ensure_podman
  have_image "$DEBIAN_BASE" || try_pull "$DEBIAN_BASE" || make_debian_base
  have_image "$NODE_BASE" || try_pull "$NODE_BASE" || make_node_base
}

# The CA a TLS-intercepting proxy signs with, for npm in the build stage. NODE_EXTRA_CA_CERTS is what
# this machine's Node trusts beyond its own list; else Debian's local additions.
build_ca_file() {
  if [ -n "${BUILD_CA_FILE:-}" ]; then
    [ -r "$BUILD_CA_FILE" ] || die "BUILD_CA_FILE cannot be read: $BUILD_CA_FILE"
    printf '%s' "$BUILD_CA_FILE"
  elif [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r "$NODE_EXTRA_CA_CERTS" ]; then
    printf '%s' "$NODE_EXTRA_CA_CERTS"
  elif compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    local f
    f="$(mktemp)"
    cat /usr/local/share/ca-certificates/*.crt >"$f"
    on_cleanup "rm -f $f"
    printf '%s' "$f"
  fi
}

cmd_build() {
  trap cleanup EXIT INT TERM
  cmd_bases
  local ca args=()
  ca="$(build_ca_file)"
  [ -n "$ca" ] && args+=(--secret "id=build_ca,src=$ca")
  log "building $IMAGE"
  "$PODMAN" build --pull=never --format docker --layers "${args[@]}" -t "$IMAGE" -f "$REPO_ROOT/${DOCKERFILE:-Dockerfile}" "$REPO_ROOT" >&2 \
    || die "podman build failed"
  log "$IMAGE: $("$PODMAN" image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.1f MB", $1 / 1e6}')"
  echo "$IMAGE"
}

cmd_run() {
  [ "$#" -ge 1 ] || usage
  local port="$1" arg id envs=() base=/ have_address=
  shift
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1024 ] && [ "$port" -le 65535 ] \
    || die "PORT must be 1024..65535 (podman keeps the unprivileged-port limit), got '$port'"
  for arg in "$@"; do
    [[ "$arg" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "options are VAR=value, got '$arg'"
    case "$arg" in
      LISTEN_ADDRESS=*) have_address=1 ;;
      BASE_PATH=*) base="${arg#BASE_PATH=}" ;;
    esac
    envs+=(--env "$arg")
  done
  [ -n "$have_address" ] || envs=(--env LISTEN_ADDRESS=127.0.0.1 "${envs[@]}")
  need_cmd "$PODMAN"
  have_image "$IMAGE" || die "no image $IMAGE: run scripts/image.sh build first"
  port_in_use "$port" && die "port $port is already in use on 127.0.0.1"
  id="$(podman_q run --detach --read-only --tmpfs /tmp:rw,nosuid,nodev,size=16m \
    --cap-drop ALL --security-opt no-new-privileges --network host \
    --env "LISTEN_PORT=$port" "${envs[@]}" "$IMAGE")" || die "podman run failed"
  case "$base" in /*) ;; *) base="/$base" ;; esac
  case "$base" in */) ;; *) base="$base/" ;; esac
  local deadline=$(($(date +%s) + 20))
  until curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port${base}healthz"; do
    if [ "$("$PODMAN" inspect --format '{{.State.Running}}' "$id" 2>/dev/null)" != true ] \
      || [ "$(date +%s)" -ge "$deadline" ]; then
      log "the container did not start; its messages:"
      "$PODMAN" logs "$id" >&2 || true
      echo "$id"
      return 1
    fi
    sleep 0.2
  done
  echo "$id"
}

cmd_stop() {
  [ "$#" -eq 1 ] || usage
  need_cmd "$PODMAN"
  podman_q stop --time 10 "$1" >/dev/null || true
  podman_q rm --force "$1" >/dev/null
}

case "${1:-}" in
  build) shift; [ "$#" -eq 0 ] || usage; cmd_build ;;
  bases) shift; [ "$#" -eq 0 ] || usage; cmd_bases ;;
  run) shift; cmd_run "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  *) usage ;;
esac
