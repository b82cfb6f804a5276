#!/usr/bin/env bash
# Issue 6's benchmark: variant-effect throughput of `seqbind variants` and agreement with the published
# DeepBind FOXA1 model on DeepFind's 171,409 derived human variants.
#
#  1. trains MODELS (10) deepbind-preset models on the FOXA1 ENCODE set (AC + dinucleotide shuffles,
#     tested on B), seeds 1..MODELS, as foxa1:1 ... foxa1:MODELS;
#  2. writes a pseudo-reference FASTA (+ .fai) and a VCF from deepfind/derived.seq.gz (bench/variant_bench.py
#     prepare: wild-type windows framed by N, one record per pair);
#  3. times one `seqbind variants` run over all variants x all models (--strand both, --window WINDOW);
#  4. Spearman of our deltas (alt - ref) against the published model's pred[mutant] - pred[wild type].
#
# Usage: bench/variant_bench.sh [extra `seqbind train` options...]
# Environment: MODELS (10), WINDOW (51; empty = each model's own length), STRAND (both),
#   SEQBIND_DATA (../shared/data), VARIANT_BENCH_WORK (a directory to keep and reuse: trained bundles
#   and the generated FASTA/VCF are reused when present; default a temporary directory, removed at exit).
# Last line: variant-bench: variants_per_s=X foxa1_delta_spearman=Y graph_runs_vs_raw_ort=U
#   (U: graph runs/s of the timed run, 2 x variants x models / wall with the JVM start, over RawOrt's session.run
#   on the first model, the mean of a run right before and one right after). STEADY=0 leaves out the second
#   timed run on a fifth of the VCF that gives the steady-state figure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${SEQBIND_DATA:-$root/../shared/data}"
models="${MODELS:-10}"
window="${WINDOW-51}"
strand="${STRAND:-both}"
py=/usr/bin/python3 # Debian's python with numpy + scipy (the pyenv python3 on PATH cannot see them)

if [ -n "${VARIANT_BENCH_WORK:-}" ]; then
  work="$VARIANT_BENCH_WORK"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi

