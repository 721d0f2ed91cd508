// swift-tools-version:5.9
//
// WealthCore for Swift: the uniffi bindings of the `wealth_ffi` Rust library plus small Swift
// wrappers. The generated files (Sources/WealthFFI/wealth_ffi.swift and
// Sources/wealth_ffiFFI/{wealth_ffiFFI.h,module.modulemap}) are not committed:
// `scripts/test-bindings.sh` generates them from the built cdylib and copies them in.
//
// Linking: the package links `-lwealth_ffi`; pass the directory of `libwealth_ffi.so` (Linux) or
// `libwealth_ffi.a`/`.dylib` (Apple) on the command line, e.g.
//   swift test -Xlinker -L/path/to/lib -Xlinker -rpath -Xlinker /path/to/lib
// or set WEALTH_LIB_DIR, which adds the same flags here.
// (An iOS app build would use an XCFramework binaryTarget instead; see the README.)
import PackageDescription

let libDir = Context.environment["WEALTH_LIB_DIR"]
// On a Mac: the xcframework made by build-xcframework.sh replaces the system library + -l flag.
let xcframework = Context.environment["WEALTH_XCFRAMEWORK"].flatMap { $0.isEmpty ? nil : $0 }

var ffiLinker: [LinkerSetting] = xcframework == nil ? [.linkedLibrary("wealth_ffi")] : []
if let libDir, !libDir.isEmpty, xcframework == nil {
    ffiLinker.append(.unsafeFlags(["-L\(libDir)", "-Xlinker", "-rpath", "-Xlinker", libDir]))
}
let ffiTarget: Target = xcframework.map { .binaryTarget(name: "wealth_ffiFFI", path: $0) }
    ?? .systemLibrary(name: "wealth_ffiFFI", path: "Sources/wealth_ffiFFI")

let package = Package(
    name: "WealthCore",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "WealthCore", targets: ["WealthCore"]),
    ],
    targets: [
        // C declarations of the Rust library's FFI (uniffi's header + modulemap, generated).
        ffiTarget,
        // uniffi's generated Swift (wealth_ffi.swift, generated).
        .target(
            name: "WealthFFI",
            dependencies: ["wealth_ffiFFI"],
            path: "Sources/WealthFFI",
            linkerSettings: ffiLinker
        ),
        // Hand-written Swift layer over the generated API: session, observable view models,
        // secret store, log forwarding. Binding and platform services only; no business rule.
        .target(
            name: "WealthCore",
            dependencies: [
                "WealthFFI",
                .target(name: "ObservationLinuxShim", condition: .when(platforms: [.linux])),
            ],
            path: "Sources/WealthCore"
        ),
        // Linux only: a symbol Debian's swiftlang 6.0.3 Observation library lacks (see shim.c).
        .target(name: "ObservationLinuxShim", path: "Sources/ObservationLinuxShim"),
        .testTarget(
            name: "WealthCoreTests",
            dependencies: ["WealthCore"],
            path: "Tests/WealthCoreTests"
        ),
    ]
)
