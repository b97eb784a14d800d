#!/usr/bin/env bash
# npm test: type-check, build, then every layer in one node test run, so the run ends with one
# summary. Layers: unit (no servers), integration (real ZooKeeper ensembles), e2e (real VS Code in
# headless Chromium). `npm test -- unit` (or integration, e2e) runs the named layers only.
set -euo pipefail
cd "$(dirname "$0")/.."
layers=("$@")
[ ${#layers[@]} -gt 0 ] || layers=(unit integration e2e)
for layer in "${layers[@]}"; do
  case "$layer" in unit|integration|e2e) ;; *) echo "unknown test layer: $layer (unit, integration, e2e)" >&2; exit 2 ;; esac
done
wants() { [[ " ${layers[*]} " == *" $1 "* ]]; }

if wants e2e; then bash scripts/ensure-deps.sh --e2e; else bash scripts/ensure-deps.sh; fi

npm run --silent typecheck
node esbuild.mjs --host-tests
if wants e2e; then npm run --silent package >/dev/null; fi

files=()
for layer in "${layers[@]}"; do
  while IFS= read -r f; do files+=("$f"); done < <(find "test/$layer" -name '*.test.ts' | sort)
done
files+=(test/final/no-leftovers.test.ts)

# One file at a time: integration and e2e files each start servers, and the machine has 2 cores.
exec node --import tsx --test --test-concurrency=1 --test-timeout=600000 "${files[@]}"
