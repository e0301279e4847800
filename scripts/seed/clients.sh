#!/usr/bin/env bash
# Push content to a registry with the clients people push with, beside what seed.mjs builds by hand:
# go-containerregistry's crane (images and an index) and oras (an artifact, and referrers attached to an
# image: through the referrers API where the registry has one, else the fallback tag sha256-<hex>).
#
# Usage: scripts/seed/clients.sh [--registry URL] [--summary FILE]
#
#   clients/crane   1.0.0-amd64, 1.0.0-arm64   crane append (a layer onto the empty image), then
#                                              crane mutate (platform, labels, env, entrypoint, annotation)
#                   1.0.0                      crane index append of the two: a multi-arch OCI index
#                   an SBOM and a scan report  oras attach, both to 1.0.0 (the index)
#   clients/oras    bundle-v1                  oras push: an artifact of two files, with an artifactType
#
# The summary (JSON: every tag's digest, the referrers and how the registry took them, "api" or "tag") goes
# to stdout and, with --summary, to a file. crane and oras are built with Go once per machine
# (scripts/lib/common.sh ensure_go_tools); without Go this says so, writes {"skipped": "…"} and exits 0, and
# the specs that need the content skip. Pushes are idempotent: running it again gives the same digests.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
LOG_TAG=clients

registry="${REGISTRY_URL:-http://127.0.0.1:5000}"
summary_file=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --registry) registry="$2"; shift 2 ;;
    --registry=*) registry="${1#*=}"; shift ;;
    --summary) summary_file="$2"; shift 2 ;;
    --summary=*) summary_file="${1#*=}"; shift ;;
    -h | --help) sed -n '2,17s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
registry="${registry%/}"
case "$registry" in
  http://*) host="${registry#http://}" ;;
  *) die "--registry must be a plain http:// URL (a local test registry), got '$registry'" ;;
esac
need_cmd curl jq tar

emit() { # emit JSON — to stdout and the summary file
  if [ -n "$summary_file" ]; then
    mkdir -p "$(dirname "$summary_file")"
    printf '%s\n' "$1" >"$summary_file"
  fi
  printf '%s\n' "$1"
}

built=0
ensure_go_tools crane oras || built=$?
case $built in
0) ;;
1)
  log "skipped: crane and oras need Go"
  emit '{"skipped": "crane and oras need Go, which this machine does not have"}'
  exit 0
  ;;
*) die "crane or oras failed to build (Go is here; see the log above)" ;;
esac
CRANE="$(go_tool crane)"
ORAS="$(go_tool oras)"

