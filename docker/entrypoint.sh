#!/bin/sh
# registry-ui entrypoint: validate the environment, render the nginx config,
# index.html and config.js into RUNTIME_DIR, then exec nginx in the foreground.
# POSIX sh (dash, busybox ash). The contract it implements is
# docs/runtime-contract.md.
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
#                       next to this script]
# The UPSTREAM_* and *_METHODS variables are read through eval in the render
# step; ${NAME} in single quotes is a template placeholder, not an expansion.
# shellcheck disable=SC2034,SC2016,SC2154
set -eu

PROG=registry-ui

die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  exit 1
}

warn() {
  printf '%s: warning: %s\n' "$PROG" "$*" >&2
}

usage() {
  sed -n '/^# The UPSTREAM_/q;7,$s/^# \{0,1\}//p' "$0"
}

NL='
'
CR=$(printf '\r')

# matches VALUE ERE: true when the whole value matches. A value with a line
# break never matches (grep would test each line on its own).
matches() {
  case "$1" in *"$NL"* | *"$CR"*) return 1 ;; esac
  printf '%s\n' "$1" | grep -Eqx -- "$2"
}

lower() {
  printf '%s' "$1" | tr '[:upper:]' '[:lower:]'
}

# Shown in messages: the value between quotes, line breaks made visible.
show() {
  if [ "${#1}" -gt 120 ]; then
    printf "'%s…' (%s characters)" "$(printf '%s' "$1" | cut -c 1-60 | head -n 1)" "${#1}" | tr '\n\r\t' '???'
  else
    printf "'%s'" "$1" | tr '\n\r\t' '???'
  fi
}

# max_length NAME VALUE MAX: stops the start, naming NAME, when VALUE is longer
# than MAX characters (nginx would fail on it later without saying which
# variable, or ln on a too-long file name).
max_length() {
  [ "${#2}" -le "$3" ] || die "$1 is too long: ${#2} characters, at most $3"
}

# check_host NAME HOST: a DNS name of at most 253 characters and labels of at
# most 63 (RFC 1035), or a bracketed IPv6 address.
check_host() {
  case "$2" in \[*\]) return 0 ;; esac
  [ "${#2}" -le 253 ] || die "$1: the host name is too long: ${#2} characters, at most 253"
  ch_rest=$2
  while [ -n "$ch_rest" ]; do
    ch_label=${ch_rest%%.*}
    [ "${#ch_label}" -le 63 ] || die "$1: a host name label is longer than 63 characters: $(show "$ch_label")"
    case "$ch_rest" in *.*) ch_rest=${ch_rest#*.} ;; *) ch_rest= ;; esac
  done
}

# json_string VALUE: VALUE as a JSON string literal that is also safe inside
# an HTML <script> element and a JS file: quotes, backslashes and control
# characters escaped, and < > & written as \u003c \u003e \u0026 so that
# "</script>" or "<!--" cannot end or change the script.
json_string() {
  JSON_VALUE="$1" LC_ALL=C awk 'BEGIN {
    s = ENVIRON["JSON_VALUE"]
    for (i = 1; i < 32; i++) ctl[sprintf("%c", i)] = sprintf("\\u%04x", i)
    ctl["\n"] = "\\n"; ctl["\r"] = "\\r"; ctl["\t"] = "\\t"
    ctl["\b"] = "\\b"; ctl["\f"] = "\\f"
    ctl["\""] = "\\\""; ctl["\\"] = "\\\\"
    ctl["<"] = "\\u003c"; ctl[">"] = "\\u003e"; ctl["&"] = "\\u0026"
    ctl[sprintf("%c", 127)] = "\\u007f"
    out = ""
    n = length(s)
    for (i = 1; i <= n; i++) {
      c = substr(s, i, 1)
      out = out ((c in ctl) ? ctl[c] : c)
    }
    printf "\"%s\"", out
  }'
}

# ------------------------------------------------------------------ arguments

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

# ------------------------------------------------------------------ environment

# Joxit/docker-registry-ui names with the same meaning; ours win.
if [ -z "${REGISTRY_URL:-}" ] && [ -n "${NGINX_PROXY_PASS_URL:-}" ]; then
  REGISTRY_URL=$NGINX_PROXY_PASS_URL
fi
if [ -z "${LISTEN_PORT:-}" ] && [ -n "${NGINX_LISTEN_PORT:-}" ]; then
  LISTEN_PORT=$NGINX_LISTEN_PORT
fi

LISTEN_PORT=${LISTEN_PORT:-80}
BASE_PATH=${BASE_PATH:-/}

# LISTEN_PORT
{ matches "$LISTEN_PORT" '[1-9][0-9]{0,4}' && [ "$LISTEN_PORT" -le 65535 ]; } \
  || die "LISTEN_PORT must be a port number 1..65535, got $(show "$LISTEN_PORT")"

