// Swift conveniences over the uniffi-generated `WealthFFI` module.
// Re-exported so that apps `import WealthCore` only.
@_exported import WealthFFI
