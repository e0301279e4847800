# registry-ui entrypoint: read and validate the environment. Sourced by
# docker/entrypoint.sh after docker/lib.sh; sets the variables docker/render.sh
# writes from, and stops the start, naming the variable, on any bad value.
# The options are listed in docs/options.json.
# shellcheck shell=sh disable=SC2034

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

# TLS_CERT, TLS_KEY: HTTPS with HTTP/2 on LISTEN_PORT (browsers open 6
# HTTP/1.1 connections per origin; one HTTP/2 connection carries every request
# of the page). Plain HTTP without them. Both go into nginx.conf unquoted.
TLS_CERT=${TLS_CERT:-} TLS_KEY=${TLS_KEY:-}
if [ -n "$TLS_CERT$TLS_KEY" ]; then
  [ -n "$TLS_CERT" ] || die "TLS_KEY is set without TLS_CERT: set both (PEM files) or neither"
  [ -n "$TLS_KEY" ] || die "TLS_CERT is set without TLS_KEY: set both (PEM files) or neither"
  for name in TLS_CERT TLS_KEY; do
    eval "file=\$$name"
    max_length "$name" "$file" 1024
    matches "$file" '/[A-Za-z0-9._/+@=-]*' \
      || die "$name must be an absolute path of letters, digits and . _ - + @ = /, got $(show "$file")"
    [ -f "$file" ] && [ -r "$file" ] || die "$name names a file that cannot be read: $(show "$file")"
  done
  grep -q -- '-----BEGIN CERTIFICATE-----' "$TLS_CERT" \
    || die "TLS_CERT must hold a PEM certificate (-----BEGIN CERTIFICATE-----): $(show "$TLS_CERT")"
  grep -Eq -- '-----BEGIN ([A-Z]+ )?PRIVATE KEY-----' "$TLS_KEY" \
    || die "TLS_KEY must hold a PEM private key (-----BEGIN PRIVATE KEY-----): $(show "$TLS_KEY")"
  LISTEN="$LISTEN ssl http2" LISTEN_SCHEME=https
else
  LISTEN_SCHEME=http
fi