# LISTEN_ADDRESS: LISTEN is what follows `listen` in nginx.conf, LISTEN_HOST
# where --healthcheck asks.
LISTEN_ADDRESS=${LISTEN_ADDRESS:-}
case "$LISTEN_ADDRESS" in
  '' | '*' | 0.0.0.0) LISTEN=$LISTEN_PORT LISTEN_HOST=127.0.0.1 LISTEN_ADDRESS= ;;
  *:*)
    LISTEN_ADDRESS=${LISTEN_ADDRESS#[}
    LISTEN_ADDRESS=${LISTEN_ADDRESS%]}
    matches "$LISTEN_ADDRESS" '[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*' \
      || die "LISTEN_ADDRESS must be an IPv4 or IPv6 address, got $(show "$LISTEN_ADDRESS")"
    case "$LISTEN_ADDRESS" in :: | ::0) LISTEN_HOST='[::1]' ;; *) LISTEN_HOST="[$LISTEN_ADDRESS]" ;; esac
    LISTEN="[$LISTEN_ADDRESS]:$LISTEN_PORT"
    ;;
  *)
    { matches "$LISTEN_ADDRESS" '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}'; } \
      || die "LISTEN_ADDRESS must be an IPv4 or IPv6 address, got $(show "$LISTEN_ADDRESS")"
    LISTEN="$LISTEN_ADDRESS:$LISTEN_PORT" LISTEN_HOST=$LISTEN_ADDRESS
    ;;
esac

# BASE_PATH: add the leading and trailing slash, squeeze repeated ones.
max_length BASE_PATH "$BASE_PATH" 200
case "$BASE_PATH" in /*) ;; *) BASE_PATH="/$BASE_PATH" ;; esac
case "$BASE_PATH" in */) ;; *) BASE_PATH="$BASE_PATH/" ;; esac
case "$BASE_PATH" in *"$NL"*) ;; *) BASE_PATH=$(printf '%s\n' "$BASE_PATH" | tr -s '/') ;; esac
matches "$BASE_PATH" '/([A-Za-z0-9._~-]+/)*' \
  || die "BASE_PATH may only contain letters, digits and . _ ~ - between slashes, got $(show "$BASE_PATH")"
case "$BASE_PATH" in
  */./* | */../*) die "BASE_PATH must not contain . or .. segments, got $(show "$BASE_PATH")" ;;
esac

if [ "$MODE" = healthcheck ]; then
  url="http://${LISTEN_HOST}:${LISTEN_PORT}${BASE_PATH}healthz"
  if command -v wget >/dev/null 2>&1; then
    exec wget -q -T 5 -O /dev/null "$url"
  elif command -v curl >/dev/null 2>&1; then
    exec curl -fsS -m 5 -o /dev/null "$url"
  fi
  die "--healthcheck needs wget or curl"
fi

# REGISTRIES: the first entry stands where REGISTRY_URL would (the default
# registry, at ${BASE_PATH}v2/); all of them are parsed below.
REGISTRIES=${REGISTRIES:-}
if [ -n "$REGISTRIES" ]; then
  [ -z "${REGISTRY_URL:-}" ] || die "set REGISTRY_URL or REGISTRIES, not both (REGISTRIES lists every registry, the first is the default)"
  [ -z "${REGISTRY_TOKEN_URL:-}" ] || die "REGISTRY_TOKEN_URL is not supported with REGISTRIES"
  [ -z "${REGISTRY_AUTH:-}" ] || die "REGISTRY_AUTH is not supported with REGISTRIES: set REGISTRY_<ID>_AUTH per registry"
  max_length REGISTRIES "$REGISTRIES" 16384
  first_entry=${REGISTRIES%%,*}
  case "$first_entry" in *=*) REGISTRY_URL=${first_entry#*=} ;; *) die "REGISTRIES must be id=url,id=url, got $(show "$REGISTRIES")" ;; esac
  url_name="REGISTRIES: the URL of ${first_entry%%=*}"
else
  url_name=REGISTRY_URL
fi

# REGISTRY_URL
[ -n "${REGISTRY_URL:-}" ] \
  || die "REGISTRY_URL is required: the registry as nginx reaches it, e.g. REGISTRY_URL=http://registry:5000"
max_length "$url_name" "$REGISTRY_URL" 1024
case "$REGISTRY_URL" in
  \"*\" | \'*\') die "$url_name must not be quoted, got $(show "$REGISTRY_URL") (remove the quotes)" ;;
  *@*) die "$url_name must not contain credentials; registry-ui passes the browser's Authorization header through" ;;
esac
host_re='([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])'
matches "$REGISTRY_URL" "[Hh][Tt][Tt][Pp][Ss]?://${host_re}(:[1-9][0-9]{0,4})?(/[A-Za-z0-9._~-]+)*/?" \
  || die "$url_name must look like http(s)://host[:port][/path], got $(show "$REGISTRY_URL")"

url_scheme=$(lower "${REGISTRY_URL%%://*}")
url_rest=${REGISTRY_URL#*://}
url_rest=${url_rest%/}
case "$url_rest" in
  */*) url_authority=${url_rest%%/*} url_path=/${url_rest#*/} ;;
  *) url_authority=$url_rest url_path= ;;
esac
case "$url_authority" in
  \[*\]:*) url_host=${url_authority%:*} url_port=${url_authority##*:} ;;
  \[*\]) url_host=$url_authority url_port= ;;
  *:*) url_host=${url_authority%:*} url_port=${url_authority##*:} ;;
  *) url_host=$url_authority url_port= ;;
