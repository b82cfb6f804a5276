#!/usr/bin/env bash
# Scoring throughput of scorer-service against ONNX Runtime itself, every figure from this one run on one
# machine, peer and subject interleaved (io.seqbind.scorer.bench.ScoreThroughput, scorer-service test sources):
#  - raw_ort: session.run on a pre-encoded [1024, 4, L] tensor of the same model file, same intra-op threads
#    (the better of spinning off and on);
#  - grpc_vs_raw_ort: SCORE_SEQUENCES (500,000) sequences of 101 bp through ScoreStream over loopback gRPC
#    (default settings), after 5,000,000 untimed (a server that has run a while) / raw_ort, with each stage's
#    share of the CPU time (target >= 0.8);
#  - cli_vs_raw_ort: `seqbind score` (in-process services, FASTA in, TSV out) at steady state / raw_ort (target
#    >= 0.8): the same jar and model run on SCORE_CLI_SEQUENCES (n, 1,000,000) sequences and on the first n/5 of
#    them, twice each (small, full, full, small), and the rate is (n - n/5) / (t_n - t_n/5) from the mean times,
#    so that the JVM start and the in-process services' start cancel out (the JIT's warm-up only in part: on a
#    busy machine it goes on past the first n/5);
#  - cli_wall_vs_raw_ort (added at the end of the last line): n / t_n, everything included, as a user sees it
#    on n sequences / raw_ort; both CLI ratios against raw_ort measured right before and right after the CLI runs;
#  - batching_gain: 1, 4, 16, 64 callers of one-sequence Score requests, batching on (defaults) / off
#    (max batch 1); the last line's figure is at 64 callers (target >= 1.0), p99 at 1 caller within 1.2x;
#  - batching_gain_basset: the same at 64 callers on a Basset-size model (600 bp; target >= 2);
#  - shared_cpu_ratio: the stream beside one busy-looping process per CPU / quiet (target >= 0.4).
# The models are randomly initialised networks exported by the trainer's OnnxExport.
# Last line: score-bench: grpc_vs_raw_ort=X cli_vs_raw_ort=Y batching_gain=Z batching_gain_basset=W shared_cpu_ratio=V
#   cli_wall_vs_raw_ort=U
# Usage: bench/score_bench.sh [extra ScoreThroughput options for the DeepBind run, e.g. --rounds 1]
set -euo pipefail
# Every write to stderr appends: the steps' lines reach it through `tee -a /dev/stderr` (a descriptor of its
# own), and when stderr is a log file, writes through the inherited descriptor would land at its older offset,
# over them (a run lost its DeepBind figures that way).
exec 2>>/dev/stderr
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "score-bench: load at start: $(uptime)" >&2

# Builds the reactor's jars (never installs: ~/.m2 is shared) and writes the scorer's test classpath.
./mvnw -B -ntp -q -pl scorer-service -am package -DskipTests -Dquarkus.package.jar.enabled=true \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >&2
# The classpath goes in a java @argfile: ONNX Runtime 1.29 (CPU, linux-x64) crashed the JVM with SIGSEGV in
# OrtEnvironment's initialisation whenever the process's command line was longer than about 4 KB (seen here
# with 3,000 characters fine and 4,000 fatal, also with a long -D option); an @argfile keeps it short.
# slf4j-jboss-logmanager (Quarkus's, on the test classpath) without JBoss LogManager installed reports DEBUG as
# enabled, so Netty hex-dumped and formatted every HTTP/2 frame and gRPC looked far slower than it is (seen
# in a JFR profile); without a provider slf4j is silent, as the services' own logging (INFO) is.
printf -- '-cp\n%s\n' "scorer-service/target/test-classes:scorer-service/target/classes:$(tr ':' '\n' < "$work/cp.txt" \
  | grep -v 'slf4j-jboss-logmanager' | paste -sd:)" > "$work/java.args"

model="$(java @"$work/java.args" io.seqbind.scorer.bench.BenchModel "$work/store")"
deepbind="$(java -Xmx4g @"$work/java.args" io.seqbind.scorer.bench.ScoreThroughput --store "$work/store" \
  --model "$model" --sequences "${SCORE_SEQUENCES:-500000}" "$@" | tee -a /dev/stderr)"
# Batching pays where the forward pass, not the call, is the cost: 64 one-sequence callers on a Basset-size
# model (600 bp, 300 filters in the first layer).
basset_model="$(java @"$work/java.args" io.seqbind.scorer.bench.BenchModel "$work/store" basset 600)"
basset="$(java -Xmx4g @"$work/java.args" io.seqbind.scorer.bench.ScoreThroughput --store "$work/store" \
  --model "$basset_model" --length 600 --sequences "${SCORE_BASSET_SEQUENCES:-2048}" --warmup "${SCORE_BASSET_SEQUENCES:-2048}" --callers 64 \
  --requests "${SCORE_BASSET_REQUESTS:-640}" --rounds 2 --shared false | tee -a /dev/stderr)"

