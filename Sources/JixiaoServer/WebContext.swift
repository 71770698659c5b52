import Hummingbird
import JixiaoApp
import Logging
import NIOCore

/// The request context of the web application: who is signed in, and the peer's address (for
/// the login limits).
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, set by `SessionMiddleware`; nil on the login page.
    public var signedIn: SignedIn?
    /// The peer's IP address ("local" where there is none, as in the router tests).
    public var address: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    /// Bodies are bounded: the upload limit and a little for the multipart wrapping.
    public var maxUploadSize: Int { WebServer.maxBodyBytes }
}
