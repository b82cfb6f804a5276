#!/usr/bin/env bash
# End-to-end test of the seqbind Nextflow pipeline:
#   1. -profile test with no input (SIMULATE -> TRAIN -> EVALUATE/VARIANTS/MUTMAP/MOTIFS -> REPORT), checked by
#      values; the HTML report opened in headless Chromium, screenshot, every section checked (check_report.py)
#   2. the same run with -resume: every task must come back CACHED
#   3. bad inputs: each run must stop before any task with one line naming the parameter or row and column
#   4. a two-row samplesheet: two models, trained in parallel tasks, each evaluated and scoring the VCF
#      (with --slurm: two simulated peak sets + genome instead, and one TRAIN job scancel'd mid-run: Nextflow
#      retries it and the model is the same one the CLI trains from the same data)
# --slurm runs 1, 2 and 4 on a real single-node Slurm cluster (slurm/cluster.sh starts one when `sinfo` finds
# none, and stops it by PID at the end): every task must have run as a Slurm job (trace native_id, controller
# log). Prints "nextflow-test: slurm ok: N tasks ran as Slurm jobs".
# Resolves Nextflow 24.10.0 from Maven Central into ../.tools/nextflow (cached) on first use.
# Env: KEEP=1 keeps the temp dir; SEQBIND_USE_LAUNCHER=1 calls ../seqbind itself in the tasks (default: a
# private copy of cli/target/seqbind.jar, so that a concurrent source edit cannot trigger rebuilds mid-run).
set -euo pipefail
slurm=0
case "${1:-}" in
  --slurm) slurm=1 ;;
  "") ;;
  *) echo "usage: test.sh [--slurm]" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
tools="${NXF_TOOLS_DIR:-$repo/.tools/nextflow}"
jars="$tools/jars"
nf_version=24.10.0

fail() { echo "nextflow-test: FAIL: $*" >&2; exit 1; }
step() { echo "nextflow-test: $*"; }

# ---- Java 17..23 (Nextflow 24.10 refuses newer class-file versions)
java_major="$(java -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }')"
[ -n "$java_major" ] || fail "java not found"
if [ "$java_major" -lt 17 ] || [ "$java_major" -gt 23 ]; then
  fail "Nextflow $nf_version needs Java 17-23, found Java $java_major"
fi

