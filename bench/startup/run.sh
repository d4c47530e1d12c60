#!/usr/bin/env bash
# Builds the release app and the bare-window floor the same way, seeds 100,000 contacts with the CLI,
# and runs bench.py under Xvfb. Usage: bench/startup/run.sh [--runs N] [--baseline PATH-TO-ANOTHER-rapport-app]
# Builds go to CARGO_TARGET_DIR when it is set (else target/), and the seeded folder with them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  (cd ui && npm ci --no-audit --no-fund && npm run build)
  cargo build --release --workspace --bins --examples
fi

SEED="$TARGET/bench-seed-100k"
if [ ! -f "$SEED/rapport.sqlite3" ]; then
  mkdir -p "$SEED"
  echo "seeding 100,000 contacts into $SEED"
  "$TARGET/release/rapport" --data-dir "$SEED" dev seed --contacts 100000
fi

xvfb-run -a -s "-screen 0 1280x800x24" \
  python3 bench/startup/bench.py \
  --app "$TARGET/release/rapport-app" --floor "$TARGET/release/examples/bare-window" \
  --seeded "$SEED" "$@"
