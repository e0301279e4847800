#!/usr/bin/env bash
# Tests of docker/entrypoint.sh and the nginx.conf template without starting
# anything: render for several environments, `nginx -t` each result, check the
# error messages for bad values, and evaluate config.js with node's vm.
#
# Usage: bash tests/stack/render.test.sh      (TAP on stdout; exit 1 on any failure)
#
# Needs nginx, node and sh (dash); busybox is used when installed. It renders
# against a fake build made in a temp dir, so no `npm run build` is needed;
# REGISTRY_UI_TEST_APP_DIR=dist runs it against a real build instead.
# bash -c '…' "$1" is the point of most checks: the arguments expand in the inner shell.
# shellcheck disable=SC2016
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ENTRYPOINT="$ROOT/docker/entrypoint.sh"
TEMPLATE="$ROOT/nginx.conf"
NGINX_BIN="${NGINX_BIN:-nginx}"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/registry-ui-render.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# ------------------------------------------------------------------ TAP

n=0
failed=0
ok() {
  n=$((n + 1))
  printf 'ok %d - %s\n' "$n" "$1"
}
not_ok() {
  n=$((n + 1))
  failed=$((failed + 1))
  printf 'not ok %d - %s\n' "$n" "$1"
  shift
  [ "$#" -eq 0 ] || printf '%s\n' "$@" | sed 's/^/# /'
}
skip() {
  n=$((n + 1))
  printf 'ok %d - %s # SKIP %s\n' "$n" "$1" "$2"
}
# t DESCRIPTION COMMAND...: ok when COMMAND succeeds; its output is shown otherwise.
t() {
  local desc="$1" out
  shift
  if out="$("$@" 2>&1)"; then ok "$desc"; else not_ok "$desc" "$out"; fi
}

# ------------------------------------------------------------------ fixtures

if [ -n "${REGISTRY_UI_TEST_APP_DIR:-}" ]; then
  APP_DIR="$(cd "$REGISTRY_UI_TEST_APP_DIR" && pwd)"
else
  APP_DIR="$TMP/dist"
  mkdir -p "$APP_DIR/assets"
  cat >"$APP_DIR/index.html" <<'EOF'
<!doctype html>
<html lang="en">
  <head>
    <base href="/" />
    <script src="config.js"></script>
    <script type="module" crossorigin src="./assets/index-Test1234.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
EOF
  echo 'console.log("app")' >"$APP_DIR/assets/index-Test1234.js"
  echo '<svg xmlns="http://www.w3.org/2000/svg"/>' >"$APP_DIR/favicon.svg"
  echo 'window.__REGISTRY_UI_CONFIG__ = { registryTitle: "dev default" };' >"$APP_DIR/config.js"
fi

# run_entry SHELL RUNTIME_DIR MODE [NAME=VALUE...]: the entrypoint with a clean
# environment plus the given variables.
run_entry() {
  local shell="$1" rt="$2" mode="$3"
  shift 3
  # $shell is unquoted on purpose: "busybox sh" is two words.
  # shellcheck disable=SC2086
  env -i PATH="$PATH" HOME="$TMP" APP_DIR="$APP_DIR" RUNTIME_DIR="$rt" NGINX_BIN="$NGINX_BIN" \
    NGINX_TEMPLATE="$TEMPLATE" "$@" $shell "$ENTRYPOINT" "$mode"
}

# config_json RUNTIME_DIR: evaluate html/config.js in a vm context the way a
# browser would (as a classic script) and print the config as JSON.
config_json() {
  node -e '
    const vm = require("node:vm");
    const code = require("node:fs").readFileSync(process.argv[1], "utf8");
    const window = {};
    vm.runInNewContext(code, { window }, { filename: "config.js" });
    const extra = Object.keys(window).filter((k) => k !== "__REGISTRY_UI_CONFIG__");
    if (extra.length) throw new Error("config.js set more than the config: " + extra);
    process.stdout.write(JSON.stringify(window.__REGISTRY_UI_CONFIG__));
  ' "$1/html/config.js"
}

# json_get JSON KEY: one value, JSON-encoded.
json_get() {
  node -e 'process.stdout.write(JSON.stringify(JSON.parse(process.argv[1])[process.argv[2]]))' "$1" "$2"
}

# expand RUNTIME_DIR: the config nginx runs, includes inlined, into RUNTIME_DIR/expanded.conf (the
# optional parts are files the entrypoint writes or leaves empty).
expand() {
  node "$ROOT/tests/stack/lib/nginx-config.mjs" "$1/nginx.conf" >"$1/expanded.conf"
}