# ---- Nextflow jars from Maven Central (cached): resolve_jars DIR MARKER DEPENDENCIES_XML
resolve_jars() {
  local dir="$1" marker="$2" deps="$3" mvn_cmd
  [ -f "$dir/$marker" ] && return 0
  step "resolving $marker from Maven Central into $dir"
  mkdir -p "$(dirname "$dir")"
  cat > "$(dirname "$dir")/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.seqbind</groupId>
  <artifactId>$(basename "$(dirname "$dir")")-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>$deps</dependencies>
</project>
POM
  rm -rf "$dir"
  if command -v mvn >/dev/null 2>&1; then mvn_cmd=(mvn); else mvn_cmd=("$repo/mvnw"); fi
  (cd "$(dirname "$dir")" && "${mvn_cmd[@]}" -B -q -f pom.xml dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$dir") || fail "could not resolve $marker from Maven Central"
  touch "$dir/$marker"
}
resolve_jars "$jars" ".complete-$nf_version" \
  "<dependency><groupId>io.nextflow</groupId><artifactId>nextflow</artifactId><version>$nf_version</version></dependency>"
ls "$jars"/nextflow-"$nf_version".jar >/dev/null || fail "nextflow-$nf_version.jar missing after resolve"

export NXF_HOME="$tools/home"
export NXF_OFFLINE=true
export NXF_ANSI_LOG=false
export NXF_DISABLE_CHECK_LATEST=true

tmp="$(mktemp -d "${TMPDIR:-/tmp}/seqbind-nf-test.XXXXXX")"
cleanup() {
  [ "${started_slurm:-0}" = 1 ] && bash "$here/slurm/cluster.sh" stop "$tmp/slurm"
  if [ "${KEEP:-0}" = 1 ] || [ "${ok:-0}" != 1 ]; then echo "nextflow-test: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
mkdir -p "$tmp/launch"

# ---- headless Chromium and PIL for the report check (Debian packages)
if ! command -v chromium >/dev/null 2>&1 || ! /usr/bin/python3 -c 'import PIL' 2>/dev/null; then
  [ "$(id -u)" = 0 ] || fail "the report check needs chromium and python3-pil (apt-get install chromium python3-pil)"
  step "installing chromium and python3-pil with apt-get"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium python3-pil; } >&2 \
    || fail "could not install chromium/python3-pil"
fi

# ---- Slurm: the one `sinfo` reaches, else a private single-node cluster (stopped by PID in cleanup)
profile=test
if [ "$slurm" = 1 ]; then
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
    step "using the running Slurm cluster (${SLURM_CONF:-default config})"
    ctld_log="$(scontrol show config 2>/dev/null | awk -F' = ' '/^SlurmctldLogFile/ { print $2 }')"
  else
    step "starting a single-node Slurm cluster (slurm/cluster.sh)"
    started_slurm=1
    chmod 755 "$tmp"  # the munge and slurm daemons' users must reach their state folder below it
    slurm_env="$(bash "$here/slurm/cluster.sh" start "$tmp/slurm")" || fail "could not start Slurm"
    eval "$slurm_env"
    ctld_log="$tmp/slurm/slurmctld.log"
  fi
  profile=test,slurm
fi

# ---- the seqbind CLI the tasks call
if [ "${SEQBIND_USE_LAUNCHER:-0}" = 1 ]; then
  seqbind="$repo/seqbind"
else
  # build the CLI once, serially, if it was never built (the launcher does that), then run a private copy
  [ -f "$repo/cli/target/seqbind.jar" ] || "$repo/seqbind" --version >/dev/null
  cp "$repo/cli/target/seqbind.jar" "$tmp/seqbind.jar"
  # libjsig as the launcher sets it: PoCL's LLVM otherwise replaces the JVM's signal handlers (random SIGSEGV)
  java_home="$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.home/ { print $2; exit }')"
  cat > "$tmp/seqbind" <<WRAP
#!/usr/bin/env bash
[ -f "$java_home/lib/libjsig.so" ] && export LD_PRELOAD="$java_home/lib/libjsig.so\${LD_PRELOAD:+:\$LD_PRELOAD}"
exec java \${SEQBIND_JAVA_OPTS:-} -jar "$tmp/seqbind.jar" "\$@"
WRAP
  chmod +x "$tmp/seqbind"
  seqbind="$tmp/seqbind"
fi
"$seqbind" --version >/dev/null || fail "seqbind CLI does not run: $seqbind"

# trace times in milliseconds, for the overlap check of parallel TRAIN tasks; Slurm polled often (test only)
printf 'trace.raw = true\nexecutor.pollInterval = "2 sec"\nexecutor.queueStatInterval = "3 sec"\n' > "$tmp/test-extra.config"

# the module opens the Nextflow launcher script passes to Java 17+ (Kryo serialises JDK collections)
nf_jvm=()
for p in java.lang java.io java.nio java.net java.util java.util.concurrent java.util.concurrent.locks \
         java.util.concurrent.atomic java.util.regex sun.nio.ch sun.nio.fs sun.net.www.protocol.http \
         sun.net.www.protocol.https sun.net.www.protocol.ftp sun.net.www.protocol.file jdk.internal.misc \
         jdk.internal.vm; do
  nf_jvm+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
nf() { (cd "$tmp/launch" && java "${nf_jvm[@]}" -cp "$jars/*" nextflow.cli.Launcher "$@"); }
nf_run() { nf run "$here/main.nf" -profile "$profile" -work-dir "$tmp/work" -c "$tmp/test-extra.config" --seqbind "$seqbind" "$@"; }
latest_trace() { ls -t "$1"/pipeline_info/execution_trace_*.txt | head -n 1; }
# value of a trace column by header name, for rows whose name matches a regex
trace_col() { awk -F'\t' -v col="$2" -v pat="$3" 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == col) c = i; if ($i == "name") n = i }; next } $n ~ pat { print $c }' "$1"; }
# alleles in a VCF: one per comma-separated ALT of each record
vcf_alleles() { awk -F'\t' '!/^#/ { n += split($5, a, ",") } END { print n + 0 }' "$1"; }
auc_of() { tr ' ' '\n' < "$1" | awk -F= '$1 == "auc" { print $2 }'; }
# the report opened in headless Chromium: every section rendered and non-blank, expected element counts
check_report() { /usr/bin/python3 "$here/check_report.py" "$1/report.html" "$1/report.png" "$2" || fail "report check of $1/report.html"; }
# with --slurm: every task of a trace ran as a Slurm job: a numeric native_id the controller logged as submitted
slurm_jobs_total=0
check_slurm_trace() {  # sets jobs (this trace's count) and adds it to slurm_jobs_total
  jobs=""
  [ "$slurm" = 1 ] || return 0
  local trace="$1" ids n id
  ids="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "native_id") c = i; next } $6 != "CACHED" { print $c }' "$trace")"
  n=0
  for id in $ids; do
    [[ "$id" =~ ^[0-9]+$ ]] || fail "task with native_id '$id' in $trace: not a Slurm job"
    grep -q "_slurm_rpc_submit_batch_job: JobId=$id " "$ctld_log" || scontrol show job "$id" >/dev/null 2>&1 \
      || fail "Slurm job $id of $trace is not in the controller's record"
    n=$((n + 1))
  done
  [ "$n" -gt 0 ] || fail "no Slurm jobs in $trace"
  slurm_jobs_total=$((slurm_jobs_total + n))
  jobs="$n"
}

