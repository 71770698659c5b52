// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Jixiao",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "jixiao", targets: ["jixiao"]),
        .library(name: "JixiaoModel", targets: ["JixiaoModel"]),
        .library(name: "JixiaoStore", targets: ["JixiaoStore"]),
        .library(name: "JixiaoDocuments", targets: ["JixiaoDocuments"]),
        .library(name: "JixiaoReports", targets: ["JixiaoReports"]),
        .library(name: "JixiaoEngine", targets: ["JixiaoEngine"]),
        .library(name: "JixiaoApp", targets: ["JixiaoApp"]),
        .library(name: "JixiaoPostgres", targets: ["JixiaoPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
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
        .target(name: "JixiaoApp", dependencies: ["JixiaoModel", "JixiaoEngine", "JixiaoStore", "JixiaoPostgres", "JixiaoDocuments", "JixiaoReports"]),
        // The thin command-line layer: parses arguments, calls one use case, prints.
        .executableTarget(
            name: "jixiao",
            dependencies: [
                "JixiaoApp", "JixiaoModel", "JixiaoEngine", "JixiaoStore", "JixiaoDocuments", "JixiaoReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "JixiaoTests",
            dependencies: [
                "JixiaoModel", "JixiaoEngine", "JixiaoStore", "JixiaoPostgres", "JixiaoDocuments", "JixiaoReports", "JixiaoApp", "jixiao",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            exclude: ["Golden", "Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