nginx_t() {
  "$NGINX_BIN" -t -q -p "$1/" -e stderr -c "$1/nginx.conf" -g 'daemon off;'
}

# The config.js keys of docs/options.json (the one list of options), sorted.
CONTRACT_KEYS="$(node -e 'process.stdout.write(JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).configJs.map((o) => o.key).sort().join(","))' "$ROOT/docs/options.json")"
keys_of() {
  node -e 'process.stdout.write(Object.keys(JSON.parse(process.argv[1])).sort().join(","))' "$1"
}

# render NAME [NAME=VALUE...]: render into $TMP/NAME with sh, check it; sets RT and CFG.
render() {
  local name="$1" out
  shift
  RT="$TMP/$name"
  mkdir -p "$RT"
  if out="$(run_entry sh "$RT" --check "$@" 2>&1)"; then
    ok "$name: renders and nginx -t accepts it"
  else
    not_ok "$name: renders and nginx -t accepts it" "$out"
    CFG='{}'
    return 1
  fi
  expand "$RT"
  CFG="$(config_json "$RT" 2>&1)" || { not_ok "$name: config.js evaluates" "$CFG"; CFG='{}'; return 1; }
  t "$name: config.js sets exactly the contract keys" test "$(keys_of "$CFG")" = "$CONTRACT_KEYS"
  t "$name: no placeholder or marker left in nginx.conf and its snippets" bash -c '! grep -nE "\\$\\{[A-Za-z_]+\\}|#\\?[A-Z]+ " "$1"' _ "$RT/expanded.conf"
  t "$name: the dev config.js of APP_DIR is not served" bash -c '! grep -q "dev default" "$1/html/config.js" && [ ! -L "$1/html/config.js" ]' _ "$RT"
}

expect() {
  # expect DESCRIPTION ACTUAL EXPECTED
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $3" "actual:   $2"; fi
}

# ------------------------------------------------------------------ (a) defaults

render defaults REGISTRY_URL=http://127.0.0.1:5000
expect "defaults: registryUrl is empty at the root" "$(json_get "$CFG" registryUrl)" '""'
expect "defaults: basePath /" "$(json_get "$CFG" basePath)" '"/"'
expect "defaults: deleteImages false" "$(json_get "$CFG" deleteImages)" 'false'
expect "defaults: catalogPageSize 1000" "$(json_get "$CFG" catalogPageSize)" '1000'
expect "defaults: theme auto" "$(json_get "$CFG" theme)" '"auto"'
expect "defaults: title" "$(json_get "$CFG" registryTitle)" '"Docker registry"'
t "defaults: listens on 80" grep -q 'listen 80 default_server;' "$RT/expanded.conf"
t "defaults: proxies /v2/ to the registry's /v2/" grep -q 'proxy_pass http://registry_upstream/v2/;' "$RT/expanded.conf"
t "defaults: upstream is the registry" grep -q 'server 127.0.0.1:5000;' "$RT/expanded.conf"
t "defaults: Host header is the registry's" grep -q 'proxy_set_header Host 127.0.0.1:5000;' "$RT/expanded.conf"
t "defaults: DELETE refused" grep -q 'DELETE 1;' "$RT/expanded.conf"
t "defaults: index.html keeps base href /" grep -q '<base href="/" />' "$RT/html/index.html"
t "defaults: no sub-path redirect" bash -c '! grep -q "return 302" "$1"' _ "$RT/expanded.conf"
# (the blob-redirect location has its own: the storage a registry redirects to may be https either way)
t "defaults: no TLS settings for an http registry" bash -c '! sed "/location @rui_blob_redirect {/,/^        }/d" "$1" | grep -q proxy_ssl' _ "$RT/expanded.conf"
t "defaults: pid and temp paths inside RUNTIME_DIR" bash -c '
  grep -q "^pid $1/nginx.pid;" "$2" &&
  for d in client_body proxy fastcgi uwsgi scgi; do grep -q "${d}_temp_path $1/${d}_temp;" "$2" || exit 1; done' _ "$RT" "$RT/expanded.conf"
t "defaults: no daemon directive (the entrypoint passes daemon off)" bash -c '! grep -q "^[[:space:]]*daemon" "$1"' _ "$RT/expanded.conf"
t "defaults: no add_header outside the server block" bash -c '
  awk "/^    server \\{/{s=1} /^    \\}/{s=0} /^        location /{l=1} /^        \\}/{l=0} /add_header/ && (l || !s) {print; bad=1} END {exit bad}" "$1"' _ "$RT/expanded.conf"