esac
url_host=$(lower "$url_host")
check_host "$url_name" "$url_host"
case "$url_path" in
  */v2 | */v2/*) die "$url_name is the registry's base URL, without /v2, got $(show "$REGISTRY_URL")" ;;
esac
case "$url_path" in */./* | */. | */../* | */..) die "$url_name path must not contain . or .. segments" ;; esac
if [ "$url_scheme" = https ]; then default_port=443; else default_port=80; fi
if [ -n "$url_port" ] && [ "$url_port" -gt 65535 ]; then
  die "$url_name port must be 1..65535, got $(show "$url_port")"
fi
UPSTREAM_SCHEME=$url_scheme
UPSTREAM_SERVER="$url_host:${url_port:-$default_port}"
if [ -z "$url_port" ] || [ "$url_port" = "$default_port" ]; then
  UPSTREAM_HOST=$url_host
else
  UPSTREAM_HOST="$url_host:$url_port"
fi
UPSTREAM_HOSTNAME=$(printf '%s' "$url_host" | tr -d '[]')
UPSTREAM_ORIGIN="$url_scheme://$UPSTREAM_HOST"
UPSTREAM_PATH=$url_path
REGISTRY_URL="$UPSTREAM_ORIGIN$UPSTREAM_PATH"

# DELETE_IMAGES
case "$(lower "${DELETE_IMAGES:-false}")" in
  true | 1 | yes | on) DELETE_IMAGES=true ;;
  false | 0 | no | off | '') DELETE_IMAGES=false ;;
  *) die "DELETE_IMAGES must be true or false, got $(show "$DELETE_IMAGES")" ;;
esac

# CATALOG_PAGE_SIZE: distribution answers 400 PAGINATION_NUMBER_INVALID above
# its catalog.maxentries, 1000 by default.
CATALOG_PAGE_SIZE=${CATALOG_PAGE_SIZE:-1000}
{ matches "$CATALOG_PAGE_SIZE" '[1-9][0-9]{0,3}' && [ "$CATALOG_PAGE_SIZE" -le 1000 ]; } \
  || die "CATALOG_PAGE_SIZE must be 1..1000 (distribution caps n at 1000), got $(show "$CATALOG_PAGE_SIZE")"

# THEME
THEME=$(lower "${THEME:-auto}")
case "$THEME" in
  auto | light | dark) ;;
  *) die "THEME must be auto, light or dark, got $(show "$THEME")" ;;
esac

# DEFAULT_LANGUAGE
case "$(lower "${DEFAULT_LANGUAGE:-}")" in
  '') DEFAULT_LANGUAGE= ;;
  en) DEFAULT_LANGUAGE=en ;;
  zh-cn | zh_cn) DEFAULT_LANGUAGE=zh-CN ;;
  *) die "DEFAULT_LANGUAGE must be empty, en or zh-CN, got $(show "$DEFAULT_LANGUAGE")" ;;
esac

REGISTRY_TITLE=${REGISTRY_TITLE-Docker registry}
PULL_URL=${PULL_URL:-}
case "$PULL_URL" in
  *[[:space:]]*) die "PULL_URL must be host[:port] without spaces, got $(show "$PULL_URL")" ;;
esac

# Joxit options that mean something else here: say so instead of ignoring them.
case "$(lower "${SINGLE_REGISTRY:-true}")" in
  false | 0 | no) [ -n "$REGISTRIES" ] || warn "SINGLE_REGISTRY=false is not read: list several registries in REGISTRIES=id=url,id=url" ;;
esac
if env | grep -q '^NGINX_PROXY_HEADER_'; then
  warn "NGINX_PROXY_HEADER_* (Joxit) is ignored: the browser authenticates; for credentials added by the server, set REGISTRY_AUTH=user:password"
fi

# REGISTRY_TOKEN_URL: the token service of a registry with auth.token. nginx
# proxies it at ${BASE_PATH}auth/token and points the registry's Bearer
# challenge there, so the browser asks for tokens on its own origin (no CORS,
# and the page's connect-src 'self' holds).
REGISTRY_TOKEN_URL=${REGISTRY_TOKEN_URL:-}
TOKEN_SERVER= TOKEN_SCHEME=http TOKEN_HOST= TOKEN_HOSTNAME= TOKEN_PATH=/
if [ -n "$REGISTRY_TOKEN_URL" ]; then
  max_length REGISTRY_TOKEN_URL "$REGISTRY_TOKEN_URL" 1024
  case "$REGISTRY_TOKEN_URL" in
    *@*) die "REGISTRY_TOKEN_URL must not contain credentials (set REGISTRY_AUTH)" ;;
  esac
  matches "$REGISTRY_TOKEN_URL" "[Hh][Tt][Tt][Pp][Ss]?://${host_re}(:[1-9][0-9]{0,4})?(/[A-Za-z0-9._~-]+)*/?" \
    || die "REGISTRY_TOKEN_URL must look like http(s)://host[:port][/path], got $(show "$REGISTRY_TOKEN_URL")"
  TOKEN_SCHEME=$(lower "${REGISTRY_TOKEN_URL%%://*}")
  tok_rest=${REGISTRY_TOKEN_URL#*://}
  case "$tok_rest" in
    */*) tok_authority=${tok_rest%%/*} TOKEN_PATH=/${tok_rest#*/} ;;
    *) tok_authority=$tok_rest ;;
  esac
  case "$TOKEN_PATH" in */./* | */. | */../* | */..) die "REGISTRY_TOKEN_URL path must not contain . or .. segments" ;; esac
  case "$tok_authority" in
    \[*\]:* | [!\[]*:*) tok_host=${tok_authority%:*} tok_port=${tok_authority##*:} ;;
    *) tok_host=$tok_authority tok_port= ;;
  esac
  tok_host=$(lower "$tok_host")
  check_host REGISTRY_TOKEN_URL "$tok_host"
  if [ "$TOKEN_SCHEME" = https ]; then tok_default=443; else tok_default=80; fi
  if [ -n "$tok_port" ] && [ "$tok_port" -gt 65535 ]; then
    die "REGISTRY_TOKEN_URL port must be 1..65535, got $(show "$tok_port")"
  fi
  TOKEN_SERVER="$tok_host:${tok_port:-$tok_default}"
  if [ -z "$tok_port" ] || [ "$tok_port" = "$tok_default" ]; then TOKEN_HOST=$tok_host; else TOKEN_HOST="$tok_host:$tok_port"; fi
  TOKEN_HOSTNAME=$(printf '%s' "$tok_host" | tr -d '[]')
  REGISTRY_TOKEN_URL="$TOKEN_SCHEME://$TOKEN_HOST$TOKEN_PATH"
