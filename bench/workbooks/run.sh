#!/usr/bin/env bash
# Meeting pack for 100,000 open issues: Rapport vs Python XlsxWriter vs openpyxl (bench.py).
# Makes its own venv for the Python writers; builds Rapport with --release.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV="${CARGO_TARGET_DIR:-$PWD/target}/workbook-bench-venv"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import xlsxwriter, openpyxl" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check XlsxWriter==3.3.1 openpyxl==3.1.5
fi
exec "$VENV/bin/python" bench/workbooks/bench.py "$@"
