import Foundation
import JixiaoModel

/// What is wrong with a row of an actuals file (`ActualsValidator`): one case per kind of error,
/// its Chinese message built from the case. The validator collects them as diagnostics at the
/// row's file:line.
public enum ActualsError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyCode
    case badPoints(raw: String)
    case badScore(raw: String)
    case badFundsRow(level2: String, level3: String)
    case negativeAmount(label: String, raw: String)
    case notAmount(label: String, raw: String)
    case unknownIndicator(owner: String, code: String, path: String, isDepartment: Bool, known: String)
    case negativeActual(indicator: String, raw: String)
    case scoreOutsideTier(tier: String, low: Decimal, high: Decimal, closed: Bool, weight: Decimal, score: Decimal)
    case unreadableActual(indicator: String, reason: String)
    case duplicateRow(name: String, code: String, previous: String?)
    /// A code no project or unit of the year has (`rows` counts its rows; `suggestion` a near code).
    case unknownCode(code: String, rows: Int, year: String, suggestion: String?)
    /// A continuing project whose row belongs to the other year of the file.
    case otherYearFile(code: String, rows: Int, other: String, year: String, last: Int)
    /// A project of another year only.
    case otherYearProject(code: String, rows: Int, other: String, year: String, last: Int)
    case partialPoints(owner: String, code: String, covered: Int, total: Int)
    case pointsSum(owner: String, code: String, sum: Decimal, funds: Decimal)
    case valuesDiffer(label: String, flatPlace: String, flat: String, formPlace: String, form: String)
    case reasonsDiffer(label: String, flatPlace: String, flat: String, formPlace: String, form: String)
    case pointsDiffer(label: String, flatPlace: String, flat: String, formPlace: String, form: String)
    case amountOff(item: String, raw: String, value: Decimal, times: String)

    static func rowsText(_ rows: Int) -> String { rows > 1 ? "（共 \(rows) 行）" : " " }

    public var description: String {
        switch self {
        case .emptyCode: return "项目编码为空。每行都应填写项目编码（部门整体指标填单位编码）。"
        case .badPoints(let raw): return "分值应为非负数字，此处为“\(raw)”。"
        case .badScore(let raw): return "得分应为非负数字，此处为“\(raw)”。"
        case .badFundsRow(let level2, let level3):
            return "资金行的三级指标应为 全年预算数 / 全年执行数（二级指标为 年度资金总额、上年结转资金 或 其他资金），此处为“\(level2)/\(level3)”。"
        case .negativeAmount(let label, let raw): return Amounts.negativeMessage(label, raw)
        case .notAmount(let label, let raw): return "\(label)应为金额（万元，如 18.50；写“元”则按元换算），此处为“\(raw)”。"
        case .unknownIndicator(let owner, let code, let path, let isDepartment, let known):
            return "\(owner)（\(code)）没有指标“\(path)”。该\(isDepartment ? "单位" : "项目")的指标有：\(known)。"
        case .negativeActual(let indicator, let raw): return "\(indicator)：" + Amounts.negativeMessage("实际完成值", raw)
        case .scoreOutsideTier(let tier, let low, let high, let closed, let weight, let score):
            return "“\(tier)”档的得分应在 [\(Decimals.plain(low)), \(Decimals.plain(high))\(closed ? "]" : ")") 之间（分值 \(Decimals.plain(weight))），此处为 \(Decimals.plain(score))。请调整得分或档次。"
        case .unreadableActual(let indicator, let reason): return "\(indicator)：\(reason)"
        case .duplicateRow(let name, let code, let previous): return "重复的行：\(name)（\(code)）已在 \(previous ?? "前面") 填写过。每个指标只能填一行。"
        case .unknownCode(let code, let rows, let year, let suggestion):
            let r = Self.rowsText(rows)
            return "未知的项目编码 \(code)\(r == " " ? "" : r)：数据库中 \(year)没有这个项目或单位。" + (suggestion ?? "") + "请核对编码，或先导入对应的绩效目标表。"
        case .otherYearFile(let code, let rows, let other, let year, let last):
            return "项目 \(code)\(Self.rowsText(rows))在 \(other) 年度和 \(year)都有，但本文件的其他项目都只属于 \(other) 年度：这是 \(other) 年度的填报表，不能录入 \(year)。请用 --year \(last) 录入。"
        case .otherYearProject(let code, let rows, let other, let year, let last):
            return "项目 \(code)\(Self.rowsText(rows))属于 \(other) 年度，不在 \(year)的目标表中：另一年度的行不能录入本年度。如这个文件是 \(last) 年度的，请用 --year \(last) 录入。"
        case .partialPoints(let owner, let code, let covered, let total):
            return "\(owner)（\(code)）填写了与默认不同的分值，但只有 \(covered)/\(total) 个指标填了分值。自定义分值须覆盖全部指标。"
        case .pointsSum(let owner, let code, let sum, let funds):
            return "\(owner)（\(code)）的分值合计为 \(Decimals.plain(sum))（含预算执行率 \(Decimals.plain(funds)) 分），应为 100。请调整分值，或清空分值列以使用默认分配。"
        case .valuesDiffer(let label, let flatPlace, let flat, let formPlace, let form):
            return "\(label)两处填写不一致：\(flatPlace) 为“\(flat)”，\(formPlace) 为“\(form)”。同一指标在填报数据表和自评表中应填相同的值：请改成一致，或清空其中一处。"
        case .reasonsDiffer(let label, let flatPlace, let flat, let formPlace, let form):
            return "\(label)的偏差原因两处不一致：\(flatPlace) 一行为“\(flat)”，\(formPlace) 一行为“\(form)”。请改成一致，或清空其中一处。"
        case .pointsDiffer(let label, let flatPlace, let flat, let formPlace, let form):
            return "\(label)的分值两处不一致：\(flatPlace) 一行为 \(flat)，\(formPlace) 一行为 \(form)。请改成一致，或清空其中一处。"
        case .amountOff(let item, let raw, let value, let times):
            return "\(item) \(raw)（按万元读作 \(Decimals.plain(value))）\(times)，像是把“元”当成了“万元”（或反之）。金额以万元填写（如 18.50）；以元填写请写明“元”（如 185000元）。"
        }
    }
}

extension Diagnostic {
    /// An actuals file's error at its row.
    init(_ error: ActualsError, at location: SourceLocation?) {
        self.init(.error, at: location, error.description)
    }
}
