//! `rapport`: the command-line face of the core, for scripting, automation and tests.
//! Every command is one core call; this file only parses, prints and sets the exit status.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// The exit status of a command whose reader went away, as shells report a SIGPIPE (128 + 13).
const CLOSED_PIPE: i32 = 141;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `rapport contacts list --json | head` closes standard output early. `println!` then panics;
/// stop quietly with the status a shell gives a program ended by SIGPIPE instead, as other
/// command-line tools do. Every other panic keeps the default report.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(CLOSED_PIPE);
        }
        default(info);
    }));
}