fi

# REGISTRY_AUTH: credentials nginx adds upstream. Distribution reads the same
# name as its auth backend (REGISTRY_AUTH=htpasswd in its docs): such a value
# leaking from a shared env file is ignored with a warning, not sent.
REGISTRY_AUTH=${REGISTRY_AUTH:-}
UPSTREAM_AUTH=
case "$(lower "$REGISTRY_AUTH")" in
  '') ;;
  htpasswd | token | silly | none)
    warn "REGISTRY_AUTH=$REGISTRY_AUTH looks like the registry's own setting (its auth backend) and is ignored; registry-ui reads user:password or a file path"
    ;;
  /*)
    [ -f "$REGISTRY_AUTH" ] && [ -r "$REGISTRY_AUTH" ] \
      || die "REGISTRY_AUTH names a file that cannot be read: $(show "$REGISTRY_AUTH")"
    UPSTREAM_AUTH=$(head -n 1 "$REGISTRY_AUTH" | tr -d '\r')
    case "$UPSTREAM_AUTH" in
      [!:]*:*) ;;
      *) die "the first line of the REGISTRY_AUTH file must be user:password" ;;
    esac
    ;;
  [!:]*:*) UPSTREAM_AUTH=$REGISTRY_AUTH ;;
  *) die "REGISTRY_AUTH must be user:password or the absolute path of a file holding it" ;;
esac
case "$UPSTREAM_AUTH" in
  *"$NL"* | *"$CR"*) die "REGISTRY_AUTH must be one line" ;;
esac
max_length REGISTRY_AUTH "$REGISTRY_AUTH" 1024
max_length "REGISTRY_AUTH (the user:password in the file)" "$UPSTREAM_AUTH" 1024
if [ -n "$UPSTREAM_AUTH" ] && [ "$DELETE_IMAGES" = true ]; then
  warn "REGISTRY_AUTH with DELETE_IMAGES=true: every visitor can delete whatever that account may delete"
fi
# REGISTRIES, parsed: one upstream and one set of map entries per registry,
# written to RUNTIME_DIR/registries.conf (the allowlist nginx routes
# ${BASE_PATH}x/<id>/v2/ by), credentials to registries-auth.conf (0600), and
# the list for config.js (no URLs, no credentials).
MULTI_UPSTREAMS= MULTI_MAPS= MULTI_AUTH= MULTI_JSON= multi_count=0 multi_ids=,
if [ -n "$REGISTRIES" ]; then
  default_delete=$DELETE_IMAGES
  set -f
  old_ifs=$IFS
  IFS=,
  # shellcheck disable=SC2086
  set -- $REGISTRIES
  IFS=$old_ifs
  set +f
  for entry in "$@"; do
    id=${entry%%=*}
    url=${entry#*=}
    [ "$id" != "$entry" ] || die "REGISTRIES entries must be id=url, got $(show "$entry")"
    matches "$id" '[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?' \
      || die "REGISTRIES: an id is 1..32 of a-z 0-9 - (not at the ends), got $(show "$id")"
    case "$multi_ids" in *",$id,"*) die "REGISTRIES: the id $id appears twice" ;; esac
    multi_ids="$multi_ids$id,"
    max_length "REGISTRIES: the URL of $id" "$url" 1024
    case "$url" in *@*) die "REGISTRIES: the URL of $id must not contain credentials (set REGISTRY_<ID>_AUTH)" ;; esac
    matches "$url" "[Hh][Tt][Tt][Pp][Ss]?://${host_re}(:[1-9][0-9]{0,4})?(/[A-Za-z0-9._~-]+)*/?" \
      || die "REGISTRIES: the URL of $id must look like http(s)://host[:port][/path], got $(show "$url")"
    m_scheme=$(lower "${url%%://*}")
    m_rest=${url#*://}
    m_rest=${m_rest%/}
    case "$m_rest" in
      */*) m_authority=${m_rest%%/*} m_path=/${m_rest#*/} ;;
      *) m_authority=$m_rest m_path= ;;
    esac
    case "$m_path" in */v2 | */v2/* | */./* | */. | */../* | */..) die "REGISTRIES: the URL of $id is the registry's base URL, without /v2 or . segments" ;; esac
    case "$m_authority" in
      \[*\]:* | [!\[]*:*) m_host=${m_authority%:*} m_port=${m_authority##*:} ;;
      *) m_host=$m_authority m_port= ;;
    esac
    m_host=$(lower "$m_host")
    check_host "REGISTRIES: the URL of $id" "$m_host"
    if [ "$m_scheme" = https ]; then m_default=443; else m_default=80; fi
    if [ -n "$m_port" ] && [ "$m_port" -gt 65535 ]; then die "REGISTRIES: the port of $id must be 1..65535"; fi
    if [ -z "$m_port" ] || [ "$m_port" = "$m_default" ]; then m_hosthdr=$m_host; else m_hosthdr="$m_host:$m_port"; fi
    # per-registry options: REGISTRY_<ID>_...
    var=$(printf '%s' "$id" | tr 'a-z-' 'A-Z_')
    eval "m_title=\${REGISTRY_${var}_TITLE-\$id}"
    eval "m_delete=\${REGISTRY_${var}_DELETE_IMAGES:-\$default_delete}"
    eval "m_auth=\${REGISTRY_${var}_AUTH:-}"
    case "$(lower "$m_delete")" in
      true | 1 | yes | on) m_delete=true ;;
      false | 0 | no | off) m_delete=false ;;
      *) die "REGISTRY_${var}_DELETE_IMAGES must be true or false, got $(show "$m_delete")" ;;
    esac
    case "$m_auth" in
      /*)
        [ -f "$m_auth" ] && [ -r "$m_auth" ] || die "REGISTRY_${var}_AUTH names a file that cannot be read: $(show "$m_auth")"
        m_auth=$(head -n 1 "$m_auth" | tr -d '\r')
        ;;
    esac
    case "$m_auth" in
      '' | [!:]*:*) ;;
      *) die "REGISTRY_${var}_AUTH must be user:password or the absolute path of a file holding it" ;;
    esac
    case "$m_auth" in *"$NL"* | *"$CR"*) die "REGISTRY_${var}_AUTH must be one line" ;; esac
    max_length "REGISTRY_${var}_AUTH" "$m_auth" 1024
    upstream="rui_registry_$(printf '%s' "$id" | tr '-' '_')"
    MULTI_UPSTREAMS="${MULTI_UPSTREAMS}upstream $upstream {
    server $m_host:${m_port:-$m_default};
    keepalive 8;
}
"
    if [ "$m_delete" = true ]; then m_refused=0 m_allow='GET, HEAD, OPTIONS, DELETE'; else m_refused=1 m_allow='GET, HEAD, OPTIONS'; fi
    MULTI_MAPS="${MULTI_MAPS}$id|$upstream|$m_scheme|$m_hosthdr|$m_scheme://$m_hosthdr|$m_path|$m_refused|$m_allow
"
    if [ -n "$m_auth" ]; then
      MULTI_AUTH="${MULTI_AUTH}    $id \"Basic $(printf '%s' "$m_auth" | base64 | tr -d '\n')\";
"
    fi
    MULTI_JSON="${MULTI_JSON}${MULTI_JSON:+,}
    {\"id\": \"$id\", \"title\": $(json_string "$m_title"), \"deleteImages\": $m_delete}"
    multi_count=$((multi_count + 1))
    # The first registry is the default one: ${BASE_PATH}v2/ with its options.
    if [ "$multi_count" = 1 ]; then
      DELETE_IMAGES=$m_delete
      UPSTREAM_AUTH=$m_auth
    fi
  done
  [ "$multi_count" -ge 1 ] || die "REGISTRIES lists no registry"
  set --
fi

for name in CATALOG_ELEMENTS_LIMIT NGINX_RESOLVER REGISTRY_SECURED; do
  eval "isset=\${$name+x}"
  [ -z "$isset" ] || warn "$name (Joxit) is not supported and is ignored"
done

# RESOLVER: blob redirects (S3, GCS, Azure, a CDN) are followed by nginx,
# which resolves their host at request time. The addresses of
# /etc/resolv.conf by default (nginx reads no resolv.conf itself); without
# any, only redirects to an IP address are followed.
if [ -z "${RESOLVER:-}" ] && [ -r /etc/resolv.conf ]; then
  RESOLVER=$(awk '$1 == "nameserver" && $2 != "" { printf "%s%s", sep, $2; sep = " " }' /etc/resolv.conf)
fi
# Each entry as nginx's resolver takes it: IPv4[:port], [IPv6][:port], a bare
# IPv6 address (bracketed here), or name[:port]; an IPv6 zone (%eth0) is cut.
max_length RESOLVER "${RESOLVER:-}" 2048
resolver_list= resolver_count=0
set -f # split on spaces, never expand globs
for ns in ${RESOLVER:-}; do
  ns=${ns%%%*}
  resolver_count=$((resolver_count + 1))
  [ "$resolver_count" -le 16 ] || die "RESOLVER lists more than 16 servers"
  ns_port=
  if matches "$ns" '[0-9]{1,3}(\.[0-9]{1,3}){3}(:[0-9]{1,5})?'; then
    ns_addr=${ns%%:*}
    case "$ns" in *:*) ns_port=${ns##*:} ;; esac
    for octet in $(printf '%s' "$ns_addr" | tr '.' ' '); do
      [ "$octet" -le 255 ] || die "RESOLVER: $(show "$ns") is not an IPv4 address"
    done
  elif matches "$ns" '\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?'; then
    case "$ns" in *\]:*) ns_port=${ns##*:} ;; esac
  elif matches "$ns" '[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*'; then
    ns="[$ns]"
  elif matches "$ns" "${host_re}(:[0-9]{1,5})?"; then
    case "$ns" in *:*) ns_port=${ns##*:} ;; esac
    check_host RESOLVER "${ns%%:*}"
  else
    die "RESOLVER must list IP addresses or host names, each with an optional :port, got $(show "$ns")"
  fi
  if [ -n "$ns_port" ] && { [ "$ns_port" -lt 1 ] || [ "$ns_port" -gt 65535 ]; }; then
    die "RESOLVER: the port of $(show "$ns") must be 1..65535"
  fi
  resolver_list="${resolver_list:+$resolver_list }$ns"
done
set +f
RESOLVER=$resolver_list

# BLOB_REDIRECT_ALLOW_LOCAL: storage on this machine or a link-local address.
case "$(lower "${BLOB_REDIRECT_ALLOW_LOCAL:-false}")" in
  true | 1 | yes | on) BLOB_REDIRECT_ALLOW_LOCAL=true nolocal=drop ;;
  false | 0 | no | off) BLOB_REDIRECT_ALLOW_LOCAL=false nolocal=keep ;;
  *) die "BLOB_REDIRECT_ALLOW_LOCAL must be true or false, got $(show "$BLOB_REDIRECT_ALLOW_LOCAL")" ;;
esac

# BLOB_REDIRECT_CA_FILE and the system's CA bundle: what nginx verifies the
# storage's certificate against when it follows a blob redirect to https.
BLOB_REDIRECT_CA_FILE=${BLOB_REDIRECT_CA_FILE:-}
if [ -n "$BLOB_REDIRECT_CA_FILE" ]; then
  [ "${#BLOB_REDIRECT_CA_FILE}" -le 1024 ] || die "BLOB_REDIRECT_CA_FILE is too long (${#BLOB_REDIRECT_CA_FILE} characters; at most 1024)"
  case "$BLOB_REDIRECT_CA_FILE" in
    /*) ;;
    *) die "BLOB_REDIRECT_CA_FILE must be an absolute path, got $(show "$BLOB_REDIRECT_CA_FILE")" ;;
  esac
  [ -f "$BLOB_REDIRECT_CA_FILE" ] && [ -r "$BLOB_REDIRECT_CA_FILE" ] \
    || die "BLOB_REDIRECT_CA_FILE names a file that cannot be read: $(show "$BLOB_REDIRECT_CA_FILE")"
  grep -q -- '-----BEGIN CERTIFICATE-----' "$BLOB_REDIRECT_CA_FILE" \
    || die "BLOB_REDIRECT_CA_FILE must hold PEM certificates (-----BEGIN CERTIFICATE-----): $(show "$BLOB_REDIRECT_CA_FILE")"
fi
SYSTEM_CA_FILE=
for f in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/ca-bundle.pem /etc/ssl/cert.pem; do
  if [ -f "$f" ] && [ -r "$f" ]; then
    SYSTEM_CA_FILE=$f
    break
  fi
done
if [ -z "$SYSTEM_CA_FILE" ] && [ -z "$BLOB_REDIRECT_CA_FILE" ]; then
  warn "no CA bundle found (install ca-certificates, or set BLOB_REDIRECT_CA_FILE): blob redirects to https storage will be refused"
fi

# ------------------------------------------------------------------ paths

# abs_dir PATH: PATH made absolute (symlinks resolved); fails unless a directory.
abs_dir() {
  [ -d "$1" ] || return 1
  (cd "$1" && pwd -P)
}

APP_DIR=${APP_DIR:-/usr/share/registry-ui/html}
RUNTIME_DIR=${RUNTIME_DIR:-/tmp/registry-ui}
NGINX_BIN=${NGINX_BIN:-nginx}
if [ -z "${NGINX_TEMPLATE:-}" ]; then
  if [ -f /etc/registry-ui/nginx.conf.template ]; then
    NGINX_TEMPLATE=/etc/registry-ui/nginx.conf.template
  else
    NGINX_TEMPLATE="$(dirname -- "$0")/../nginx.conf"
  fi
fi

app_dir=$(abs_dir "$APP_DIR") || die "APP_DIR $(show "$APP_DIR") is not a directory (run npm run build first?)"
APP_DIR=$app_dir
[ -f "$APP_DIR/index.html" ] || die "APP_DIR $APP_DIR has no index.html (run npm run build first?)"
[ -f "$NGINX_TEMPLATE" ] || die "nginx template not found: $NGINX_TEMPLATE (set NGINX_TEMPLATE)"
mkdir -p "$RUNTIME_DIR" || die "cannot create RUNTIME_DIR $RUNTIME_DIR (mount a writable /tmp, e.g. --tmpfs /tmp)"
runtime_dir=$(abs_dir "$RUNTIME_DIR") || die "RUNTIME_DIR $(show "$RUNTIME_DIR") is not a directory"
RUNTIME_DIR=$runtime_dir
[ -w "$RUNTIME_DIR" ] || die "RUNTIME_DIR $RUNTIME_DIR is not writable (mount a writable /tmp, e.g. --tmpfs /tmp)"
# Both go into nginx.conf unquoted.
for dir in "$APP_DIR" "$RUNTIME_DIR"; do
  matches "$dir" '/[A-Za-z0-9._/+-]*' || die "$(show "$dir"): APP_DIR and RUNTIME_DIR may only contain letters, digits and . _ - + /"
done

# ------------------------------------------------------------------ render

umask 022
HTML_DIR="$RUNTIME_DIR/html"
rm -rf "$HTML_DIR" "$RUNTIME_DIR/www"
mkdir "$HTML_DIR"

# Document root: index.html and config.js rendered here, everything else in
# APP_DIR linked in (except its dev config.js). Under a sub-path, DOC_ROOT is
# RUNTIME_DIR/www with www${BASE_PATH} linked to html/, so nginx serves files
# with plain `root` and `try_files`, never `alias`.
for entry in "$APP_DIR"/* "$APP_DIR"/.[!.]*; do
  [ -e "$entry" ] || continue
  case "${entry##*/}" in index.html | config.js) continue ;; esac
  ln -s "$entry" "$HTML_DIR/${entry##*/}"