# ------------------------------------------------------------------ (b) DELETE_IMAGES

render delete-false REGISTRY_URL=http://127.0.0.1:5000 DELETE_IMAGES=false
t "delete-false: DELETE refused by the method map" grep -q 'DELETE 1;' "$RT/expanded.conf"
t "delete-false: Allow lists no DELETE" grep -q 'set $rui_allow_methods "GET, HEAD, OPTIONS";' "$RT/expanded.conf"
expect "delete-false: deleteImages false" "$(json_get "$CFG" deleteImages)" 'false'

render delete-true REGISTRY_URL=http://127.0.0.1:5000 DELETE_IMAGES=true
t "delete-true: DELETE forwarded" grep -q 'DELETE 0;' "$RT/expanded.conf"
t "delete-true: Allow lists DELETE" grep -q 'set $rui_allow_methods "GET, HEAD, OPTIONS, DELETE";' "$RT/expanded.conf"
expect "delete-true: deleteImages true" "$(json_get "$CFG" deleteImages)" 'true'

for pair in YES:true 1:true On:true no:false 0:false FALSE:false; do
  rt="$TMP/bool-${pair%%:*}"
  mkdir -p "$rt"
  if run_entry sh "$rt" --render-only REGISTRY_URL=http://127.0.0.1:5000 DELETE_IMAGES="${pair%%:*}" >/dev/null 2>&1; then
    expect "DELETE_IMAGES=${pair%%:*} means ${pair#*:}" "$(json_get "$(config_json "$rt")" deleteImages)" "${pair#*:}"
  else
    not_ok "DELETE_IMAGES=${pair%%:*} is accepted"
  fi
done

# ------------------------------------------------------------------ (c) BASE_PATH

render base-path REGISTRY_URL=http://127.0.0.1:5000 BASE_PATH=/registry-ui/
expect "base-path: registryUrl is the prefix without its slash" "$(json_get "$CFG" registryUrl)" '"/registry-ui"'
expect "base-path: basePath" "$(json_get "$CFG" basePath)" '"/registry-ui/"'
t "base-path: index.html base href" grep -q '<base href="/registry-ui/" />' "$RT/html/index.html"
t "base-path: /v2/ proxied only under the prefix" bash -c 'grep -q "location ^~ /registry-ui/v2/ {" "$1" && ! grep -q "location ^~ /v2/" "$1"' _ "$RT/expanded.conf"
t "base-path: Link rewritten to the prefix" grep -qF '"<$rui_v2_prefix$rui_link_rest>' "$TEMPLATE"
t "base-path: Link map renders with the prefix" grep -qF 'set $rui_v2_prefix /registry-ui/v2/;' "$RT/expanded.conf"
t "base-path: redirects rewritten to the prefix" grep -q 'proxy_redirect /v2/ /registry-ui/v2/;' "$RT/expanded.conf"
t "base-path: the root redirects to the prefix" grep -q 'return 302 /registry-ui/;' "$RT/expanded.conf"
t "base-path: the document root links the prefix to html/" test "$(readlink "$RT/www/registry-ui")" = "$RT/html"

for pair in 'registry-ui:/registry-ui/' '//a//b:/a/b/' '/:/' '/x.y_z~1-2/:/x.y_z~1-2/'; do
  rt="$TMP/bp-$n"
  mkdir -p "$rt"
  if run_entry sh "$rt" --check REGISTRY_URL=http://127.0.0.1:5000 BASE_PATH="${pair%%:*}" >/dev/null 2>&1; then
    expect "BASE_PATH=${pair%%:*} becomes ${pair#*:}" "$(json_get "$(config_json "$rt")" basePath)" "\"${pair#*:}\""
  else
    not_ok "BASE_PATH=${pair%%:*} is accepted"
  fi
done

render nested-base-path REGISTRY_URL=http://127.0.0.1:5000 BASE_PATH=/tools/registry/
t "nested-base-path: the document root links the prefix" test "$(readlink "$RT/www/tools/registry")" = "$RT/html"

# ------------------------------------------------------------------ (d) hostile title

HOSTILE_TITLE="Bob's \"registry\" \\ </script><script>alert(1)</script> <!-- & \${x} \`y\`
second line	tab"
HOSTILE_PULL='reg.example.com:5000"</script>'
render hostile-title REGISTRY_URL=http://127.0.0.1:5000 REGISTRY_TITLE="$HOSTILE_TITLE" PULL_URL="$HOSTILE_PULL"
expect "hostile-title: the title comes back unchanged" \
  "$(json_get "$CFG" registryTitle)" "$(node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$HOSTILE_TITLE")"