# =====================================================================================================
# nextflow lint (only from 25.04: its jars beside 24.10's, resolved from Maven Central once, lib-trace excluded
# as it is missing there); strict syntax, every .nf and .config file of the pipeline, errors and warnings
lint_jars="$repo/.tools/nextflow-lint/jars"
resolve_jars "$lint_jars" ".complete-25.04" "
    <dependency><groupId>io.nextflow</groupId><artifactId>nextflow</artifactId><version>25.04.0</version>
      <exclusions><exclusion><groupId>io.seqera</groupId><artifactId>lib-trace</artifactId></exclusion></exclusions>
    </dependency>
    <dependency><groupId>io.nextflow</groupId><artifactId>nf-lang</artifactId><version>25.04.0</version></dependency>
    <dependency><groupId>io.nextflow</groupId><artifactId>nf-commons</artifactId><version>25.04.4</version></dependency>
    <dependency><groupId>io.nextflow</groupId><artifactId>nf-httpfs</artifactId><version>25.04.4</version></dependency>"
step "nextflow lint (25.04)"
(cd "$here" && NXF_HOME="$tmp/lint-home" java "${nf_jvm[@]}" -cp "$lint_jars/*" nextflow.cli.Launcher lint -o concise \
  main.nf workflows modules subworkflows nextflow.config conf) > "$tmp/lint.log" 2>&1 \
  || { cat "$tmp/lint.log" >&2; fail "nextflow lint failed"; }
grep -q 'files had no errors' "$tmp/lint.log" && ! grep -qE '^[a-z].*:[0-9]+:[0-9]+: ' "$tmp/lint.log" \
  || { cat "$tmp/lint.log" >&2; fail "nextflow lint reports problems"; }
step "lint ok: $(grep -o '[0-9]* files had no errors' "$tmp/lint.log")"

# =====================================================================================================
step "stub run: -profile test -stub (every module's stub: block, no training), against a secured endpoint"
# The endpoint's token and CA as Nextflow secrets (a secrets file of this test's own): the EVALUATE and VARIANTS
# tasks must get them as environment variables, and no task file or command line may hold the token.
export NXF_SECRETS_FILE="$tmp/secrets.json"
secret_token="stub-token-$RANDOM$RANDOM-0123456789"
nf secrets set SEQBIND_TOKEN "$secret_token" >/dev/null && nf secrets set SEQBIND_TLS_CA /etc/seqbind/ca.crt >/dev/null \
  || fail "nextflow secrets set"
nf run "$here/main.nf" -profile test -stub -work-dir "$tmp/stub-work" --seqbind "$seqbind" --outdir "$tmp/stub" \
  --endpoint localhost:1 --endpoint_secrets SEQBIND_TOKEN,SEQBIND_TLS_CA \
  > "$tmp/stub.log" 2>&1 || { tail -n 30 "$tmp/stub.log" >&2; fail "stub run failed"; }
n_stub="$(grep -c 'Submitted process' "$tmp/stub.log" || true)"
[ "$n_stub" -eq 7 ] && [ -s "$tmp/stub/report.html" ] && [ -f "$tmp/stub/seqbind/model/model.onnx" ] \
  || fail "stub run: $n_stub tasks, expected 7 with report.html and seqbind/model"
