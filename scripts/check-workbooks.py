#!/usr/bin/env python3
"""An independent check of Rapport's workbooks (issue 6).

For each .xlsx given: openpyxl opens it and the house style is checked per workbook kind (sheet
names, real Excel tables or autofilters, frozen header rows, conditional formats, native charts,
print setup); then LibreOffice headless converts it to PDF, and pdftoppm keeps the first page as
a PNG under --pages (one image per workbook kind, to look at).

The kind is read from the file name: meeting-pack*.xlsx, issues*.xlsx, contacts*.xlsx,
minutes*.xlsx. Exits non-zero on the first problem, naming the file and sheet.

Usage: check-workbooks.py [--pages DIR] [--no-pdf] FILE.xlsx...
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

PACK_SHEETS = ["Summary", "Open issues", "Timeline", "Action items", "Meeting notes", "Workload"]

# kind: (sheets, {sheet: what must be on it})
KINDS = {
    "meeting-pack": (
        PACK_SHEETS,
        {
            "Summary": {"autofilter", "frozen"},
            "Open issues": {"table", "frozen", "conditional"},
            "Timeline": {"autofilter", "frozen", "conditional"},
            "Action items": {"table", "frozen"},
            "Workload": {"table", "frozen", "chart"},
        },
    ),
    "issues": (["Issues"], {"Issues": {"table", "frozen", "conditional"}}),
    "contacts": (["Contacts"], {"Contacts": {"table", "frozen"}}),
    "minutes": (
        ["Minutes", "Action items"],
        {"Minutes": {"autofilter", "frozen"}, "Action items": {"table", "frozen"}},
    ),
}


class Problem(Exception):
    pass


def kind_of(path):
    name = os.path.basename(path)
    for kind in KINDS:
        if name.startswith(kind):
            return kind
    raise Problem(f"{name}: not a workbook kind this script knows ({', '.join(KINDS)})")


def check_sheet(name, ws, wants):
    where = f"sheet {ws.title!r}"
    if "table" in wants:
        if not ws.tables and ws.max_row > 2:
            raise Problem(f"{name}, {where}: no Excel table")
        if not ws.tables and not ws.auto_filter.ref:
            raise Problem(f"{name}, {where}: neither an Excel table nor an autofilter")
    if "autofilter" in wants and not ws.auto_filter.ref:
        raise Problem(f"{name}, {where}: no autofilter")
    if "frozen" in wants and not ws.freeze_panes:
        raise Problem(f"{name}, {where}: the header row is not frozen")
    if "conditional" in wants and ws.max_row > 2:
        rules = [r for cf in ws.conditional_formatting for r in cf.rules]
        if not rules:
            raise Problem(f"{name}, {where}: no conditional format")
    if "chart" in wants and ws.tables and not ws._charts:
        raise Problem(f"{name}, {where}: no chart")
    # Print setup: landscape, fitted to the page width, the business in the page header.
    if ws.page_setup.orientation != "landscape":
        raise Problem(f"{name}, {where}: not landscape")
    if not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage:
        raise Problem(f"{name}, {where}: not fitted to the page")
    if not (ws.oddHeader.left.text or ""):
        raise Problem(f"{name}, {where}: no business name in the page header")
    # Widths were set (not Excel's default everywhere).
    if not any(d.width for d in ws.column_dimensions.values()):
        raise Problem(f"{name}, {where}: no column widths")


def check_workbook(path):
    name = os.path.basename(path)
    kind = kind_of(path)
    sheets, wants = KINDS[kind]
    wb = openpyxl.load_workbook(path)
    if wb.sheetnames != sheets:
        raise Problem(f"{name}: sheets {wb.sheetnames}, expected {sheets}")
    for sheet in sheets:
        check_sheet(name, wb[sheet], wants.get(sheet, set()))
    # No cell anywhere is a formula (user text is never run).
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    raise Problem(f"{name}, sheet {ws.title!r}, {cell.coordinate}: a formula")
    return kind


def to_pdf_and_page(path, kind, pages, profile):
    name = os.path.basename(path)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise Problem("LibreOffice (soffice) is not installed: scripts/install-system-deps.sh")
    with tempfile.TemporaryDirectory() as out:
        run = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                out,
                path,
            ],
            capture_output=True,
            text=True,
            timeout=240,
        )
        pdf = os.path.join(out, os.path.splitext(name)[0] + ".pdf")
        if run.returncode != 0 or not os.path.exists(pdf) or os.path.getsize(pdf) < 1000:
            raise Problem(f"{name}: LibreOffice did not convert it to PDF: {run.stderr.strip()}")
        os.makedirs(pages, exist_ok=True)
        stem = os.path.join(pages, os.path.splitext(name)[0])
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", pdf, stem],
            check=True,
            capture_output=True,
            timeout=120,
        )
        if not os.path.exists(stem + ".png"):
            raise Problem(f"{name}: pdftoppm made no page image")
        return stem + ".png"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", default="target/workbook-pages")
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    profile = tempfile.mkdtemp(prefix="rapport-lo-")
    try:
        for path in args.files:
            kind = check_workbook(path)
            line = f"{os.path.basename(path)}: ok ({kind}"
            if not args.no_pdf:
                png = to_pdf_and_page(path, kind, args.pages, profile)
                line += f", page {png}"
            print(line + ")", flush=True)
    except Problem as p:
        print(f"problem: {p}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
