#!/usr/bin/env bash
# The test command (README): installs what the tests need on a fresh machine, lints the gRPC contracts
# with buf, then builds every module and runs all unit and integration tests.
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

./mvnw -B -ntp verify "$@"
