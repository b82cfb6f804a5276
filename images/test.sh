#!/usr/bin/env bash
# The images against the chart, as far as a machine without a container runtime or a cluster allows
# (images/README.md):
#  1. each image archive (<module>/target/image/<name>.tar, from ./mvnw -Pimages package): OCI layout, numeric
#     non-root user, entrypoint, exposed port, OCI labels (version = the chart's appVersion, revision = HEAD),
#     the trainer's LD_PRELOAD naming a libjsig.so that exists in the image;
#  2. the chart's rendered environment against the services' declared configuration (box.py check-keys);
#  3. "cluster in a box": the three service images unpacked and started from the chart's rendered manifests
#     (image, env from the ConfigMaps, command/args, the pod's user, read-only root with /tmp writable, the
#     store claim as one shared directory, the data claim, Service DNS names -> 127.0.0.1), then
#     train (Python client, upload) -> score (CLI and Python client, through the scorer) -> variants
#     (Python client through the variant service, which calls the scorer by the chart's headless Service
#     name), each result compared with the CLI run in-process on the host over the same bundle; gRPC health
#     of each; the processes' uid, capabilities, libjsig mapping and read-only root checked in /proc;
#  4. the CLI image runs `seqbind score` from its own root as user 185 and agrees with the host;
#  5. rebuilding an image from the same inputs gives the same digest.
# Needs root (unshare, mount, chroot), the jars and images built, /usr/bin/python3 with yaml and grpc.
# Prints "images-test: ok" last. IMAGES_TEST_KEEP=1 keeps the work directory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
py=/usr/bin/python3
die() { echo "images-test: FAIL: $*" >&2; exit 1; }
say() { echo "images-test: [${SECONDS}s] $*"; }
[ "$(id -u)" = 0 ] || die "needs root (unshare, mount, chroot)"

helm="$(bash "$repo/helm/install-helm.sh")" || die "no helm"
chart="$repo/helm/seqbind"
app_version="$(awk -F'"' '/^appVersion:/{print $2}' "$chart/Chart.yaml")"
revision="$(git -C "$repo" rev-parse HEAD 2>/dev/null || true)"
declare -A module=([trainer]=trainer-service [scorer]=scorer-service [variant]=variant-service [cli]=cli)
declare -A image_name=([trainer]=trainer-service [scorer]=scorer-service [variant]=variant-service [cli]=cli)

