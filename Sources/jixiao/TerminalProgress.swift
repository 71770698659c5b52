import Foundation
import JixiaoApp

/// Shows a use case's progress on stderr: a bar per stage on a terminal, notes on a terminal
/// only, nothing when stderr is redirected.
final class TerminalProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var bars: [String: ProgressBar] = [:]
    private let minimum: Int

    /// `minimum`: the fewest items worth a bar.
    init(minimum: Int = 20) { self.minimum = minimum }

    var handler: ProgressHandler { { [self] in self.show($0) } }

    private func show(_ progress: ProgressUpdate) {
        lock.lock()
        defer { lock.unlock() }
        switch progress {
        case .items(let label, let done, let total):
            var bar = bars[label] ?? ProgressBar(label: label, minimum: minimum)
            bar.update(done, total)
            bars[label] = bar
        case .bytes(let label, let done, let total):
            var bar = bars[label] ?? ProgressBar(label: label)
            bar.update(bytes: done, of: total)
            bars[label] = bar
        case .note(let text):
            if ProgressBar.enabled { Console.message(text) }
        }
    }
}
