import Foundation
import JixiaoStore
import PostgresNIO

/// Where a PostgreSQL database is: `postgres://USER[:PASS]@HOST[:PORT]/DB[?sslmode=…]` (also
/// `postgresql://`). The password is kept for connecting and never shown: `location` leaves it out.
public struct PostgresAddress: Sendable, Equatable {
    /// TLS to the server, as libpq's `sslmode` names it.
    public enum TLSMode: String, Sendable {
        /// Plain connection.
        case disable
        /// TLS when the server offers it (libpq's default).
        case prefer
        /// TLS, without checking the server's certificate.
        case require
        /// TLS, the certificate checked against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode

    /// Whether `spec` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgres(_ spec: String) -> Bool {
        spec.hasPrefix("postgres://") || spec.hasPrefix("postgresql://")
    }

    /// Parses a URL; a malformed one is refused with a message naming what is missing.
    public init(_ spec: String) throws {
        let example = "postgres://用户名[:密码]@主机[:端口]/数据库名[?sslmode=disable|prefer|require|verify-full]"
        guard Self.isPostgres(spec), let url = URLComponents(string: spec) else {
            throw StoreError("无法识别的 PostgreSQL 地址 \(Self.redacted(spec))。应为 \(example)。")
        }
        guard let user = url.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw StoreError("PostgreSQL 地址 \(Self.redacted(spec)) 缺少用户名。应为 \(example)。")
        }
        guard let host = url.host, !host.isEmpty else {
            throw StoreError("PostgreSQL 地址 \(Self.redacted(spec)) 缺少主机。应为 \(example)。")
        }
        let database = String(url.percentEncodedPath.drop { $0 == "/" }).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError("PostgreSQL 地址 \(Self.redacted(spec)) 缺少数据库名（主机后的 /数据库名）。应为 \(example)。")
        }
        var tls = TLSMode.prefer
        for item in url.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw StoreError("PostgreSQL 地址中的 sslmode=\(item.value ?? "") 无法识别：可用 disable、prefer、require、verify-full。")
                }
                tls = mode
            default:
                throw StoreError("PostgreSQL 地址中的参数 \(item.name) 不受支持：只认 sslmode。")
            }
        }
        self.user = user
        password = url.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        self.host = host
        port = url.port ?? 5432
        self.database = database
        self.tls = tls
    }

    /// The address without its password, for messages.
    public var location: String {
        let name = user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(name)@\(hostPart):\(port)/\(database)" + (tls == .prefer ? "" : "?sslmode=\(tls.rawValue)")
    }

    /// `spec` with any password replaced, for messages about a spec that did not parse.
    static func redacted(_ spec: String) -> String {
        guard let at = spec.lastIndex(of: "@"), let scheme = spec.range(of: "://"), scheme.upperBound < at else { return spec }
        let credentials = spec[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return spec }
        return String(spec[..<colon]) + ":***" + String(spec[at...])
    }

    /// One connection's configuration (the first call's schema check connects this way, so that a
    /// wrong address or password is reported at once rather than after the pool's retries).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tlsConfig: PostgresConnection.Configuration.TLS
        var client = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable: tlsConfig = .disable
        case .prefer:
            client.certificateVerification = .none
            tlsConfig = .prefer(try NIOSSLContext(configuration: client))
        case .require:
            client.certificateVerification = .none
            tlsConfig = .require(try NIOSSLContext(configuration: client))
        case .verifyFull: tlsConfig = .require(try NIOSSLContext(configuration: client))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tlsConfig)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// The client configuration for this address.
    func clientConfiguration(poolSize: Int) -> PostgresClient.Configuration {
        let tlsConfig: PostgresClient.Configuration.TLS
        switch tls {
        case .disable: tlsConfig = .disable
        case .prefer:
            var config = TLSConfiguration.makeClientConfiguration()
            config.certificateVerification = .none
            tlsConfig = .prefer(config)
        case .require:
            var config = TLSConfiguration.makeClientConfiguration()
            config.certificateVerification = .none
            tlsConfig = .require(config)
        case .verifyFull: tlsConfig = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tlsConfig)
        configuration.options.maximumConnections = max(1, poolSize)
        configuration.options.minimumConnections = 0
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}
