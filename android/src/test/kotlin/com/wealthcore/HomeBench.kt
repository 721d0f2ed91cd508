package com.wealthcore

// Kotlin (JNA) side of scripts/bench-ffi.sh: time per call of Wealth.home() through the generated
// bindings. Runs only when the script passes -Dwealth.bench.dataDir (and -Dwealth.bench.out).

import java.io.File
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.condition.EnabledIfSystemProperty
import uniffi.wealth_ffi.Wealth
import uniffi.wealth_ffi.WealthConfig

class HomeBench {
    @Test
    @EnabledIfSystemProperty(named = "wealth.bench.dataDir", matches = ".+")
    fun homeCall() {
        val dataDir = System.getProperty("wealth.bench.dataDir")
        val iterations = System.getProperty("wealth.bench.iterations", "20000").toInt()
        Wealth.open(WealthConfig("https://127.0.0.1:9", null, dataDir, "bench")).use { wealth ->
            var units = wealth.home().units
            repeat(iterations) { units = wealth.home().units } // warm-up (JIT) with a full round
            val rounds = (0 until 5).map {
                val start = System.nanoTime()
                repeat(iterations) { units = wealth.home().units }
                (System.nanoTime() - start) / 1000.0 / iterations
            }.sorted()
            // For comparison: the smallest call that returns through a RustBuffer (an enum), to
            // tell JNA's per-call cost from the size of the home view model.
            repeat(iterations) { uniffi.wealth_ffi.displayLocaleForTag("en") }
            val start = System.nanoTime()
            repeat(iterations) { uniffi.wealth_ffi.displayLocaleForTag("en") }
            val tiny = (System.nanoTime() - start) / 1000.0 / iterations
            System.err.println("kotlin: units $units, rounds $rounds; smallest RustBuffer call ${"%.2f".format(tiny)} µs")
            File(System.getProperty("wealth.bench.out")).writeText(String.format(java.util.Locale.ROOT, "%.2f\n", rounds[2]))
        }
    }
}