expect "hostile-title: PULL_URL comes back unchanged" \
  "$(json_get "$CFG" pullUrl)" "$(node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$HOSTILE_PULL")"
t "hostile-title: config.js holds no <, > or & (no </script>, no <!--)" bash -c '! tail -n +2 "$1" | grep -q "[<>&]"' _ "$RT/html/config.js"
t "hostile-title: config.js keeps one key per line (newlines escaped)" test "$(wc -l <"$RT/html/config.js")" -eq 12
t "hostile-title: the title does not reach nginx.conf or index.html" bash -c '! grep -rq "alert(1)" "$1"/*.conf "$1/html/index.html"' _ "$RT"

# ------------------------------------------------------------------ other valid values

# nginx resolves the upstream when it loads the config: only names that
# resolve here (localhost) can go through nginx -t.
render https-registry REGISTRY_URL=https://localhost/ DELETE_IMAGES=true
t "https-registry: TLS to the registry with its name" grep -q 'proxy_ssl_name localhost;' "$RT/expanded.conf"
t "https-registry: default port 443, Host without it" bash -c 'grep -q "server localhost:443;" "$1" && grep -q "proxy_set_header Host localhost;" "$1"' _ "$RT/expanded.conf"
t "https-registry: proxy_pass over https" grep -q 'proxy_pass https://registry_upstream/v2/;' "$RT/expanded.conf"

render registry-path REGISTRY_URL=http://127.0.0.1:5000/mirror/
t "registry-path: proxied to the registry's path" grep -q 'proxy_pass http://registry_upstream/mirror/v2/;' "$RT/expanded.conf"

render ipv6 REGISTRY_URL='http://[::1]:5000'
t "ipv6: bracketed upstream" grep -q 'server \[::1\]:5000;' "$RT/expanded.conf"

render options REGISTRY_URL=HTTP://LocalHost:5000 LISTEN_PORT=5050 CATALOG_PAGE_SIZE=250 THEME=Dark DEFAULT_LANGUAGE=zh_cn PULL_URL=registry.local:5000
expect "options: catalogPageSize" "$(json_get "$CFG" catalogPageSize)" '250'
expect "options: theme lower-cased" "$(json_get "$CFG" theme)" '"dark"'
expect "options: language normalised" "$(json_get "$CFG" defaultLanguage)" '"zh-CN"'
expect "options: pullUrl" "$(json_get "$CFG" pullUrl)" '"registry.local:5000"'
t "options: LISTEN_PORT" grep -q 'listen 5050 default_server;' "$RT/expanded.conf"
t "options: scheme and host lower-cased" grep -q 'server localhost:5000;' "$RT/expanded.conf"

render listen-address REGISTRY_URL=http://127.0.0.1:5000 LISTEN_PORT=5050 LISTEN_ADDRESS=127.0.0.1
t "listen-address: binds 127.0.0.1 only" grep -q 'listen 127.0.0.1:5050 default_server;' "$RT/expanded.conf"
render listen-address-v6 REGISTRY_URL=http://127.0.0.1:5000 LISTEN_PORT=5050 LISTEN_ADDRESS=::1
t "listen-address-v6: bracketed" grep -q 'listen \[::1\]:5050 default_server;' "$RT/expanded.conf"
render listen-address-all REGISTRY_URL=http://127.0.0.1:5000 LISTEN_PORT=5050 LISTEN_ADDRESS=0.0.0.0
t "listen-address-all: 0.0.0.0 is every address, as the default" grep -q 'listen 5050 default_server;' "$RT/expanded.conf"
out="$(run_entry sh "$TMP/listen-address" --render-only REGISTRY_URL=http://127.0.0.1:5000 LISTEN_PORT=5050 LISTEN_ADDRESS=127.0.0.1 2>&1)"
t "listen-address: the start-up summary names the address" grep -q '^registry-ui: listening on 127.0.0.1:5050/,' <<<"$out"

