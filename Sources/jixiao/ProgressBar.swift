import Foundation

/// A progress bar on stderr, drawn only on a terminal and only for work large enough to wait for.
struct ProgressBar {
    let label: String
    let minimum: Int
    private var lastDrawn = -1

    init(label: String, minimum: Int = 20) {
        self.label = label
        self.minimum = minimum
    }

    static var enabled: Bool { Console.stderrIsTerminal && ProcessInfo.processInfo.environment["TERM"] != "dumb" }

    /// Draws `done` of `total`; finishes the line at the end.
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
        let width = 30
        let filled = width * min(done, total) / max(total, 1)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(text)\(done >= total ? "\n" : "")".utf8))
    }
}
