import Foundation
import JixiaoModel

/// The contents of one 项目支出绩效自评表 (RULES.md §9), as display texts. The fill-in template
/// leaves the actuals and scores blank; reports fill everything.
public struct SelfEvaluationForm: Sendable {
    /// One line of the funds block.
    public struct FundsLine: Sendable {
        public var label: String
        public var initialBudget: String
        public var fullBudget: String
        public var executed: String
        public var points: String
        public var rate: String
        public var score: String
        /// 偏差原因 of the line (the unit's reason on the execution, or on a source of funds).
        public var reason: String

        public init(label: String, initialBudget: String, fullBudget: String, executed: String, points: String, rate: String, score: String,
                    reason: String = "") {
            self.label = label
            self.initialBudget = initialBudget
            self.fullBudget = fullBudget
            self.executed = executed
            self.points = points
            self.rate = rate
            self.score = score
            self.reason = reason
        }
    }

    /// One indicator line.
    public struct IndicatorLine: Sendable {
        public var level1: String
        public var level2: String
        public var level3: String
        public var target: String
        public var actual: String
        public var points: String
        public var score: String
        public var reason: String

        public init(level1: String, level2: String, level3: String, target: String, actual: String, points: String, score: String, reason: String) {
            self.level1 = level1
            self.level2 = level2
            self.level3 = level3
            self.target = target
            self.actual = actual
            self.points = points
            self.score = score
            self.reason = reason
        }
    }

    public var year: Int
    public var projectName: String
    public var projectCode: String
    public var department: String
    public var implementer: String
    public var funds: FundsLine
    /// 其中：当年财政拨款 / 上年结转资金 / 其他资金.
    public var fundsDetail: [FundsLine]
    public var goalExpected: String
    public var goalActual: String
    public var indicators: [IndicatorLine]
    public var total: String
    public var grade: String
    /// The bureau's review (复核), when it adjusted any score of the project.
    public var review: Review?

    /// 复核: the scores the finance bureau set beside the unit's, and the total they make.
    public struct Review: Sendable {
        /// One adjusted score: the row (预算执行率 or an indicator), its points, both scores.
        public struct Line: Sendable {
            public var item: String
            public var points: String
            public var own: String
            public var review: String
            public var difference: String
            public var reason: String

            public init(item: String, points: String, own: String, review: String, difference: String, reason: String) {
                self.item = item
                self.points = points
                self.own = own
                self.review = review
                self.difference = difference
                self.reason = reason
            }
        }

        public var total: String
        public var grade: String
        /// 复核得分 − 自评得分.
        public var difference: String
        public var lines: [Line]

        public init(total: String, grade: String, difference: String, lines: [Line]) {
            self.total = total
            self.grade = grade
            self.difference = difference
            self.lines = lines
        }

        /// "复核得分 98.56　复核等级 优（自评 99.56，差异 -1.00）".
        public var summary: String { "复核得分 \(total)　复核等级 \(grade)（财政复核调整 \(lines.count) 项，差异 \(difference)）" }
        public static let headers = ["复核项目", "分值", "自评得分", "复核得分", "差异", "复核理由"]
        public var rows: [[String]] { lines.map { [$0.item, $0.points, $0.own, $0.review, $0.difference, $0.reason] } }
    }

    public init(year: Int, projectName: String, projectCode: String, department: String, implementer: String, funds: FundsLine,
                fundsDetail: [FundsLine], goalExpected: String, goalActual: String, indicators: [IndicatorLine], total: String, grade: String,
                review: Review? = nil) {
        self.year = year
        self.projectName = projectName
        self.projectCode = projectCode
        self.department = department
        self.implementer = implementer
        self.funds = funds
        self.fundsDetail = fundsDetail
        self.goalExpected = goalExpected
        self.goalActual = goalActual
        self.indicators = indicators
        self.total = total
        self.grade = grade
        self.review = review
    }

    /// The title line.
    public var title: String { "项目支出绩效自评表（\(year)年度）" }

