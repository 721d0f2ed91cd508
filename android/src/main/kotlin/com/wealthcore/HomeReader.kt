package com.wealthcore

import com.sun.jna.Memory
import com.sun.jna.Native
import com.sun.jna.Pointer
import java.nio.ByteOrder
import uniffi.wealth_ffi.FfiConverterTypeHomeViewModel
import uniffi.wealth_ffi.HomeViewModel
import uniffi.wealth_ffi.Wealth

/**
 * The home reader's C entry point (`bindings/src/home_reader.rs`), mapped directly by JNA. Its
 * arguments are primitives and a pointer, so a call allocates no JNA structure.
 */
internal object HomeReaderLib {
    init {
        Native.register(HomeReaderLib::class.java, System.getProperty(WealthLibrary.OVERRIDE_PROPERTY) ?: "wealth_ffi")
    }

    /** Bytes of the serialised view model (written only if they fit), or a negative code. */
    external fun wealth_ffi_home_reader_read(id: Long, buffer: Pointer, capacity: Long): Long
}

/**
 * Reads [wealth]'s home view model with one plain C call into a buffer it owns (ADR 0011): the
 * same value as `wealth.home()`, decoded by the generated converter, without the JNA structures
 * that every generated call allocates. For screens that redraw often. Thread-safe; close it
 * before closing [wealth].
 */
class HomeReader(private val wealth: Wealth) : AutoCloseable {
    private val id = wealth.openHomeReader().toLong()
    private var buffer = Memory(1024)
    private var closed = false

    /** The home view model. On any failure it makes the ordinary call, which throws the typed error. */
    @Synchronized
    fun read(): HomeViewModel {
        check(!closed) { "HomeReader is closed" }
        var n = HomeReaderLib.wealth_ffi_home_reader_read(id, buffer, buffer.size())
        if (n > buffer.size()) {
            buffer = Memory(n)
            n = HomeReaderLib.wealth_ffi_home_reader_read(id, buffer, buffer.size())
        }
        if (n < 0 || n > buffer.size()) return wealth.home()
        val bytes = buffer.getByteBuffer(0, n).order(ByteOrder.BIG_ENDIAN)
        return FfiConverterTypeHomeViewModel.read(bytes).also {
            check(!bytes.hasRemaining()) { "home reader: ${bytes.remaining()} bytes left over (bindings from another build?)" }
        }
    }

    /** Stop reading (closing twice does nothing). */
    @Synchronized
    override fun close() {
        if (!closed) {
            closed = true
            wealth.closeHomeReader(id.toULong())
        }
    }
}
