import ArgumentParser
import Foundation
import JixiaoModel
import JixiaoApp
import JixiaoReports
import JixiaoStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Terminal output: data to stdout, messages to stderr, colour only on a terminal without NO_COLOR.
enum Console {
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    static var useColor: Bool {
        stderrIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// The OS user, recorded with every change.
    static var userName: String {
        let env = ProcessInfo.processInfo.environment
        return env["USER"] ?? env["LOGNAME"] ?? NSUserName()
    }

    /// Writes data to stdout. On a terminal, control and bidi characters from the data (ESC, BEL,
    /// U+202E …) are taken out first: the terminal never receives escapes from a user's file.
    static func out(_ text: String) {
        ProgressLine.shared.clear()
        FileHandle.standardOutput.write(Data((isatty(1) == 1 ? ControlCharacters.terminalSafe(text) : text).utf8))
    }

    /// Writes report bytes to stdout, cleaned like `out` on a terminal (reports of data stored
    /// before control characters were removed at import).
    static func out(data: Data) {
        ProgressLine.shared.clear()
        guard isatty(1) == 1 else { return FileHandle.standardOutput.write(data) }
        FileHandle.standardOutput.write(Data(ControlCharacters.terminalSafe(String(decoding: data, as: UTF8.self)).utf8))
    }

    /// Writes a message line to stderr, without the control and bidi characters a quoted name or
    /// value might carry.
    static func message(_ text: String) {
        writeError(ControlCharacters.terminalSafe(text))
    }

    private static func writeError(_ text: String) {
        ProgressLine.shared.clear()
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Prints a diagnostic to stderr, the severity coloured on a terminal.
    static func report(_ d: Diagnostic) {
        // Cleaned before our own colour codes go in.
        var text = ControlCharacters.terminalSafe(d.description)
        let color = d.severity == .error ? "31" : d.severity == .warning ? "33" : "36"
        text = text.replacingOccurrences(of: d.severity.label, with: paint(d.severity.label, color), options: [], range: text.range(of: d.severity.label))
        writeError(text)
    }

    /// Prints warnings, at most `limit` of them, then a count of the rest.
    static func report(warnings: [Diagnostic], limit: Int = 5) {
        warnings.prefix(limit).forEach(report)
        if warnings.count > limit { message("…… 另有 \(warnings.count - limit) 条同类提示未列出。") }
    }

    /// The most diagnostics one input error prints: a file broken throughout would otherwise
    /// bury the first, telling message under hundreds of thousands of copies.
    static let diagnosticLimit = 200

    /// Prints an input error's diagnostics, at most `diagnosticLimit`, then a count of the rest.
    static func report(_ error: InputError) {
        error.diagnostics.prefix(diagnosticLimit).forEach(report)
        if error.diagnostics.count > diagnosticLimit {
            message("…… 另有 \(error.diagnostics.count - diagnosticLimit) 条未列出（同一问题往往重复出现，先改正上面的几处再试）。")
        }
    }

    /// The width tables on stdout are fitted to: on a terminal `COLUMNS`, else the tty's width;
    /// 0 (unlimited) when stdout is piped or redirected.
    static var terminalWidth: Int {
        guard isatty(1) == 1 else { return 0 }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 0
    }

    /// Runs a command body, turning the program's own errors into messages and exit status 1.
    /// Tables printed inside it fit the terminal.
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await TextTable.$terminalWidth.withValue(terminalWidth) { try await body() }
        } catch let error as InputError {
            report(error)
            let count = error.diagnostics.filter { $0.severity == .error }.count
            if count > 1 { message("共 \(count) 处错误，未做任何修改。") }
            throw ExitCode.failure
        } catch let error as any UserFacingError {
            report(Diagnostic(.error, error.description))
            throw ExitCode.failure
        }
    }
}
