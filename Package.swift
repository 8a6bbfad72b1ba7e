// swift-tools-version:6.0
import PackageDescription

/// Hot numeric and interpreter code is compiled without runtime exclusivity checks
/// in release builds; arithmetic overflow is still detected explicitly where Python
/// semantics need it. Release builds target the CPU they are built on (kscript builds
/// where it runs: `scripts/kscript` builds on first use), so the kernels' loops use its
/// widest vectors (AVX2/AVX-512 halve the optimizers' divide-and-square-root loops).
let fastSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked", "-target-cpu", "native"], .when(configuration: .release)),
]

let package = Package(
    name: "kscript",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kscript", targets: ["kscript"]),
    ],
    dependencies: [
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // 1. System libraries (Debian: libopenblas-dev, libreadline-dev, zlib1g-dev).
        //    zlib's module map is ZIPFoundation's `CZlib` (a second module of that name cannot
        //    coexist in one build), so targets that inflate/deflate import it through ZIPFoundation.
        //    libhdf5-dev holds the weights of `.keras` files.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CReadline", pkgConfig: "readline", providers: [.apt(["libreadline-dev"])]),

        // 2. Tensor engine.
        .target(name: "KTensor", dependencies: ["COpenBLAS", .product(name: "ZIPFoundation", package: "ZIPFoundation")], swiftSettings: fastSettings),
        // 3. Keras as a Swift library.
        .target(name: "Keras", dependencies: ["KTensor", "CHDF5", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                swiftSettings: fastSettings),
        // 4. Figures to SVG.
        .target(name: "Plot", swiftSettings: fastSettings),
        // 5. The language and its bridge modules.
        .target(name: "KScript", dependencies: ["KTensor", "Keras", "Plot"], swiftSettings: fastSettings),
        // 6. The notebook REPL.
        .target(name: "Notebook", dependencies: ["KScript", "CReadline"], swiftSettings: fastSettings),
        // 7. The executable: argument parsing only.
        .executableTarget(name: "kscript", dependencies: ["Notebook"]),
        // 8. Benchmarks (`scripts/bench`).
        .executableTarget(name: "kbench", dependencies: ["KTensor", "Keras"], path: "Sources/kbench"),

        .testTarget(name: "KTensorTests", dependencies: ["KTensor"], exclude: ["Fixtures"]),
        .testTarget(name: "KerasTests", dependencies: ["Keras"], exclude: ["Fixtures"]),
        .testTarget(name: "KerasSavingTests", dependencies: ["Keras"], exclude: ["Fixtures"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"], exclude: ["Fixtures"]),
        .testTarget(name: "KScriptTests", dependencies: ["KScript"], exclude: ["Fixtures"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v5]
)
