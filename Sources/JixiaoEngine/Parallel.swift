import Dispatch
import Foundation

/// Runs independent work on all cores, keeping the order of results.
public enum Parallel {
    /// `transform` applied to every element concurrently; the first error thrown is rethrown.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) throws -> R) throws -> [R] {
        guard items.count > 1 else { return try items.map(transform) }
        let results = ResultBox<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            do {
                results.set(i, .success(try transform(items[i])))
            } catch {
                results.set(i, .failure(error))
            }
        }
        return try results.values.map { try $0!.get() }
    }

    final class ResultBox<R>: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [Result<R, any Error>?]

        init(count: Int) { values = Array(repeating: nil, count: count) }

        func set(_ i: Int, _ value: Result<R, any Error>) {
            lock.lock()
            values[i] = value
            lock.unlock()
        }
    }
}