work="$(mktemp -d "${TMPDIR:-/tmp}/seqbind-images.XXXXXX")"
pids=()
stop_image() { # stop_image PID: unshare ignores SIGTERM, so TERM the container's process (PID 1 inside), then KILL
  local p="$1" child
  for child in $(pgrep -P "$p" 2>/dev/null); do kill -TERM "$child" 2>/dev/null || true; done
  local st
  for _ in $(seq 1 20); do # gone, or a zombie waiting for `wait` (kill -0 would still succeed on it)
    st="$(ps -o stat= -p "$p" 2>/dev/null || true)"
    { [ -z "$st" ] || [ "${st:0:1}" = Z ]; } && return 0
    sleep 0.5
  done
  kill -KILL "$p" 2>/dev/null || true   # --kill-child takes the container's processes with it
}
cleanup() {
  for p in "${pids[@]}"; do stop_image "$p"; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${IMAGES_TEST_KEEP:-0}" = 1 ]; then echo "images-test: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
jq_py() { "$py" -c "import json,sys; c=json.load(open(sys.argv[1])); print($2)" "$1"; }

# --- 1. the archives -------------------------------------------------------------------------------------
for c in trainer scorer variant cli; do
  tar="$repo/${module[$c]}/target/image/${image_name[$c]}.tar"
  [ -f "$tar" ] || die "$tar missing: build the images first (./mvnw -B -Pimages -DskipTests package)"
  "$py" "$here/oci-archive.py" config "$tar" >"$work/$c.config.json" || die "$tar: unreadable image"
  "$py" "$here/oci-archive.py" digest "$tar" >"$work/$c.digest" || die "$tar: not an OCI archive"
  cfg="$work/$c.config.json"
  user="$(jq_py "$cfg" 'c["config"].get("User","")')"
  [[ "$user" =~ ^[0-9]+:[0-9]+$ ]] || die "$c: User '$user' is not numeric uid:gid"
  [ "${user%%:*}" != 0 ] || die "$c: runs as root"
  labels="$(jq_py "$cfg" '"\n".join(k+"="+v for k,v in sorted(c["config"].get("Labels",{}).items()))')"
  grep -qx "org.opencontainers.image.version=$app_version" <<<"$labels" || die "$c: version label is not the chart's appVersion $app_version: $labels"
  grep -qx "org.opencontainers.image.source=.\+" <<<"$labels" || die "$c: no source label"
  if [ -n "$revision" ]; then
    grep -qx "org.opencontainers.image.revision=$revision" <<<"$labels" || die "$c: revision label is not HEAD $revision"
  fi
  tag="$(tar -xOf "$tar" index.json | "$py" -c 'import json,sys; print(json.load(sys.stdin)["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"])')"
  [ "$tag" = "seqbind/${image_name[$c]}:$app_version" ] || die "$c: image name $tag, expected seqbind/${image_name[$c]}:$app_version (the chart's appVersion)"
  if [ "$c" = cli ]; then
    [ "$(jq_py "$cfg" 'c["config"].get("Entrypoint")')" = None ] || die "cli: must have no entrypoint (workflow engines run their own command)"
    [ "$(jq_py "$cfg" '" ".join(c["config"]["Cmd"])')" = "seqbind --help" ] || die "cli: Cmd"
  else
    jq_py "$cfg" '" ".join(c["config"]["Entrypoint"])' | grep -q 'java $JAVA_OPTS -jar /deployments/quarkus-run.jar' \
      || die "$c: entrypoint does not run the fast-jar with \$JAVA_OPTS"
    port="$(jq_py "$cfg" '" ".join(c["config"]["ExposedPorts"])')"
    [ "$port" = "$("$helm" template t "$chart" --show-only "templates/$c.yaml" | awk '/containerPort:/{print $2; exit}')/tcp" ] \
      || die "$c: exposed port $port is not the chart's containerPort"
  fi
  mkdir -p "$work/root-$c"
  "$py" "$here/oci-archive.py" unpack "$tar" "$work/root-$c" || die "$c: unpack failed"
  say "$c: $(du -h "$tar" | cut -f1) $(cat "$work/$c.digest") user $user"
done
preload="$(jq_py "$work/trainer.config.json" '[e for e in c["config"]["Env"] if e.startswith("LD_PRELOAD=")][0][11:]')"
chroot "$work/root-trainer" /usr/bin/test -f "$preload" || die "trainer: LD_PRELOAD=$preload is not in the image"
[ -e "$work/root-trainer/usr/lib/x86_64-linux-gnu/libOpenCL.so.1" ] || die "trainer: no OpenCL ICD loader"

# --- 2. rendered keys against declared configuration -----------------------------------------------------
# The box's values: the default chart plus the data volume (a claim, so the box can map it to a directory).
cat >"$work/values.yaml" <<'EOF'
data:
  enabled: true
  existingClaim: box-data
EOF
"$helm" template t "$chart" --namespace ns -f "$work/values.yaml" >"$work/rendered.yaml" || die "helm template"
"$py" "$here/box.py" check-keys "$work/rendered.yaml" "$repo" || die "the chart renders keys no service reads"
sets=()
while read -r comp prop; do sets+=(--set "$comp.config.${prop//./\\.}=1"); done < <("$py" "$here/box.py" declared "$repo")
"$helm" template t "$chart" --namespace ns "${sets[@]}" >"$work/all-config.yaml" || die "helm template (every property)"
"$py" "$here/box.py" check-keys "$work/all-config.yaml" "$repo" --require-all \
  || die "a service setting the chart cannot render"
say "rendered keys match the services' declared configuration ($((${#sets[@]} / 2)) properties settable through <service>.config)"

# --- 3. cluster in a box ---------------------------------------------------------------------------------
claims="$work/claims"
mkdir -p "$claims" "$work/plans"
"$py" "$here/box.py" hosts "$work/rendered.yaml" ns >"$work/hosts" || die "Service names"
"$repo/seqbind" simulate --out "$work/claims/box-data" --seed 7 >"$work/simulate.log" 2>&1 || { cat "$work/simulate.log"; die "simulate"; }
data="$work/claims/box-data"
for c in trainer scorer variant; do
  "$py" "$here/box.py" plan "$work/rendered.yaml" "$c" "$work/plans" "$claims" || die "$c: plan"
done
# fsGroup: the pod's volumes are writable by its group, as the kubelet makes them.
chgrp -R "$(. "$work/plans/scorer.sh"; echo "$fs_group")" "$claims" && chmod -R g+rwX "$claims"
chmod -R a+rX "$data"

start_service() { # start_service COMPONENT: the image the manifest names, started as the manifest says
  local c="$1"
  # shellcheck disable=SC1090
  . "$work/plans/$c.sh"
  [ "$image" = "seqbind/${image_name[$c]}:$app_version" ] || die "$c: the chart pulls $image, the build made seqbind/${image_name[$c]}:$app_version"
  [ "$run_as_user:$run_as_group" = "$(jq_py "$work/$c.config.json" 'c["config"]["User"]')" ] \
    || die "$c: the chart runs as $run_as_user:$run_as_group, the image's user differs"
  [ "$read_only_root" = true ] || die "$c: the chart does not ask for a read-only root"
  local vol_args=() v mode=()
  for v in "${volumes[@]}"; do vol_args+=(--volume "$v"); done
  if [ ${#command[@]} -gt 0 ]; then mode=(--command -- "${command[@]}" "${args[@]}"); else mode=(-- "${args[@]}"); fi
  date +%s.%N >"$work/$c.started"
  "$here/run-image.sh" "$work/root-$c" "$work/$c.config.json" --env-file "$env_file" --hosts "$work/hosts" \
    "${vol_args[@]}" "${mode[@]}" >"$work/$c.log" 2>&1 &
  pids+=($!)
  echo $! >"$work/$c.pid"
  echo "$port $ready_path" >"$work/$c.ready"
}
wait_ready() { # wait_ready COMPONENT: GET the readiness probe until 200 (90 s), or print its log and fail
  local c="$1" port path t0
  read -r port path <"$work/$c.ready"
  for _ in $(seq 1 180); do
    if "$py" -c 'import sys,urllib.request; sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)' \
        "http://127.0.0.1:$port$path" 2>/dev/null; then
      t0="$(cat "$work/$c.started")"
      say "$c ready on :$port$path after $("$py" -c "import sys,time; print('%.1f s' % (time.time()-float(sys.argv[1])))" "$t0")"
      return 0
    fi
    kill -0 "$(cat "$work/$c.pid")" 2>/dev/null || { tail -40 "$work/$c.log" >&2; die "$c exited before it was ready"; }
    sleep 0.5
  done
  tail -40 "$work/$c.log" >&2
  die "$c not ready after 90 s"
}
grpc_health() { # grpc_health PORT: grpc.health.v1.Health/Check for the server ("") must say SERVING
  "$py" - "$1" <<'PY' || die "gRPC health on :$1"
import sys, grpc
ch = grpc.insecure_channel("127.0.0.1:" + sys.argv[1])
check = ch.unary_unary("/grpc.health.v1.Health/Check", request_serializer=lambda b: b, response_deserializer=lambda b: b)
resp = check(b"", timeout=10)
assert resp == b"\x08\x01", "HealthCheckResponse %r is not SERVING" % resp
PY
}
proc_checks() { # proc_checks COMPONENT: the JVM's uid, capabilities and no_new_privs; /tmp the only writable place
  local c="$1" pid uid
  pid="$(pgrep -P "$(cat "$work/$c.pid")" | head -1)"
  [ -n "$pid" ] || die "$c: no process"
  uid="$(awk '/^Uid:/{print $2}' "/proc/$pid/status")"
  [ "$uid" = "$(jq_py "$work/$c.config.json" 'c["config"]["User"].split(":")[0]')" ] || die "$c runs as uid $uid"
  grep -q '^CapEff:[[:space:]]*0000000000000000$' "/proc/$pid/status" || die "$c has capabilities"
  grep -q '^NoNewPrivs:[[:space:]]*1$' "/proc/$pid/status" || die "$c: no_new_privs not set"
  grep -q "java" "/proc/$pid/cmdline" || die "$c: pid $pid is not the JVM"
  if [ "$c" = trainer ]; then grep -q 'libjsig.so' "/proc/$pid/maps" || die "trainer: libjsig.so is not preloaded"; fi
  # From inside its mount namespace: the root is read-only, /tmp is not.
  nsenter -t "$pid" -m -- awk -v r="$work/root-$c" '$5 == r && $6 ~ /(^|,)ro(,|$)/ { f = 1 } END { exit !f }' \
    /proc/self/mountinfo || die "$c: root is not mounted read-only"
  nsenter -t "$pid" -m -- awk -v r="$work/root-$c/tmp" '$5 == r && $6 ~ /(^|,)rw(,|$)/ { f = 1 } END { exit !f }' \
    /proc/self/mountinfo || die "$c: /tmp is not writable"
}

for c in scorer trainer variant; do start_service "$c"; done
for c in scorer trainer variant; do wait_ready "$c"; done
for c in trainer scorer variant; do
  read -r port _ <"$work/$c.ready"
  grpc_health "$port"
  proc_checks "$c"
done
say "the three services serve (gRPC health SERVING), as uid 185 with no capabilities, read-only roots"

export XDG_CACHE_HOME="$work/pycache"
client=("$py" "$repo/clients/python/seqbind_client.py" --timeout 300)
# Train through the trainer's Service port (the client uploads the files), tiny on purpose.
"${client[@]}" --endpoint 127.0.0.1:8081 train --input "$data/train.seq.gz" --test "$data/test.seq.gz" --name box \
  --version 1 --calibrate 0 --ensemble 1 --max-steps 300 --seed 3 --upload >"$work/train.out" 2>"$work/train.err" \
  || { cat "$work/train.err" "$work/trainer.log" | tail -40 >&2; die "train through the trainer image"; }
model_id="$(tail -1 "$work/train.out")"
bundle="$claims/t-seqbind-store/box/1"
[ -f "$bundle/model.onnx" ] && [ -f "$bundle/manifest.json" ] || die "the trainer did not publish box:1 into the store claim"
say "trained box:1 ($model_id) through the trainer image; bundle in the shared store"

# Score: through the scorer image with the CLI and with the Python client; the host's CLI in-process is
# the reference (same bundle, the host's JVM and ONNX Runtime).
"$repo/seqbind" score --model "$bundle" --input "$data/test.fa" --out "$work/ref.tsv" 2>"$work/ref.err" || { cat "$work/ref.err"; die "reference score"; }
"$repo/seqbind" score --endpoint 127.0.0.1:8082 --model box:1 --input "$data/test.fa" --out "$work/cli.tsv" 2>"$work/cli.err" \
  || { cat "$work/cli.err"; die "CLI score through the scorer image"; }
"${client[@]}" --endpoint 127.0.0.1:8082 score --model box:1 --input "$data/test.fa" --out "$work/py.tsv" 2>"$work/py.err" \
  || { cat "$work/py.err"; die "Python score through the scorer image"; }
compare_tsv() { # compare_tsv A B TOL: same rows and ids, every number within TOL
  "$py" - "$@" <<'PY' || die "$1 and $2 differ"
import sys
a, b, tol = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])], [l.rstrip("\n").split("\t") for l in open(sys.argv[2])], float(sys.argv[3])
assert len(a) == len(b) and len(a) > 10, (len(a), len(b))
for ra, rb in zip(a[1:], b[1:]):
    assert ra[0] == rb[0], (ra[0], rb[0])
    for x, y in zip(ra[1:], rb[1:]):
        assert abs(float(x) - float(y)) <= tol * max(1.0, abs(float(x))), (ra, rb)
print("images-test: %d rows agree (%s vs %s)" % (len(a) - 1, sys.argv[1].split("/")[-1], sys.argv[2].split("/")[-1]))
PY
}
compare_tsv "$work/ref.tsv" "$work/cli.tsv" 1e-5
compare_tsv "$work/ref.tsv" "$work/py.tsv" 1e-5

