//! The UI's TypeScript types are generated from the core's Rust types; this fails when the
//! committed files in `ui/src/lib/bindings/` no longer match. `UPDATE_BINDINGS=1 cargo test --test
//! bindings` rewrites them.

use std::path::PathBuf;

#[test]
fn committed_typescript_bindings_match_the_rust_types() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings");
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    let mut stale = Vec::new();
    for (name, contents) in rapport::bindings::files().expect("bindings generate") {
        let path = dir.join(&name);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != contents {
            if update {
                std::fs::create_dir_all(&dir).expect("create bindings folder");
                std::fs::write(&path, contents).expect("write binding");
            } else {
                stale.push(name);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale TypeScript bindings: {stale:?}; run `UPDATE_BINDINGS=1 cargo test --test bindings`"
    );
}