done

if [ "$BASE_PATH" = / ]; then
  DOC_ROOT=$HTML_DIR
else
  DOC_ROOT="$RUNTIME_DIR/www"
  base_noslash=${BASE_PATH%/}
  mkdir -p "$DOC_ROOT${base_noslash%/*}"
  ln -s "$HTML_DIR" "$DOC_ROOT$base_noslash"
fi

# index.html: the build's <base href="/"> becomes BASE_PATH.
grep -q '<base href="/"' "$APP_DIR/index.html" \
  || die "$APP_DIR/index.html has no <base href=\"/\" />: is APP_DIR a registry-ui build?"
sed "s|<base href=\"/\"|<base href=\"$BASE_PATH\"|" "$APP_DIR/index.html" >"$HTML_DIR/index.html"

# config.js: exactly the keys of docs/runtime-contract.md, nothing else.
{
  printf '// Written by registry-ui-entrypoint at start (docs/runtime-contract.md).\n'
  printf 'window.__REGISTRY_UI_CONFIG__ = {\n'
  printf '  "registryUrl": %s,\n' "$(json_string "${BASE_PATH%/}")"
  printf '  "registryTitle": %s,\n' "$(json_string "$REGISTRY_TITLE")"
  printf '  "deleteImages": %s,\n' "$DELETE_IMAGES"
  printf '  "pullUrl": %s,\n' "$(json_string "$PULL_URL")"
  printf '  "catalogPageSize": %s,\n' "$CATALOG_PAGE_SIZE"
  printf '  "basePath": %s,\n' "$(json_string "$BASE_PATH")"
  printf '  "defaultLanguage": %s,\n' "$(json_string "$DEFAULT_LANGUAGE")"
  printf '  "theme": %s,\n' "$(json_string "$THEME")"
  printf '  "registries": [%s%s]\n' "$MULTI_JSON" "${MULTI_JSON:+$NL  }"
  printf '};\n'
} >"$HTML_DIR/config.js"

