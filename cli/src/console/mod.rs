//! The console's screens: `home`, `deposit`, `withdraw`, `cancel`, `orders`, `statement`,
//! `sync`, `offline`/`online`, and the sandbox's QA controls (`clock`, `per10k`, `reset`).
//! Each command talks to the server only through the device side (`wealth_core::device`) over
//! real HTTPS, as an app does. The JSON printed with `--json` is documented in `docs/console.md`.

mod args;
mod commands;
mod context;
mod error;
mod export;
pub mod render;

pub use args::{Command, GlobalArgs};
pub use render::table;

use std::process::ExitCode;

/// Run one console command and print its result (text, or JSON with `--json`).
pub fn run(global: &GlobalArgs, command: Command) -> ExitCode {
    let json = command.json();
    let rt = crate::runtime();
    match rt.block_on(commands::execute(global, command)) {
        Ok(out) => {
            if json {
                println!("{}", serde_json::to_string_pretty(&out.json).expect("JSON values serialise"));
            } else {
                print!("{}", out.text);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            e.print(json);
            ExitCode::from(1)
        }
    }
}

/// What a command printed: the text for people and the JSON for scripts.
pub struct Output {
    /// Human text (tables), ending with a newline.
    pub text: String,
    /// The `--json` document.
    pub json: serde_json::Value,
}
