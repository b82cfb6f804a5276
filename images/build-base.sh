#!/usr/bin/env bash
# Builds the base image every seqbind image starts from, with no container runtime and no registry:
# mmdebstrap makes a minimal Debian bookworm root (Java 17 JRE, CA certificates, the OpenCL ICD loader for
# the trainer's Aparapi, procps for workflow engines' task tracing, user 185), and oci-archive.py wraps that
# root filesystem as a one-layer image archive that Jib takes as its base (`tar://`).
#
# Usage: build-base.sh OUT.tar
# OUT.tar is rebuilt only when this script or oci-archive.py changed since it was made (the key sits beside
# it in OUT.tar.key), so one root serves all four images and every later build. Needs root (mmdebstrap's
# root mode; CI and test.sh run as root) and Debian's mirrors.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$1"
key="$(cat "$here/build-base.sh" "$here/oci-archive.py" | sha256sum | cut -c1-64)"
if [ -f "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ]; then
  echo "build-base: $out is up to date"
  exit 0
fi
command -v mmdebstrap >/dev/null 2>&1 || {
  echo "build-base: mmdebstrap is missing: apt-get install mmdebstrap (Debian) or run images/install-deps.sh" >&2
  exit 1
}
[ "$(id -u)" = 0 ] || { echo "build-base: mmdebstrap's root mode needs root" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
work="$(mktemp -d "$(dirname "$out")/.base.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A fixed SOURCE_DATE_EPOCH makes mmdebstrap clamp every mtime and sort the tar: the same package versions
# give the same bytes (and so the same image digests).
export SOURCE_DATE_EPOCH=1767225600   # 2026-01-01T00:00:00Z
# JAVA_HOME=/opt/java/openjdk as in the eclipse-temurin images the chart was written for (jsigPath).
# /etc/hosts and /etc/resolv.conf exist for the kubelet (and run-image.sh) to mount over.
# User 185 (group 185) owns nothing in the image: the root filesystem is read-only, /tmp and the volumes
# are the writable places; its HOME is /tmp.
mmdebstrap --variant=essential --mode=root --format=tar \
  --include=ca-certificates,openjdk-17-jre-headless,ocl-icd-libopencl1,procps \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='mkdir -p "$1/opt/java" && ln -s /usr/lib/jvm/java-17-openjdk-amd64 "$1/opt/java/openjdk"' \
  --customize-hook='echo "seqbind:x:185:185:seqbind:/tmp:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='echo "seqbind:x:185:" >> "$1/etc/group"' \
  --customize-hook='mkdir -p "$1/deployments" "$1/var/lib/seqbind/models" "$1/var/lib/seqbind/trainer" "$1/data" && chmod 1777 "$1/tmp"' \
  --customize-hook='printf "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" >"$1/etc/hosts" && : >"$1/etc/resolv.conf"' \
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*.log "$1"/var/cache/ldconfig/aux-cache' \
  bookworm "$work/rootfs.tar" \
  "deb http://deb.debian.org/debian bookworm main" \
  "deb http://deb.debian.org/debian bookworm-updates main" \
  "deb http://deb.debian.org/debian-security bookworm-security main"

/usr/bin/python3 "$here/oci-archive.py" base "$work/rootfs.tar" "$work/base.tar"
mv -f "$work/base.tar" "$out"
echo "$key" >"$out.key"
echo "build-base: $out ($(du -h "$out" | cut -f1))"