with_secrets="$(grep -l "grep -w -e 'SEQBIND_TOKEN=.\*' -e 'SEQBIND_TLS_CA=.\*'" "$tmp"/stub-work/*/*/.command.run \
  | xargs -r grep -ho 'SEQBIND:[A-Z]*' | sort -u | tr '\n' ' ')"
[ "$with_secrets" = "SEQBIND:EVALUATE SEQBIND:VARIANTS " ] \
  || fail "endpoint secrets reached '$with_secrets', expected the EVALUATE and VARIANTS tasks only"
! grep -rqF -- "$secret_token" "$tmp/stub-work" "$tmp/stub" "$tmp/stub.log" || fail "the token is written in the run's files"
unset NXF_SECRETS_FILE
step "stub ok: $n_stub tasks; the endpoint's secrets reach EVALUATE and VARIANTS as environment variables"

# =====================================================================================================
step "run 1: -profile test (simulated data)"
out1="$tmp/out1"
nf_run --outdir "$out1" > "$tmp/run1.log" 2>&1 || { tail -n 40 "$tmp/run1.log" >&2; fail "run 1 failed"; }
sim="$out1/simulated"
m="$out1/seqbind"
for f in "$sim/train.seq.gz" "$sim/test.seq.gz" "$sim/variants.vcf" "$sim/genome.fa" "$sim/genome.fa.fai" \
         "$m/model/model.onnx" "$m/model/manifest.json" "$m/seqbind.train.log" "$m/evaluate/seqbind.evaluate.txt" \
         "$m/variants/seqbind.effects.tsv" "$m/motifs/motifs.meme" "$out1/summary/evaluation.tsv" \
         "$out1/pipeline_info/software_versions.yml"; do
  [ -s "$f" ] || fail "missing or empty output: ${f#$tmp/}"
done

# evaluate: AUC on the simulated test set
auc="$(auc_of "$m/evaluate/seqbind.evaluate.txt")"
[ -n "$auc" ] || fail "no auc in evaluate output: $(cat "$m/evaluate/seqbind.evaluate.txt")"
awk -v a="$auc" 'BEGIN { exit !(a >= 0.9) }' || fail "evaluate auc=$auc < 0.9"
n_test="$(gzip -cd "$sim/test.seq.gz" | tail -n +2 | grep -c .)"
grep -q "n=$n_test\b" "$m/evaluate/seqbind.evaluate.txt" || fail "evaluate n != $n_test test rows: $(cat "$m/evaluate/seqbind.evaluate.txt")"
grep -q '^test: auc=' "$m/seqbind.train.log" || fail "train log has no test metrics"
grep -q '"seqbind"\|seqbind:1\|"name" *: *"seqbind"' "$m/model/manifest.json" "$m/seqbind.train.log" || fail "model not named seqbind"
awk -F'\t' 'NR == 2 && $1 == "seqbind" && $2 >= 0.9 { ok = 1 } END { exit !ok }' "$out1/summary/evaluation.tsv" \
  || fail "summary/evaluation.tsv lacks the seqbind row: $(cat "$out1/summary/evaluation.tsv")"

# variants: one row per ALT allele of the VCF, all scored, numeric deltas
alleles="$(vcf_alleles "$sim/variants.vcf")"
rows="$(tail -n +2 "$m/variants/seqbind.effects.tsv" | grep -c .)"
[ "$alleles" -gt 0 ] || fail "simulated VCF has no alleles"
[ "$rows" -eq "$alleles" ] || fail "effects.tsv has $rows rows, VCF has $alleles alleles"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
            $h["status"] != "scored" || $h["delta"] !~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/ { bad++ }
            END { exit bad > 0 }' "$m/variants/seqbind.effects.tsv" || fail "effects.tsv has unscored rows or non-numeric deltas"