# The CLI: FASTA in, TSV out, in-process services, as a user runs it. The launcher builds the jar first (outside
# the timing); a snapshot runs through it (SEQBIND_JAR, the launcher's JVM options) so that no rebuild can happen
# mid-run.
"$root/seqbind" --version >/dev/null
cp "$root/cli/target/seqbind.jar" "$work/seqbind.jar"
n="${SCORE_CLI_SEQUENCES:-1000000}"
m=$((n / 5))
/usr/bin/python3 - "$n" > "$work/in.fa" <<'PY'
import random, sys
r = random.Random(1)
out = sys.stdout
for i in range(int(sys.argv[1])):
    out.write(">s%d\n%s\n" % (i, "".join(r.choices("ACGT", k=101))))
PY
head -n $((2 * m)) "$work/in.fa" > "$work/in_small.fa"
# Its peer is measured right before and right after it (the load of a shared machine changes by the minute).
raw_ort() {
  java @"$work/java.args" io.seqbind.scorer.bench.RawOrt "$work/store/$(ls "$work/store" | grep deepbind)"/* 101 \
    "${SCORE_SEQUENCES:-500000}" | tee -a /dev/stderr | sed -nE 's/^raw_ort=([0-9.]+)/\1/p'
}
# One CLI run on FILE with COUNT sequences; prints its wall seconds.
cli_run() {
  local file="$1" count="$2" start end rows
  start=$(date +%s.%N)
  SEQBIND_JAR="$work/seqbind.jar" "$root/seqbind" score --store "$work/store" --model "$model" \
    --input "$file" --out "$work/out.tsv" >&2
  end=$(date +%s.%N)
  rows=$(($(wc -l < "$work/out.tsv") - 1))
  [ "$rows" -eq "$count" ] || { echo "score-bench: the CLI wrote $rows rows for $count sequences" >&2; exit 1; }
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}
raw_before="$(raw_ort)"
# Small and full alternate (small, full, full, small) so that a neighbour's load hits both sides alike.
t_small1="$(cli_run "$work/in_small.fa" "$m")"
t_full1="$(cli_run "$work/in.fa" "$n")"
t_full2="$(cli_run "$work/in.fa" "$n")"
t_small2="$(cli_run "$work/in_small.fa" "$m")"
raw_after="$(raw_ort)"
read -r cli_wall cli_steady cli_wall_ratio cli_ratio < <(awk -v n="$n" -v m="$m" -v f1="$t_full1" -v f2="$t_full2" \
  -v s1="$t_small1" -v s2="$t_small2" -v a="$raw_before" -v b="$raw_after" 'BEGIN {
    tf = (f1 + f2) / 2; ts = (s1 + s2) / 2; raw = (a + b) / 2
    wall = n / tf
    # A full run no slower than the small one (load from neighbours) gives no steady rate: NaN.
    if (tf > ts) { steady = (n - m) / (tf - ts); printf "%.0f %.0f %.2f %.2f\n", wall, steady, wall / raw, steady / raw }
    else printf "%.0f NaN %.2f NaN\n", wall, wall / raw }')
echo "score-bench: seqbind score FASTA -> TSV: $n sequences in $t_full1 / $t_full2 s, $m in $t_small1 / $t_small2 s;" \
  "$cli_wall sequences/s on $n with the JVM start (cli_wall_vs_raw_ort=$cli_wall_ratio)," \
  "$cli_steady sequences/s at steady state ((n - n/5) / (t_n - t_n/5), cli_vs_raw_ort=$cli_ratio);" \
  "raw session.run $raw_before/s before, $raw_after/s after" >&2

last="$(grep '^score-bench: raw_ort=' <<< "$deepbind")"
val() { sed -nE "s/.* $1=([0-9.NaN]+).*/\1/p" <<< "$2"; }
echo "score-bench: p99_ratio_1=$(val p99_ratio_1 "$last") (batching on / off, p99 latency of one caller; target <= 1.2)"
echo "score-bench: load at end: $(uptime)"
echo "score-bench: grpc_vs_raw_ort=$(val grpc_vs_raw_ort "$last") cli_vs_raw_ort=$cli_ratio" \
  "batching_gain=$(val batching_gain "$last") batching_gain_basset=$(val batching_gain "$(grep '^score-bench: raw_ort=' <<< "$basset")")" \
  "shared_cpu_ratio=$(val shared_cpu_ratio "$last") cli_wall_vs_raw_ort=$cli_wall_ratio"
