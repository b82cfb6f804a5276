#!/usr/bin/env bash
# Training throughput of seqbind against PyTorch 1.13 (Debian, CPU, 2 threads) on the same model
# (conv F x 24, ReLU, global max, dense 32, ReLU, dropout, one logit), batch sizes 64 and 256, L=101,
# for 16 and 128 filters, in one run; then the ENCODE test AUCs of the deepbind preset (encode_auc.sh).
# Last line: train-bench: ratio16=X ratio128=Y mean_auc=Z   (ratio = seqbind / PyTorch samples/s, batch 256)
# Usage: bench/train_bench.sh [device: auto|java|opencl|gpu] [--skip-auc]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
device="${1:-auto}"
cd "$root"
./seqbind --version >/dev/null # builds the jar when needed
java_bin="$(readlink -f "$(command -v java)")"
export LD_PRELOAD="$(dirname "$(dirname "$java_bin")")/lib/libjsig.so"

seqbind_out="$(java -cp cli/target/seqbind.jar io.seqbind.trainer.engine.TrainingThroughput "$device" 16,128 64,256 5 \
  2>/dev/null | grep '^seqbind ')"
unset LD_PRELOAD
echo "$seqbind_out"
torch_json="$(/usr/bin/python3 bench/torch_deepbind.py --synthetic 8192 --hidden 32 --filters 16,128 \
  --batch-sizes 64,256 --json)"

ratios="$(/usr/bin/python3 - "$torch_json" "$seqbind_out" <<'PY'
import json, re, sys
torch = {(r["filters"], int(b)): v for r in json.loads(sys.argv[1])["results"] for b, v in r["samples_per_s"].items()}
ours = {(int(f), int(b)): float(v) for f, b, v in re.findall(r"filters=(\d+) batch=(\d+) samples_per_s=([\d.]+)", sys.argv[2])}
for key in sorted(ours):
    print(f"filters={key[0]} batch={key[1]} seqbind={ours[key]:.0f}/s pytorch={torch[key]:.0f}/s ratio={ours[key] / torch[key]:.2f}",
          file=sys.stderr)
print(f"{ours[(16, 256)] / torch[(16, 256)]:.2f} {ours[(128, 256)] / torch[(128, 256)]:.2f}")
PY
)"
read -r ratio16 ratio128 <<< "$ratios"
mean_auc=skipped
if [ "${2:-}" != "--skip-auc" ]; then
  encode="$(bench/encode_auc.sh --device "$device")"
  echo "$encode"
  mean_auc="$(sed -nE 's/.*mean_auc=([0-9.]+).*/\1/p' <<< "$encode")"
fi
echo "train-bench: ratio16=$ratio16 ratio128=$ratio128 mean_auc=$mean_auc"
