package com.wealthcore

/**
 * Where the native `wealth_ffi` library comes from.
 *
 * On Android the library is packaged as `libwealth_ffi.so` in the APK/AAR and JNA finds it by
 * name. On a desktop JVM (tests, tools) pass `-Djna.library.path=<dir>` or call [useLibraryAt]
 * before the first use of any generated binding.
 */
object WealthLibrary {
    /** uniffi's generated loader reads this system property before falling back to the name. */
    const val OVERRIDE_PROPERTY = "uniffi.component.wealth_ffi.libraryOverride"

    /** Load the library from [path] (an absolute file path or a library name) instead. */
    @JvmStatic
    fun useLibraryAt(path: String) {
        System.setProperty(OVERRIDE_PROPERTY, path)
    }
}
