import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JixiaoApp
import JixiaoServer
import JixiaoStore
import Testing

/// One person in a browser, for the route tests: a cookie jar of one session and its form token.
struct Visitor {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var csrf = ""

    init(_ client: any TestClientProtocol) { self.client = client }

    var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }

    mutating func keep(_ response: TestResponse) {
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            if line.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        if let token = Self.csrf(in: String(buffer: response.body)) { csrf = token }
    }

    static func csrf(in html: String) -> String? {
        guard let r = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "\"" })
    }

    @discardableResult
    mutating func get(_ uri: String) async throws -> TestResponse {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let r = try await client.execute(uri: uri, method: .get, headers: headers)
        keep(r)
        return r
    }

    /// Posts a urlencoded form with the session's token (or `csrf`, or none when `csrf` is "").
    @discardableResult
    mutating func post(_ uri: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> TestResponse {
        var all = fields
        let token = csrf ?? self.csrf
        if !token.isEmpty { all.append(("csrf", token)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let r = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        keep(r)
        return r
    }

    /// Posts a multipart form with one file.
    @discardableResult
    mutating func upload(_ uri: String, fileName: String, data: Data, fields: [(String, String)] = []) async throws -> TestResponse {
        let boundary = "----jixiaotest\(UUID().uuidString)"
        var body = Data()
        for (k, v) in fields + [("csrf", csrf)] {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let r = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
        keep(r)
        return r
    }

    /// Signs in through the login page; the session's form token is read from the home page.
    @discardableResult
    mutating func login(_ name: String, _ password: String) async throws -> TestResponse {
        try await get("/login")
        let r = try await post("/login", [("name", name), ("password", password)], csrf: csrf)
        if r.status == .seeOther { try await get(r.headers[.location] ?? "/") }
        if let next = try await get("/").headers[.location] { try await get(next) }
        return r
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

/// The samples loaded for the web tests, with a bureau user and one user per department (bcrypt
/// cost 4 to keep the tests fast).
enum WebFixture {
    static let samples = TestSupport.root.appendingPathComponent("Samples")
    static let password = "test-pass-1"
    static let policy = AccountPolicy(bcryptCost: 4)

    static func store() async throws -> SQLiteStore {
        let store = try SQLiteStore()
        let owner = Application(store: store, actor: .local(user: "本机"))
        for file in ["000_969f7bf0a7ef26b4.txt", "targets-342002-2026.txt", "2025/targets-342001-2025.txt", "2025/targets-342002-2025.txt"] {
            _ = try await owner.importTargets(file: samples.appendingPathComponent(file).path, year: nil)
        }
        for (file, year) in [("actuals-2026.csv", 2026), ("actuals-342002-2026.csv", 2026), ("2025/actuals-2025.csv", 2025)] {
            _ = try await owner.recordActuals(file: samples.appendingPathComponent(file).path, year: year, profile: .national2020)
        }
        _ = try await owner.addUser(name: "bureau", role: .bureau, password: password, policy: policy)
        _ = try await owner.addUser(name: "u1", role: .unit(department: "342001"), password: password, policy: policy)
        _ = try await owner.addUser(name: "u1b", role: .unit(department: "342001"), password: password, policy: policy)
        _ = try await owner.addUser(name: "u2", role: .unit(department: "342002"), password: password, policy: policy)
        return store
    }

    static func configuration(maxUpload: Int = 10 * 1024 * 1024, secure: Bool = false) -> ServerConfiguration {
        ServerConfiguration(secureCookies: secure, accounts: policy, uploads: UploadLimits(maxBytes: maxUpload))
    }

    /// Runs `body` against the router (no sockets).
    static func test(store: any Store, configuration: ServerConfiguration = configuration(),
                     _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Hummingbird.Application(router: WebServer.router(store: store, configuration: configuration))
        try await app.test(.router) { client in try await body(client) }
    }
}
