//! A bounded-time mutation fuzzer for the contact readers (issue 8), on the stable toolchain.
//!
//! cargo-fuzz needs a nightly compiler, and the CI machine has one toolchain that cannot be
//! changed (ARCHITECTURE.md, "Fuzzing"), so this is an in-repo fuzzer that runs anywhere `cargo
//! test` does: it starts from our own fixture files and a few generated ones, mutates them
//! (bit flips, byte insertions and deletions, splices of the tokens the readers care about:
//! folds, quoted-printable soft breaks, BOMs, charsets, quotes, delimiters, BDAY forms) with a
//! seeded xorshift generator, and feeds each input to every reader: `sniff_format`, the encoding
//! detection, `vcard::parse`, `csv::preview` and `csv::parse`. A reader may refuse an input with
//! an error; it must never panic. An input that panics is written to
//! `target/fuzz-crashes/<hash>.bin` and the test fails naming it; such a file then goes into
//! `tests/fixtures/fuzz/` where `every_saved_crash_input_reads_without_a_panic` keeps it fixed.
//!
//! `RAPPORT_FUZZ_SECONDS` sets the time (default 3 s here; `scripts/fuzz` runs it longer) and
//! `RAPPORT_FUZZ_SEED` the seed (default: from the clock, printed so a failure can be replayed).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rapport::exchange::{csv, encoding, sniff_format, vcard};

const TOKENS: &[&[u8]] = &[
    b"\r\n",
    b"\n ",
    b"\r\n\t",
    b"\r\r\n",
    b"=\r\n",
    b"=C3=",
    b"=",
    b"BEGIN:VCARD\r\n",
    b"END:VCARD\r\n",
    b"VERSION:2.1\r\n",
    b"VERSION:4.0\r\n",
    b";CHARSET=SHIFT_JIS",
    b";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:",
    b";ENCODING=BASE64:",
    b"item1.",
    b"X-ABLabel:",
    b"BDAY:",
    b"--0229",
    b"--02-29",
    b"1604-",
    b";X-APPLE-OMIT-YEAR=1604",
    b"ANNIVERSARY:",
    b"PHOTO;ENCODING=b;TYPE=JPEG:",
    b"N:;;;;",
    b"\\,",
    b"\\n",
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\t",
    b":::",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00",
    b"\xe3\x81",
    b"\x82\xa0",
    b"'=",
    b"E-mail 1 - Value",
    b"Birthday",
    b"31.02.1990",
    b"99/99/9999",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>) {
    for _ in 0..=rng.below(4) {
        let at = rng.below(input.len() + 1);
        match rng.below(6) {
            0 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] ^= 1 << rng.below(8);
            }
            1 => input.insert(at, rng.next() as u8),
            2 if !input.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(input.len());
                let start = at.min(end.saturating_sub(1));
                input.drain(start..end);
            }
            3 | 4 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                input.splice(at..at, token.iter().copied());
            }
            _ if !input.is_empty() => {
                // Repeat a slice of the input (long folds, many cards).
                let start = rng.below(input.len());
                let end = (start + 1 + rng.below(64)).min(input.len());
                let copy = input[start..end].to_vec();
                input.splice(at..at, copy);
            }
            _ => input.push(b'\n'),
        }
    }
    input.truncate(64 * 1024);
}

/// Every reader on one input. Errors are fine; only a panic is a failure.
fn read_all_ways(input: &[u8]) {
    let _ = sniff_format("fuzz.vcf", input);
    let _ = sniff_format("fuzz", input);
    let _ = vcard::parse(input, encoding_rs::WINDOWS_1252);
    let _ = vcard::parse(input, encoding_rs::SHIFT_JIS);
    let (text, _) = encoding::decode(input, None);
    let _ = csv::parse(&text, None);
    if let Ok(preview) = csv::preview(input, None) {
        let _ = csv::parse(&text, Some(&preview.mapping));
    }
    let _ = csv::preview(input, Some("shift_jis"));
}

fn seeds() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x != "md"))
                .filter_map(|e| std::fs::read(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    seeds.push(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nEMAIL;TYPE=work:ann@example.com\r\nTEL;TYPE=cell:+44 20 7946 0001\r\nBDAY:1980-02-29\r\nCATEGORIES:vip,friends\r\nEND:VCARD\r\n".to_vec());
    seeds.push(b"Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Value,Birthday,Group Membership\r\nAnn Lee,Ann,Lee,* Home,ann@example.com,+44 20 7946 0001,--02-29,vip ::: * myContacts\r\n".to_vec());
    seeds.push(b"First Name;Last Name;E-mail Address;Birthday\r\n\"Jos\xe9\";\"Ruiz\";jose@example.com;31.01.1990\r\n".to_vec());
    seeds
}

fn crash_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("fuzz-crashes")
}

fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

#[test]
fn the_readers_never_panic_on_mutated_contact_files() {
    let seconds: u64 = std::env::var("RAPPORT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    #[allow(clippy::disallowed_methods)] // A seed, not "now" for any rule.
    let clock_seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    let seed: u64 = std::env::var("RAPPORT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(clock_seed)
        | 1;
    println!("fuzz seed {seed} for {seconds} s (RAPPORT_FUZZ_SEED={seed} replays it)");
    let seeds = seeds();
    assert!(seeds.len() >= 10, "the seed corpus is there");
    let mut rng = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut runs = 0u64;
    let mut crashes: Vec<PathBuf> = Vec::new();
    // Panics are caught and reported as files; keep the default hook from printing each one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    while Instant::now() < deadline && crashes.len() < 5 {
        let mut input = seeds[rng.below(seeds.len())].clone();
        mutate(&mut rng, &mut input);
        let result = std::panic::catch_unwind(|| read_all_ways(&input));
        runs += 1;
        if result.is_err() {
            let dir = crash_dir();
            let _ = std::fs::create_dir_all(&dir);
            let path = dir.join(format!("{:016x}.bin", hash(&input)));
            let _ = std::fs::write(&path, &input);
            crashes.push(path);
        }
    }
    std::panic::set_hook(hook);
    println!("fuzz: {runs} inputs in {seconds} s");
    assert!(runs > 0);
    assert!(
        crashes.is_empty(),
        "a reader panicked; inputs saved (copy them to tests/fixtures/fuzz/): {crashes:?}"
    );
}

#[test]
fn every_saved_crash_input_reads_without_a_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fixtures/fuzz") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|x| x == "bin") {
            let bytes = std::fs::read(&path).expect("read");
            read_all_ways(&bytes);
            checked += 1;
        }
    }
    println!("{checked} saved crash inputs read cleanly");
}
