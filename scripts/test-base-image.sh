#!/usr/bin/env bash
# Builds the base image the container tests run on, without a registry: a minimal Debian 12
# root filesystem from debootstrap with the process managers the images use, plus this
# machine's Node.js (the processes of the examples are Node scripts), imported with podman.
#   scripts/test-base-image.sh [IMAGE]      (default localhost/procform-test-base:bookworm)
# Needs root, debootstrap and podman; CONTAINERS_CONF as the tests set it. Takes ~45 s.
set -euo pipefail
image="${1:-localhost/procform-test-base:bookworm}"
mirror="${PROCFORM_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
debootstrap --variant=minbase \
  --include=tini,supervisor,s6,execline,nginx-light,procps,sysvinit-utils \
  bookworm "$work/root" "$mirror" > "$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
install -m 0755 "$(readlink -f "$(command -v node)")" "$work/root/usr/bin/node"
rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"*
tar -C "$work/root" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/bash"]' - "$image" > /dev/null
echo "$image"