# Variants: the variant service reads the VCF and genome from the data claim (/data, its data root) and
# calls the scorer by the chart's headless Service name.
"${client[@]}" --endpoint 127.0.0.1:8083 variants --model box:1 --vcf /data/variants.vcf --genome /data/genome.fa \
  --out "$work/variants.tsv" 2>"$work/variants.err" || { cat "$work/variants.err"; tail -30 "$work/variant.log"; die "variants through the variant image"; }
"$repo/seqbind" variants --model "$bundle" --vcf "$data/variants.vcf" --genome "$data/genome.fa" --out "$work/variants-ref.tsv" \
  2>"$work/variants-ref.err" || { cat "$work/variants-ref.err"; die "reference variants"; }
"$py" - "$work/variants.tsv" "$work/variants-ref.tsv" <<'PY' || die "variant effects differ from the host's"
import csv, sys
def rows(path):
    with open(path) as f:
        return {(r["chrom"], r["pos"], r["id"], r["ref"], r["alt"]): r
                for r in csv.DictReader((l for l in f if not l.startswith("##")), delimiter="\t")}
got, ref = rows(sys.argv[1]), rows(sys.argv[2])
assert got.keys() == ref.keys() and len(got) > 10, (len(got), len(ref))
for key, r in ref.items():
    for col in ("ref_score", "alt_score", "delta"):
        a, b = float(got[key][col]), float(r[col])
        assert abs(a - b) <= 1e-5 * max(1.0, abs(b)), (key, col, a, b)
