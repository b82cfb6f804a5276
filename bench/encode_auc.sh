#!/usr/bin/env bash
# Trains the `deepbind` preset on every ENCODE set in ../shared/data/encode with DeepBind's protocol
# (the AC file's positives + one dinucleotide shuffle each for training, the B file for test) and prints
# each test AUC and the mean. Usage: bench/encode_auc.sh [extra `seqbind train` options...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${SEQBIND_ENCODE:-$root/../shared/data/encode}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/seqbind" --version >/dev/null # build once, outside the timings
sum=0
count=0
printf '%-40s %8s %8s %8s\n' set auc ap seconds
for ac in "$data"/*_AC.seq.gz; do
  name="$(basename "$ac" _AC.seq.gz)"
  b="$data/${name}_B.seq.gz"
  start=$(date +%s.%N)
  "$root/seqbind" train --input "$ac" --negatives shuffle --store "$work/store" --out "$work/$name" "$@" > "$work/$name.log" 2>&1 \
    || { cat "$work/$name.log" >&2; exit 1; }
  seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  metrics="$("$root/seqbind" evaluate --model "$work/$name" --input "$b" --store "$work/store")"
  auc="$(sed -E 's/.*auc=([0-9.]+).*/\1/' <<< "$metrics")"
  ap="$(sed -E 's/.*ap=([0-9.]+).*/\1/' <<< "$metrics")"
  printf '%-40s %8s %8s %8.1f\n' "${name:0:40}" "$auc" "$ap" "$seconds"
  sum=$(awk -v a="$sum" -v b="$auc" 'BEGIN { print a + b }')
  count=$((count + 1))
done
printf 'encode-auc: sets=%d mean_auc=%.4f device=%s\n' "$count" "$(awk -v a="$sum" -v n="$count" 'BEGIN { print a / n }')" \
  "$(grep '^device:' "$work/$name.log" | cut -d' ' -f2-)"
