# registry-ui entrypoint: write everything into RUNTIME_DIR (the document
# root, index.html, config.js, nginx.conf and its snippets). Sourced by
# docker/entrypoint.sh after docker/options.sh.
# shellcheck shell=sh disable=SC2016,SC2154

# ------------------------------------------------------------------ paths

APP_DIR=${APP_DIR:-/usr/share/registry-ui/html}
RUNTIME_DIR=${RUNTIME_DIR:-/tmp/registry-ui}
NGINX_BIN=${NGINX_BIN:-nginx}
if [ -z "${NGINX_TEMPLATE:-}" ]; then
  if [ -f /etc/registry-ui/nginx.conf.template ]; then
    NGINX_TEMPLATE=/etc/registry-ui/nginx.conf.template
  else
    NGINX_TEMPLATE="$RUI_LIB/../nginx.conf"
  fi
fi
# The snippets nginx.conf includes: nginx.d/ next to the template.
NGINX_SNIPPETS="$(dirname -- "$NGINX_TEMPLATE")/nginx.d"

app_dir=$(abs_dir "$APP_DIR") || die "APP_DIR $(show "$APP_DIR") is not a directory (run npm run build first?)"
APP_DIR=$app_dir
[ -f "$APP_DIR/index.html" ] || die "APP_DIR $APP_DIR has no index.html (run npm run build first?)"
[ -f "$NGINX_TEMPLATE" ] || die "nginx template not found: $NGINX_TEMPLATE (set NGINX_TEMPLATE)"
[ -d "$NGINX_SNIPPETS" ] || die "nginx snippets not found: $NGINX_SNIPPETS (nginx.d/ next to NGINX_TEMPLATE)"
mkdir -p "$RUNTIME_DIR" || die "cannot create RUNTIME_DIR $RUNTIME_DIR (mount a writable /tmp, e.g. --tmpfs /tmp)"
runtime_dir=$(abs_dir "$RUNTIME_DIR") || die "RUNTIME_DIR $(show "$RUNTIME_DIR") is not a directory"
RUNTIME_DIR=$runtime_dir
[ -w "$RUNTIME_DIR" ] || die "RUNTIME_DIR $RUNTIME_DIR is not writable (mount a writable /tmp, e.g. --tmpfs /tmp)"
# Both go into nginx.conf unquoted.
for dir in "$APP_DIR" "$RUNTIME_DIR"; do
  matches "$dir" '/[A-Za-z0-9._/+-]*' || die "$(show "$dir"): APP_DIR and RUNTIME_DIR may only contain letters, digits and . _ - + /"
done

# ------------------------------------------------------------------ html

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

# ------------------------------------------------------------------ nginx

if [ "$DELETE_IMAGES" = true ]; then
  DELETE_REFUSED=0 ALLOW_METHODS='GET, HEAD, OPTIONS, DELETE'
else
  DELETE_REFUSED=1 ALLOW_METHODS='GET, HEAD, OPTIONS'
fi
# BASE_PATH inside the template's regexes: "." is the only character of a
# valid BASE_PATH a regex reads as more than itself (/a.b/ would match /aXb/).
BASE_PATH_RE=$(printf '%s\n' "$BASE_PATH" | sed 's/\./[.]/g')
BASE_PATH_NOSLASH=${BASE_PATH%/}
# Debian's brotli_static module (libnginx-mod-http-brotli-static): the .br
# files of the build are served when it is installed, .gz ones always.
BROTLI_MODULE=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so

# sed_value VALUE: VALUE safe on the right-hand side of s|...|...|.
sed_value() {
  printf '%s' "$1" | sed 's/[\\|&]/\\&/g'
}
for var in LISTEN BROTLI_MODULE BASE_PATH BASE_PATH_RE BASE_PATH_NOSLASH RUNTIME_DIR DOC_ROOT UPSTREAM_SERVER \
  UPSTREAM_SCHEME UPSTREAM_HOST UPSTREAM_HOSTNAME UPSTREAM_ORIGIN UPSTREAM_PATH DELETE_REFUSED ALLOW_METHODS \
  TOKEN_SERVER TOKEN_SCHEME TOKEN_HOST TOKEN_HOSTNAME TOKEN_PATH RESOLVER TLS_CERT TLS_KEY; do
  eval "value=\$$var"
  printf 's|${%s}|%s|g\n' "$var" "$(sed_value "$value")"
done >"$RUNTIME_DIR/render.sed"

# snippet NAME [TEMPLATE]: nginx.d/TEMPLATE (NAME by default) rendered to
# RUNTIME_DIR/NAME.
snippet() {
  sed -f "$RUNTIME_DIR/render.sed" "$NGINX_SNIPPETS/${2:-$1}" >"$RUNTIME_DIR/$1"
}
# part NAME CONDITION WHY_NOT: the snippet when CONDITION (a test) holds, else
# NAME holds only a comment saying why it is empty.
part() {
  if eval "$2"; then snippet "$1"; else printf '# Empty: %s.\n' "$3" >"$RUNTIME_DIR/$1"; fi
}
# secret NAME CONTENT: a file only nginx's master reads (the credentials stay
# out of nginx.conf and the log).
secret() {
  (umask 077 && printf '%s' "$2" >"$RUNTIME_DIR/$1") || die "cannot write $RUNTIME_DIR/$1"
}

