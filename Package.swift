// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Jixiao",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "jixiao", targets: ["jixiao"]),
        .library(name: "JixiaoModel", targets: ["JixiaoModel"]),
        .library(name: "JixiaoStore", targets: ["JixiaoStore"]),
        .library(name: "JixiaoDocuments", targets: ["JixiaoDocuments"]),
        .library(name: "JixiaoReports", targets: ["JixiaoReports"]),
        .library(name: "JixiaoEngine", targets: ["JixiaoEngine"]),
        .library(name: "JixiaoApp", targets: ["JixiaoApp"]),
        .library(name: "JixiaoServer", targets: ["JixiaoServer"]),
        .library(name: "JixiaoPostgres", targets: ["JixiaoPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // The web application (`jixiao serve`): no optional traits, to keep the build short.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Domain model and target-value parsing: plain values, no I/O.
        .target(name: "JixiaoModel", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The scoring engine and its rule profiles: pure values and functions, no I/O.
        .target(name: "JixiaoEngine", dependencies: ["JixiaoModel", "Yams"]),
        // Storage: GRDB records and migrations behind the `TargetStore` interface.
        .target(
            name: "JixiaoStore",
            dependencies: ["JixiaoModel", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        // The same store protocols on a shared PostgreSQL server (postgres-nio), for a province.
        .target(name: "JixiaoPostgres", dependencies: ["JixiaoModel", "JixiaoStore", .product(name: "PostgresNIO", package: "postgres-nio")]),
        // Documents in and out: the seed's text layout, csv, xlsx (and docx), templates.
        .target(name: "JixiaoDocuments", dependencies: ["JixiaoModel", "JixiaoEngine", "ZIPFoundation"]),
        // Reports out: text tables, json, csv.
        .target(name: "JixiaoReports", dependencies: ["JixiaoModel", "JixiaoEngine", "JixiaoDocuments"]),
        // The application layer: every use case (import, record, score, report, review, audit,
        // compare, merge …) over the store protocols, for every front end.
        .target(
            name: "JixiaoApp",
            dependencies: [
                "JixiaoModel", "JixiaoEngine", "JixiaoStore", "JixiaoPostgres", "JixiaoDocuments", "JixiaoReports",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            // The rule profiles go with the program as resources (Sources/JixiaoApp/Weights; ./Weights
            // is a link to it), so `--profile hubei-20-80` works from any directory.
            resources: [.copy("Weights")]
        ),
        // The web application: Hummingbird routes, pages (typed HTML, escaped by default), sessions
        // and CSRF; every page calls the application layer, which checks the rights.
        .target(
            name: "JixiaoServer",
            dependencies: [
                "JixiaoApp", "JixiaoModel", "JixiaoEngine", "JixiaoStore", "JixiaoDocuments", "JixiaoReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The thin command-line layer: parses arguments, calls one use case, prints.
        .executableTarget(
            name: "jixiao",
            dependencies: [
                "JixiaoApp", "JixiaoModel", "JixiaoEngine", "JixiaoStore", "JixiaoDocuments", "JixiaoReports", "JixiaoServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "JixiaoTests",
            dependencies: [
                "JixiaoModel", "JixiaoEngine", "JixiaoStore", "JixiaoDocuments", "JixiaoReports", "JixiaoApp", "JixiaoServer", "JixiaoPostgres", "jixiao",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["Golden", "Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