# nginx.conf
if [ "$DELETE_IMAGES" = true ]; then
  DELETE_REFUSED=0 ALLOW_METHODS='GET, HEAD, OPTIONS, DELETE'
else
  DELETE_REFUSED=1 ALLOW_METHODS='GET, HEAD, OPTIONS'
fi
if [ "$BASE_PATH" = / ]; then subpath=drop rootpath=keep; else subpath=keep rootpath=drop; fi
# BASE_PATH inside the template's regexes: "." is the only character of a
# valid BASE_PATH a regex reads as more than itself (/a.b/ would match /aXb/).
BASE_PATH_RE=$(printf '%s\n' "$BASE_PATH" | sed 's/\./[.]/g')
if [ "$UPSTREAM_SCHEME" = https ]; then https=keep; else https=drop; fi
if [ -n "$TOKEN_SERVER" ]; then token=keep; else token=drop; fi
if [ -n "$RESOLVER" ]; then resolver=keep; else resolver=drop; fi
# Debian's brotli_static module (libnginx-mod-http-brotli-static): the .br
# files of the build are served when it is installed, .gz ones always.
BROTLI_MODULE=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
if [ -f "$BROTLI_MODULE" ]; then brotli=keep; else brotli=drop; fi
if [ -n "$REGISTRIES" ]; then multi=keep; else multi=drop; fi
# REGISTRIES: the upstreams and the maps ${BASE_PATH}x/<id>/v2/ is routed by;
# an id missing from them gets a 404, never a connection.
rm -f "$RUNTIME_DIR/registries.conf" "$RUNTIME_DIR/registries-auth.conf"
if [ "$multi" = keep ]; then
  {
    printf '# Written by registry-ui-entrypoint from REGISTRIES.\n%s' "$MULTI_UPSTREAMS"
    printf '%s' "$MULTI_MAPS" | awk -F'|' '
      { id[NR] = $1; for (f = 2; f <= 8; f++) v[NR, f] = $f }
      END {
        split("x upstream scheme host origin path delete_refused allow", name, " ")
        for (f = 2; f <= 8; f++) {
          printf "map $rui_registry_id $rui_registry_%s {\n", name[f]
          printf "    default \"%s\";\n", (f == 7 ? "1" : "")
          for (i = 1; i <= NR; i++) printf "    %s \"%s\";\n", id[i], v[i, f]
          printf "}\n"
        }
      }'
  } >"$RUNTIME_DIR/registries.conf"
  (
    umask 077
    {
      printf 'map $rui_registry_id $rui_registry_authorization {\n    default $http_authorization;\n'
      printf '%s' "$MULTI_AUTH"
      printf '}\n'
    } >"$RUNTIME_DIR/registries-auth.conf"
  )