render joxit-alias NGINX_PROXY_PASS_URL=http://127.0.0.1:5001 NGINX_LISTEN_PORT=5051
t "joxit-alias: NGINX_PROXY_PASS_URL is used" grep -q 'server 127.0.0.1:5001;' "$RT/expanded.conf"
t "joxit-alias: NGINX_LISTEN_PORT is used" grep -q 'listen 5051 default_server;' "$RT/expanded.conf"
render joxit-alias-loses REGISTRY_URL=http://127.0.0.1:5002 NGINX_PROXY_PASS_URL=http://127.0.0.1:5001
t "joxit-alias-loses: REGISTRY_URL wins" grep -q 'server 127.0.0.1:5002;' "$RT/expanded.conf"

# ------------------------------------------------------------------ resolver and blob redirects

render resolver-port REGISTRY_URL=http://127.0.0.1:5000 RESOLVER=127.0.0.1:53
t "resolver-port: IPv4 with a port is kept as written, not bracketed" grep -q 'resolver 127.0.0.1:53 valid=30s;' "$RT/expanded.conf"
render resolver-forms REGISTRY_URL=http://127.0.0.1:5000 RESOLVER='::1 [::1]:5353 fe80::1%eth0 localhost:53 10.0.0.2'
t "resolver-forms: bare IPv6 bracketed, zones cut, ports kept" grep -q 'resolver \[::1\] \[::1\]:5353 \[fe80::1\] localhost:53 10.0.0.2 valid=30s;' "$RT/expanded.conf"

render blob-defaults REGISTRY_URL=http://127.0.0.1:5000
t "blob-defaults: redirects to loopback and link-local are refused" grep -qF '(?:0*127[.]|0+[.]|0*169[.]0*254[.]' "$RT/expanded.conf"
t "blob-defaults: the storage's certificate is verified" bash -c 'grep -q "proxy_ssl_verify on;" "$1/expanded.conf" && grep -q "proxy_ssl_trusted_certificate $1/blob-ca.pem;" "$1/expanded.conf"' _ "$RT"
t "blob-defaults: blob-ca.pem holds the system bundle" bash -c 'grep -q "BEGIN CERTIFICATE" "$1/blob-ca.pem"' _ "$RT"
t "blob-defaults: X-Forwarded-Host is the registry's name" bash -c 'grep -q "proxy_set_header X-Forwarded-Host 127.0.0.1:5000;" "$1" && ! grep -q "X-Forwarded-Host \$http_host" "$1"' _ "$RT/expanded.conf"
render blob-local REGISTRY_URL=http://127.0.0.1:5000 BLOB_REDIRECT_ALLOW_LOCAL=true
t "blob-local: BLOB_REDIRECT_ALLOW_LOCAL=true drops the loopback refusal" bash -c '! grep -qF "0*127[.]" "$1"' _ "$RT/expanded.conf"
printf -- '-----BEGIN CERTIFICATE-----\nMIIB-private-ca\n-----END CERTIFICATE-----\n' >"$TMP/private-ca.pem"
RT="$TMP/blob-ca"
mkdir -p "$RT"
run_entry sh "$RT" --render-only REGISTRY_URL=http://127.0.0.1:5000 BLOB_REDIRECT_CA_FILE="$TMP/private-ca.pem" >/dev/null 2>&1
t "blob-ca: BLOB_REDIRECT_CA_FILE is added to the trusted certificates" grep -q 'MIIB-private-ca' "$RT/blob-ca.pem"

# ------------------------------------------------------------------ secrets

SECRET=hunter2-$$-secret
render secrets REGISTRY_URL=http://127.0.0.1:5000 REGISTRY_AUTH=htpasswd \
  REGISTRY_AUTH_HTPASSWD_PATH="/run/secrets/$SECRET" REGISTRY_PASSWORD="$SECRET" REGISTRY_USER=admin \
  REGISTRY_HTTP_SECRET="$SECRET" NGINX_PROXY_HEADER_Authorization="Basic $SECRET"
t "secrets: nothing from REGISTRY_AUTH*/REGISTRY_PASSWORD/NGINX_PROXY_HEADER_* reaches RUNTIME_DIR" \
  bash -c '! grep -rq "$2" "$1"/*.conf "$1/html/config.js" "$1/html/index.html"' _ "$RT" "$SECRET"
out="$(run_entry sh "$TMP/secrets" --render-only REGISTRY_URL=http://127.0.0.1:5000 REGISTRY_PASSWORD="$SECRET" REGISTRY_AUTH_HTPASSWD_PATH="$SECRET" 2>&1)"
t "secrets: the start-up summary prints no secret" bash -c '! grep -q "$2" <<<"$1"' _ "$out" "$SECRET"
t "the start-up summary is one line" test "$(grep -c '^registry-ui: listening' <<<"$out")" -eq 1

