// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "landscape",
    products: [
        .library(name: "Landscapes", targets: ["Landscapes"]),
        .library(name: "Trajectories", targets: ["Trajectories"]),
        .library(name: "Contours", targets: ["Contours"]),
        .library(name: "Networks", targets: ["Networks"]),
        .library(name: "Plotting", targets: ["Plotting"]),
        .library(name: "CairoRenderer", targets: ["CairoRenderer"]),
        .library(name: "GridFiles", targets: ["GridFiles"]),
        // Golden path data, drawings and pixels for other packages' tests.
        .library(name: "LandscapeTesting", targets: ["LandscapeTesting"]),
        .executable(name: "landscape", targets: ["landscape"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Scene files in YAML.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Snapshot strategies for LandscapeTesting only; the core libraries depend on nothing.
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
        // `swift package generate-documentation`: the DocC catalogs in Sources/*/*.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // Surfaces, specs and grids. Depends on nothing.
        .target(name: "Landscapes"),
        // Optimizers, runners, recorded trajectories.
        .target(name: "Trajectories", dependencies: ["Landscapes"]),
        // Small networks: data sets, MLPs with backpropagation, training, planes through weight space.
        .target(name: "Networks", dependencies: ["Landscapes", "Trajectories"]),
        // Pure geometry: marching squares lines and filled bands on a Grid.
        .target(name: "Contours", dependencies: ["Landscapes"]),
        // Figure model, layout, colormaps, ticks; draws through the `Canvas` protocol. No C.
        .target(name: "Plotting", dependencies: ["Landscapes", "Trajectories", "Contours", "Networks"]),
        // The system library. Only CairoRenderer imports it.
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        // HDF5 (and zlib) from the system: loss-landscape's surface files. Only GridFiles imports it.
        // Its headers only: libhdf5 itself is opened when a file is first read (see shim.h), so
        // that no command pays for loading it and the forty libraries it needs.
        .systemLibrary(name: "CHDF5"),
        // Grids computed elsewhere: loss-landscape's HDF5, NumPy .npy/.npz, CSV; paths to draw on them.
        .target(name: "GridFiles", dependencies: ["Landscapes", "Trajectories", "Plotting", "CHDF5"]),
        // `Canvas` on Cairo image, SVG and PDF surfaces.
        .target(name: "CairoRenderer", dependencies: ["Plotting", "CCairo"]),
        // Assertions against golden files, and swift-snapshot-testing strategies.
        .target(name: "LandscapeTesting", dependencies: [
            "Landscapes", "Trajectories", "Networks", "Plotting", "CairoRenderer", "GridFiles",
            .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
        ]),
        .executableTarget(
            name: "landscape",
            dependencies: [
                "Landscapes", "Trajectories", "Contours", "Networks", "Plotting", "CairoRenderer", "GridFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            // The gallery's scene files: copy one and edit it.
            resources: [.copy("Gallery")]
        ),
        .testTarget(name: "LandscapesTests", dependencies: ["Landscapes"]),
        .testTarget(name: "TrajectoriesTests", dependencies: ["Trajectories"]),
        .testTarget(name: "ContoursTests", dependencies: ["Contours"]),
        .testTarget(name: "NetworksTests", dependencies: ["Networks", "Landscapes", "Trajectories"],
                    exclude: ["Reference"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "Networks"]),
        .testTarget(name: "CairoRendererTests", dependencies: ["CairoRenderer"]),
        .testTarget(name: "GridFilesTests", dependencies: ["GridFiles", "Landscapes", "Trajectories", "Networks", "Plotting"], resources: [.copy("Data")]),
        .testTarget(name: "LandscapeTestingTests", dependencies: [
            "LandscapeTesting", "Landscapes", "Trajectories", "Networks", "Plotting", "CairoRenderer", "GridFiles",
            .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
        ]),
        .testTarget(name: "LandscapeCLITests", dependencies: ["landscape", .product(name: "Yams", package: "Yams")],
                    exclude: ["public-api-used.txt"]),
    ]
)