fi
if [ "$token" = keep ] && [ "$TOKEN_SCHEME" = https ]; then tokenhttps=keep; else tokenhttps=drop; fi
# REGISTRY_AUTH goes where the registry takes credentials: the token service
# when there is one (the app then gets that account's tokens), else /v2/.
v2auth=drop tokenauth=drop
if [ -n "$UPSTREAM_AUTH" ]; then
  if [ "$token" = keep ]; then tokenauth=keep; else v2auth=keep; fi
fi
# The credentials stay out of nginx.conf: a file only nginx's master reads.
rm -f "$RUNTIME_DIR/upstream-auth.conf"
if [ -n "$UPSTREAM_AUTH" ]; then
  (
    umask 077
    printf 'proxy_set_header Authorization "Basic %s";\n' \
      "$(printf '%s' "$UPSTREAM_AUTH" | base64 | tr -d '\n')" >"$RUNTIME_DIR/upstream-auth.conf"
  )
fi

# RUNTIME_DIR/blob-ca.pem: the system's bundle and BLOB_REDIRECT_CA_FILE in
# one file (nginx takes one), read when nginx starts.
rm -f "$RUNTIME_DIR/blob-ca.pem"
if [ -n "$SYSTEM_CA_FILE$BLOB_REDIRECT_CA_FILE" ]; then
  {
    [ -z "$SYSTEM_CA_FILE" ] || cat "$SYSTEM_CA_FILE"
    echo
    [ -z "$BLOB_REDIRECT_CA_FILE" ] || cat "$BLOB_REDIRECT_CA_FILE"
  } >"$RUNTIME_DIR/blob-ca.pem" || die "cannot write $RUNTIME_DIR/blob-ca.pem"
  ca=keep noca=drop