    /// The form as a worksheet in the official layout: nine columns, merged label cells, borders.
    /// With `fillable`, the cells a unit fills in are shaded.
    public func sheet(name: String, fillable: Bool) -> XLSXWorkbook.Sheet {
        typealias C = XLSXWorkbook.Cell
        var s = XLSXWorkbook.Sheet(name: name)
        s.columnWidths = [12, 18, 20, 24, 14, 16, 8, 8, 32]
        let fill: XLSXWorkbook.Style = fillable ? .fill : .cell
        let fillNumber: XLSXWorkbook.Style = fillable ? .fillNumber : .number
        func text(_ t: String, _ style: XLSXWorkbook.Style = .cell) -> C { .text(t, style) }
        func blank(_ style: XLSXWorkbook.Style = .cell) -> C { .empty(style) }
        func num(_ t: String, _ style: XLSXWorkbook.Style = .number) -> C {
            if let d = Decimals.parse(t) { return style == .number ? .amount(d) : .number(d, style) }
            return t.isEmpty ? .empty(style) : .text(t, style)
        }
        // "78.00%" as the number 0.78 shown as a percentage.
        func rate(_ t: String) -> C {
            if t.hasSuffix("%"), let d = Decimals.parse(String(t.dropLast())) { return .percent(d / 100) }
            return text(t, .number)
        }

        s.append([text(title, .title)] + Array(repeating: blank(.plain), count: 8))
        s.merge(1, 1, 1, 9)
        s.append([text("项目名称", .label), text(projectName)] + Array(repeating: blank(), count: 5) + [text("项目编码", .label), text(projectCode)])
        s.merge(2, 2, 2, 7)
        s.append([text("主管部门", .label), text(department), blank(), blank(), text("实施单位", .label), text(implementer), blank(), blank(), blank()])
        s.merge(3, 2, 3, 4)
        s.merge(3, 6, 3, 9)
        // Funds block: rows 4 … 4 + 1 + details.
        let fundsTop = 4
        // Column I of the funds block holds each line's 偏差原因 (issue 15: the execution's reason has a place).
        s.append([text("项目资金（万元）", .label), blank(.header), text("年初预算数", .header), text("全年预算数", .header), text("全年执行数", .header),
                  text("分值", .header), text("执行率", .header), text("得分", .header), text("偏差原因分析", .header)])
        s.merge(4, 1, 4, 2)
        s.append([blank(), text(funds.label, .label), num(funds.initialBudget), num(funds.fullBudget, fillNumber), num(funds.executed, fillNumber),
                  num(funds.points), rate(funds.rate), num(funds.score), text(funds.reason, fill)])
        for line in fundsDetail {
            // 上年结转资金 and 其他资金 are filled in by the unit; 当年财政拨款 is the table's.
            let filled = SpecialRow.sources.contains(line.label)
            s.append([blank(), text(line.label, .label), num(line.initialBudget), num(line.fullBudget, filled ? fillNumber : .number),
                      num(line.executed, filled ? fillNumber : .number), text(line.points, .number), text(line.rate, .number), text(line.score, .number),
                      text(line.reason, filled ? fill : .cell)])
        }
        let fundsBottom = s.rows.count
        s.merge(fundsTop + 1, 1, fundsBottom, 1)
        // Overall goal.
        let goalTop = s.rows.count + 1
        s.append([text("年度总体目标", .label), text("预期目标", .header), blank(.header), blank(.header), blank(.header), text("实际完成情况", .header), blank(.header), blank(.header), blank(.header)])
        s.append([blank(), text(goalExpected), blank(), blank(), blank(), text(goalActual, fill), blank(fill), blank(fill), blank(fill)])
        s.merge(goalTop, 1, goalTop + 1, 1)
        s.merge(goalTop, 2, goalTop, 5)
        s.merge(goalTop, 6, goalTop, 9)
        s.merge(goalTop + 1, 2, goalTop + 1, 5)
        s.merge(goalTop + 1, 6, goalTop + 1, 9)
        // Indicators.
        let headerRow = s.rows.count + 1
        s.append([text("绩效指标", .label), text("一级指标", .header), text("二级指标", .header), text("三级指标", .header), text("年度指标值", .header),
                  text("实际完成值", .header), text("分值", .header), text("得分", .header), text("偏差原因分析及改进措施", .header)])
        for line in indicators {
            s.append([blank(), text(line.level1), text(line.level2), text(line.level3), text(line.target), text(line.actual, fill),
                      num(line.points), num(line.score), text(line.reason, fill)])
        }
        let lastIndicator = s.rows.count
        if lastIndicator > headerRow { s.merge(headerRow, 1, lastIndicator, 1) }
        // Merge runs of equal level-1 and level-2 names, as the printed forms do.
        mergeRuns(&s, column: 2, from: headerRow + 1, to: lastIndicator)
        mergeRuns(&s, column: 3, from: headerRow + 1, to: lastIndicator, within: 2)
        let totalRow = s.rows.count + 1
        s.append([text("总分", .label), text("100", .number), blank(), blank(), blank(), text("评价等级", .label), text(grade), blank(), blank()])
        s.merge(totalRow, 3, totalRow, 5)
        s.merge(totalRow, 7, totalRow, 9)
        // The total goes in column C (merged C:E) so that 总分 | 100 | <total> reads as the form does.
        s.rows[totalRow - 1][2] = num(total)
        if let review {
            let top = s.rows.count + 1
            s.append([text(review.summary, .label)] + Array(repeating: blank(), count: 8))
            s.merge(top, 1, top, 9)
            s.append(Review.headers.map { text($0, .header) } + [blank(.header), blank(.header), blank(.header)])
            s.merge(top + 1, 6, top + 1, 9)
            for line in review.lines {
                s.append([text(line.item), num(line.points), num(line.own), num(line.review), num(line.difference), text(line.reason), blank(), blank(), blank()])
                s.merge(s.rows.count, 6, s.rows.count, 9)
            }
        }
        return s
    }

    /// Merges vertical runs of the same text in `column` (1-based), optionally only inside runs of `within`.
    func mergeRuns(_ s: inout XLSXWorkbook.Sheet, column: Int, from top: Int, to bottom: Int, within parent: Int? = nil) {
        guard bottom > top else { return }
        func value(_ r: Int, _ c: Int) -> String {
            if case .text(let t) = s.rows[r - 1][c - 1].value { return t }
            return ""
        }
        var start = top
        for r in (top + 1)...(bottom + 1) {
            let same = r <= bottom && value(r, column) == value(start, column) && (parent.map { value(r, $0) == value(start, $0) } ?? true)
            if !same {
                if r - 1 > start {
                    s.merge(start, column, r - 1, column)
                    for k in (start + 1)..<r { s.rows[k - 1][column - 1].value = .empty }
                }
                start = r
            }
        }
    }
}
