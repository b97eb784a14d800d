#!/usr/bin/env bash
# Installs what is missing, and nothing else:
#   npm packages (when node_modules is absent or older than the lock file),
#   Debian's zookeeper (unless ZOOKEEPER_HOME names an install), prometheus (promtool) and
#   prometheus-alertmanager,
#   with --e2e also Chromium, its fonts, the native build libraries code-server needs, and code-server
#   itself (cached outside the repository by scripts/install-code-server.sh).
# As root it installs Debian packages itself; otherwise it prints the exact command and fails.
set -euo pipefail
cd "$(dirname "$0")/.."
want_e2e=false
[ "${1:-}" = "--e2e" ] && want_e2e=true

missing_debs=()
if [ -z "${ZOOKEEPER_HOME:-}" ] && [ ! -f /usr/share/java/zookeeper.jar ]; then missing_debs+=(zookeeper); fi
if ! command -v java >/dev/null 2>&1; then missing_debs+=(default-jre-headless); fi
# promtool checks `zkops rules --prometheus`; the alert tests deliver to a real Alertmanager.
command -v promtool >/dev/null 2>&1 || missing_debs+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || missing_debs+=(prometheus-alertmanager)
if $want_e2e; then
  command -v chromium >/dev/null 2>&1 || missing_debs+=(chromium)
  for pkg in fonts-liberation libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing_debs+=("$pkg")
  done
fi
if [ ${#missing_debs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages: ${missing_debs[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing_debs[@]}" >&2
  else
    echo "missing Debian packages: ${missing_debs[*]}" >&2
    echo "install them as root:  apt-get update && apt-get install -y ${missing_debs[*]}" >&2
    exit 1
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing npm packages" >&2
  (source scripts/clean-npm-env.sh && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

if $want_e2e; then
  bash scripts/install-code-server.sh >/dev/null
fi
