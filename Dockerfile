# registry-ui: build the SPA with Node, serve it with Debian's nginx as an
# unprivileged user.
#
#   docker build -t registry-ui .
#   docker run -d -p 5050:80 -e REGISTRY_URL=http://registry:5000 \
#     --read-only --tmpfs /tmp registry-ui
#
# Without a Docker engine or a registry to pull the base images from,
# scripts/image.sh build makes both bases locally (mmdebstrap, the machine's
# Node) under the same names and builds this file with podman.
#
# The runtime stage is Debian's nginx (1.22 in bookworm), the nginx every test
# of the project runs: what is tested is what ships. The container runs as
# uid/gid 101 and listens on 80: Docker (20.10+) lets unprivileged processes
# bind low ports inside a container. Where a runtime does not (podman,
# Kubernetes without the net.ipv4.ip_unprivileged_port_start sysctl), set
# LISTEN_PORT=8080. Options: docs/runtime-contract.md.
# scripts/check-dockerfile.sh checks this file without a Docker engine.

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Behind a TLS-intercepting proxy, pass its CA as a build secret:
#   docker build --secret id=build_ca,src=/path/to/ca.pem .
# It is read here only (this stage), never written to a layer. npm 10 can end
# with "Exit handler never called!" and status 0 after a failed fetch: check
# that the tools the build needs are there, so the build stops here.
RUN --mount=type=secret,id=build_ca \
    if [ -s /run/secrets/build_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/build_ca; fi \
 && npm ci --no-audit --no-fund \
 && test -x node_modules/.bin/tsc && test -x node_modules/.bin/vite \
 || { echo "npm ci did not install the build tools (no access to the npm registry?)" >&2; exit 1; }
COPY . .
# gzip (and brotli) copies of the bundle, served by gzip_static / brotli_static
RUN npm run build && node scripts/precompress.mjs dist

FROM debian:bookworm-slim
# uid/gid 101 as in the official nginx images (Kubernetes manifests and
# volume permissions rely on it); Debian's nginx package would use www-data.
# No recommends, no apt lists, no default site. wget: the HEALTHCHECK.
# libnginx-mod-http-brotli-static: Accept-Encoding br from the .br files.
# ca-certificates: nginx verifies https storage it follows blob redirects to.
RUN groupadd --system --gid 101 nginx \
 && useradd --system --uid 101 --gid 101 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin nginx \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      nginx libnginx-mod-http-brotli-static wget ca-certificates \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt/* /var/log/dpkg.log \
      /etc/nginx/sites-enabled/* /etc/nginx/modules-enabled/* /var/www/html \
 && nginx -V 2>&1 | grep -q http_gzip_static_module
COPY --from=build /src/dist /usr/share/registry-ui/html
COPY nginx.conf /etc/registry-ui/nginx.conf.template
COPY nginx.d /etc/registry-ui/nginx.d
COPY docker/entrypoint.sh /usr/local/bin/registry-ui-entrypoint
COPY docker/lib.sh docker/options.sh docker/render.sh /usr/local/lib/registry-ui/
# The build's config.js is a development default; the entrypoint writes the
# real one into RUNTIME_DIR and never serves this one.
RUN chmod 0755 /usr/local/bin/registry-ui-entrypoint \
 && rm -f /usr/share/registry-ui/html/config.js

ENV APP_DIR=/usr/share/registry-ui/html \
    RUNTIME_DIR=/tmp/registry-ui \
    NGINX_TEMPLATE=/etc/registry-ui/nginx.conf.template \
    LISTEN_PORT=80

USER 101:101
EXPOSE 80
STOPSIGNAL SIGQUIT
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
  CMD ["/usr/local/bin/registry-ui-entrypoint", "--healthcheck"]
ENTRYPOINT ["/usr/local/bin/registry-ui-entrypoint"]
CMD []
