//! The Rust baseline of `scripts/bench-ffi.sh`: time per call of `Wealth::home()` (the whole
//! home view model, display strings included) called from Rust, on a prepared local store.
//! Usage: bench_home DATA_DIR [ITERATIONS]; prints the median over 5 rounds in µs per call.

use std::time::Instant;

use wealth_ffi::{Wealth, WealthConfig};

fn main() {
    let mut args = std::env::args().skip(1);
    let data_dir = args.next().expect("usage: bench_home DATA_DIR [ITERATIONS]");
    let iterations: u32 = args.next().map(|s| s.parse().expect("ITERATIONS is a number")).unwrap_or(20_000);
    let wealth = Wealth::open(WealthConfig {
        server_url: "https://127.0.0.1:9".into(),
        ca_cert_pem: None,
        data_dir,
        session_token: "bench".into(),
    })
    .expect("open the prepared store");
    let units = wealth.home().expect("home").display.units;
    for _ in 0..iterations / 10 {
        std::hint::black_box(wealth.home().expect("home"));
    }
    let mut rounds: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iterations {
                std::hint::black_box(wealth.home().expect("home"));
            }
            t.elapsed().as_secs_f64() * 1e6 / f64::from(iterations)
        })
        .collect();
    rounds.sort_by(f64::total_cmp);
    eprintln!("rust: units {units}, rounds {rounds:.2?}");
    println!("{:.2}", rounds[2]);
}
