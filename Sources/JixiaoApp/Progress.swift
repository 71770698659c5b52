/// Progress of a long use case, for a front end to show (a bar on a terminal, nothing elsewhere).
public enum ProgressUpdate: Sendable {
    /// `done` of `total` items (files, departments, projects) of the stage named `label`.
    case items(label: String, done: Int, total: Int)
    /// `done` of `total` bytes of one large file being read.
    case bytes(label: String, done: Int64, total: Int64)
    /// A line to tell the user while work goes on.
    case note(String)
}

/// Receives progress; called on any thread.
public typealias ProgressHandler = @Sendable (ProgressUpdate) -> Void
