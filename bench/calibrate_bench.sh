#!/usr/bin/env bash
# Calibrated training of the deepbind preset on DeepBind's ENCODE sets, the way the trainer's gRPC service
# runs a job: a JobSpec with calibration (30 settings x 3 folds, all settings x folds of an architecture
# trained together in the engine's multi-model kernels), the final model, test AUC on *_B.seq.gz, ONNX export
# into a temporary model store (io.seqbind.trainer.bench.CalibrateBench, trainer-service test sources).
# Prints per set: CV AUC of the chosen setting, test AUC, wall seconds of the whole job, the chosen setting.
# Last line: calibrate-bench: mean_auc=X wall_s=Y   (wall_s: ELK1's job; wall_s_mean when ELK1 is not run)
# Usage: bench/calibrate_bench.sh [--sets ELK1,MYC] [--data DIR] [--settings 30] [--folds 3] [--steps S]
#        [--max-steps S] [--ensemble N] [--optimizer sgd|adam|adadelta] [--device auto|java|opencl|gpu] [--batch B] [--validate-every S] [--seed S] [--verbose]
# Targets (issue 4): ELK1 under 300 s on the 2-core CI machine; mean test AUC over the 7 sets >= 0.95.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The sets: ../shared/data/encode beside the checkout, or ENCODE_DATA, or --data (a later --data wins).
data="${ENCODE_DATA:-$root/../shared/data/encode}"

# Compiles the reactor's classes (never installs: ~/.m2 is shared) and writes trainer-service's test classpath.
./mvnw -B -ntp -q -o -pl trainer-service -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >&2
printf -- '-cp\n%s\n' "trainer-service/target/test-classes:trainer-service/target/classes:$(cat "$work/cp.txt")" \
  > "$work/java.args"
java_bin="$(readlink -f "$(command -v java)")"
# Signal chaining, in case --device opencl picks an LLVM-based OpenCL driver (see AparapiOps).
LD_PRELOAD="$(dirname "$(dirname "$java_bin")")/lib/libjsig.so" \
  java -Xmx6g @"$work/java.args" io.seqbind.trainer.bench.CalibrateBench --data "$data" "$@" 2> >(grep -v '^WARNING' >&2)
