#!/usr/bin/env bash
# Soak of the scorer (issue 16): SOAK_CLIENTS (64) callers sending Score requests back to back for
# SOAK_SECONDS (600) against `seqbind serve` and then against the packaged scorer (Quarkus jar), each in a
# process of its own; per minute: requests, errors, p99 latency and the server's resident memory (VmRSS).
# Each caller sends at most one request per SOAK_PACE_MS (40, i.e. 1,600 requests/s from 64 callers; 0 = back
# to back): a fixed load, so that memory after the warm-up measures leaks rather than pools growing with a
# throughput that rises when the machine's other work ends (an unpaced run here saw the scorer's throughput rise
# 36-fold after the warm-up window).
# Pass: zero errors and resident memory flat after the warm-up (SOAK_WARMUP, 60 s): growth < 10%.
# (io.seqbind.scorer.bench.SoakRun in scorer-service's test sources; its 60-second version runs in CI as
# ScorerSoakTest.)
# Last line: soak: serve_errors=A serve_rss_growth=B scorer_errors=C scorer_rss_growth=D
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
seconds="${SOAK_SECONDS:-600}"
clients="${SOAK_CLIENTS:-64}"
warmup="${SOAK_WARMUP:-60}"
window="${SOAK_WINDOW:-60}"
pace="${SOAK_PACE_MS:-40}"
echo "soak: load at start: $(uptime); $clients callers, one request per ${pace} ms at most each"

./mvnw -B -ntp -q -pl scorer-service -am package -DskipTests \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >&2
printf -- '-cp\n%s\n' "scorer-service/target/test-classes:scorer-service/target/classes:$(tr ':' '\n' < "$work/cp.txt" \
  | grep -v 'slf4j-jboss-logmanager' | paste -sd:)" > "$work/java.args"
"$root/seqbind" --version >/dev/null
cp "$root/cli/target/seqbind.jar" "$work/seqbind.jar"
model="$(java @"$work/java.args" io.seqbind.scorer.bench.BenchModel "$work/store")"

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 120); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.5
  done
  echo "soak: nothing listens on port $1" >&2; return 1
}
# soak NAME PORT PID: runs SoakRun, prints its lines, leaves "errors growth" in $result.
soak() {
  local out
  out="$(java @"$work/java.args" io.seqbind.scorer.bench.SoakRun "127.0.0.1:$2" "$model" "$3" "$clients" \
    "$seconds" "$window" "$warmup" "$pace" | sed "s/^soak:/soak: $1:/" || true)"
  # Through this script's own stderr: `tee -a /dev/stderr` opened the log a second time, and the script's later
  # writes to its first descriptor, at that descriptor's older offset, overwrote the tee'd windows.
  echo "$out" >&2
  result="$(sed -nE 's/.*requests=[0-9]+ errors=([0-9]+) .* rss_growth=([-0-9.NaN]+).*/\1 \2/p' <<< "$out")"
  [ -n "$result" ] || result="failed failed"
}

port="$(free_port)"
java -jar "$work/seqbind.jar" serve --port "$port" --store "$work/store" --data-dir "$work/jobs" \
  > "$work/serve.log" 2>&1 &
pids+=($!)
wait_port "$port"
soak serve "$port" "${pids[-1]}"
serve=($result)
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

port="$(free_port)"
java -Dseqbind.store.dir="$work/store" -Dquarkus.http.port="$port" \
  -jar scorer-service/target/quarkus-app/quarkus-run.jar > "$work/scorer.log" 2>&1 &
pids+=($!)
wait_port "$port"
soak scorer "$port" "${pids[-1]}"
scorer=($result)
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo "soak: load at end: $(uptime)"
echo "soak: serve_errors=${serve[0]} serve_rss_growth=${serve[1]} scorer_errors=${scorer[0]} scorer_rss_growth=${scorer[1]}"
