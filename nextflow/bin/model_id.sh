#!/usr/bin/env bash
# The id (sha256 of model.onnx) of a model bundle folder, from its manifest: how a task names the model to a
# deployed service (--endpoint), which reads models from its own store, not from the task's folder.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: model_id.sh BUNDLE_DIR" >&2; exit 2; }
id="$(sed -n 's/^ *"id": *"\([0-9a-f]\{64\}\)".*/\1/p' "$1/manifest.json" | head -n 1)"
[ -n "$id" ] || { echo "model_id.sh: no model id in $1/manifest.json" >&2; exit 2; }
echo "$id"
