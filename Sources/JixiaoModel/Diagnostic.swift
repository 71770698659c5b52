import Foundation

/// How serious a diagnostic or finding is.
public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .note: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// 错误 / 警告 / 提示.
    public var label: String {
        switch self {
        case .error: return "错误"
        case .warning: return "警告"
        case .note: return "提示"
        }
    }
}

/// A message about a user's input or data: a severity, an optional finding code (R01…, D01…),
/// where it is, and a Chinese message that says what is wrong and what to do.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    public var severity: Severity
    public var code: String?
    public var location: SourceLocation?
    public var message: String

    public init(_ severity: Severity, code: String? = nil, at location: SourceLocation? = nil, _ message: String) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = message
    }

    /// "seed.txt:85: 错误: …" — the form compilers use, so editors can jump to it.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += severity.label
        if let code { text += " \(code)" }
        return text + ": " + message
    }
}

/// A failure the user can act on: one or more error diagnostics. Nothing was changed.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public init(at location: SourceLocation? = nil, _ message: String) {
        self.diagnostics = [Diagnostic(.error, at: location, message)]
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
