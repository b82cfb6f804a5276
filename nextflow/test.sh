#!/usr/bin/env bash
# End-to-end test of the seqbind Nextflow pipeline:
#   1. -profile test with no input (SIMULATE -> TRAIN -> EVALUATE/VARIANTS/MUTMAP/MOTIFS), checked by values
#   2. the same run with -resume: every task must come back CACHED
#   3. a missing --train file: the run must fail with a clear error
#   4. a two-row samplesheet: two models, trained in parallel tasks, each evaluated and scoring the VCF
# Resolves Nextflow 24.10.0 from Maven Central into ../.tools/nextflow (cached) on first use.
# Env: KEEP=1 keeps the temp dir; SEQBIND_USE_LAUNCHER=1 calls ../seqbind itself in the tasks (default: a
# private copy of cli/target/seqbind.jar, so that a concurrent source edit cannot trigger rebuilds mid-run).
set -euo pipefail

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

# ---- Nextflow jars from Maven Central (cached)
if [ ! -f "$jars/.complete-$nf_version" ]; then
  step "resolving io.nextflow:nextflow:$nf_version and its runtime dependencies into $jars"
  mkdir -p "$tools"
  cat > "$tools/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.seqbind</groupId>
  <artifactId>nextflow-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.nextflow</groupId>
      <artifactId>nextflow</artifactId>
      <version>$nf_version</version>
    </dependency>
  </dependencies>
</project>
POM
  rm -rf "$jars"
  if command -v mvn >/dev/null 2>&1; then mvn_cmd=(mvn); else mvn_cmd=("$repo/mvnw"); fi
  (cd "$tools" && "${mvn_cmd[@]}" -B -q -f "$tools/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$jars") || fail "could not resolve Nextflow from Maven Central"
  ls "$jars"/nextflow-"$nf_version".jar >/dev/null || fail "nextflow-$nf_version.jar missing after resolve"
  touch "$jars/.complete-$nf_version"
fi

export NXF_HOME="$tools/home"
export NXF_OFFLINE=true
export NXF_ANSI_LOG=false
export NXF_DISABLE_CHECK_LATEST=true

tmp="$(mktemp -d "${TMPDIR:-/tmp}/seqbind-nf-test.XXXXXX")"
cleanup() { if [ "${KEEP:-0}" = 1 ] || [ "${ok:-0}" != 1 ]; then echo "nextflow-test: kept $tmp" >&2; else rm -rf "$tmp"; fi; }
trap cleanup EXIT
mkdir -p "$tmp/launch"

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

# trace times in milliseconds, for the overlap check of parallel TRAIN tasks
printf 'trace.raw = true\n' > "$tmp/test-extra.config"

# the module opens the Nextflow launcher script passes to Java 17+ (Kryo serialises JDK collections)
nf_jvm=()
for p in java.lang java.io java.nio java.net java.util java.util.concurrent java.util.concurrent.locks \
         java.util.concurrent.atomic java.util.regex sun.nio.ch sun.nio.fs sun.net.www.protocol.http \
         sun.net.www.protocol.https sun.net.www.protocol.ftp sun.net.www.protocol.file jdk.internal.misc \
         jdk.internal.vm; do
  nf_jvm+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
nf() { (cd "$tmp/launch" && java "${nf_jvm[@]}" -cp "$jars/*" nextflow.cli.Launcher "$@"); }
nf_run() { nf run "$here/main.nf" -profile test -work-dir "$tmp/work" -c "$tmp/test-extra.config" --seqbind "$seqbind" "$@"; }
latest_trace() { ls -t "$1"/pipeline_info/execution_trace_*.txt | head -n 1; }
# value of a trace column by header name, for rows whose name matches a regex
trace_col() { awk -F'\t' -v col="$2" -v pat="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next } $3 ~ pat { print $c }' "$1"; }
# alleles in a VCF: one per comma-separated ALT of each record
vcf_alleles() { awk -F'\t' '!/^#/ { n += split($5, a, ",") } END { print n + 0 }' "$1"; }
auc_of() { tr ' ' '\n' < "$1" | awk -F= '$1 == "auc" { print $2 }'; }

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
[ "$n_tasks" -eq 6 ] || fail "run 1 ran $n_tasks tasks, expected 6"
step "run 1 ok: auc=$auc, $rows effect rows for $alleles alleles, $n_svg mutation maps, $n_motif motifs"

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
step "run 3: missing --train file must fail"
set +e
nf_run --outdir "$tmp/out3" --train "$tmp/no-such-train.seq.gz" --test "$sim/test.seq.gz" > "$tmp/run3.log" 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "run with a missing --train file exited 0"
grep -q "seqbind: --train file not found: $tmp/no-such-train.seq.gz" "$tmp/run3.log" \
  || { cat "$tmp/run3.log" >&2; fail "missing --train: no clear error message"; }
[ ! -d "$tmp/out3/seqbind" ] || fail "missing --train: outputs were written"
step "run 3 ok: exit $rc, '$(grep -o 'seqbind: --train file not found[^"]*' "$tmp/run3.log" | head -n 1)'"

