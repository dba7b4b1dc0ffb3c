// swift-tools-version: 6.0
// An outside user's package: its own optimizer, run on landscape's surfaces, checked against a
// golden file and drawn beside the built-in ones. It depends on landscape by path, as a user
// working on a checkout would (by URL, the package is named after its repository, `landscape`).
import PackageDescription

let package = Package(
    name: "HeavyBall",
    dependencies: [
        .package(name: "landscape", path: "../.."),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
    ],
    targets: [
        .target(name: "HeavyBall", dependencies: [
            .product(name: "Landscapes", package: "landscape"),
            .product(name: "Trajectories", package: "landscape"),
        ]),
        .testTarget(name: "HeavyBallTests", dependencies: [
            "HeavyBall",
            .product(name: "Landscapes", package: "landscape"),
            .product(name: "Trajectories", package: "landscape"),
            .product(name: "Plotting", package: "landscape"),
            .product(name: "CairoRenderer", package: "landscape"),
            .product(name: "GridFiles", package: "landscape"),
            .product(name: "LandscapeTesting", package: "landscape"),
            .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
        ], exclude: ["__Goldens__", "__Snapshots__"]),
    ]
)
