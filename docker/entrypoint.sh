#!/bin/sh
# registry-ui entrypoint: validate the environment, render the nginx config,
# index.html and config.js into RUNTIME_DIR, then exec nginx in the foreground.
# POSIX sh (dash, busybox ash). The contract it implements is
# docs/runtime-contract.md; the parts, next to this file (in the image, in
# /usr/local/lib/registry-ui): lib.sh (helpers), options.sh (read and validate
# the environment), render.sh (write RUNTIME_DIR).
#
# Usage: registry-ui-entrypoint [--check | --render-only | --healthcheck | --help]
#   (none)          render, then exec nginx (foreground, logs to stdout/stderr)
#   --check         render, run `nginx -t` on the result, exit
#   --render-only   render, print the path of nginx.conf, exit
#   --healthcheck   GET ${BASE_PATH}healthz on 127.0.0.1:$LISTEN_PORT (for HEALTHCHECK)
#
# Environment (defaults in brackets):
#   REGISTRY_URL        required: http(s)://host[:port][/path] of the registry
#                       as nginx reaches it. Alias: NGINX_PROXY_PASS_URL (Joxit).
#   REGISTRIES          [] several registries behind one UI instead of
#                       REGISTRY_URL: id=url,id=url (ids: a-z 0-9 -). The
#                       first is the default, also served at ${BASE_PATH}v2/;
#                       each one at ${BASE_PATH}x/<id>/v2/ and its pages at
#                       ${BASE_PATH}x/<id>/r/...
#   REGISTRY_<ID>_TITLE, REGISTRY_<ID>_DELETE_IMAGES, REGISTRY_<ID>_AUTH
#                       per registry of REGISTRIES (ID: the id in capitals,
#                       - as _): title [the id], delete flag [DELETE_IMAGES],
#                       credentials nginx adds, as REGISTRY_AUTH [none: the
#                       browser authenticates]
#   DELETE_IMAGES       [false] let DELETE through (true/false, 1/0, yes/no, on/off)
#   LISTEN_PORT         [80] port nginx listens on. Alias: NGINX_LISTEN_PORT.
#   LISTEN_ADDRESS      [] IPv4 or IPv6 address nginx binds ("" = all IPv4
#                       addresses), e.g. 127.0.0.1 with a host-network container
#   BASE_PATH           [/] URL prefix the UI is served under, e.g. /registry-ui/
#   TLS_CERT, TLS_KEY   [] absolute paths of a PEM certificate (chain) and its
#                       private key: nginx serves HTTPS with HTTP/2 on
#                       LISTEN_PORT (both or neither; plain HTTP without them)
#   REGISTRY_TITLE      [Docker registry] title shown in the UI
#   PULL_URL            [] host[:port] shown in pull commands ("" = page host)
#   CATALOG_PAGE_SIZE   [1000] repositories per catalog request, 1..1000
#   THEME               [auto] auto|light|dark
#   DEFAULT_LANGUAGE    [] ""|en|zh-CN ("" = browser language)
#   REGISTRY_TOKEN_URL  [] http(s)://host[:port][/path] of the registry's token
#                       service (auth.token realm) as nginx reaches it; proxied
#                       at ${BASE_PATH}auth/token so the browser needs no CORS
#   REGISTRY_AUTH       [] user:password, or the absolute path of a file holding
#                       it: nginx sends these credentials upstream (to the token
#                       service when REGISTRY_TOKEN_URL is set). Every visitor
#                       then acts as that account: trusted networks only
#   RESOLVER            [nameservers of /etc/resolv.conf] DNS servers nginx
#                       uses to follow a blob redirect to storage (S3, GCS, a
#                       CDN): space-separated IPv4/IPv6 addresses or names
#   BLOB_REDIRECT_CA_FILE
#                       [] absolute path of a PEM file of CA certificates nginx
#                       trusts, besides the system's bundle, when it follows a
#                       blob redirect to https storage (a private MinIO or Ceph
#                       with its own CA)
#   BLOB_REDIRECT_ALLOW_LOCAL
#                       [false] let nginx follow a blob redirect to a loopback
#                       (127.0.0.0/8, localhost) or link-local (169.254.0.0/16)
#                       address: storage on the same host, as in tests
#   APP_DIR             [/usr/share/registry-ui/html] output of `npm run build`
#   RUNTIME_DIR         [/tmp/registry-ui] where everything is written
#   NGINX_BIN           [nginx]
#   NGINX_TEMPLATE      [/etc/registry-ui/nginx.conf.template, else ../nginx.conf
#                       next to this script]; its snippets in nginx.d/ beside it
# The UPSTREAM_* and TOKEN_* variables are read through eval in the render
# step; ${NAME} in single quotes is a template placeholder, not an expansion.
set -eu

usage() {
  sed -n '/^# The UPSTREAM_/q;/^# Usage:/,$s/^# \{0,1\}//p' "$0"
}

RUI_LIB=$(dirname -- "$0")
[ -f "$RUI_LIB/lib.sh" ] || RUI_LIB=/usr/local/lib/registry-ui
# shellcheck source=docker/lib.sh
. "$RUI_LIB/lib.sh"

MODE=run
case "${1:-}" in
  '') ;;
  --check) MODE=check ;;
  --render-only) MODE=render ;;
  --healthcheck) MODE=healthcheck ;;
  -h | --help)
    usage
    exit 0
    ;;
  *) die "unknown argument $(show "$1") (try --help)" ;;
esac
[ "$#" -le 1 ] || die "one argument at most (try --help)"

# shellcheck source=docker/options.sh
. "$RUI_LIB/options.sh"
# shellcheck source=docker/render.sh
. "$RUI_LIB/render.sh"

printf '%s: listening on %s%s%s, registry %s, delete images %s, title %s, token service %s, credentials %s, app %s, runtime %s\n' \
  "$PROG" "${LISTEN_ADDRESS:+$LISTEN_HOST}:$LISTEN_PORT" "$BASE_PATH" "${TLS_CERT:+ (https, HTTP/2)}" "$REGISTRY_URL" "$DELETE_IMAGES" "$(json_string "$REGISTRY_TITLE")" \
  "${REGISTRY_TOKEN_URL:-none}" "$([ -n "$UPSTREAM_AUTH" ] && echo 'added by nginx' || echo "the browser's")" \
  "$APP_DIR" "$RUNTIME_DIR" >&2

if [ -n "$REGISTRIES" ]; then
  ids=${multi_ids#,}
  printf '%s: registries %s (the first is the default, at %sv2/)\n' "$PROG" "${ids%,}" "$BASE_PATH" >&2
fi
if [ "$LISTEN_PORT" -lt 1024 ] && [ "$(id -u)" != 0 ]; then
  warn "LISTEN_PORT $LISTEN_PORT is below 1024 and this user is not root: nginx may not be allowed to bind it outside Docker; set LISTEN_PORT=8080 there"
fi

case "$MODE" in
  render)
    printf '%s\n' "$RUNTIME_DIR/nginx.conf"
    exit 0
    ;;
  check)
    exec "$NGINX_BIN" -t -q -p "$RUNTIME_DIR/" -e stderr -c "$RUNTIME_DIR/nginx.conf" -g 'daemon off;'
    ;;
esac
exec "$NGINX_BIN" -p "$RUNTIME_DIR/" -e stderr -c "$RUNTIME_DIR/nginx.conf" -g 'daemon off;'
