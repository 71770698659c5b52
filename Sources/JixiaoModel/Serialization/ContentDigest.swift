import Crypto
import Foundation

/// SHA-256 (swift-crypto) as 64 lowercase hex digits: the content hashes of imported documents
/// and rule profiles.
public enum ContentDigest {
    /// The digest of `text`'s UTF-8 bytes.
    public static func hex(_ text: String) -> String {
        var hasher = Hasher()
        hasher.update(text)
        return hasher.finalize()
    }

    /// A digest computed piece by piece, so a large document need not be held as one string.
    public struct Hasher {
        private var sha = SHA256()

        public init() {}

        public mutating func update(_ text: String) {
            var text = text
            text.withUTF8 { sha.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }

        public func finalize() -> String {
            sha.finalize().map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
        }
    }
}