work="$(mktemp -d "${TMPDIR:-/tmp}/registry-ui-clients.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export DOCKER_CONFIG="$work/docker" # neither client reads the user's credentials
crane() { "$CRANE" --insecure "$@" 2>>"$work/crane.log"; }
oras() { "$ORAS" "$@" --plain-http 2>>"$work/oras.log"; }
fail() {
  cat "$work"/*.log >&2 2>/dev/null || true
  die "$*"
}

# A layer as a build tool would make one: a tar of a small tree, with fixed owners and times so every run
# gives the same digest.
layer() { # layer NAME ARCH
  local root="$work/root-$1"
  mkdir -p "$root/app" "$root/etc"
  printf 'clients/crane %s for %s\n' "$1" "$2" >"$root/app/VERSION"
  printf '#!/bin/sh\necho "hello from %s"\n' "$2" >"$root/app/run.sh"
  chmod 0755 "$root/app/run.sh"
  printf 'NAME=registry-ui-clients\n' >"$root/etc/os-release"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=2024-06-01T00:00:00Z -C "$root" -cf "$work/$1.tar" app etc
  echo "$work/$1.tar"
}

repo=clients/crane
for arch in amd64 arm64; do
  tag="1.0.0-$arch"
  crane append -f "$(layer "$tag" "$arch")" -t "$host/$repo:$tag" >/dev/null || fail "crane append $repo:$tag"
  crane mutate "$host/$repo:$tag" --set-platform "linux/$arch" \
    -l org.opencontainers.image.version=1.0.0 -l org.opencontainers.image.title=crane-app \
    -e APP_ARCH="$arch" --entrypoint /app/run.sh \
    -a org.opencontainers.image.created=2024-06-01T00:00:00Z >/dev/null || fail "crane mutate $repo:$tag"
done
crane index append -m "$host/$repo:1.0.0-amd64" -m "$host/$repo:1.0.0-arm64" -t "$host/$repo:1.0.0" >/dev/null \
  || fail "crane index append $repo:1.0.0"
index_digest="$(crane digest "$host/$repo:1.0.0")" || fail "crane digest $repo:1.0.0"

# Referrers of the index. oras reads the registry's answer to GET /v2/<name>/referrers/<digest> and, where
# there is no such API, keeps the index of referrers at the fallback tag itself.
printf '{"spdxVersion":"SPDX-2.3","name":"clients/crane:1.0.0","packages":[{"name":"run.sh","versionInfo":"1.0.0"}]}\n' >"$work/sbom.spdx.json"
printf '{"scanner":"example-scanner","vulnerabilities":[]}\n' >"$work/scan.json"
attach() { # attach ARTIFACT_TYPE FILE MEDIA_TYPE — prints the referrer's digest
  (cd "$work" && oras attach --format json --artifact-type "$1" \
    --annotation org.opencontainers.image.created=2024-06-02T00:00:00Z \
    "$host/$repo@$index_digest" "$2:$3") | jq -r .digest
}
existing="$(curl -fsS -H 'Accept: application/vnd.oci.image.index.v1+json' "$registry/v2/$repo/referrers/$index_digest" 2>/dev/null | jq -r '[.manifests[].artifactType] | join(" ")' 2>/dev/null || true)"
sbom_digest="" scan_digest=""
# attached once: a second run would add a second, identical-but-for-nothing referrer only if the bytes
# differed; they do not, but the fallback tag index would be rewritten, so skip what is there
if [ -z "$existing" ] || ! grep -q 'application/spdx+json' <<<"$existing"; then
  sbom_digest="$(attach application/spdx+json sbom.spdx.json application/spdx+json)" || fail "oras attach sbom"
fi
if [ -z "$existing" ] || ! grep -q 'application/vnd.example.scan-report+json' <<<"$existing"; then
  scan_digest="$(attach application/vnd.example.scan-report+json scan.json application/json)" || fail "oras attach scan report"
fi

# How the registry took them: its referrers API answers, or the fallback tag holds them. Each referrer's
# artifactType is read from its own manifest (go-containerregistry's API reports the config's media type).
accept_index='Accept: application/vnd.oci.image.index.v1+json'
api_status="$(curl -s -o "$work/referrers.json" -w '%{http_code}' -H "$accept_index" "$registry/v2/$repo/referrers/$index_digest")"
fallback_tag="sha256-${index_digest#sha256:}"
if [ "$api_status" = 200 ]; then
  via=api
else
  via=tag
  curl -fsS -H "$accept_index" "$registry/v2/$repo/manifests/$fallback_tag" >"$work/referrers.json" \
    || fail "no referrers API ($api_status) and no fallback tag $fallback_tag"
fi
referrers="[]"
for digest in $(jq -r '.manifests[].digest' "$work/referrers.json"); do
  own="$(curl -fsS -H 'Accept: application/vnd.oci.image.manifest.v1+json' "$registry/v2/$repo/manifests/$digest" | jq -r '.artifactType // .config.mediaType')" \
    || fail "cannot read the referrer $digest"
  size="$(jq -r --arg d "$digest" '.manifests[] | select(.digest == $d) | .size' "$work/referrers.json")"
  referrers="$(jq -c --arg d "$digest" --arg t "$own" --argjson s "$size" '. + [{digest: $d, artifactType: $t, size: $s}]' <<<"$referrers")"
done

# An artifact of its own: two files, no image config (the empty descriptor oras writes).
printf 'replicas: 2\nimage: clients/crane:1.0.0\n' >"$work/deploy.yaml"
printf '# bundle\nDeploy with deploy.yaml.\n' >"$work/README.md"
(cd "$work" && oras push --format json --artifact-type application/vnd.example.bundle.v1 \
  --annotation org.opencontainers.image.created=2024-06-03T00:00:00Z \
  "$host/clients/oras:bundle-v1" deploy.yaml:application/yaml README.md:text/markdown >"$work/push.json") \
  || fail "oras push clients/oras:bundle-v1"

digest_of() { crane digest "$host/$1" || fail "crane digest $1"; }
emit "$(jq -n \
  --arg amd64 "$(digest_of "$repo:1.0.0-amd64")" --arg arm64 "$(digest_of "$repo:1.0.0-arm64")" \
  --arg index "$index_digest" --arg bundle "$(jq -r .digest "$work/push.json")" \
  --arg via "$via" --arg tag "$fallback_tag" --argjson status "$api_status" --argjson referrers "$referrers" \
  --arg crane "$(go_tool_version crane)" --arg oras "$(go_tool_version oras)" \
  '{
    clients: { crane: $crane, oras: $oras },
    repositories: {
      "clients/crane": { tags: { "1.0.0-amd64": $amd64, "1.0.0-arm64": $arm64, "1.0.0": $index } },
      "clients/oras": { tags: { "bundle-v1": $bundle } }
    },
    referrers: { repository: "clients/crane", subject: $index, via: $via, apiStatus: $status, fallbackTag: $tag, manifests: $referrers }
  }')"
log "pushed clients/crane (crane) and clients/oras (oras); referrers of clients/crane:1.0.0 through the $([ "$via" = api ] && echo "referrers API" || echo "fallback tag $fallback_tag")"
