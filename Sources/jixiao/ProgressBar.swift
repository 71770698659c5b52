import Foundation

/// A progress bar on stderr, drawn only on a terminal and only for work large enough to wait for.
/// The bar is one line that is cleared (never left behind) when the work ends or before anything
/// else is printed: `Console` clears it before every write.
struct ProgressBar {
    let label: String
    let minimum: Int
    private var lastDrawn = -1

    init(label: String, minimum: Int = 20) {
        self.label = label
        self.minimum = minimum
    }

    static var enabled: Bool { Console.stderrIsTerminal && ProcessInfo.processInfo.environment["TERM"] != "dumb" }

    /// Draws `done` of `total`; clears the line at the end.
    mutating func update(_ done: Int, _ total: Int) {
        guard total >= minimum else { return }
        draw(done: done, total: total, text: "\(done)/\(total)")
    }

    /// Draws progress through a large file (shown from 8 MB up), in megabytes.
    mutating func update(bytes done: Int64, of total: Int64) {
        guard total >= 8 << 20 else { return }
        let mb = { (n: Int64) in String(n >> 20) }
        draw(done: Int(done), total: Int(total), text: "\(mb(done))/\(mb(total)) MB")
    }

    private mutating func draw(done: Int, total: Int, text: String) {
        guard Self.enabled else { return }
        let percent = total == 0 ? 100 : done * 100 / total
        guard percent != lastDrawn || done == total else { return }
        lastDrawn = percent
        if done >= total { return ProgressLine.shared.clear() }
        let width = 30
        let filled = width * min(done, total) / max(total, 1)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        ProgressLine.shared.draw("\(label) \(bar) \(text)")
    }
}

/// The one progress line on stderr: drawn over itself, and erased before other output so that a
/// message or a table never starts after a bar.
final class ProgressLine: @unchecked Sendable {
    static let shared = ProgressLine()
    private let lock = NSLock()
    private var shown = false

    /// Draws `text` over the line.
    func draw(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
        shown = true
    }

    /// Erases the line if a bar is on it.
    func clear() {
        lock.lock()
        defer { lock.unlock() }
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        shown = false
    }
}
