/// kbench: performance measurements of the engine. `kbench <command> [options]`; see
/// `Benchmarks.all` for the commands.
#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let benchmark = Benchmarks.all.first(where: { $0.name == name }) else {
    print("usage: kbench <command> [options]\n\ncommands:")
    for b in Benchmarks.all { print("  " + pad(b.name, 10) + b.summary) }
    exit(arguments.isEmpty ? 0 : 2)
}
exit(benchmark.run(Array(arguments.dropFirst())))
