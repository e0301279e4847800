# registry-ui: build the SPA with Node, serve it with an unprivileged nginx.
#
#   docker build -t registry-ui .
#   docker run -d -p 5050:80 -e REGISTRY_URL=http://registry:5000 \
#     --read-only --tmpfs /tmp registry-ui
#
# The container runs as uid 101 and listens on 80: Docker (20.10+) lets
# unprivileged processes bind low ports inside a container. Where a runtime
# does not (Kubernetes without the net.ipv4.ip_unprivileged_port_start sysctl),
# set LISTEN_PORT=8080. Options: docs/runtime-contract.md.
# scripts/check-dockerfile.sh checks this file without a Docker engine.

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM nginx:1.27-alpine
COPY --from=build /src/dist /usr/share/registry-ui/html
COPY nginx.conf /etc/registry-ui/nginx.conf.template
COPY docker/entrypoint.sh /usr/local/bin/registry-ui-entrypoint
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
