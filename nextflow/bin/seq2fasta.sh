#!/usr/bin/env bash
# Writes the positive rows of a DeepBind .seq[.gz] table (header FoldID, EventID, seq, label columns...)
# as FASTA: a row is positive when any label column after 'seq' is > 0. Ids come from EventID (else row).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: seq2fasta.sh TABLE.seq[.gz]" >&2; exit 2; }
gzip -cdf -- "$1" | awk -F'\t' '
  NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "seq") s = i; if ($i == "EventID") e = i }
            if (!s) { print "seq2fasta.sh: no seq column in header" > "/dev/stderr"; exit 2 }
            next }
  { pos = 0
    for (i = s + 1; i <= NF; i++) if ($i + 0 > 0) pos = 1
    if (pos) printf(">%s\n%s\n", e ? $e : "row" NR, $s) }'
