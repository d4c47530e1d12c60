#!/usr/bin/env bash
# End-to-end tests of the desktop app: the real rapport-app binary and its real WebKitGTK webview,
# driven by WebKitWebDriver under Xvfb, with Python selenium + pytest (e2e/).
#
# System packages (scripts/install-system-deps.sh installs them):
#   libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
#   build-essential pkg-config file xvfb xauth x11-utils webkit2gtk-driver dbus dbus-x11 imagemagick
#   python3-venv
# Also needed: cargo, node + npm.
#
# Usage: scripts/e2e.sh [pytest args...]     (SKIP_BUILD=1 to reuse existing builds)
# Screenshots: target/e2e-screenshots/<test>.png
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
PORT="${WEBDRIVER_PORT:-4444}"

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  echo "== ui: npm ci && npm run build"
  (cd ui && npm ci --no-audit --no-fund && npm run build)
  echo "== app: cargo build --workspace"
  # The same package selection as `cargo test --workspace` in CI, so dependencies build once.
  cargo build --workspace
fi

VENV="$TARGET/e2e-venv"
if [ ! -x "$VENV/bin/pytest" ] || ! "$VENV/bin/python" -c "import openpyxl" 2>/dev/null; then
  echo "== python: venv with selenium + pytest + openpyxl"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r e2e/requirements.txt
fi

rm -rf "$ROOT/target/e2e-screenshots"
mkdir -p "$ROOT/target/e2e-screenshots"

# Everything below runs inside one Xvfb display and one private D-Bus session (the app's
# single-instance lock and WebKit both use the session bus; a private one keeps runs independent).
export RAPPORT_APP_BIN="${RAPPORT_APP_BIN:-$TARGET/debug/rapport-app}"
export RAPPORT_CLI_BIN="${RAPPORT_CLI_BIN:-$TARGET/debug/rapport}"
export WEBDRIVER_URL="http://127.0.0.1:$PORT"
export E2E_PORT="$PORT" E2E_VENV="$VENV"
# No accessibility bus: it only adds noise to the log under a private D-Bus session.
export NO_AT_BRIDGE=1 PYTHONDONTWRITEBYTECODE=1

exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  set -uo pipefail
  LOG="$(mktemp -t webkitwebdriver.XXXXXX.log)"
  TAURI_WEBVIEW_AUTOMATION=true WebKitWebDriver --port="$E2E_PORT" >"$LOG" 2>&1 &
  DRIVER=$!
  # Always stop the driver, however pytest ends.
  trap "kill $DRIVER 2>/dev/null; wait $DRIVER 2>/dev/null" EXIT
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$E2E_PORT") 2>/dev/null; then break; fi
    sleep 0.1
  done
  "$E2E_VENV/bin/pytest" e2e -v -p no:cacheprovider "$@"
  STATUS=$?
  if [ "$STATUS" -ne 0 ]; then echo "--- WebKitWebDriver log:"; tail -n 50 "$LOG"; fi
  exit "$STATUS"
' e2e "$@"