# ------------------------------------------------------------------ bad values

# bad DESCRIPTION EXPECTED_MESSAGE_FRAGMENT NAME=VALUE...: the entrypoint fails
# before rendering, with the fragment in its message.
bad() {
  local desc="$1" fragment="$2" rt out
  shift 2
  rt="$TMP/bad-$n"
  mkdir -p "$rt"
  if out="$(run_entry sh "$rt" --check "$@" 2>&1)"; then
    not_ok "$desc: refused" "the entrypoint accepted it"
  elif ! grep -qF -- "$fragment" <<<"$out"; then
    not_ok "$desc: refused with a clear message" "expected a message with: $fragment" "$out"
  elif [ -e "$rt/nginx.conf" ]; then
    not_ok "$desc: refused before rendering" "nginx.conf was written"
  else
    ok "$desc: refused ($(head -n1 <<<"$out"))"
  fi
}
bad "REGISTRY_URL missing" "REGISTRY_URL is required"
bad "REGISTRY_URL=ftp://x" "REGISTRY_URL must look like" REGISTRY_URL=ftp://x
bad "REGISTRY_URL with a space" "REGISTRY_URL must look like" REGISTRY_URL='http://a b'
bad "REGISTRY_URL with a trailing space" "REGISTRY_URL must look like" REGISTRY_URL='http://a:5000 '
bad "REGISTRY_URL quoted" "must not be quoted" REGISTRY_URL='"http://a:5000"'
bad "REGISTRY_URL with a newline" "REGISTRY_URL must look like" REGISTRY_URL="http://a:5000
http://evil"
bad "REGISTRY_URL with credentials" "must not contain credentials" REGISTRY_URL=http://user:pw@a:5000
bad "REGISTRY_URL with a query" "REGISTRY_URL must look like" REGISTRY_URL='http://a:5000/?x=1'
bad "REGISTRY_URL with a semicolon" "REGISTRY_URL must look like" REGISTRY_URL='http://a:5000;'
bad "REGISTRY_URL port 0" "REGISTRY_URL must look like" REGISTRY_URL=http://a:0
bad "REGISTRY_URL port 99999" "port must be 1..65535" REGISTRY_URL=http://a:99999
bad "REGISTRY_URL ending in /v2" "without /v2" REGISTRY_URL=http://a:5000/v2/
bad "REGISTRY_URL with .." "REGISTRY_URL path must not contain" REGISTRY_URL=http://a:5000/x/..
bad "NGINX_PROXY_PASS_URL is validated too" "REGISTRY_URL must look like" NGINX_PROXY_PASS_URL=ftp://x
bad "LISTEN_PORT=0" "LISTEN_PORT must be a port number 1..65535" REGISTRY_URL=http://a:5000 LISTEN_PORT=0
bad "LISTEN_PORT=65536" "LISTEN_PORT must be a port number 1..65535" REGISTRY_URL=http://a:5000 LISTEN_PORT=65536
bad "LISTEN_PORT=http" "LISTEN_PORT must be a port number 1..65535" REGISTRY_URL=http://a:5000 LISTEN_PORT=http
bad "LISTEN_ADDRESS=localhost" "LISTEN_ADDRESS must be an IPv4 or IPv6 address" REGISTRY_URL=http://a:5000 LISTEN_ADDRESS=localhost
bad "LISTEN_ADDRESS=256.0.0.1" "LISTEN_ADDRESS must be an IPv4 or IPv6 address" REGISTRY_URL=http://a:5000 LISTEN_ADDRESS=256.0.0.1
bad "LISTEN_ADDRESS with a semicolon" "LISTEN_ADDRESS must be an IPv4 or IPv6 address" REGISTRY_URL=http://a:5000 LISTEN_ADDRESS='127.0.0.1; include /etc/passwd'
bad "LISTEN_ADDRESS=::1;" "LISTEN_ADDRESS must be an IPv4 or IPv6 address" REGISTRY_URL=http://a:5000 LISTEN_ADDRESS='::1;'
bad "CATALOG_PAGE_SIZE=5000" "CATALOG_PAGE_SIZE must be 1..1000" REGISTRY_URL=http://a:5000 CATALOG_PAGE_SIZE=5000
bad "CATALOG_PAGE_SIZE=0" "CATALOG_PAGE_SIZE must be 1..1000" REGISTRY_URL=http://a:5000 CATALOG_PAGE_SIZE=0
bad "DELETE_IMAGES=maybe" "DELETE_IMAGES must be true or false" REGISTRY_URL=http://a:5000 DELETE_IMAGES=maybe
bad "THEME=pink" "THEME must be auto, light or dark" REGISTRY_URL=http://a:5000 THEME=pink
bad "DEFAULT_LANGUAGE=fr" "DEFAULT_LANGUAGE must be empty, en or zh-CN" REGISTRY_URL=http://a:5000 DEFAULT_LANGUAGE=fr
bad "BASE_PATH with a space" "BASE_PATH may only contain" REGISTRY_URL=http://a:5000 BASE_PATH='/a b/'
bad "BASE_PATH with a quote" "BASE_PATH may only contain" REGISTRY_URL=http://a:5000 BASE_PATH="/a'b/"
bad "BASE_PATH with \$" "BASE_PATH may only contain" REGISTRY_URL=http://a:5000 BASE_PATH='/$host/'
bad "BASE_PATH with ;" "BASE_PATH may only contain" REGISTRY_URL=http://a:5000 BASE_PATH='/a;b/'
bad "BASE_PATH with .." "BASE_PATH must not contain . or .." REGISTRY_URL=http://a:5000 BASE_PATH=/a/../b/
bad "PULL_URL with a space" "PULL_URL must be host[:port]" REGISTRY_URL=http://a:5000 PULL_URL='a b'
bad "APP_DIR without a build" "run npm run build first" REGISTRY_URL=http://a:5000 APP_DIR="$TMP/nonexistent"
# Lengths: a value nginx or ln would fail on later, without naming the variable, stops the start here.
LONG="$(printf 'a%.0s' $(seq 3000))"
bad "REGISTRY_URL of 3 KB" "REGISTRY_URL is too long" REGISTRY_URL="http://$LONG:5000"
bad "REGISTRY_URL with a 70-character label" "REGISTRY_URL: a host name label is longer than 63" REGISTRY_URL="http://${LONG:0:70}.example:5000"
bad "REGISTRY_URL with a 300-character host" "REGISTRY_URL: the host name is too long" REGISTRY_URL="http://$(printf 'abcdefghi.%.0s' $(seq 30))x:5000"
bad "REGISTRY_AUTH of 3 KB" "REGISTRY_AUTH is too long" REGISTRY_URL=http://a:5000 REGISTRY_AUTH="user:$LONG"
printf 'user:%s\n' "$LONG" >"$TMP/long-auth"
bad "REGISTRY_AUTH file of 3 KB" "REGISTRY_AUTH (the user:password in the file) is too long" REGISTRY_URL=http://a:5000 REGISTRY_AUTH="$TMP/long-auth"
bad "RESOLVER of 3 KB" "RESOLVER is too long" REGISTRY_URL=http://a:5000 RESOLVER="$LONG"
bad "RESOLVER with a 300-character name" "RESOLVER: the host name is too long" REGISTRY_URL=http://a:5000 RESOLVER="$(printf 'abcdefghi.%.0s' $(seq 30))x"
bad "RESOLVER with 17 servers" "RESOLVER lists more than 16" REGISTRY_URL=http://a:5000 RESOLVER="$(printf '10.0.0.1 %.0s' $(seq 17))"
bad "RESOLVER=300.1.1.1" "RESOLVER: '300.1.1.1' is not an IPv4 address" REGISTRY_URL=http://a:5000 RESOLVER=300.1.1.1
bad "RESOLVER with port 70000" "RESOLVER: the port of" REGISTRY_URL=http://a:5000 RESOLVER=1.1.1.1:70000
bad "RESOLVER with a URL" "RESOLVER must list IP addresses or host names" REGISTRY_URL=http://a:5000 RESOLVER=http://1.1.1.1/
bad "BASE_PATH of 3 KB" "BASE_PATH is too long" REGISTRY_URL=http://a:5000 BASE_PATH="/$LONG/"
bad "REGISTRY_TOKEN_URL of 3 KB" "REGISTRY_TOKEN_URL is too long" REGISTRY_URL=http://a:5000 REGISTRY_TOKEN_URL="http://$LONG/token"
bad "REGISTRY_TOKEN_URL with a 70-character label" "REGISTRY_TOKEN_URL: a host name label" REGISTRY_URL=http://a:5000 REGISTRY_TOKEN_URL="http://${LONG:0:70}/token"
bad "a bad first URL of REGISTRIES is reported as REGISTRIES" "REGISTRIES: the URL of prod must look like" REGISTRIES=prod=ftp://x,b=http://b:5000
bad "a long first URL of REGISTRIES is reported as REGISTRIES" "REGISTRIES: the URL of prod is too long" REGISTRIES="prod=http://$LONG"
bad "a long label in another URL of REGISTRIES" "REGISTRIES: the URL of b: a host name label" REGISTRIES="prod=http://a:5000,b=http://${LONG:0:70}:5000"
bad "REGISTRY_<ID>_AUTH of 3 KB" "REGISTRY_PROD_AUTH is too long" REGISTRIES=prod=http://a:5000 REGISTRY_PROD_AUTH="user:$LONG"
out="$(run_entry sh "$TMP/bad-long" --check REGISTRY_URL=http://a:5000 PULL_URL="a $LONG" 2>&1)"
t "a long value is shown shortened in the message" bash -c '[ "${#1}" -lt 300 ] && grep -q "PULL_URL.*(3002 characters)" <<<"$1"' _ "$out"
bad "BLOB_REDIRECT_ALLOW_LOCAL=maybe" "BLOB_REDIRECT_ALLOW_LOCAL must be true or false" REGISTRY_URL=http://a:5000 BLOB_REDIRECT_ALLOW_LOCAL=maybe
bad "BLOB_REDIRECT_CA_FILE relative" "BLOB_REDIRECT_CA_FILE must be an absolute path" REGISTRY_URL=http://a:5000 BLOB_REDIRECT_CA_FILE=ca.pem
bad "BLOB_REDIRECT_CA_FILE missing" "BLOB_REDIRECT_CA_FILE names a file that cannot be read" REGISTRY_URL=http://a:5000 BLOB_REDIRECT_CA_FILE="$TMP/nope.pem"
echo 'not a certificate' >"$TMP/not-pem"
bad "BLOB_REDIRECT_CA_FILE not PEM" "BLOB_REDIRECT_CA_FILE must hold PEM certificates" REGISTRY_URL=http://a:5000 BLOB_REDIRECT_CA_FILE="$TMP/not-pem"

