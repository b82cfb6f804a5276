#!/usr/bin/env bash
# Ranks peaks (BED or narrowPeak) by signal, keeps the top N, and writes PREFIX.train.EXT and PREFIX.test.EXT:
#   --split odd_even            DeepBind's protocol: odd ranks train, even ranks test
#   --split chromosomes:A,B     peaks on the listed chromosomes test, the rest train
#   --split none                all peaks train (the samplesheet gives a test file, or there is none)
# Signal: narrowPeak column 7 (signalValue), else BED column 5 (score), else file order. Ties keep file order.
set -euo pipefail
usage() { echo "usage: split_peaks.sh [--top N] [--split odd_even|chromosomes:A,B|none] PEAKS PREFIX" >&2; exit 2; }
top=0; split=odd_even
while [ $# -gt 2 ]; do
  case "$1" in
    --top) top="$2"; shift 2 ;;
    --split) split="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[ $# -eq 2 ] || usage
peaks="$1"; prefix="$2"
case "$peaks" in *.narrowPeak|*.narrowPeak.gz) ext=narrowPeak ;; *) ext=bed ;; esac
case "$split" in odd_even|none|chromosomes:?*) ;; *) echo "split_peaks.sh: unknown --split '$split'" >&2; exit 2 ;; esac
[[ "$top" =~ ^[0-9]+$ ]] || { echo "split_peaks.sh: --top must be a number, got '$top'" >&2; exit 2; }

gzip -cdf -- "$peaks" | awk -F'\t' -v OFS='\t' -v ext="$ext" '
  /^(#|track|browser)/ || NF < 3 { next }
  { s = (ext == "narrowPeak" && NF >= 7) ? $7 : (NF >= 5 ? $5 : 0); print s + 0, NR, $0 }' \
  | sort -t$'\t' -k1,1gr -k2,2n \
  | awk -F'\t' -v OFS='\t' -v top="$top" '{ if (top > 0 && NR > top) exit; sub(/^[^\t]*\t[^\t]*\t/, ""); print }' \
  | awk -F'\t' -v mode="$split" -v train="$prefix.train.$ext" -v test="$prefix.test.$ext" '
      BEGIN { if (mode ~ /^chromosomes:/) { n = split(substr(mode, 13), c, ","); for (i = 1; i <= n; i++) held[c[i]] = 1 } }
      { rank = NR
        if (mode == "odd_even") out = (rank % 2 == 1) ? train : test
        else if (mode == "none") out = train
        else out = ($1 in held) ? test : train
        print > out }
      END { close(train); close(test) }'
touch "$prefix.train.$ext" "$prefix.test.$ext"
[ -s "$prefix.train.$ext" ] || { echo "split_peaks.sh: no training peaks left in $peaks (--top $top, --split $split)" >&2; exit 1; }
if [ "$split" != none ] && [ ! -s "$prefix.test.$ext" ]; then
  echo "split_peaks.sh: no test peaks left in $peaks (--split $split)" >&2; exit 1
fi