print("images-test: %d variant effects (ref, alt, delta) agree with the host's CLI" % len(got))
PY
# The store is shared: the scorer found the trainer's model; the variant service reached the scorer by
# name. Nothing was written outside the volumes and /tmp (the roots are read-only, checked above).

# --- 4. the CLI image ------------------------------------------------------------------------------------
"$here/run-image.sh" "$work/root-cli" "$work/cli.config.json" --volume "$data:/data:ro" \
  --volume "$claims/t-seqbind-store:/var/lib/seqbind/models:ro" --command -- /bin/bash -c \
  'seqbind score --model /var/lib/seqbind/models/box/1 --input /data/test.fa --out /tmp/s.tsv >&2 && cat /tmp/s.tsv
   if touch /opt/seqbind/x 2>/dev/null; then echo "root is writable" >&2; exit 1; fi' \
  >"$work/cli-image.tsv" 2>"$work/cli-image.err" || { cat "$work/cli-image.err"; die "seqbind score in the CLI image"; }
compare_tsv "$work/ref.tsv" "$work/cli-image.tsv" 1e-5
say "the CLI image scores as the host does, as uid 185 on a read-only root"

# The chart's `helm test` hook that scores (the CLI image trains through the trainer's Service name and
# scores through the scorer's), run as rendered against the box.
"$py" "$here/box.py" plan "$work/rendered.yaml" pod/t-seqbind-test-score "$work/plans" "$claims" || die "test-score: plan"
(
  . "$work/plans/t-seqbind-test-score.sh"
  [ "$image" = "seqbind/cli:$app_version" ] || die "the score test pulls $image, the build made seqbind/cli:$app_version"
  [ "$run_as_user:$run_as_group" = "$(jq_py "$work/cli.config.json" 'c["config"]["User"]')" ] || die "test pod user"
  [ ${#command[@]} -gt 0 ] || die "the score test pod has no command"
  "$here/run-image.sh" "$work/root-cli" "$work/cli.config.json" --env-file "$env_file" --hosts "$work/hosts" \
    ${working_dir:+--workdir "$working_dir"} --command -- "${command[@]}" "${args[@]}" >"$work/helm-test.log" 2>&1 \
    || { tail -30 "$work/helm-test.log"; die "the helm test pod t-seqbind-test-score failed against the box"; }
)
grep -Eq '^scored ([1-9][0-9]*) of \1 sequences through t-seqbind-scorer.ns.svc:8082' "$work/helm-test.log" \
  || { cat "$work/helm-test.log"; die "the helm test pod did not score every sequence"; }
say "helm test hook t-seqbind-test-score passes against the box: $(grep '^scored' "$work/helm-test.log")"

# --- 5. reproducible: the same inputs give the same image digest -------------------------------------------
# The variant service's image again, through the real build (its jar and Quarkus app are rebuilt too).
before="$(cat "$work/variant.digest")"
(cd "$repo" && ./mvnw -B -q -Pimages -DskipTests -pl variant-service -am package) >"$work/rebuild.log" 2>&1 \
  || { tail -30 "$work/rebuild.log"; die "rebuilding the variant image"; }
after="$("$py" "$here/oci-archive.py" digest "$repo/variant-service/target/image/variant-service.tar")"
[ "$before" = "$after" ] || die "rebuilding gave another digest: $before, then $after"
say "rebuilt variant-service: same digest $after"

echo "images-test: ok"
