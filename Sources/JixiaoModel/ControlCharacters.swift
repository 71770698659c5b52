import Foundation

/// Control and bidirectional-formatting characters in users' text (issue 14). A name holding ESC
/// or BEL drives the terminal that shows it; U+202E reverses what a reviewer reads in a table,
/// html, xlsx or docx. They are removed from everything stored — at import (`TargetDocument`) and
/// at record (`ActualsValidator`) — with a warning naming the cell or line, and `terminalSafe`
/// keeps them off the terminal for anything stored before.
///
/// Removed: the C0 controls except tab and line feed (a cell may hold those; a carriage return is
/// dropped, so CR LF becomes LF), DEL, the C1 controls, and the bidi embeddings, overrides and
/// isolates U+202A–U+202E and U+2066–U+2069.
public enum ControlCharacters {
    @inline(__always)
    public static func isRemoved(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A: return false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// False when the UTF-8 of `text` cannot hold a removed character (no byte below 0x20 but tab
    /// and LF, no DEL, no C2 80–9F, no E2 80 AA–AE or E2 81 A6–A9): the quick path for clean text.
    @inline(__always)
    static func mayHold(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            var i = 0
            while i < b.count {
                let c = b[i]
                if c < 0x20 && c != 0x09 && c != 0x0A || c == 0x7F { return true }
                if c == 0xC2, i + 1 < b.count, b[i + 1] >= 0x80, b[i + 1] <= 0x9F { return true }
                if c == 0xE2, i + 2 < b.count {
                    if b[i + 1] == 0x80, b[i + 2] >= 0xAA, b[i + 2] <= 0xAE { return true }
                    if b[i + 1] == 0x81, b[i + 2] >= 0xA6, b[i + 2] <= 0xA9 { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// `text` without the removed characters, and which were removed (in order of first
    /// appearance); nil when there were none.
    public static func strip(_ text: String) -> (text: String, removed: [Unicode.Scalar])? {
        guard mayHold(text) else { return nil }
        var out = String.UnicodeScalarView()
        var removed: [Unicode.Scalar] = []
        for s in text.unicodeScalars {
            if isRemoved(s) {
                if !removed.contains(s) { removed.append(s) }
            } else {
                out.append(s)
            }
        }
        return removed.isEmpty ? nil : (String(out), removed)
    }

    /// `text` as it may go to a terminal: the removed characters taken out, nothing else changed.
    public static func terminalSafe(_ text: String) -> String { strip(text)?.text ?? text }

    /// "U+001B（ESC）、U+202E（从右至左覆盖）" — the removed characters for a message.
    public static func names(_ removed: [Unicode.Scalar]) -> String {
        removed.prefix(5).map { s in
            let code = "U+" + String(format: "%04X", s.value)
            let name: String?
            switch s.value {
            case 0x00: name = "NUL"
            case 0x07: name = "BEL"
            case 0x08: name = "BS"
            case 0x0D: name = "CR"
            case 0x1B: name = "ESC"
            case 0x7F: name = "DEL"
            case 0x202A...0x202E: name = "双向文字嵌入/覆盖"
            case 0x2066...0x2069: name = "双向文字隔离"
            case 0x80...0x9F: name = "C1 控制字符"
            default: name = "控制字符"
            }
            return name.map { "\(code)（\($0)）" } ?? code
        }.joined(separator: "、") + (removed.count > 5 ? " 等" : "")
    }

    /// The warning for `field` cleaned at `location`.
    public static func warning(_ field: String, _ removed: [Unicode.Scalar], at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.warning, at: location, "\(field)中有不可见的控制字符或双向文字控制符 \(names(removed))，已删除（它们会改变终端或表格中显示的内容）。请核对原文件。")
    }
}

extension ControlCharacters {
    /// Cleans every text of a department read from a target document, in place; returns a
    /// warning per field cleaned, at the row it came from (the file, for the department's own
    /// name and goal). A target whose text was cleaned is parsed again.
    public static func clean(_ d: inout Department, file: String?) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        let fileOnly = SourceLocation(file: file ?? d.projects.first?.source?.file ?? d.goals.first?.source?.file)
        func fix(_ text: inout String, _ field: String, _ at: SourceLocation?) {
            guard let (clean, removed) = strip(text) else { return }
            text = clean
            warnings.append(warning(field, removed, at: at))
        }
        func fix(_ i: inout Indicator, owner: String) {
            let at = i.source
            var (l1, l2, l3, desc, basis, raw) = (i.level1, i.level2, i.level3, i.description, i.basis, i.target.raw)
            fix(&l1, "一级指标", at)
            fix(&l2, "二级指标", at)
            fix(&l3, "三级指标", at)
            fix(&desc, "绩效指标描述", at)
            fix(&basis, "指标值确定依据", at)
            fix(&raw, "指标值", at)
            if l1 != i.level1 { i.level1 = l1 }
            if l2 != i.level2 { i.level2 = l2 }
            if l3 != i.level3 { i.level3 = l3 }
            if desc != i.description { i.description = desc }
            if basis != i.basis { i.basis = basis }
            if raw != i.target.raw { i.target = TargetParser.parse(raw, isCost: IndicatorTree.isCost(level2: l2)) }
        }
        fix(&d.code, "单位编码", fileOnly)
        fix(&d.name, "单位名称", fileOnly)
        fix(&d.goalText, "部门总体绩效目标", fileOnly)
        for g in d.goals.indices { fix(&d.goals[g], owner: d.code) }
        for p in d.projects.indices {
            let at = d.projects[p].source
            fix(&d.projects[p].code, "项目编码", at)
            fix(&d.projects[p].name, "项目名称", at)
            fix(&d.projects[p].purpose, "资金用途", at)
            fix(&d.projects[p].goal, "绩效目标", at)
            for k in d.projects[p].plan.points.indices { fix(&d.projects[p].plan.points[k].raw, "资金支出计划", at) }
            for i in d.projects[p].indicators.indices { fix(&d.projects[p].indicators[i], owner: d.projects[p].code) }
        }
        return warnings
    }
}
