#!/usr/bin/env bash
# Offline test of the seqbind Galaxy wrappers: macro expansion + galaxy.xsd validation + CLI option check
# (check_tools.py), then a smoke run of each tool's command as Galaxy renders it for the test-data.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
xsd="$root/../shared/galaxy/galaxy.xsd"

if ! command -v xmllint >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y libxml2-utils >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y libxml2-utils >/dev/null; }
  else
    echo "galaxy-test: xmllint missing (apt-get install libxml2-utils)" >&2; exit 1
  fi
fi
[ -f "$xsd" ] || { echo "galaxy-test: $xsd not found" >&2; exit 1; }

# `seqbind` on PATH, as the Galaxy requirement provides it; use the built jar directly when present.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A command that fails under set -e: say where, and what it wrote to the job's err.txt / log.txt.
trap 'echo "galaxy-test: FAIL at line $LINENO: $BASH_COMMAND" >&2; cat err.txt log.txt >&2 2>/dev/null' ERR
mkdir -p "$work/bin"
if [ -f "$root/cli/target/seqbind.jar" ]; then
  # libjsig as the launcher sets it: PoCL's LLVM otherwise replaces the JVM's signal handlers (random SIGSEGV)
  java_home="$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.home/ { print $2; exit }')"
  jsig=""
  [ -f "$java_home/lib/libjsig.so" ] && jsig="LD_PRELOAD=$java_home/lib/libjsig.so "
  printf '#!/bin/sh\n%sexec java -jar "%s" "$@"\n' "$jsig" "$root/cli/target/seqbind.jar" > "$work/bin/seqbind"
else
  printf '#!/bin/sh\nexec "%s" "$@"\n' "$root/seqbind" > "$work/bin/seqbind"
fi
chmod +x "$work/bin/seqbind"
export PATH="$work/bin:$PATH"

python3 "$here/check_tools.py" "$xsd" "$here"/seqbind_*.xml

# faidx: samtools as in the wrappers, or an equivalent index when samtools is not installed here.
faidx() {
  if command -v samtools >/dev/null 2>&1; then samtools faidx "$1"; else
    python3 - "$1" <<'PY'
import sys
path = sys.argv[1]; out = []; name = None; off = 0
with open(path, 'rb') as f:
    data = f.read()
pos = 0
for line in data.splitlines(keepends=True):
    if line.startswith(b'>'):
        if name: out.append((name, length, seqoff, lb, lw))
        name = line[1:].split()[0].decode(); length = 0; seqoff = pos + len(line); lb = lw = None
    elif name is not None:
        s = line.rstrip(b'\r\n')
        if lb is None: lb, lw = len(s), len(line)
        length += len(s)
    pos += len(line)
if name: out.append((name, length, seqoff, lb, lw))
with open(path + '.fai', 'w') as f:
    for r in out: f.write('%s\t%d\t%d\t%d\t%d\n' % r)
PY
  fi
}

td="$here/test-data"
fail() { echo "galaxy-test: FAIL: $*" >&2; exit 1; }
want() { grep -Eq "$2" "$1" || fail "$1 lacks /$2/"; }
job() { rm -rf "$work/job" && mkdir -p "$work/job" && cd "$work/job"; }
model() { mkdir -p "${1:-model}" && ln -s "$td/model.onnx" "${1:-model}/model.onnx" && ln -s "$td/manifest.json" "${1:-model}/manifest.json"; }

# seqbind_train, test 1 (seq table + test set)
job
ln -s "$td/train.seq" input.seq && ln -s "$td/test.seq" test.seq
seqbind train --input input.seq --test test.seq --negatives auto --arch deepbind --max-steps 100 \
  --device java --seed 1 --name ctcf_demo --model-version 1 --out bundle --store "$PWD/store" > log.txt
cp bundle/model.onnx out.onnx && cp bundle/manifest.json out.json
want log.txt '^model: [0-9a-f]{64} ctcf_demo:1$'
want log.txt '^test: auc=[0-9.]+ ap=[0-9.]+ n=8$'
want out.json '"task_names": \["Bound"\]'
[ -s out.onnx ] || fail "empty model.onnx"
echo "smoke: seqbind_train ok"

# seqbind_evaluate, test 1
job; model
ln -s "$td/test.seq" input.seq
seqbind evaluate --model model --input input.seq --negatives auto --seed 1 --store "$PWD/store" > metrics.txt
printf 'metric\tvalue\n' > out.tsv && tr ' ' '\n' < metrics.txt | sed -e '/^$/d' -e 's/=/\t/' >> out.tsv
want out.tsv $'^auc\t(0|1)\\.[0-9]+$'
want out.tsv $'^n\t8$'
echo "smoke: seqbind_evaluate ok"

# seqbind_score, test 2 (both strands)
job; model model_0
ln -s "$td/test.seq" input.seq
seqbind score --model model_0 --input input.seq --both-strands --out scores.tsv --store "$PWD/store" 2> err.txt
want scores.tsv $'^id\tBound\tBound\\.fwd\tBound\\.rev$'
[ "$(wc -l < scores.tsv)" -eq 9 ] || fail "scores.tsv: expected 9 lines"
echo "smoke: seqbind_score ok"

# seqbind_variants, test 2 (annotated VCF, both strands)
job; model model_0
ln -s "$td/genome.fa" genome.fa && faidx genome.fa && ln -s "$td/variants.vcf" variants.vcf
seqbind variants --model model_0 --vcf variants.vcf --genome genome.fa --out effects.vcf --tsv effects.tsv \
  --strand both --ref-mismatch error --store "$PWD/store" > log.txt 2>&1
want effects.tsv $'^1\tchrS1\t2996\tsimvar_0002\tC\tA\t0\tctcf_demo_1\tBound\t'
want effects.tsv 'fwd_delta'
want effects.vcf '^##INFO=<ID=SB_CTCF_DEMO_1_BOUND_DELTA,'
[ "$(wc -l < effects.tsv)" -eq 14 ] || fail "effects.tsv: expected 14 lines"
echo "smoke: seqbind_variants ok"

# seqbind_mutmap, test 1
job; model
ln -s "$td/mutmap.fa" input.fa
seqbind mutmap --model model --input input.fa --strand model --out maps --store "$PWD/store" > summary.txt
want summary.txt '^mutmap: peak_0009 task=Bound length=101 '
for f in peak_0001.svg peak_0001.tsv peak_0001.json peak_0009.svg peak_0009.tsv peak_0009.json; do
  [ -s "maps/$f" ] || fail "mutmap: no maps/$f"
done
want maps/peak_0009.tsv $'^position\twt_base\tA\tC\tG\tT\timportance$'
echo "smoke: seqbind_mutmap ok"

# seqbind_motifs, test 1
job; model
ln -s "$td/test.fa" input.fa
seqbind motifs --model model --input input.fa --threshold 0.5 --out motifs --store "$PWD/store" > summary.txt
want motifs/motifs.meme '^MEME version 4$'
want motifs/motifs.meme '^MOTIF filter_0$'
want summary.txt '^motifs: model=[0-9a-f]{64} sequences=8 filters=16 '
[ "$(ls motifs/filter*.svg | wc -l)" -eq 16 ] || fail "motifs: expected 16 logos"
echo "smoke: seqbind_motifs ok"

echo "galaxy-test: ok"
