#!/usr/bin/env bash
# GPU check (issue 16), for a machine with an NVIDIA GPU; aims to finish in under 8 minutes:
#  1. the Aparapi kernel tests on the GPU's OpenCL device (NVIDIA's ICD only, so PoCL cannot stand in);
#  2. training samples/s of the deepbind preset on the GPU (TrainingThroughput, 16 and 128 filters,
#     batch 64 and 256);
#  3. a 30 x 3 calibration (30 settings, 3 folds) of one ENCODE set (FOXA1 AC, tested on B) on the GPU,
#     or of simulated data when ../shared/data is absent;
#  4. the -Pgpu scorer on CUDA (GpuCheck): provider is CUDA, scores equal the CPU's within 1e-5, session.run
#     throughput, batching gain of 64 one-sequence callers.
# Needs: nvidia-smi, the NVIDIA OpenCL ICD (/etc/OpenCL/vendors/nvidia.icd, from the driver), CUDA 12 +
# cuDNN 9 libraries for onnxruntime_gpu, and com.microsoft.onnxruntime:onnxruntime_gpu (642 MB) resolvable:
# on a machine with no network, put it in the Maven repository beforehand
# (./mvnw -Pgpu -pl scorer-service -am dependency:go-offline on a machine with network, then copy the repo).
# Each step has its own time limit; a step that fails is reported as such and the others still run.
# Last line: gpu-check: opencl=pass|fail train16_b256=X train128_b256=Y calibration_s=Z cuda_provider=yes|no
#            max_abs_diff=D cuda_per_s=C batching_gain_64=G
# Status: written and reviewed; it has NOT run on a GPU yet (no GPU was lent to the session that wrote it).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data="${SEQBIND_DATA:-$root/../shared/data}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log() { echo "gpu-check: $*" >&2; }

command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >&2 \
  || { echo "gpu-check: no nvidia-smi: not an NVIDIA machine" >&2; exit 2; }
command -v clinfo >/dev/null || apt-get install -y -q clinfo ocl-icd-libopencl1 >/dev/null 2>&1 || true
icd=/etc/OpenCL/vendors/nvidia.icd
[ -f "$icd" ] || log "no $icd: the OpenCL steps will fail (install the driver's OpenCL ICD, e.g. nvidia-opencl-icd)"
export OCL_ICD_VENDORS="$icd" # NVIDIA's ICD alone: a PoCL CPU device must not pass for the GPU
clinfo -l >&2 2>/dev/null || true

# Build once: the CLI jar (trainer, scorer CPU build) for steps 1-3.
./mvnw -B -ntp -q -pl cli -am install -DskipTests >&2 || { log "build failed"; exit 1; }
# Through the launcher: its libjsig preload keeps an OpenCL driver's signal handlers from displacing the JVM's.
cli() { SEQBIND_JAR="$root/cli/target/seqbind.jar" "$root/seqbind" "$@"; }

# 1. Kernel tests on the GPU's OpenCL device (SEQBIND_REQUIRE_OPENCL makes "no device" a failure).
opencl=fail
if SEQBIND_REQUIRE_OPENCL=1 timeout 180 ./mvnw -B -ntp -q -o -pl trainer-service test -Dtest='Aparapi*Test' \
    -Dsurefire.failIfNoSpecifiedTests=false >&2; then
  opencl=pass
fi
log "step 1, Aparapi kernel tests on OpenCL: $opencl"

# 2. Training throughput on the GPU (5 s per configuration).
train="$(timeout 120 java -cp "$root/cli/target/seqbind.jar" io.seqbind.trainer.engine.TrainingThroughput gpu \
  16,128 64,256 5 2>&1 | tee -a /dev/stderr)"
rate() { sed -nE "s/^seqbind filters=$1 batch=$2 samples_per_s=([0-9.]+).*/\1/p" <<< "$train" | head -1; }
t16="$(rate 16 256)"; t128="$(rate 128 256)"

# 3. Calibration 30 x 3 on the GPU.
shopt -s nullglob
ac=("$data"/encode/FOXA1_*_AC.seq.gz); b=("$data"/encode/FOXA1_*_B.seq.gz)
if [ ${#ac[@]} -eq 1 ] && [ ${#b[@]} -eq 1 ]; then
  input=("--input" "${ac[0]}" "--test" "${b[0]}")
else
  log "no ENCODE FOXA1 set under $data: calibrating on simulated data"
  cli simulate --out "$work/sim" >&2
  input=("--input" "$(ls "$work"/sim/*train*.seq* | head -1)" "--test" "$(ls "$work"/sim/*test*.seq* | head -1)")
fi
start=$(date +%s)
calibration=failed
if timeout 240 java -jar "$root/cli/target/seqbind.jar" train "${input[@]}" --arch deepbind --device gpu \
    --calibrate 30 --folds 3 --store "$work/store" --name gpucheck >&2; then
  calibration=$(( $(date +%s) - start ))
fi
log "step 3, calibration 30 x 3 on the GPU: ${calibration} s"

# 4. The scorer on CUDA (-Pgpu build: onnxruntime_gpu instead of onnxruntime).
cuda="cuda_provider=no max_abs_diff=NaN cuda_per_s=0 batching_gain_64=NaN"
if ./mvnw -B -ntp -q -Pgpu -pl scorer-service -am package -DskipTests dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >&2; then
  printf -- '-cp\n%s\n' "scorer-service/target/test-classes:scorer-service/target/classes:$(tr ':' '\n' \
    < "$work/cp.txt" | grep -v 'slf4j-jboss-logmanager' | paste -sd:)" > "$work/java.args"
  model="$(java @"$work/java.args" io.seqbind.scorer.bench.BenchModel "$work/scorer-store")"
  out="$(timeout 150 java @"$work/java.args" io.seqbind.scorer.bench.GpuCheck "$work/scorer-store" "$model" 101 \
    2>&1 | tee -a /dev/stderr)"
  line="$(grep '^gpu-check-scorer:' <<< "$out")"
  if [ -n "$line" ]; then
    cuda="$(sed -E 's/^gpu-check-scorer: provider=([a-z]+)/cuda_provider=\1/; s/cuda_provider=cuda/cuda_provider=yes/;
      s/cuda_provider=cpu/cuda_provider=no/; s/ cpu_per_s=[0-9.]+//' <<< "$line")"
  fi
else
  log "the -Pgpu build failed (is onnxruntime_gpu in the Maven repository?)"
fi
# Back to the CPU build, so that the next ./seqbind run does not pick up the GPU classes.
./mvnw -B -ntp -q -pl scorer-service -am package -DskipTests >&2 || true

echo "gpu-check: opencl=$opencl train16_b256=${t16:-NaN} train128_b256=${t128:-NaN} calibration_s=$calibration $cuda"
