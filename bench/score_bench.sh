#!/usr/bin/env bash
# Scoring throughput of scorer-service, two comparisons in one run on one machine
# (io.seqbind.scorer.bench.ScoreThroughput, in scorer-service's test sources):
#  - grpc_vs_inprocess: SCORE_SEQUENCES (default 1,000,000) sequences of 101 bp streamed through the service
#    over loopback gRPC (ScoreStream, chunks of 1024) / ONNX Runtime called directly in-process on the same
#    model and intra-op threads (target >= 0.8);
#  - batching_gain: SCORE_CLIENTS (64) concurrent clients sending 1-sequence Score requests, sequences/s with
#    dynamic batching on / off, with p50/p99 latency of each (target >= 3).
# The model is a randomly initialised DeepBind network exported by the trainer's OnnxExport.
# Last line: score-bench: grpc_vs_inprocess=X batching_gain=Y batching_gain_basset=Z (Z: a Basset-size model)
# Usage: bench/score_bench.sh [extra ScoreThroughput options, e.g. --threads 2 --requests 100]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

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
  --model "$model" --sequences "${SCORE_SEQUENCES:-1000000}" --clients "${SCORE_CLIENTS:-64}" "$@" | tee /dev/stderr)"
# Batching pays where the forward pass, not the call, is the cost: the same 64 one-sequence callers on a
# Basset-size model (600 bp, 300 filters in the first layer).
basset_model="$(java @"$work/java.args" io.seqbind.scorer.bench.BenchModel "$work/store" basset 600)"
basset="$(java -Xmx4g @"$work/java.args" io.seqbind.scorer.bench.ScoreThroughput --store "$work/store" \
  --model "$basset_model" --length 600 --sequences "${SCORE_BASSET_SEQUENCES:-20000}" \
  --clients "${SCORE_CLIENTS:-64}" --requests "${SCORE_BASSET_REQUESTS:-10}" | tee /dev/stderr)"
last="$(grep '^score-bench: grpc_vs_inprocess' <<< "$deepbind")"
basset_gain="$(sed -nE 's/^score-bench: grpc_vs_inprocess=.* batching_gain=([0-9.]+).*/\1/p' <<< "$basset")"
echo "$last batching_gain_basset=$basset_gain"
