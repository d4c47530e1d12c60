#!/usr/bin/env python3
"""Meeting pack for 100,000 open issues: Rapport (rust_xlsxwriter, streaming) against the same rows
written by Python XlsxWriter (constant_memory) and openpyxl (write_only), side by side.

Each writer runs as its own process under /usr/bin/time -v (wall time and peak RSS). The Python
writers read the same rows from the same SQLite file with the same query and write the same long
sheets the pack has (Open issues as an Excel table with the overdue rule, Timeline with its bar
rules, Workload as a table with a column chart), so the comparison is rows-in to file-out.

Usage: bench.py [--issues 250000] [--runs 3]   (run from the repository root; builds --release)
Needs: python3 with xlsxwriter and openpyxl (bench/workbooks/run.sh makes a venv).
"""

import argparse
import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

OPEN_SQL = """SELECT i.id, cu.display_name, i.title, t.name, co.display_name, i.priority, i.status,
        i.opened_at, i.due_date, i.due_after_waits, i.last_activity_at,
        (SELECT e.note FROM issue_events e WHERE e.issue_id = i.id AND e.kind = 'comment'
         ORDER BY e.at DESC, e.id DESC LIMIT 1)
    FROM issues i JOIN contacts cu ON cu.id = i.customer_id
    LEFT JOIN team_members t ON t.id = i.owner_id
    LEFT JOIN contacts co ON co.id = i.customer_owner_id
    WHERE i.status IN ('open', 'in_progress', 'waiting_on_customer') {extra}
    ORDER BY {order}"""
OPEN_ORDER = "t.name IS NULL, t.name, i.due_date IS NULL, i.due_date, i.id"
TIMELINE_ORDER = "i.due_date, i.id"
HEADERS = ["Owner", "Due", "Days overdue", "Priority", "Issue", "Title", "Customer",
           "Customer-side owner", "Status", "Last update", "Latest note"]


def rows(db, today, extra, order):
    con = sqlite3.connect(db)
    for r in con.execute(OPEN_SQL.format(extra=extra, order=order)):
        (iid, customer, title, owner, cowner, prio, status, opened, due, eff, last, note) = r
        due_d = dt.date.fromisoformat(due) if due else None
        eff_d = dt.date.fromisoformat(eff) if eff else None
        overdue = (today - eff_d).days if eff_d and status in ("open", "in_progress") and eff_d < today else 0
        yield (owner or "(no owner)", due_d, overdue, prio, iid, title, customer, cowner,
               status.replace("_", " "), dt.date.fromisoformat(last[:10]), note,
               dt.date.fromisoformat(opened[:10]))


def workload(db, today):
    con = sqlite3.connect(db)
    return con.execute(
        """SELECT coalesce(t.name, '(no owner)'), count(*),
                  count(*) FILTER (WHERE i.status IN ('open','in_progress') AND i.due_after_waits < ?1)
           FROM issues i LEFT JOIN team_members t ON t.id = i.owner_id
           WHERE i.status IN ('open', 'in_progress', 'waiting_on_customer')
           GROUP BY i.owner_id ORDER BY count(*) DESC""", (today.isoformat(),)).fetchall()


def write_xlsxwriter(db, out, today):
    import xlsxwriter
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    date = wb.add_format({"num_format": "d mmm yyyy", "valign": "top"})
    integer = wb.add_format({"num_format": "#,##0", "align": "center", "valign": "top"})
    text = wb.add_format({"valign": "top"})
    wrap = wb.add_format({"valign": "top", "text_wrap": True})
    bad = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    summary = wb.add_worksheet("Summary")
    summary.write_string(0, 0, "Status meeting pack — All customers")
    ws = wb.add_worksheet("Open issues")
    n = 0
    formats = [text, date, integer, text, integer, wrap, text, text, text, date, wrap]
    for n, r in enumerate(rows(db, today, "", OPEN_ORDER), start=1):
        for c, v in enumerate(r[:11]):
            if v is None or (c == 2 and v == 0):
                ws.write_blank(n, c, None, formats[c])
            elif isinstance(v, dt.date):
                ws.write_datetime(n, c, dt.datetime(v.year, v.month, v.day), formats[c])
            elif isinstance(v, int):
                ws.write_number(n, c, v, formats[c])
            else:
                ws.write_string(n, c, v, formats[c])
    ws.add_table(0, 0, n, 10, {"columns": [{"header": h} for h in HEADERS], "style": "Table Style Medium 2"})
    ws.conditional_format(1, 0, n, 10, {"type": "formula", "criteria": "=$C2>0", "format": bad})
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    tl = wb.add_worksheet("Timeline")
    m = 0
    for m, r in enumerate(rows(db, today, "AND i.due_date IS NOT NULL", TIMELINE_ORDER), start=1):
        tl.write_number(m, 0, r[4], integer)
        tl.write_string(m, 1, r[6], text)
        tl.write_string(m, 2, r[5], text)
        tl.write_string(m, 3, r[0], text)
        tl.write_datetime(m, 4, dt.datetime(r[11].year, r[11].month, r[11].day), date)
        tl.write_datetime(m, 5, dt.datetime(r[1].year, r[1].month, r[1].day), date)
    tl.autofilter(0, 0, m, 22)
    tl.conditional_format(1, 6, m, 22, {"type": "formula", "criteria": "=AND(G$1+6>=$E2,G$1<=$F2)", "format": bad})
    tl.freeze_panes(1, 3)
    wl = wb.add_worksheet("Workload")
    w = workload(db, today)
    wl.add_table(0, 0, len(w), 2, {"data": [list(x) for x in w],
                                   "columns": [{"header": "Owner"}, {"header": "Open"}, {"header": "Overdue"}]})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"categories": ["Workload", 1, 0, len(w), 0], "values": ["Workload", 1, 1, len(w), 1]})
    wl.insert_chart(1, 5, chart)
    wb.close()
    return n