# mutmap: --limit 5 maps, each an SVG with its TSV and JSON
n_svg="$(find "$m/mutmap" -name '*.svg' | wc -l)"
[ "$n_svg" -eq 5 ] || fail "mutmap wrote $n_svg SVGs, expected 5 (--mutmap_limit 5)"
for s in "$m"/mutmap/*.svg; do
  grep -q '<svg' "$s" || fail "not an SVG: $s"
  [ -s "${s%.svg}.tsv" ] && [ -s "${s%.svg}.json" ] || fail "mutmap TSV/JSON missing beside $s"
done

# motifs: MEME file with MOTIF lines, one logo per motif
n_motif="$(grep -c '^MOTIF' "$m/motifs/motifs.meme")"
[ "$n_motif" -ge 1 ] || fail "motifs.meme has no MOTIF lines"
grep -q '^MEME version' "$m/motifs/motifs.meme" || fail "motifs.meme lacks the MEME header"
n_logo="$(find "$m/motifs" -name '*.svg' | wc -l)"
[ "$n_logo" -ge 1 ] || fail "no motif logos"

grep -q 'seqbind: [0-9]' "$out1/pipeline_info/software_versions.yml" || fail "no seqbind version in software_versions.yml"
trace1="$(latest_trace "$out1")"
n_tasks="$(tail -n +2 "$trace1" | grep -c .)"
[ "$n_tasks" -eq 7 ] || fail "run 1 ran $n_tasks tasks, expected 7"
check_report "$out1" '{"seqbind": {"logos": 6, "mutmaps": 3, "effects": 10}}'
check_slurm_trace "$trace1"
step "run 1 ok: auc=$auc, $rows effect rows for $alleles alleles, $n_svg mutation maps, $n_motif motifs, report $(stat -c %s "$out1/report.html") bytes${jobs:+, $jobs Slurm jobs}"

# =====================================================================================================
step "run 2: -resume (all tasks cached)"
nf_run --outdir "$out1" -resume > "$tmp/run2.log" 2>&1 || { tail -n 40 "$tmp/run2.log" >&2; fail "run 2 (-resume) failed"; }
trace2="$(latest_trace "$out1")"
[ "$trace2" != "$trace1" ] || fail "run 2 wrote no new trace"
n_cached="$(trace_col "$trace2" status . | grep -c '^CACHED$' || true)"
n_total2="$(tail -n +2 "$trace2" | grep -c .)"
[ "$n_cached" -eq "$n_tasks" ] && [ "$n_total2" -eq "$n_tasks" ] \
  || fail "resume: $n_cached of $n_total2 tasks cached, expected all $n_tasks"
grep -q 'Cached process' "$tmp/run2.log" || grep -qi 'cached' "$tmp/run2.log" || fail "run 2 log does not mention cached tasks"
step "run 2 ok: $n_cached/$n_tasks tasks cached"

# =====================================================================================================
# two simulated peak sets on one genome (runs 3 and 4), as two replicates of a CTCF ChIP-seq: the simulated
# narrowPeak file's odd and even rows (100 peaks each). (Peaks split by a second planted motif were tried:
# GATA1, FOXA1 and ELK1 are too short to learn from 50 peaks against dinucleotide shuffles, AUC 0.45-0.72.)
pk="$tmp/peaks"
"$seqbind" simulate --out "$pk" --motif CTCF --count 200 --seed 5 > /dev/null
awk 'NR % 2 == 1' "$pk/peaks.narrowPeak" > "$pk/rep1.narrowPeak"
awk 'NR % 2 == 0' "$pk/peaks.narrowPeak" > "$pk/rep2.narrowPeak"
[ "$(wc -l < "$pk/rep2.narrowPeak")" -ge 90 ] || fail "too few simulated peaks"

step "run 3: bad inputs must stop the run before any task, with one line naming what is wrong"
mkdir -p "$tmp/bad/nofai"
cp "$pk/genome.fa" "$tmp/bad/nofai/genome.fa"
printf 'chrS1\t100\t200\tp1\t0\t.\t5\t-1\t-1\t50\nchrZ\t100\t200\tp2\t0\t.\t5\t-1\t-1\t50\n' > "$tmp/bad/contig.narrowPeak"
: > "$tmp/bad/empty.narrowPeak"
printf 'name,peaks\nrep1,%s\nrep2,%s\n' "$pk/rep1.narrowPeak" "$tmp/bad/contig.narrowPeak" > "$tmp/bad/contig.csv"
printf 'name,peaks\nrep1,%s\nrep2,%s\n' "$pk/rep1.narrowPeak" "$tmp/bad/empty.narrowPeak" > "$tmp/bad/empty.csv"
printf 'name,peaks\nrep1,%s\n' "$pk/rep1.narrowPeak" > "$tmp/bad/one.csv"
bad_run() {  # NAME EXPECTED_MESSAGE ARGS...
  local name="$1" want="$2" rc
  shift 2
  set +e
  nf_run --outdir "$tmp/out3-$name" "$@" > "$tmp/run3-$name.log" 2>&1
  rc=$?
  set -e
  [ "$rc" -ne 0 ] || fail "run 3 ($name) exited 0"
  grep -qF "$want" "$tmp/run3-$name.log" || { cat "$tmp/run3-$name.log" >&2; fail "run 3 ($name): no line '$want'"; }
  ! grep -q 'Submitted process' "$tmp/run3-$name.log" || fail "run 3 ($name): a task started"
  step "  $name: exit $rc, '$(grep -oF "$want" "$tmp/run3-$name.log" | head -n 1)...'"
}
bad_run missing-train "seqbind: --train file not found: $tmp/no-such-train.seq.gz" \
  --train "$tmp/no-such-train.seq.gz" --test "$sim/test.seq.gz"
bad_run missing-fai "seqbind: samplesheet one.csv line 2, column peaks: --genome $tmp/bad/nofai/genome.fa has no index" \
  --input "$tmp/bad/one.csv" --genome "$tmp/bad/nofai/genome.fa"
bad_run unknown-contig "seqbind: samplesheet contig.csv line 3, column peaks ($tmp/bad/contig.narrowPeak): contig(s) chrZ not in the genome" \
  --input "$tmp/bad/contig.csv" --genome "$pk/genome.fa"
bad_run empty-peaks "seqbind: samplesheet empty.csv line 3, column peaks ($tmp/bad/empty.narrowPeak): empty.narrowPeak has no peaks" \
  --input "$tmp/bad/empty.csv" --genome "$pk/genome.fa"
bad_run bad-parameter "seqbind: invalid parameters: --peak_split 'halves' does not match" \
  --input "$tmp/bad/one.csv" --genome "$pk/genome.fa" --peak_split halves
step "run 3 ok: 5 bad inputs stopped before any task"

# =====================================================================================================
out4="$tmp/out4"
if [ "$slurm" = 1 ]; then
  step "run 4: samplesheet of two peak sets + genome on Slurm; TRAIN (rep1) scancel'd mid-run"
  printf 'name,peaks\nrep1,rep1.narrowPeak\nrep2,rep2.narrowPeak\n' > "$pk/samplesheet.csv"
  nf_run --outdir "$out4" --input "$pk/samplesheet.csv" --genome "$pk/genome.fa" --vcf "$pk/variants.vcf" \
    --calibrate 0 --ensemble 1 --mutmap_limit 2 > "$tmp/run4.log" 2>&1 &
  nf_pid=$!
  killed=""
  for _ in $(seq 1200); do
    job="$(squeue -h -o '%i %j %T' 2>/dev/null | awk '$2 ~ /TRAIN/ && $2 ~ /rep1/ && $3 == "RUNNING" { print $1; exit }')"
    if [ -n "$job" ]; then
      sleep 3
      scancel "$job" && killed="$job"
      break
    fi
    kill -0 "$nf_pid" 2>/dev/null || break
    sleep 0.5
  done
  wait "$nf_pid" || { tail -n 40 "$tmp/run4.log" >&2; fail "run 4 (peaks on Slurm) failed"; }
  [ -n "$killed" ] || fail "never saw the TRAIN (rep1) job running to cancel it"
  trace4="$(latest_trace "$out4")"
  mapfile -t attempts < <(trace_col "$trace4" status 'TRAIN \(rep1\)')
  [ "${#attempts[@]}" -eq 2 ] && [ "${attempts[1]}" = COMPLETED ] && [ "${attempts[0]}" != COMPLETED ] \
    || fail "TRAIN (rep1) after scancel of job $killed: statuses ${attempts[*]}, expected a failed try then COMPLETED"
  # the retried model is the one the CLI trains from the same peaks (training is deterministic for a seed)
  ref="$(SEQBIND_JAVA_OPTS=-XX:ActiveProcessorCount=1 "$seqbind" train --input "$out4/rep1/peaks/rep1.train.narrowPeak" \
    --test "$out4/rep1/peaks/rep1.test.narrowPeak" --genome "$pk/genome.fa" --name rep1 --device java --seed 1 \
    --model-version 1 --window 101 --ensemble 1 --store "$tmp/ref-store" | awk '/^model:/ { print $2 }')"
  got="$(awk '/^model:/ { print $2 }' "$out4/rep1/rep1.train.log")"
  [ -n "$ref" ] && [ "$got" = "$ref" ] || fail "TRAIN (rep1) retried after scancel made model $got, the CLI makes $ref"
  step "  TRAIN (rep1) Slurm job $killed cancelled, retried: model $got, the same as the CLI's"
  names="rep1 rep2"
  vcf4="$pk/variants.vcf"
  maps4=2
else
  step "run 4: samplesheet with two training sets (no calibration, no mutmap/motifs, to stay quick)"
  # a second, different data set (seed 2), given by a path relative to the samplesheet
  "$seqbind" simulate --out "$tmp/sheet/seed2" --seed 2 > /dev/null
  cat > "$tmp/sheet/samplesheet.csv" <<CSV
name,train,test
ctcf,$sim/train.seq.gz,$sim/test.seq.gz
ctcf_seed2,seed2/train.seq.gz,seed2/test.seq.gz
CSV
  nf_run --outdir "$out4" --input "$tmp/sheet/samplesheet.csv" --vcf "$sim/variants.vcf" --genome "$sim/genome.fa" \
    --calibrate 0 --ensemble 1 --skip_mutmap --skip_motifs --skip_report > "$tmp/run4.log" 2>&1 \
    || { tail -n 40 "$tmp/run4.log" >&2; fail "run 4 (samplesheet) failed"; }
  trace4="$(latest_trace "$out4")"
  names="ctcf ctcf_seed2"
  vcf4="$sim/variants.vcf"
fi
alleles4="$(vcf_alleles "$vcf4")"
n_models="$(find "$out4" -path '*/model/model.onnx' | wc -l)"
[ "$n_models" -eq 2 ] || fail "samplesheet run produced $n_models models, expected 2"
ids=()
for name in $names; do
  [ -s "$out4/$name/model/model.onnx" ] || fail "no model for $name"
  grep -q "$name:1" "$out4/$name/$name.train.log" || fail "model $name not named $name:1"
  a="$(auc_of "$out4/$name/evaluate/$name.evaluate.txt")"
  awk -v a="$a" 'BEGIN { exit !(a >= 0.9) }' || fail "$name: auc=$a < 0.9"
  r="$(tail -n +2 "$out4/$name/variants/$name.effects.tsv" | grep -c .)"
  [ "$r" -eq "$alleles4" ] || fail "$name: $r effect rows, expected $alleles4"
  ids+=("$(awk '/^model:/ { print $2 }' "$out4/$name/$name.train.log")")
  step "  $name: auc=$a, $r effect rows"