for f in security-headers.conf refuse-methods.conf proxy-common.conf proxy-forwarded.conf; do snippet "$f"; done
part brotli-module.conf '[ -f "$BROTLI_MODULE" ]' "no brotli_static module ($BROTLI_MODULE)"
part brotli.conf '[ -f "$BROTLI_MODULE" ]' "no brotli_static module"
part subpath.conf '[ "$BASE_PATH" != / ]' "BASE_PATH is /"
part tls.conf '[ -n "$TLS_CERT" ]' "no TLS_CERT and TLS_KEY: plain HTTP"
part registry-tls.conf '[ "$UPSTREAM_SCHEME" = https ]' "REGISTRY_URL is http"
for f in token-upstream.conf token-realm.conf token-location.conf; do
  part "$f" '[ -n "$TOKEN_SERVER" ]' "no REGISTRY_TOKEN_URL"
done
part token-tls.conf '[ "$TOKEN_SCHEME" = https ]' "no https REGISTRY_TOKEN_URL"
part resolver.conf '[ -n "$RESOLVER" ]' "no RESOLVER and no nameserver in /etc/resolv.conf: only blob redirects to an IP address are followed"
part blob-refuse-local.conf '[ "$BLOB_REDIRECT_ALLOW_LOCAL" = false ]' "BLOB_REDIRECT_ALLOW_LOCAL=true"

# REGISTRY_AUTH: in upstream-auth.conf (0600, only nginx's master reads it),
# included where the registry takes credentials: the token service when there
# is one (the app then gets that account's tokens), else /v2/.
rm -f "$RUNTIME_DIR/upstream-auth.conf"
[ -z "$UPSTREAM_AUTH" ] || secret upstream-auth.conf \
  "proxy_set_header Authorization \"Basic $(printf '%s' "$UPSTREAM_AUTH" | base64 | tr -d '\n')\";$NL"
auth_include="include $RUNTIME_DIR/upstream-auth.conf;$NL"
no_auth="# Empty: no REGISTRY_AUTH, the browser's Authorization passes.$NL"
# (All the *auth.conf files are 0600, like the credentials.)
if [ -z "$UPSTREAM_AUTH" ]; then
  secret registry-auth.conf "$no_auth"
  secret token-auth.conf "$no_auth"
elif [ -n "$TOKEN_SERVER" ]; then
  secret registry-auth.conf "# Empty: REGISTRY_AUTH goes to the token service (token-auth.conf).$NL"
  secret token-auth.conf "$auth_include"
else
  secret registry-auth.conf "$auth_include"
  secret token-auth.conf "# Empty: no REGISTRY_TOKEN_URL.$NL"
fi

# REGISTRIES: the upstreams and the maps ${BASE_PATH}x/<id>/v2/ is routed by;
# an id missing from them gets a 404, never a connection.
rm -f "$RUNTIME_DIR/registries-auth.conf"
part registries-location.conf '[ -n "$REGISTRIES" ]' "no REGISTRIES"
if [ -n "$REGISTRIES" ]; then
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
    sed -f "$RUNTIME_DIR/render.sed" "$NGINX_SNIPPETS/registries.conf"
  } >"$RUNTIME_DIR/registries.conf"
  secret registries-auth.conf "map \$rui_registry_id \$rui_registry_authorization {$NL    default \$http_authorization;$NL$MULTI_AUTH}$NL"
else
  printf '# Empty: no REGISTRIES.\n' >"$RUNTIME_DIR/registries.conf"
fi

# RUNTIME_DIR/blob-ca.pem: the system's bundle and BLOB_REDIRECT_CA_FILE in
# one file (nginx takes one), read when nginx starts. Without either, https
# blob redirects are refused.
rm -f "$RUNTIME_DIR/blob-ca.pem"
if [ -n "$SYSTEM_CA_FILE$BLOB_REDIRECT_CA_FILE" ]; then
  {
    [ -z "$SYSTEM_CA_FILE" ] || cat "$SYSTEM_CA_FILE"
    echo
    [ -z "$BLOB_REDIRECT_CA_FILE" ] || cat "$BLOB_REDIRECT_CA_FILE"
  } >"$RUNTIME_DIR/blob-ca.pem" || die "cannot write $RUNTIME_DIR/blob-ca.pem"
  snippet blob-tls.conf blob-tls-verify.conf
else
  snippet blob-tls.conf blob-tls-refuse.conf
fi

{
  printf '# Rendered by registry-ui-entrypoint from %s; edits are overwritten at start.\n' "$NGINX_TEMPLATE"
  # The template's header comment describes the template, not the result.
  sed -e '1,/^[^#]/{/^#/d;}' -f "$RUNTIME_DIR/render.sed" "$NGINX_TEMPLATE"
} >"$RUNTIME_DIR/nginx.conf.new"
rm -f "$RUNTIME_DIR/render.sed"
if grep -n '\${[A-Za-z_]*}' "$RUNTIME_DIR"/*.conf "$RUNTIME_DIR/nginx.conf.new" >&2; then
  die "the nginx templates have placeholders the entrypoint does not know (lines above)"
fi
mv "$RUNTIME_DIR/nginx.conf.new" "$RUNTIME_DIR/nginx.conf"