# =====================================================================================================
step "run 4: samplesheet with two training sets (no calibration, no mutmap/motifs, to stay quick)"
# a second, different data set (seed 2), given by a path relative to the samplesheet
"$seqbind" simulate --out "$tmp/sheet/seed2" --seed 2 > /dev/null
cat > "$tmp/sheet/samplesheet.csv" <<CSV
name,train,test
ctcf,$sim/train.seq.gz,$sim/test.seq.gz
ctcf_seed2,seed2/train.seq.gz,seed2/test.seq.gz
CSV
out4="$tmp/out4"
nf_run --outdir "$out4" --input "$tmp/sheet/samplesheet.csv" --vcf "$sim/variants.vcf" --genome "$sim/genome.fa" \
  --calibrate 0 --ensemble 1 --skip_mutmap --skip_motifs > "$tmp/run4.log" 2>&1 || { tail -n 40 "$tmp/run4.log" >&2; fail "run 4 (samplesheet) failed"; }
n_models="$(find "$out4" -path '*/model/model.onnx' | wc -l)"
[ "$n_models" -eq 2 ] || fail "samplesheet run produced $n_models models, expected 2"
for name in ctcf ctcf_seed2; do
  [ -s "$out4/$name/model/model.onnx" ] || fail "no model for $name"
  grep -q "$name:1" "$out4/$name/$name.train.log" || fail "model $name not named $name:1"
  a="$(auc_of "$out4/$name/evaluate/$name.evaluate.txt")"
  awk -v a="$a" 'BEGIN { exit !(a >= 0.9) }' || fail "$name: auc=$a < 0.9"
  r="$(tail -n +2 "$out4/$name/variants/$name.effects.tsv" | grep -c .)"
  [ "$r" -eq "$alleles" ] || fail "$name: $r effect rows, expected $alleles"
  step "  $name: auc=$a, $r effect rows"
done
[ "$(tail -n +2 "$out4/summary/evaluation.tsv" | cut -f1 | sort | tr '\n' ' ')" = "ctcf ctcf_seed2 " ] \
  || fail "evaluation.tsv rows: $(cat "$out4/summary/evaluation.tsv")"
# distinct models (different data -> different ids)
id_ctcf="$(awk '/^model:/ { print $2 }' "$out4/ctcf/ctcf.train.log")"
id_seed2="$(awk '/^model:/ { print $2 }' "$out4/ctcf_seed2/ctcf_seed2.train.log")"
[ -n "$id_ctcf" ] && [ "$id_ctcf" != "$id_seed2" ] || fail "models not distinct: $id_ctcf / $id_seed2"
# the two TRAIN tasks ran at the same time (separate processes, maxForks 2)
trace4="$(latest_trace "$out4")"
mapfile -t starts < <(trace_col "$trace4" start '^TRAIN|:TRAIN ')
mapfile -t ends < <(trace_col "$trace4" complete '^TRAIN|:TRAIN ')
[ "${#starts[@]}" -eq 2 ] || fail "expected 2 TRAIN tasks in the trace, found ${#starts[@]}"
if [ "${starts[0]}" -lt "${ends[1]}" ] && [ "${starts[1]}" -lt "${ends[0]}" ]; then
  step "run 4 ok: 2 models, TRAIN tasks overlapped in time"
else
  fail "the two TRAIN tasks did not run in parallel"
fi

ok=1
echo "nextflow-test: ok"
