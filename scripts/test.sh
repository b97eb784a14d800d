#!/usr/bin/env bash
# npm test: lint, type-check, build, then every layer in one node test run, so the run ends with one
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

# The full run lints the whole tree from scratch (what CI runs). A run of named layers reuses
# ESLint's cache (node_modules/.cache), so running one layer again costs seconds; a cached run
# re-lints only changed files, so a finding a change causes in another file waits for the full run.
if [ $# -eq 0 ]; then
  npm run --silent lint
else
  npx eslint --max-warnings 0 --cache --cache-location node_modules/.cache/eslint/ .
  npx prettier --check --log-level warn .
fi
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
