import Foundation
import JixiaoModel

/// The lines that close a filed form: 填报人, 联系电话, 填报日期, 单位负责人. A value not given is a
/// blank line to write or sign on.
public struct ReportFooter: Sendable, Equatable {
    public var filer: String
    public var phone: String
    public var date: String
    public var head: String

    public init(filer: String = "", phone: String = "", date: String = "", head: String = "") {
        self.filer = filer
        self.phone = phone
        self.date = date
        self.head = head
    }

    /// What is printed where a value was not given.
    public static let blank = "__________"

    /// The labelled fields, in the order of the form.
    public var fields: [(label: String, value: String)] {
        [("填报人", filer), ("联系电话", phone), ("填报日期", date), ("单位负责人（签字）", head)].map { ($0.0, $0.1.isEmpty ? Self.blank : $0.1) }
    }

    /// The fields on one line, as printed under a table.
    public var line: String { fields.map { "\($0.label)：\($0.value)" }.joined(separator: "　　") }

    /// The keys a footer file may use, in English or as on the form.
    static func field(_ key: String) -> WritableKeyPath<ReportFooter, String>? {
        switch key.lowercased() {
        case "filer", "填报人": return \.filer
        case "phone", "联系电话": return \.phone
        case "date", "填报日期": return \.date
        case "head", "单位负责人": return \.head
        default: return nil
        }
    }

    /// Reads a footer file: one `key: value` a line (`filer: 张三`, or `填报人：张三`), `#` starts a
    /// comment. An unknown key is an error naming its line and the keys accepted.
    public static func parse(_ text: String, file: String) throws -> ReportFooter {
        var footer = ReportFooter()
        var problems: [Diagnostic] = []
        for (i, raw) in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(raw)
            if i == 0, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else {
                problems.append(Diagnostic(.error, at: SourceLocation(file: file, line: i + 1), "应为“键: 值”，如“filer: 张三”，此处为“\(line)”。"))
                continue
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = ControlCharacters.terminalSafe(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            guard let path = Self.field(key) else {
                problems.append(Diagnostic(.error, at: SourceLocation(file: file, line: i + 1),
                                           "不认识的项目“\(key)”。可用：filer（填报人）、phone（联系电话）、date（填报日期）、head（单位负责人）。"))
                continue
            }
            footer[keyPath: path] = value
        }
        if !problems.isEmpty { throw InputError(problems) }
        return footer
    }

    /// Reads the footer file at `path` (see `parse`).
    public static func load(contentsOf path: String) throws -> ReportFooter {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(at: SourceLocation(file: path), "无法读取落款配置文件（文件不存在或没有读取权限）。")
        }
        guard data.count <= 64 << 10, let text = String(data: data, encoding: .utf8) else {
            throw InputError(at: SourceLocation(file: path), "落款配置文件应为不超过 64 KB 的 UTF-8 文本，每行“键: 值”。")
        }
        return try parse(text, file: path)
    }

    /// `overrides`' non-empty fields over this footer's.
    public func overridden(by overrides: ReportFooter) -> ReportFooter {
        ReportFooter(filer: overrides.filer.isEmpty ? filer : overrides.filer, phone: overrides.phone.isEmpty ? phone : overrides.phone,
                     date: overrides.date.isEmpty ? date : overrides.date, head: overrides.head.isEmpty ? head : overrides.head)
    }
}
