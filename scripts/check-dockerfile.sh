#!/usr/bin/env bash
# Static checks of Dockerfile, .dockerignore and docker-compose.yml, for
# machines without a Docker engine (CI builds no image). It cannot prove the
# image builds; it catches the mistakes that break one silently:
#
#   - a COPY source that is missing or excluded by .dockerignore;
#   - ENTRYPOINT / HEALTHCHECK not pointing at the copied entrypoint;
#   - NGINX_TEMPLATE / APP_DIR not matching where the files are copied;
#   - the entrypoint not being POSIX sh (sh -n with dash, and busybox if present);
#   - a root USER, or EXPOSE / compose ports not matching LISTEN_PORT;
#   - the build stage's output directory not being Vite's;
#   - the stages drifting from what scripts/image.sh makes and the suite runs: base images of the names
#     image.sh builds locally, Debian's nginx with no recommends and no apt lists, uid/gid 101 created,
#     the precompressed copies written, gzip_static on in nginx.conf;
#   - docker-compose.yml and deploy/kubernetes naming another image than the one built here.
# scripts/test.sh builds and runs the image itself (the container suite) wherever podman can run.
#
# Usage: scripts/check-dockerfile.sh   (prints one line per check, exits 1 on any failure)
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

failures=0
pass() { printf 'ok   %s\n' "$*"; }
fail() {
  printf 'FAIL %s\n' "$*"
  failures=$((failures + 1))
}
check() {
  local what="$1"
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

[ -f Dockerfile ] || die "no Dockerfile in $REPO_ROOT"

# Dockerfile with continuation lines joined and comments dropped.
df="$(sed -e '/^[[:space:]]*#/d' Dockerfile | sed -e ':a' -e '/\\$/{N;s/\\\n/ /;ba' -e '}')"

# Value of `ENV NAME=value` in the last stage.
env_value() {
  printf '%s\n' "$df" | grep -Eo "(^|[[:space:]])$1=[^[:space:]]+" | tail -n1 | sed 's/^[[:space:]]*[^=]*=//'
}

# Destination of `COPY [--from=…] SRC DEST` for a given source.
copy_dest() {
  printf '%s\n' "$df" | awk -v src="$1" '$1 == "COPY" { n = NF; for (i = 2; i < n; i++) if ($i == src) print $n }' | tail -n1
}

# True when .dockerignore excludes PATH or one of its parents (exact entries only).
ignored() {
  [ -f .dockerignore ] || return 1
  local p="$1"
  while :; do
    grep -Fxq -- "$p" .dockerignore && return 0
    [ "${p%/*}" = "$p" ] && return 1
    p="${p%/*}"
  done
}

# COPY sources from the build context.
while read -r src; do
  [ "$src" = "." ] && continue
  check "COPY source $src exists" test -e "$src"
  if ignored "$src"; then fail "COPY source $src is excluded by .dockerignore"; else pass "COPY source $src is not in .dockerignore"; fi
done < <(printf '%s\n' "$df" | awk '$1 == "COPY" && $2 !~ /^--from/ { for (i = 2; i < NF; i++) if ($i !~ /^--/) print $i }')

# The build stage needs these in the context too.
for f in package.json package-lock.json index.html vite.config.ts src public scripts; do
  if ignored "$f"; then fail "$f (needed by npm run build) is excluded by .dockerignore"; else pass "$f reaches the build stage"; fi
done
check "package.json has a build script" node -e 'process.exit(require("./package.json").scripts?.build ? 0 : 1)'
check "vite builds into dist/ (no other outDir)" bash -c '! grep -q "outDir" vite.config.ts'

entry_dest="$(copy_dest docker/entrypoint.sh)"
template_dest="$(copy_dest nginx.conf)"
dist_dest="$(printf '%s\n' "$df" | awk '$1 == "COPY" && $2 ~ /^--from=/ && $3 ~ /\/dist$/ { print $4 }' | tail -n1)"
entrypoint="$(printf '%s\n' "$df" | sed -n 's/^ENTRYPOINT \["\([^"]*\)".*/\1/p' | tail -n1)"
healthcheck="$(printf '%s\n' "$df" | sed -n 's/^HEALTHCHECK .*CMD \["\([^"]*\)".*/\1/p' | tail -n1)"
user="$(printf '%s\n' "$df" | awk '$1 == "USER" { print $2 }' | tail -n1)"
expose="$(printf '%s\n' "$df" | awk '$1 == "EXPOSE" { print $2 }' | tail -n1)"

check "docker/entrypoint.sh is copied (to ${entry_dest:-nowhere})" test -n "$entry_dest"
check "ENTRYPOINT ($entrypoint) is the copied entrypoint" test "$entrypoint" = "$entry_dest"
check "HEALTHCHECK ($healthcheck) runs the entrypoint" test "$healthcheck" = "$entry_dest"
check "HEALTHCHECK uses --healthcheck" bash -c 'grep -q -- "--healthcheck" Dockerfile'
check "NGINX_TEMPLATE ($(env_value NGINX_TEMPLATE)) is where nginx.conf is copied ($template_dest)" \
  test -n "$template_dest" -a "$(env_value NGINX_TEMPLATE)" = "$template_dest"
check "APP_DIR ($(env_value APP_DIR)) is where dist is copied ($dist_dest)" \
  test -n "$dist_dest" -a "$(env_value APP_DIR)" = "$dist_dest"
check "nginx.d (the template's snippets) is copied next to it" \
  test -n "$template_dest" -a "$(copy_dest nginx.d)" = "$(dirname "$template_dest")/nginx.d"
for part in lib options render; do
  check "docker/$part.sh is copied to /usr/local/lib/registry-ui/ (where the entrypoint sources it)" \
    test "$(copy_dest "docker/$part.sh")" = /usr/local/lib/registry-ui/
done
check "the entrypoint's default template path is $template_dest" grep -qF "$template_dest" docker/render.sh
check "the entrypoint's default APP_DIR is $dist_dest" grep -qF "APP_DIR:-$dist_dest" docker/render.sh
check "USER ($user) is not root" bash -c 'case "$1" in "" | 0 | 0:* | root | root:*) exit 1 ;; esac' _ "$user"
check "EXPOSE ($expose) is LISTEN_PORT ($(env_value LISTEN_PORT))" test "$expose" = "$(env_value LISTEN_PORT)"
check "the entrypoint's default LISTEN_PORT is $expose" grep -qF "LISTEN_PORT:-$expose" docker/options.sh
check "docker/entrypoint.sh is executable in git or chmod-ed in the image" \
  bash -c 'test -x docker/entrypoint.sh || grep -q "chmod .*registry-ui-entrypoint" Dockerfile'
for f in docker/*.sh; do
  check "$f passes sh -n" sh -n "$f"
  check "$f passes dash -n" bash -c '! command -v dash >/dev/null || dash -n "$1"' _ "$f"
  check "$f passes busybox sh -n" bash -c '! command -v busybox >/dev/null || busybox sh -n "$1"' _ "$f"
done

# The stages, as scripts/image.sh builds them (it makes the bases locally under these names).
froms="$(printf '%s\n' "$df" | awk '$1 == "FROM" { print $2 }')"
check "the build stage is FROM node:20-bookworm-slim (scripts/image.sh makes it here)" \
  test "$(sed -n 1p <<<"$froms")" = node:20-bookworm-slim
check "the runtime stage is FROM debian:bookworm-slim (Debian's nginx, as the suite runs)" \
  test "$(sed -n '$p' <<<"$froms")" = debian:bookworm-slim
check "scripts/image.sh makes both bases under those names" \
  bash -c 'grep -q "docker.io/library/debian:bookworm-slim" scripts/image.sh && grep -q "docker.io/library/node:20-bookworm-slim" scripts/image.sh'
runtime="$(printf '%s\n' "$df" | awk '$1 == "FROM" { n++ } n >= 2')"
check "the runtime stage installs Debian's nginx without recommends" \
  bash -c 'grep -Eq "apt-get install .*--no-install-recommends.* nginx( |$)" <<<"$1"' _ "$runtime"
check "the runtime stage removes the apt lists in the same RUN" \
  bash -c 'grep -E "apt-get update" <<<"$1" | grep -q "rm -rf /var/lib/apt/lists"' _ "$runtime"
check "the runtime stage creates uid/gid 101" \
  bash -c 'grep -q -- "groupadd .*--gid 101" <<<"$1" && grep -q -- "useradd .*--uid 101 --gid 101" <<<"$1"' _ "$runtime"
check "the build stage writes the precompressed copies (scripts/precompress.mjs dist)" \
  bash -c 'test -f scripts/precompress.mjs && grep -q "node scripts/precompress.mjs dist" <<<"$1"' _ "$df"
check "nginx.conf serves them (gzip_static on)" grep -q '^[[:space:]]*gzip_static on;' nginx.conf
check "npm ci fails the build early when the build tools are missing" \
  bash -c 'grep -q "npm ci.*test -x node_modules/.bin/tsc" <<<"$1"' _ "$df"

image_name=registry-ui:latest
check "deploy/kubernetes names the image $image_name" grep -q "image: $image_name" deploy/kubernetes/deployment.yaml
check "scripts/image.sh builds localhost/$image_name" grep -q "localhost/$image_name" scripts/image.sh

if [ -f docker-compose.yml ]; then
  check "docker-compose.yml names the UI's image $image_name" grep -q "image: $image_name" docker-compose.yml
  check "docker-compose.yml maps 5050 to the UI's port $expose" grep -Eq "\"?5050:$expose\"?" docker-compose.yml
  check "docker-compose.yml points the UI at the registry service" grep -q 'REGISTRY_URL: http://registry:5000' docker-compose.yml
  check "docker-compose.yml enables deletes in the registry" grep -q 'REGISTRY_STORAGE_DELETE_ENABLED: "true"' docker-compose.yml
  check "docker-compose.yml gives the read-only UI a writable /tmp" grep -q -- '- /tmp' docker-compose.yml
else
  fail "docker-compose.yml is missing"
fi

if [ "$failures" -gt 0 ]; then
  printf '%s check(s) failed\n' "$failures"
  exit 1
fi
printf 'all checks passed\n'
