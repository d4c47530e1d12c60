//! The floor for the start-up bench (bench/startup/README.md): a bare Tauri window, built with the
//! same Tauri, features and profile as `rapport-app`, whose page signals its first paint exactly as
//! the Rapport UI does (`app_ready` after two animation frames). Not part of the product.

#[tauri::command(rename_all = "snake_case")]
#[allow(clippy::disallowed_methods)] // wall-clock time for the bench, compared across processes
async fn app_ready(screen: String) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or_default();
    println!("rapport-app ready screen={screen} rows=0 epoch_us={now}");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![app_ready])
        .run(tauri::generate_context!(
            "../bench/startup/bare/tauri.conf.json"
        ))
        .unwrap_or_else(|e| {
            eprintln!("bare-window: {e}");
            std::process::exit(1);
        });
}
