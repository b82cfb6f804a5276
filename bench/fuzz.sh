#!/usr/bin/env bash
# Fuzzes every reader and request check (the @FuzzTest classes in each module's `fuzz` test package) with
# Jazzer for SECONDS per target, one JVM per target (libFuzzer fuzzes one target per process), and prints the
# executions per target. test.sh runs it for a few seconds per target after `mvnw verify` built the test
# classes; run it longer by hand:
#
#   bench/fuzz.sh [SECONDS_PER_TARGET (default 120)] [TARGET_FILTER (a regex on module/class)]
#
# Each target starts from its committed corpus (src/test/resources/<package>/<Class>Inputs/<method>, which
# Jazzer finds on the classpath and `mvnw verify` replays as regression tests) and keeps what it discovers in target/fuzz/<Class>/<method>/corpus.
# A finding (an undocumented exception, an echo of the input in a message, too much memory) fails the run;
# its input is written to target/fuzz/<Class>/<method>/ with a Java reproducer: add it to the committed corpus as a
# regression test once fixed. Memory is bounded twice: the JVM heap (-Xmx) and libFuzzer's -rss_limit_mb.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-120}"
filter="${2:-.}"
heap="${SEQBIND_FUZZ_HEAP:-512m}"
max_len="${SEQBIND_FUZZ_MAX_LEN:-65536}"

# module class method: every fuzz target.
targets=(
  "core FastaFuzzTest fasta"
  "core SeqTableFuzzTest seqTable"
  "core LabelsFuzzTest labels"
  "core PeaksFuzzTest peaks"
  "core ManifestFuzzTest manifest"
  "core SpecFuzzTest spec"
  "core OnnxInitializersFuzzTest onnx"
  "variant-service VcfFuzzTest vcf"
  "trainer-service SubmitJobFuzzTest submitJob"
  "scorer-service ScoreFuzzTest score"
  "scorer-service ScoreFuzzTest scoreStream"
  "variant-service VariantRequestFuzzTest variantRequests"
)
package_of() {
  case "$1" in
    core) echo io.seqbind.core.fuzz ;;
    trainer-service) echo io.seqbind.trainer.fuzz ;;
    scorer-service) echo io.seqbind.scorer.fuzz ;;
    variant-service) echo io.seqbind.variant.fuzz ;;
  esac
}

# Each module's test classpath: the build writes it to target/fuzz.classpath (maven-dependency-plugin at
# test-compile). test.sh runs this right after `mvnw verify` with SEQBIND_FUZZ_BUILD=0; by hand, the modules
# with a selected target are compiled first.
modules=()
for t in "${targets[@]}"; do
  read -r module class method <<<"$t"
  if [[ "$module/$class" =~ $filter ]] && [[ ! " ${modules[*]} " =~ " $module " ]]; then
    modules+=("$module")
  fi
done
if [ ${#modules[@]} -eq 0 ]; then
  echo "fuzz.sh: no target matches '$filter'" >&2
  exit 2
fi
if [ "${SEQBIND_FUZZ_BUILD:-1}" != 0 ]; then
  pl=$(IFS=,; echo "${modules[*]}")
  ./mvnw -B -q -ntp -pl "$pl" -am test-compile >&2
fi

printf '%-16s %-40s %12s %8s %10s\n' module target executions wall_s exec/s
failed=0
began=$(date +%s)
for t in "${targets[@]}"; do
  read -r module class method <<<"$t"
  [[ "$module/$class" =~ $filter ]] || continue
  pkg=$(package_of "$module")
  work="$root/$module/target/fuzz/$class/$method"
  mkdir -p "$work/corpus"
  if [ ! -f "$module/target/fuzz.classpath" ]; then
    echo "fuzz.sh: $module/target/fuzz.classpath is missing: build the module first (mvnw test-compile)" >&2
    exit 2
  fi
  cp="$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$module/target/fuzz.classpath")"
  log="$work/fuzz.log"
  start=$(date +%s%N)
  set +e
  (cd "$work" && java -Xmx"$heap" -XX:+ExitOnOutOfMemoryError -cp "$cp" \
      com.code_intelligence.jazzer.Jazzer \
      --target_class="$pkg.$class" --target_method="$method" \
      --instrumentation_includes='io.seqbind.**' \
      --instrumentation_excludes='io.seqbind.proto.**:io.seqbind.core.onnx.proto.**' --reproducer_path="$work" \
      -max_total_time="$seconds" -rss_limit_mb=2048 -max_len="$max_len" -artifact_prefix="$work/" \
      -print_final_stats=1 "$work/corpus") >"$log" 2>&1
  rc=$?
  set -e
  elapsed_ms=$((($(date +%s%N) - start) / 1000000))
  runs=$(grep -aoE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
  runs="${runs:-0}"
  rate=$((runs / seconds))
  printf '%-16s %-40s %12s %8s %10s\n' "$module" "$class.$method" "$runs" "$((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100))" "$rate"
  if [ $rc -ne 0 ]; then
    failed=1
    echo "fuzz.sh: $class.$method: finding or failure (exit $rc); log $log:" >&2
    grep -aE '== Java Exception|Caused by|FuzzTestFinding|AssertionError|crash-|reproducer' "$log" | head -20 >&2 || true
  fi
done
echo "fuzz.sh: $seconds s per target, $(($(date +%s) - began)) s in all (JVM start and seed replay included)"
exit $failed
