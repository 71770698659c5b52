extension Array where Element: Sendable {
    /// `transform` applied to every element concurrently (on the cooperative pool), results in the
    /// order of the elements; the first error thrown is rethrown.
    func concurrentMap<T: Sendable>(_ transform: @escaping @Sendable (Element) async throws -> T) async throws -> [T] {
        guard count > 1 else {
            var results: [T] = []
            for element in self { results.append(try await transform(element)) }
            return results
        }
        return try await withThrowingTaskGroup(of: (Int, T).self) { group in
            for (i, element) in enumerated() {
                group.addTask { (i, try await transform(element)) }
            }
            var results = [T?](repeating: nil, count: count)
            for try await (i, value) in group { results[i] = value }
            return results.map { $0! }
        }
    }
}
