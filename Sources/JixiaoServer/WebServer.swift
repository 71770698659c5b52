import Foundation
import Hummingbird
import JixiaoApp
import JixiaoEngine
import JixiaoStore
import Logging
import ServiceLifecycle

/// The application layer's use cases (named apart from Hummingbird's `Application`).
typealias UseCases = JixiaoApp.Application

/// How the web application runs.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Adds `Secure` to the session cookie: set it when the server is behind TLS.
    public var secureCookies: Bool
    public var accounts: AccountPolicy
    public var uploads: UploadLimits
    /// The rule profile every page scores with.
    public var profile: Profile

    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, accounts: AccountPolicy = AccountPolicy(),
                uploads: UploadLimits = UploadLimits(), profile: Profile = .national2020) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.accounts = accounts
        self.uploads = uploads
        self.profile = profile
    }
}

/// The web application (`jixiao serve`): Hummingbird routes over the application layer. Every
/// page and download builds an `Application` for the signed-in user, whose rights the
/// application layer checks; this layer parses requests and renders pages.
public enum WebServer {
    /// Hummingbird's own bound on decoded bodies (the forms read theirs with `Site.bodyLimit`).
    static let maxBodyBytes = 101 * 1024 * 1024

    /// The router with every route and middleware, for the server and for tests.
    public static func router(store: any Store, configuration: ServerConfiguration) -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        let site = Site(store: store, configuration: configuration)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorPageMiddleware())
        router.add(middleware: SessionMiddleware(store: store))
        site.addRoutes(to: router)
        return router
    }

    /// The application: the router on `host:port`, with request logs.
    public static func application(store: any Store, configuration: ServerConfiguration, logger: Logger,
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Hummingbird.Application(
            router: router(store: store, configuration: configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "jixiao"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// Runs until SIGINT or SIGTERM, then finishes the requests in flight and stops.
    public static func run(store: any Store, configuration: ServerConfiguration, logger: Logger,
                           onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = application(store: store, configuration: configuration, logger: logger, onServerRunning: onServerRunning)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