out="$(env -i PATH="$PATH" REGISTRY_URL=http://a:5000 sh "$ENTRYPOINT" --frobnicate 2>&1)" \
  && not_ok "an unknown argument is refused" \
  || t "an unknown argument is refused" grep -q 'unknown argument' <<<"$out"

# ------------------------------------------------------------------ shells

for shell in dash "busybox sh"; do
  if ! command -v "${shell%% *}" >/dev/null 2>&1; then
    skip "$shell renders the same files as sh" "${shell%% *} not installed"
    continue
  fi
  rt="$TMP/shell-${shell%% *}"
  mkdir -p "$rt"
  if out="$(run_entry "$shell" "$rt" --check REGISTRY_URL=http://127.0.0.1:5000 BASE_PATH=registry-ui \
    DELETE_IMAGES=Yes REGISTRY_TITLE="$HOSTILE_TITLE" PULL_URL="$HOSTILE_PULL" 2>&1)"; then
    ref="$TMP/shell-ref"
    mkdir -p "$ref"
    run_entry sh "$ref" --render-only REGISTRY_URL=http://127.0.0.1:5000 BASE_PATH=registry-ui \
      DELETE_IMAGES=Yes REGISTRY_TITLE="$HOSTILE_TITLE" PULL_URL="$HOSTILE_PULL" >/dev/null 2>&1
    t "$shell renders the same config.js as sh" cmp "$ref/html/config.js" "$rt/html/config.js"
    expand "$ref" && expand "$rt"
    t "$shell renders the same nginx.conf as sh" diff <(sed "s|$ref|RT|g" "$ref/expanded.conf") <(sed "s|$rt|RT|g" "$rt/expanded.conf")
  else
    not_ok "$shell renders and nginx -t accepts it" "$out"
  fi
  out="$(run_entry "$shell" "$TMP/shell-bad" --check REGISTRY_URL='http://a b' 2>&1)" \
    && not_ok "$shell refuses a bad REGISTRY_URL" \
    || t "$shell refuses a bad REGISTRY_URL" grep -q 'REGISTRY_URL must look like' <<<"$out"
done

for f in "$ENTRYPOINT" "$ROOT"/docker/*.sh; do t "${f#"$ROOT"/} passes sh -n" sh -n "$f"; done

# ------------------------------------------------------------------ summary

printf '1..%d\n' "$n"
printf '# tests %d\n# pass %d\n# fail %d\n' "$n" "$((n - failed))" "$failed"
[ "$failed" -eq 0 ]