if [ "$MODE" = healthcheck ]; then
  # The certificate names the public host, not 127.0.0.1: not verified here.
  url="$LISTEN_SCHEME://${LISTEN_HOST}:${LISTEN_PORT}${BASE_PATH}healthz"
  if command -v wget >/dev/null 2>&1; then
    exec wget -q -T 5 --no-check-certificate -O /dev/null "$url"
  elif command -v curl >/dev/null 2>&1; then
    exec curl -fsS -k -m 5 -o /dev/null "$url"
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
esac
parse_url "$url_name" "$REGISTRY_URL" "; registry-ui passes the browser's Authorization header through"
case "$url_path" in
  */v2 | */v2/*) die "$url_name is the registry's base URL, without /v2, got $(show "$REGISTRY_URL")" ;;
esac
UPSTREAM_SCHEME=$url_scheme
UPSTREAM_SERVER=$url_server
UPSTREAM_HOST=$url_hosthdr
UPSTREAM_HOSTNAME=$url_hostname
UPSTREAM_ORIGIN="$url_scheme://$url_hosthdr"
UPSTREAM_PATH=$url_path
REGISTRY_URL="$UPSTREAM_ORIGIN$UPSTREAM_PATH"

DELETE_IMAGES=$(parse_bool DELETE_IMAGES "${DELETE_IMAGES:-false}")

# CATALOG_PAGE_SIZE: distribution answers 400 PAGINATION_NUMBER_INVALID above
# its catalog.maxentries, 1000 by default.
CATALOG_PAGE_SIZE=${CATALOG_PAGE_SIZE:-1000}
{ matches "$CATALOG_PAGE_SIZE" '[1-9][0-9]{0,3}' && [ "$CATALOG_PAGE_SIZE" -le 1000 ]; } \
  || die "CATALOG_PAGE_SIZE must be 1..1000 (distribution caps n at 1000), got $(show "$CATALOG_PAGE_SIZE")"

THEME=$(lower "${THEME:-auto}")
case "$THEME" in
  auto | light | dark) ;;
  *) die "THEME must be auto, light or dark, got $(show "$THEME")" ;;
esac

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
for name in CATALOG_ELEMENTS_LIMIT NGINX_RESOLVER REGISTRY_SECURED; do
  eval "isset=\${$name+x}"
  [ -z "$isset" ] || warn "$name (Joxit) is not supported and is ignored"
done

# REGISTRY_TOKEN_URL: the token service of a registry with auth.token. nginx
# proxies it at ${BASE_PATH}auth/token and points the registry's Bearer
# challenge there, so the browser asks for tokens on its own origin (no CORS,
# and the page's connect-src 'self' holds).
REGISTRY_TOKEN_URL=${REGISTRY_TOKEN_URL:-}
TOKEN_SERVER= TOKEN_SCHEME=http TOKEN_HOST= TOKEN_HOSTNAME= TOKEN_PATH=/
if [ -n "$REGISTRY_TOKEN_URL" ]; then
  parse_url REGISTRY_TOKEN_URL "$REGISTRY_TOKEN_URL" " (set REGISTRY_AUTH)"
  TOKEN_SCHEME=$url_scheme TOKEN_SERVER=$url_server TOKEN_HOST=$url_hosthdr
  TOKEN_HOSTNAME=$url_hostname TOKEN_PATH=$url_path_raw
  REGISTRY_TOKEN_URL="$TOKEN_SCHEME://$TOKEN_HOST$TOKEN_PATH"
fi

# REGISTRY_AUTH: credentials nginx adds upstream. Distribution reads the same
# name as its auth backend (REGISTRY_AUTH=htpasswd in its docs): such a value
# leaking from a shared env file is ignored with a warning, not sent.
REGISTRY_AUTH=${REGISTRY_AUTH:-}
UPSTREAM_AUTH=
case "$(lower "$REGISTRY_AUTH")" in
  htpasswd | token | silly | none)
    warn "REGISTRY_AUTH=$REGISTRY_AUTH looks like the registry's own setting (its auth backend) and is ignored; registry-ui reads user:password or a file path"
    ;;
  *) UPSTREAM_AUTH=$(read_secret REGISTRY_AUTH "$REGISTRY_AUTH") ;;
esac
if [ -n "$UPSTREAM_AUTH" ] && [ "$DELETE_IMAGES" = true ]; then
  warn "REGISTRY_AUTH with DELETE_IMAGES=true: every visitor can delete whatever that account may delete"
fi

# REGISTRIES, parsed: one upstream and one set of map entries per registry
# (render.sh writes them to RUNTIME_DIR/registries.conf, the allowlist nginx
# routes ${BASE_PATH}x/<id>/v2/ by), credentials for registries-auth.conf, and
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
    parse_url "REGISTRIES: the URL of $id" "$url" " (set REGISTRY_<ID>_AUTH)"
    case "$url_path" in
      */v2 | */v2/*) die "REGISTRIES: the URL of $id is the registry's base URL, without /v2, got $(show "$url")" ;;
    esac
    # per-registry options: REGISTRY_<ID>_...
    var=$(printf '%s' "$id" | tr 'a-z-' 'A-Z_')
    eval "m_title=\${REGISTRY_${var}_TITLE-\$id}"
    eval "m_delete=\${REGISTRY_${var}_DELETE_IMAGES:-\$default_delete}"
    eval "m_auth=\${REGISTRY_${var}_AUTH:-}"
    m_delete=$(parse_bool "REGISTRY_${var}_DELETE_IMAGES" "$m_delete")
    m_auth=$(read_secret "REGISTRY_${var}_AUTH" "$m_auth")
    upstream="rui_registry_$(printf '%s' "$id" | tr '-' '_')"
    MULTI_UPSTREAMS="${MULTI_UPSTREAMS}upstream $upstream {
    server $url_server;
    keepalive 8;
}
"
    if [ "$m_delete" = true ]; then m_refused=0 m_allow='GET, HEAD, OPTIONS, DELETE'; else m_refused=1 m_allow='GET, HEAD, OPTIONS'; fi
    MULTI_MAPS="${MULTI_MAPS}$id|$upstream|$url_scheme|$url_hosthdr|$url_scheme://$url_hosthdr|$url_path|$m_refused|$m_allow
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
BLOB_REDIRECT_ALLOW_LOCAL=$(parse_bool BLOB_REDIRECT_ALLOW_LOCAL "${BLOB_REDIRECT_ALLOW_LOCAL:-false}")

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
