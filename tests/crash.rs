//! Crash safety: a process killed with SIGKILL in the middle of a large write transaction leaves
//! a file that passes `check` and holds exactly the state before that transaction.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn rapport(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapport"));
    cmd.arg("--data-dir")
        .arg(dir)
        .env_remove("RAPPORT_DATA_DIR");
    cmd
}

fn count(dir: &Path) -> usize {
    let out = rapport(dir)
        .args(["contacts", "list", "--json"])
        .output()
        .expect("list");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_array().expect("array").len()
}

#[test]
fn sigkill_during_a_large_transaction_loses_nothing_and_half_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let seeded = rapport(d)
        .args(["dev", "seed", "--contacts", "200"])
        .output()
        .expect("seed");
    assert!(seeded.status.success());
    let before = count(d);
    assert!(before >= 200, "200 people plus their organisations");

    // A big batch in one transaction: it spills pages into the WAL long before it commits.
    let mut child = rapport(d)
        .args(["dev", "seed", "--contacts", "400000", "--seed", "7"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let wal = d.join("rapport.sqlite3-wal");
    let start = Instant::now();
    loop {
        let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        if size > 4 * 1024 * 1024 {
            break;
        }
        assert!(
            child.try_wait().expect("poll").is_none(),
            "the seed finished before it could be killed"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no write activity seen"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().expect("poll").is_none(),
        "killed while still writing"
    );
    child.kill().expect("SIGKILL"); // std sends SIGKILL on Unix
    let status = child.wait().expect("reap");
    assert!(!status.success());

    let check = rapport(d).arg("check").output().expect("check");
    assert!(
        check.status.success(),
        "check after the crash: {}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    let after = count(d);
    // SQLite's atomic commit: all of the batch or none of it. (Killed mid-write, it is "none".)
    assert!(
        after == before || after >= before + 400_000,
        "half-written: {before} before, {after} after"
    );
}
