package com.wealthcore

// Kotlin (JNA) side of scripts/bench-ffi.sh: time per call of the home view-model call an app
// makes, WealthSession.readHome() (a HomeReader: one direct-mapped JNA call, ADR 0011). For
// comparison it also times the generated Wealth.home() (several JNA structures per call) and
// prints both on stderr. Runs only when the script passes -Dwealth.bench.dataDir (and
// -Dwealth.bench.out).

import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.condition.EnabledIfSystemProperty
import uniffi.wealth_ffi.WealthConfig

class HomeBench {
    /** Median of 5 rounds of [iterations] calls, after a full round of warm-up (JIT), in µs. */
    private fun medianMicros(iterations: Int, call: () -> Unit): Pair<Double, List<Double>> {
        repeat(iterations) { call() }
        val rounds = (0 until 5).map {
            val start = System.nanoTime()
            repeat(iterations) { call() }
            (System.nanoTime() - start) / 1000.0 / iterations
        }.sorted()
        return rounds[2] to rounds
    }

    @Test
    @EnabledIfSystemProperty(named = "wealth.bench.dataDir", matches = ".+")
    fun homeCall() {
        val dataDir = System.getProperty("wealth.bench.dataDir")
        val iterations = System.getProperty("wealth.bench.iterations", "20000").toInt()
        WealthSession.open(WealthConfig("https://127.0.0.1:9", null, dataDir, "bench")).use { session ->
            var units = session.readHome().display.units
            assertEquals(session.core.home(), session.readHome(), "the reader returns what home() returns")
            val (median, rounds) = medianMicros(iterations) { units = session.readHome().display.units }
            val (generated, _) = medianMicros(iterations) { units = session.core.home().display.units }
            val fmt = { v: Double -> String.format(java.util.Locale.ROOT, "%.2f", v) }
            System.err.println(
                "kotlin: units $units, readHome() rounds ${rounds.map(fmt)}; generated Wealth.home() ${fmt(generated)} µs",
            )
            File(System.getProperty("wealth.bench.out")).writeText(fmt(median) + "\n")
        }
    }
}
