#!/usr/bin/env bash
# Sourced by scripts that run npm inside an npm script. npm exports its own state to child scripts
# (npm_config_* including user_agent and nodedir, npm_lifecycle_*, npm_package_*, npm_execpath,
# npm_node_execpath, NODE, INIT_CWD). A nested install that inherits them behaves as if run by the
# outer npm: code-server's postinstall reads the Node version from $npm_config_user_agent, so under
# `npm test` on Node 20 it refused to install although Node 24 was first on PATH. Unset them all;
# the nested npm reads the user's .npmrc itself.
while IFS= read -r _zkops_var; do
  unset "$_zkops_var"
done < <(compgen -e | grep -E '^(npm_|NODE$|INIT_CWD$|NODE_ENV$|npm_config_)' || true)
unset _zkops_var