done
[ "$(tail -n +2 "$out4/summary/evaluation.tsv" | cut -f1 | sort | tr '\n' ' ')" = "$names " ] \
  || fail "evaluation.tsv rows: $(cat "$out4/summary/evaluation.tsv")"
[ -n "${ids[0]}" ] && [ "${ids[0]}" != "${ids[1]}" ] || fail "models not distinct: ${ids[*]}"
if [ "$slurm" = 1 ]; then
  check_report "$out4" '{"rep1": {"logos": 6, "mutmaps": 2, "effects": 10, "calibrated": false},
                        "rep2": {"logos": 6, "mutmaps": 2, "effects": 10, "calibrated": false}}'
  check_slurm_trace "$trace4"
  step "run 4 ok: 2 models from peaks, report of both, $jobs Slurm jobs"
else
  # the two TRAIN tasks ran at the same time (separate processes, maxForks 2)
  mapfile -t starts < <(trace_col "$trace4" start 'TRAIN')
  mapfile -t ends < <(trace_col "$trace4" complete 'TRAIN')
  [ "${#starts[@]}" -eq 2 ] || fail "expected 2 TRAIN tasks in the trace, found ${#starts[@]}"
  if [ "${starts[0]}" -lt "${ends[1]}" ] && [ "${starts[1]}" -lt "${ends[0]}" ]; then
    step "run 4 ok: 2 models, TRAIN tasks overlapped in time"
  else
    fail "the two TRAIN tasks did not run in parallel"
  fi
fi

if [ "$slurm" = 1 ]; then
  echo "nextflow-test: slurm ok: $slurm_jobs_total tasks ran as Slurm jobs"
fi
ok=1
echo "nextflow-test: ok"
