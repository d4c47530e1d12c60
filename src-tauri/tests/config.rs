//! The shipped configuration keeps its promises: the identifier the core uses for the data folder,
//! a strict CSP with no remote origins, no global Tauri object, and only the permissions the UI uses.

use serde_json::Value;

fn json(path: &str) -> Value {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

#[test]
fn identifier_matches_the_core_so_app_and_cli_share_one_data_folder() {
    let conf = json("tauri.conf.json");
    assert_eq!(conf["identifier"], rapport::APP_IDENTIFIER);
    assert_eq!(conf["productName"], "Rapport");
}

#[test]
fn csp_is_strict_and_names_no_remote_origin() {
    let conf = json("tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP string");
    for required in [
        "default-src 'self'",
        "script-src 'self';",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "connect-src ipc: http://ipc.localhost;",
    ] {
        assert!(csp.contains(required), "CSP lacks {required:?}: {csp}");
    }
    assert!(!csp.contains("unsafe-eval"), "{csp}");
    let origins: Vec<&str> = csp
        .split([' ', ';'])
        .filter(|t| t.starts_with("http") || t.starts_with("ws"))
        .collect();
    assert_eq!(
        origins,
        ["http://ipc.localhost"],
        "remote origins in the CSP"
    );
    assert_eq!(conf["app"]["withGlobalTauri"], false);
}

#[test]
fn capabilities_grant_only_the_file_dialogs() {
    let caps = json("capabilities/default.json");
    let permissions: Vec<&str> = caps["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("plain permission"))
        .collect();
    assert_eq!(permissions, ["dialog:allow-open", "dialog:allow-save"]);
}

#[test]
fn bundles_never_list_appimage_which_cannot_build_offline() {
    let conf = json("tauri.conf.json");
    let targets = conf["bundle"]["targets"]
        .as_array()
        .expect("explicit targets");
    assert!(targets.iter().all(|t| t != "appimage"));
    assert!(targets.iter().any(|t| t == "deb") && targets.iter().any(|t| t == "rpm"));
}
