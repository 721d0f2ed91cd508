// Swift side of scripts/bench-ffi.sh: time per call of Wealth.home() through the generated
// bindings. Usage: bench DATA_DIR ITERATIONS; prints the median over 5 rounds in µs per call.
import Foundation

let args = CommandLine.arguments
let dataDir = args[1]
let iterations = args.count > 2 ? Int(args[2])! : 20_000
let wealth = try! Wealth.open(config: WealthConfig(
    serverUrl: "https://127.0.0.1:9", caCertPem: nil, dataDir: dataDir, sessionToken: "bench"))
var sink = try! wealth.home().display.units
for _ in 0..<(iterations / 10) { sink = try! wealth.home().display.units }
var rounds: [Double] = []
for _ in 0..<5 {
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations { sink = try! wealth.home().display.units }
    let ns = Double(DispatchTime.now().uptimeNanoseconds - start)
    rounds.append(ns / 1000 / Double(iterations))
}
rounds.sort()
FileHandle.standardError.write("swift: units \(sink), rounds \(rounds)\n".data(using: .utf8)!)
print(String(format: "%.2f", rounds[2]))
