#!/usr/bin/env bash
# The test command (README): installs what the tests need on a fresh machine, lints the gRPC contracts
# with buf, builds every module and runs all unit and integration tests, then tests the Helm chart, the
# Galaxy tools and the Nextflow pipeline; builds the OCI images and starts them from the chart's manifests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

BUF_VERSION=1.75.0
tools="$root/.tools"
buf="$tools/node_modules/.bin/buf"
if [ ! -x "$buf" ] || [ "$("$buf" --version)" != "$BUF_VERSION" ]; then
  echo "test.sh: installing buf $BUF_VERSION from npm into .tools/" >&2
  npm install --silent --no-audit --no-fund --prefix "$tools" "@bufbuild/buf@$BUF_VERSION" >&2
fi
echo "test.sh: buf lint proto/"
(cd proto && "$buf" lint)
echo "test.sh: buf lint clean"

# OpenCL on the CPU (PoCL) for the trainer's Aparapi kernel tests; with it present they must run, not skip.
if [ "${SEQBIND_SKIP_OPENCL:-0}" != 1 ]; then
  if ! { clinfo -l 2>/dev/null | grep -q Platform; } && ! dpkg -s pocl-opencl-icd >/dev/null 2>&1 \
      && [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing PoCL (OpenCL on the CPU) with apt-get" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        pocl-opencl-icd ocl-icd-libopencl1 clinfo; } >&2 || echo "test.sh: PoCL install failed" >&2
  fi
  if clinfo -l 2>/dev/null | grep -q Platform; then
    export SEQBIND_REQUIRE_OPENCL=1
  else
    echo "test.sh: no OpenCL platform: the OpenCL kernel tests will be skipped" >&2
  fi
fi

# Python gRPC client for the scorer's cross-language IT (Debian's packages; run with /usr/bin/python3, not a
# pyenv python3 on PATH). With them present the IT must run, not skip.
if ! /usr/bin/python3 -c 'import grpc, grpc_tools.protoc, google.protobuf' >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "test.sh: installing the Python gRPC tools with apt-get" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      python3-grpcio python3-grpc-tools python3-protobuf; } >&2 || echo "test.sh: Python gRPC install failed" >&2
fi

# The reference ONNX checker (python3-onnx) for the trainer's export tests (skipped where it is missing).
if ! /usr/bin/python3 -c 'import onnx' >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "test.sh: installing python3-onnx (ONNX checker) with apt-get" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-onnx; } >&2 \
    || echo "test.sh: python3-onnx install failed: the ONNX checker tests will be skipped" >&2
fi

# The OCI images (profile images, images/README.md): mmdebstrap makes their Debian base; python3-yaml reads the
# rendered chart in images/test.sh.
if { ! command -v mmdebstrap >/dev/null 2>&1 || ! /usr/bin/python3 -c 'import yaml' >/dev/null 2>&1; } && [ "$(id -u)" = 0 ]; then
  echo "test.sh: installing mmdebstrap and python3-yaml with apt-get" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap python3-yaml; } >&2 \
    || echo "test.sh: mmdebstrap install failed" >&2
fi

# The CLI's TLS tests make their certificates with openssl at test time.
if ! command -v openssl >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "test.sh: installing openssl with apt-get" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl; } >&2 \
    || echo "test.sh: openssl install failed" >&2
fi

./mvnw -B -ntp -Pimages verify "$@"

# Fuzzing (issue 17): every reader and request check runs under Jazzer for a few seconds from its committed
# corpus (which verify just replayed as regression tests); a finding fails the build. Longer: bench/fuzz.sh.
SEQBIND_FUZZ_BUILD=0 bash bench/fuzz.sh "${SEQBIND_FUZZ_SECONDS:-5}"

# The deployment and workflow wrappers, each against the jars just built: the Helm chart (helm lint --strict,
# rendered manifests, values.schema.json refusing bad values), the Galaxy tools (galaxy.xsd, their options
# against the CLI's --help, smoke runs) and the Nextflow pipeline (a real run, -resume, bad input, samplesheet).
bash helm/test.sh
# The images started from their own layers as the chart renders them: the cluster in a box.
bash images/test.sh
bash galaxy/test.sh
# Nextflow on a real single-node Slurm cluster (started and stopped by the test; Debian slurm-wlm + munge, and
# chromium + python3-pil for the report check, installed by it where missing).
bash nextflow/test.sh --slurm