else
  ca=drop noca=keep
fi

# sed_value VALUE: VALUE safe on the right-hand side of s|...|...|.
sed_value() {
  printf '%s' "$1" | sed 's/[\\|&]/\\&/g'
}
marker() {
  # marker NAME keep|drop: a sed command for lines marked #?NAME.
  if [ "$2" = keep ]; then
    printf 's/^\\([[:space:]]*\\)#?%s /\\1/\n' "$1"
  else
    printf '/^[[:space:]]*#?%s /d\n' "$1"
  fi
}
{
  marker SUBPATH "$subpath"
  marker ROOTPATH "$rootpath"
  marker HTTPS "$https"
  marker TOKEN "$token"
  marker TOKENHTTPS "$tokenhttps"
  marker V2AUTH "$v2auth"
  marker TOKENAUTH "$tokenauth"
  marker RESOLVER "$resolver"
  marker MULTI "$multi"
  marker BROTLI "$brotli"
  marker NOLOCAL "$nolocal"
  marker CA "$ca"
  marker NOCA "$noca"
  # The template's header comment describes the template, not the result.
  printf '1,/^[^#]/{/^#/d;}\n'
  for var in LISTEN LISTEN_PORT BROTLI_MODULE BASE_PATH BASE_PATH_RE RUNTIME_DIR DOC_ROOT UPSTREAM_SERVER UPSTREAM_SCHEME \
    UPSTREAM_HOST UPSTREAM_HOSTNAME UPSTREAM_ORIGIN UPSTREAM_PATH DELETE_REFUSED ALLOW_METHODS \
    TOKEN_SERVER TOKEN_SCHEME TOKEN_HOST TOKEN_HOSTNAME TOKEN_PATH RESOLVER; do
    eval "value=\$$var"
    printf 's|${%s}|%s|g\n' "$var" "$(sed_value "$value")"
  done
  printf 's|${BASE_PATH_NOSLASH}|%s|g\n' "$(sed_value "${BASE_PATH%/}")"
} >"$RUNTIME_DIR/render.sed"
{
  printf '# Rendered by registry-ui-entrypoint from %s; edits are overwritten at start.\n' "$NGINX_TEMPLATE"
  sed -f "$RUNTIME_DIR/render.sed" "$NGINX_TEMPLATE"
} >"$RUNTIME_DIR/nginx.conf.new"
rm -f "$RUNTIME_DIR/render.sed"
if grep -n '\${[A-Za-z_]*}' "$RUNTIME_DIR/nginx.conf.new" >&2; then
  die "the nginx template has placeholders the entrypoint does not know (lines above)"
fi
mv "$RUNTIME_DIR/nginx.conf.new" "$RUNTIME_DIR/nginx.conf"

printf '%s: listening on %s%s, registry %s, delete images %s, title %s, token service %s, credentials %s, app %s, runtime %s\n' \
  "$PROG" "${LISTEN_ADDRESS:+$LISTEN_HOST}:$LISTEN_PORT" "$BASE_PATH" "$REGISTRY_URL" "$DELETE_IMAGES" "$(json_string "$REGISTRY_TITLE")" \
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
