#!/usr/bin/env bash
# Offline test of the seqbind Galaxy wrappers: macro expansion + galaxy.xsd validation + CLI option check
# (check_tools.py), then every tool's <test>s run as Galaxy runs them (run_tests.py: Cheetah-rendered commands).
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

# The tools' own <test>s, run as Galaxy runs a job: each <command> rendered with Cheetah from the test's params,
# run with bash in a job folder, outputs and the test's assertions checked (error-path tests included).
need=()
/usr/bin/python3 -c 'import Cheetah' 2>/dev/null || need+=(python3-cheetah)
command -v samtools >/dev/null 2>&1 || need+=(samtools)
if [ "${#need[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "galaxy-test: needs ${need[*]} (apt-get install ${need[*]})" >&2; exit 1; }
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"; } >/dev/null \
    || { echo "galaxy-test: could not install ${need[*]}" >&2; exit 1; }
fi
/usr/bin/python3 "$here/run_tests.py" "$here"/seqbind_*.xml

echo "galaxy-test: ok"
