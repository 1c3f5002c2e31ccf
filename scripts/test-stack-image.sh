#!/usr/bin/env bash
# Builds the image the container tests of the real stack run on (test/stack/*): the tests'
# base image (scripts/test-base-image.sh: Debian 12 minbase, the managers, this machine's
# Node.js) plus Debian 12's PostgreSQL 15, Redis and nginx, installed with apt inside a
# podman build. No registry: apt reaches the Debian mirror the base was made from.
#   scripts/test-stack-image.sh [IMAGE] [BASE]
#     (defaults localhost/procform-test-stack:bookworm, localhost/procform-test-base:bookworm)
# Needs root and podman; CONTAINERS_CONF as the tests set it. Takes ~50 s.
set -euo pipefail
image="${1:-localhost/procform-test-stack:bookworm}"
base="${2:-localhost/procform-test-base:bookworm}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/Containerfile" <<CONTAINERFILE
FROM $base
# policy-rc.d keeps the packages from starting their services during the build:
# procform runs the programs itself.
RUN printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d \\
 && apt-get update -qq \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 redis-server nginx-light >/dev/null \\
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb /usr/sbin/policy-rc.d
CONTAINERFILE
podman build --network host --quiet --tag "$image" "$work" > /dev/null
echo "$image"
