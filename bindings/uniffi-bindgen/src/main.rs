//! `uniffi-bindgen generate --library target/<profile>/libwealth_ffi.so --language swift|kotlin|python
//! --out-dir DIR`: uniffi's generator, built from the same uniffi version as `wealth-ffi`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
