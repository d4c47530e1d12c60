#!/usr/bin/env bash
# The survey bench (issue 7): a made-up 50,000-row, 20-column Google Forms export (.xlsx), imported
# and reported by Rapport's release binary, against pandas + openpyxl on the same file.
# ROWS=N changes the size; RUNS=N the repeats. Needs python3 (a venv with pandas and openpyxl is
# made under the target folder on first use).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
rows="${ROWS:-50000}"
cargo build --release -p rapport --manifest-path "$root/Cargo.toml"
bin="$target/release/rapport"
venv="$target/bench-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pandas, openpyxl' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q pandas openpyxl
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" --data-dir "$work/gen" dev survey-sheet --rows "$rows" --out "$work/survey.xlsx"
"$venv/bin/python" "$root/bench/surveys/compare.py" "$bin" "$work/survey.xlsx" "${RUNS:-3}"