def write_openpyxl(db, out, today):
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.table import Table, TableStyleInfo
    wb = Workbook(write_only=True)
    summary = wb.create_sheet("Summary")
    summary.append(["Status meeting pack — All customers"])
    ws = wb.create_sheet("Open issues")
    ws.freeze_panes = "A2"
    ws.append(HEADERS)
    n = 0
    for n, r in enumerate(rows(db, today, "", OPEN_ORDER), start=1):
        vals = list(r[:11])
        if vals[2] == 0:
            vals[2] = None
        ws.append(vals)
    t = Table(displayName="Table1", ref=f"A1:K{n + 1}")
    t.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(t)
    fill = PatternFill(start_color="FFC7CE", end_color="FFC7CE", fill_type="solid")
    ws.conditional_formatting.add(f"A2:K{n + 1}", FormulaRule(formula=["$C2>0"], fill=fill))
    tl = wb.create_sheet("Timeline")
    tl.freeze_panes = "D2"
    tl.append(["Issue", "Customer", "Title", "Owner", "Opened", "Due"])
    m = 0
    for m, r in enumerate(rows(db, today, "AND i.due_date IS NOT NULL", TIMELINE_ORDER), start=1):
        tl.append([r[4], r[6], r[5], r[0], r[11], r[1]])
    tl.conditional_formatting.add(f"G2:W{m + 1}", FormulaRule(formula=["AND(G$1+6>=$E2,G$1<=$F2)"], fill=fill))
    wl = wb.create_sheet("Workload")
    wl.append(["Owner", "Open", "Overdue"])
    w = workload(db, today)
    for x in w:
        wl.append(list(x))
    chart = BarChart()
    chart.add_data(Reference(wl, min_col=2, min_row=1, max_row=len(w) + 1), titles_from_data=True)
    chart.set_categories(Reference(wl, min_col=1, min_row=2, max_row=len(w) + 1))
    wl.add_chart(chart, "F2")
    wb.save(out)
    return n


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, CPU seconds, peak MB, stdout)."""
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed:\n{r.stdout}\n{r.stderr}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
    h, mnt, s = wall.groups()
    secs = int(h or 0) * 3600 + int(mnt) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([\d.]+)", r.stderr).group(1)) for k in ("User", "System"))
    return secs, cpu, rss / 1024, r.stdout


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("--xlsxwriter", "--openpyxl"):
        db, out, today = sys.argv[2], sys.argv[3], dt.date.fromisoformat(sys.argv[4])
        n = (write_xlsxwriter if sys.argv[1] == "--xlsxwriter" else write_openpyxl)(db, out, today)
        print(n)
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--issues", type=int, default=250_000, help="issues seeded (40%% are open)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", help="reuse a data folder seeded by an earlier run")
    args = ap.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    subprocess.run(["cargo", "build", "--release", "-p", "rapport", "--bin", "rapport"], check=True)
    rapport = os.path.join(target, "release", "rapport")
    work = tempfile.mkdtemp(prefix="rapport-wb-bench-")
    data = args.data or os.path.join(work, "data")
    env = dict(os.environ, RAPPORT_DATA_DIR=data, TZ="UTC")
    if not args.data:
        subprocess.run([rapport, "dev", "seed", "--contacts", "20000", "--issues", str(args.issues)],
                       check=True, env=env, stdout=subprocess.DEVNULL)
    db = os.path.join(data, "rapport.sqlite3")
    if not os.path.exists(db):
        db = next(os.path.join(data, f) for f in os.listdir(data) if f.endswith((".sqlite3", ".db", ".sqlite")))
    today = dt.date.today().isoformat()
    results = {"rapport": [], "xlsxwriter": [], "openpyxl": []}
    sizes = {}
    for _ in range(args.runs):
        out = os.path.join(work, "rapport.xlsx")
        secs, cpu, mb, so = timed([rapport, "export", "meeting-pack", "--out", out, "--as-of", today, "--json"], env)
        results["rapport"].append((secs, cpu, mb))
        sizes["rapport"] = os.path.getsize(out)
        rows_written = re.search(r'"rows": (\d+)', so).group(1)
        for lib in ("xlsxwriter", "openpyxl"):
            out = os.path.join(work, f"{lib}.xlsx")
            secs, cpu, mb, so = timed([sys.executable, __file__, f"--{lib}", db, out, today])
            results[lib].append((secs, cpu, mb))
            sizes[lib] = os.path.getsize(out)
            assert so.strip() == rows_written, f"{lib} wrote {so.strip()} rows, rapport {rows_written}"
    best = {k: min(v) for k, v in results.items()}
    best_cpu = {k: min(c for _, c, _ in v) for k, v in results.items()}
    print(f"\nMeeting pack, {rows_written} open issues ({args.issues} seeded), best of {args.runs}:")
    print(f"{'writer':<12} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'file MB':>8}  wall / cpu vs rapport")
    for k in ("rapport", "xlsxwriter", "openpyxl"):
        secs = best[k][0]
        peak = max(m for _, _, m in results[k])
        print(f"{k:<12} {secs:>7.2f} {best_cpu[k]:>7.2f} {peak:>8.1f} {sizes[k] / 1e6:>8.1f}"
              f"  {secs / best['rapport'][0]:.1f}x / {best_cpu[k] / best_cpu['rapport']:.1f}x")

if __name__ == "__main__":
    main()