shopt -s nullglob
ac=("$data"/encode/FOXA1_*_AC.seq.gz)
b=("$data"/encode/FOXA1_*_B.seq.gz)
npz=("$data"/deepfind/FOXA1_*.deepbind_pred.npz)
derived="$data/deepfind/derived.seq.gz"
[ ${#ac[@]} -eq 1 ] && [ ${#b[@]} -eq 1 ] && [ ${#npz[@]} -eq 1 ] && [ -f "$derived" ] \
  || { echo "variant-bench: FOXA1 AC/B sets, deepfind/derived.seq.gz or the FOXA1 .npz missing under $data" >&2; exit 1; }
"$py" -c 'import numpy, scipy' || { echo "variant-bench: $py needs numpy and scipy (apt-get install -y python3-scipy)" >&2; exit 1; }

# Build once (outside the timings), then run a snapshot of the jar: the launcher rebuilds whenever a source is
# newer than the jar, and a rebuild in the middle of a timed run would be timed (or would replace the jar
# under the running JVM). The snapshot runs through the launcher (SEQBIND_JAR), with its JVM options.
"$root/seqbind" --version >/dev/null
cp "$root/cli/target/seqbind.jar" "$work/seqbind.jar"
seqbind() { SEQBIND_JAR="$work/seqbind.jar" "$root/seqbind" "$@"; }
version="$(seqbind --version | head -1)" # e.g. "seqbind 0.1.0-SNAPSHOT"

# 1. models
store="$work/store"
model_args=()
aucs=()
train_seconds=0
for seed in $(seq 1 "$models"); do
  out="$work/foxa1_$seed"
  if [ ! -f "$out/model.onnx" ]; then
    rm -rf "$out"
    start=$(date +%s.%N)
    seqbind train --input "${ac[0]}" --test "${b[0]}" --negatives shuffle --store "$store" --out "$out" \
      --seed "$seed" --name foxa1 --model-version "$seed" "$@" > "$work/train_$seed.log" 2>&1 \
      || { cat "$work/train_$seed.log" >&2; exit 1; }
    train_seconds=$(awk -v t="$train_seconds" -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print t + b - a }')
  fi
  auc="$(sed -nE 's/^test: auc=([0-9.]+).*/\1/p' "$work/train_$seed.log")"
  aucs+=("${auc:-nan}")
  model_args+=(--model "$out")
done
device="$(sed -nE 's/^device: //p' "$work/train_1.log")"

# 2. pseudo-reference and VCF
if [ ! -f "$work/data/variants.vcf" ]; then
  "$py" "$root/bench/variant_bench.py" prepare "$derived" "$work/data" --pad 50 > "$work/prepare.log"
fi
pairs="$(grep -vc '^#' "$work/data/variants.vcf")"

# The peer of the graph runs (3b) is built here, outside the timings: ONNX Runtime's session.run from
# io.seqbind.scorer.bench.RawOrt in scorer-service's test sources. Its classpath goes in a java @argfile, as in
# score_bench.sh: ONNX Runtime crashed the JVM when the command line was over ~4 KB.
(cd "$root" && ./mvnw -B -ntp -q -pl scorer-service -am package -DskipTests dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >&2)
printf -- '-cp\n%s\n' "$root/scorer-service/target/test-classes:$root/scorer-service/target/classes:$(tr ':' '\n' \
  < "$work/cp.txt" | grep -v 'slf4j-jboss-logmanager' | paste -sd:)" > "$work/java.args"
# 3b. A graph run is one sequence through one model: a variant costs 2 per model (ref and alt; a deepbind-preset
# graph scans both strands itself and outputs each, so --strand both adds no run). RawOrt: session.run on a
# pre-encoded [1024, 4, window] tensor of the first model, this machine's CPUs as intra-op threads, the better
# of spinning off and on; run right before and right after the timed run, as the load of a shared machine
# changes by the minute.
raw_ort() {
  java @"$work/java.args" io.seqbind.scorer.bench.RawOrt "$work/foxa1_1" "${window:-101}" | tee -a /dev/stderr \
    | sed -nE 's/^raw_ort=([0-9.]+)/\1/p'
}

# 3. timed run: all variants x all models in one command (JVM start and model loading included)
window_args=()
[ -n "$window" ] && window_args=(--window "$window")
timed_variants() { # VCF OUT.tsv LOG; prints the wall seconds, writes the CPU seconds (user + sys) to LOG.cpu
  local start
  start=$(date +%s.%N)
  seqbind variants "${model_args[@]}" --vcf "$1" --genome "$work/data/ref.fa" \
    --out "$2" --store "$store" --strand "$strand" "${window_args[@]}" > "$3" 2>&1 \
    || { cat "$3" >&2; exit 1; }
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }'
  # This subshell's children: the JVM (all its threads: ONNX Runtime, JIT, GC, ...).
  # (times itself, not a pipeline's subshell: a forked shell starts with no children's times.)
  times > "$3.times"
  sed -n 2p "$3.times" | awk '{ split($1, u, "m"); split($2, s, "m"); printf "%.1f %.1f\n", u[1] * 60 + u[2], \
    s[1] * 60 + s[2] }' > "$3.cpu"
}
raw_before="$(raw_ort)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
wall="$(timed_variants "$work/data/variants.vcf" "$work/effects.tsv" "$work/variants.log")"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
raw_after="$(raw_ort)"
rows=$(($(wc -l < "$work/effects.tsv") - 1))
scored="$(awk -F'\t' 'NR > 1 && $15 == "scored"' "$work/effects.tsv" | wc -l)"
raw=$(awk -v a="$raw_before" -v b="$raw_after" 'BEGIN { printf "%.0f", (a + b) / 2 }')

# 3c. steady state (STEADY=1, the default): the same command on the first fifth of the records; the difference
# of the two runs is the throughput once the JVM has started and the models are loaded.
steady_line=""
if [ "${STEADY:-1}" = 1 ]; then
  fifth=$((pairs / 5))
  awk -v n="$fifth" '/^#/ { print; next } k++ < n' "$work/data/variants.vcf" > "$work/data/variants_fifth.vcf"
  wall5="$(timed_variants "$work/data/variants_fifth.vcf" "$work/effects_fifth.tsv" "$work/variants_fifth.log")"
  steady_runs=$(awk -v n="$((pairs - fifth))" -v m="$models" -v a="$wall" -v b="$wall5" \
    'BEGIN { printf "%.0f", 2 * n * m / (a - b) }')
  steady_line="$steady_runs/s ($((pairs - fifth)) variants in $(awk -v a="$wall" -v b="$wall5" 'BEGIN { printf "%.1f", a - b }') s:"
  steady_line="$steady_line full run minus a run on the first $fifth, $(printf '%.1f' "$wall5") s), $(awk -v r="$steady_runs" \
    -v raw="$raw" 'BEGIN { printf "%.2f", r / raw }') of raw"
fi

# 4. agreement with the published DeepBind FOXA1 model
"$py" "$root/bench/variant_bench.py" compare "$work/effects.tsv" "${npz[0]}" --json > "$work/compare.json"
read -r rho_mean rho_min rho_max rho_ens pearson_ens <<< "$("$py" -c '
import json, sys
c = json.load(open(sys.argv[1]))
print(c["spearman_mean_of_models"], c["spearman_min"], c["spearman_max"], c["spearman_ensemble"], c["pearson_ensemble"])
' "$work/compare.json")"

vps=$(awk -v n="$pairs" -v w="$wall" 'BEGIN { printf "%.0f", n / w }')
auc_mean=$(printf '%s\n' "${aucs[@]}" | awk '{ s += $1 } END { printf "%.4f", s / NR }')
auc_list=$(IFS=' '; echo "${aucs[*]}")
window_label="$window"
[ -n "$window" ] || window_label="each model's own"
echo "$version; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %s\n' \
  "models (deepbind preset, FOXA1)" "$models, seeds 1..$models, trained on ${device:-?} (${train_seconds%.*} s here; 0 = reused)" \
  "test AUC (FOXA1 B set)" "mean $auc_mean: $auc_list" \
  "variants" "$pairs pairs, window $window_label, strand $strand" \
  "rows written / scored" "$rows / $scored (variants x models)" \
  "wall of seqbind variants" "$(printf '%.1f' "$wall") s; CPU $(awk '{ printf "%.1f s user + %.1f s sys", $1, $2 }' \
    "$work/variants.log.cpu") (2 x variants x models / CPU s: $(awk -v n="$pairs" -v m="$models" \
    '{ printf "%.0f", 2 * n * m / ($1 + $2) }' "$work/variants.log.cpu")/s)" \
  "variants/s (all $models models)" "$vps (target >= 2857: $pairs x 10 in 60 s)" \
  "variant x model scores/s" "$(awk -v r="$rows" -v w="$wall" 'BEGIN { printf "%.0f", r / w }')" \
  "Spearman vs DeepBind, per model" "mean $(printf '%.4f' "$rho_mean"), min $(printf '%.4f' "$rho_min"), max $(printf '%.4f' "$rho_max") (target >= 0.60)" \
  "Spearman, mean delta of the models" "$(printf '%.4f' "$rho_ens") (Pearson $(printf '%.4f' "$pearson_ens"))"
runs=$(awk -v n="$pairs" -v m="$models" -v w="$wall" 'BEGIN { printf "%.0f", 2 * n * m / w }')
printf '%-34s %s\n' "graph runs/s (ref + alt x models)" "$runs, JVM start included" \
  "raw session.run (RawOrt)" "$raw/s: $raw_before before, $raw_after after (load $load_before before, $load_after after)"
[ -z "$steady_line" ] || printf '%-34s %s\n' "graph runs/s at steady state" "$steady_line"
printf 'variant-bench: variants_per_s=%s foxa1_delta_spearman=%.4f graph_runs_vs_raw_ort=%s\n' "$vps" "$rho_mean" \
  "$(awk -v r="$runs" -v raw="$raw" 'BEGIN { printf "%.2f", r / raw }')"
