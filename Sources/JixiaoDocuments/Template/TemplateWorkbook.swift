import Foundation
import JixiaoEngine
import JixiaoModel

/// The fill-in template as .xlsx, made hard to fill wrongly: an instructions sheet; the flat sheet
/// (the csv's columns) and one 自评表 sheet per project, both read back by `record`; a hidden
/// sheet with the template's year, departments and profile.
///
/// Both the flat sheet and the 自评表 sheets are input: the same values, pre-filled from the
/// database in both. A unit fills either; where it fills both, `record` requires them to agree and
/// names both cells when they do not (the choice of issue 16: the same input cells, checked, rather
/// than formulas, which a file edited by another program may carry without their values). Only the
/// cells to fill are unlocked (the sheets are protected without a password); each carries an input
/// message with the target and its unit; qualitative rows have a drop-down list of the profile's
/// tier words, target words (合格 / 不合格 …) theirs; amounts and 分值 are checked as numbers.
public enum TemplateWorkbook {
    /// The flat sheet's name.
    public static let flatSheetName = "填报数据"
    /// The instructions sheet's name.
    public static let instructionsSheetName = "填报说明"

    public static func make(_ template: TemplateRows) throws -> Data {
        var workbook = XLSXWorkbook()
        workbook.add(instructions(template))
        workbook.add(flatSheet(template))
        workbook.add(progressSheet(template))
        for (form, project) in forms(template) {
            var sheet = form.sheet(name: form.projectName, fillable: true)
            sheet.validations = formValidations(sheet, project: project, profile: template.profile)
            sheet.isProtected = true
            workbook.add(sheet)
        }
        var meta = XLSXWorkbook.Sheet(name: TemplateMetadata.sheetName)
        meta.rows = template.metadata.sheetRows.map { $0.map { .text($0, .plain) } }
        meta.isHidden = true
        meta.isProtected = true
        workbook.add(meta)
        return try workbook.data()
    }

    /// The flat sheet: the csv's columns, the cells to fill unlocked and checked.
    static func flatSheet(_ template: TemplateRows) -> XLSXWorkbook.Sheet {
        var flat = XLSXWorkbook.Sheet(name: flatSheetName)
        flat.columnWidths = [24, 28, 12, 16, 24, 16, 16, 8, 8, 36, 30]
        flat.frozenRows = 1
        flat.isProtected = true
        flat.append(ActualsColumns.template.map { .text($0, .header) })
        let rows = template.typedRows()
        var checks = Validations()
        for (n, row) in rows.enumerated() {
            let r = n + 2
            let scored = { if case .indicator = row.kind { return true }; return row.cells[4] == SpecialRow.executed }()
            // 实际完成值 and 偏差原因 on every row; 分值 and 得分 where a row is scored.
            let input: Set<Int> = scored ? [6, 7, 8, 9] : [6, 9]
            flat.append(row.cells.enumerated().map { i, value in
                let style: XLSXWorkbook.Style = input.contains(i) ? .fill : .cell
                if i == 7, let d = Decimals.parse(value) { return .number(d, .fillNumber) }
                return .text(value, style)
            })
            let actual = XLSXReference.name(row: r, column: 7)
            switch row.kind {
            case .amount: checks.add(actual, amount(row.cells[3] == SpecialRow.fundsLevel2 ? row.cells[4] : "\(row.cells[3])的\(row.cells[4])", at: actual))
            case .goal: checks.add(actual, goal)
            case .indicator(let indicator): checks.add(actual, actualCheck(indicator, profile: template.profile, at: actual))
            }
            if scored {
                checks.add(XLSXReference.name(row: r, column: 8), points)
                checks.add(XLSXReference.name(row: r, column: 9), claimedScore)
            }
            checks.add(XLSXReference.name(row: r, column: 10), reason)
        }
        flat.validations = checks.all
        return flat
    }

    /// The validations of one 自评表 sheet, its cells found by their labels.
    static func formValidations(_ sheet: XLSXWorkbook.Sheet, project: Project, profile: Profile) -> [XLSXWorkbook.DataValidation] {
        func text(_ r: Int, _ c: Int) -> String {
            guard r <= sheet.rows.count, c <= sheet.rows[r - 1].count, case .text(let t) = sheet.rows[r - 1][c - 1].value else { return "" }
            return t
        }
        var checks = Validations()
        let last = sheet.rows.count
        guard let header = (1...last).first(where: { text($0, 6) == ActualsColumns.actual }) else { return [] }
        for r in 1..<header {
            let label = text(r, 2)
            if label == SpecialRow.fundsLevel2 || SpecialRow.sources.contains(label) {
                let prefix = label == SpecialRow.fundsLevel2 ? "" : "\(label)的"
                checks.add(XLSXReference.name(row: r, column: 4), amount(prefix + SpecialRow.budget, at: XLSXReference.name(row: r, column: 4)))
                checks.add(XLSXReference.name(row: r, column: 5), amount(prefix + SpecialRow.executed, at: XLSXReference.name(row: r, column: 5)))
                checks.add(XLSXReference.name(row: r, column: 9), reason)
            }
            if text(r, 6) == "实际完成情况" { checks.add(XLSXReference.name(row: r + 1, column: 6), goal) }
        }
        for (i, indicator) in project.indicators.enumerated() where header + 1 + i < last {
            let r = header + 1 + i
            checks.add(XLSXReference.name(row: r, column: 6), actualCheck(indicator, profile: profile, at: XLSXReference.name(row: r, column: 6)))
            checks.add(XLSXReference.name(row: r, column: 7), points)
            checks.add(XLSXReference.name(row: r, column: 9), reason)
        }
        return checks.all
    }

    /// Validations grouped by what they say: one element for every cell with the same check and message.
    struct Validations {
        var order: [XLSXWorkbook.DataValidation] = []
        var index: [XLSXWorkbook.DataValidation: Int] = [:]

        mutating func add(_ cell: String, _ check: XLSXWorkbook.DataValidation) {
            var key = check
            key.cells = []
            if let i = index[key] { order[i].cells.append(cell); return }
            index[key] = order.count
            var first = check
            first.cells = [cell]
            order.append(first)
        }

        var all: [XLSXWorkbook.DataValidation] { order }
    }

    static let clearHint = "要清除已录入的值，填“\(ClearMark.text)”。"

    /// An amount in 万元 (or written with 元), or 清除; the formula is relative to the cell it checks.
    static func amount(_ item: String, at cell: String) -> XLSXWorkbook.DataValidation {
        XLSXWorkbook.DataValidation(
            cells: [], kind: .custom("OR(AND(ISNUMBER(\(cell)),\(cell)>=0),\(cell)=\"\(ClearMark.text)\",RIGHT(\(cell),1)=\"元\")"),
            promptTitle: "\(item)（万元）", prompt: "填写金额，单位万元（如 18.50）；以元填写请写明“元”（如 185000元）。\(clearHint)",
            errorTitle: "应为金额", error: "\(item)应为不小于 0 的金额（万元），或写明“元”，或“\(ClearMark.text)”。")
    }

    static let goal = XLSXWorkbook.DataValidation(cells: [], kind: .none, promptTitle: "实际完成情况",
                                                  prompt: "用文字写年度总体目标的实际完成情况。\(clearHint)")

    static let points = XLSXWorkbook.DataValidation(
        cells: [], kind: .decimal(minimum: 0, maximum: 100), promptTitle: "分值",
        prompt: "按评分规则预先分好；改动时，本项目全部指标与预算执行率的分值合计须为 100。",
        errorTitle: "应为分值", error: "分值应为 0 到 100 之间的数字。")

    static let claimedScore = XLSXWorkbook.DataValidation(
        cells: [], kind: .decimal(minimum: 0, maximum: 100), promptTitle: "得分",
        prompt: "一般留空：得分由 jixiao score 按规则计算。", errorTitle: "应为得分", error: "得分应为 0 到 100 之间的数字。")

    static let reason = XLSXWorkbook.DataValidation(
        cells: [], kind: .none, promptTitle: "偏差原因分析及改进措施",
        prompt: "失分、超额完成 30% 以上、预算执行率低于 90% 或超过 100% 时必填：写明原因（如 D01 尾款未付、D05 项目跨年度实施）和改进措施。")

    /// What an indicator's 实际完成值 may be: the input message shows its target and unit; a
    /// qualitative target gets the drop-down of the profile's tiers (or of its own words).
    static func actualCheck(_ indicator: Indicator, profile: Profile, at cell: String) -> XLSXWorkbook.DataValidation {
        let target = indicator.target
        let title = "目标：\(target.raw)"
        let tiers = profile.tierWords.names
        switch target.kind {
        case .qualitative:
            if let pair = BinaryWords.pair(forTarget: target.raw) {
                return XLSXWorkbook.DataValidation(
                    cells: [], kind: .list([pair.met, pair.missed, ClearMark.text]), promptTitle: title,
                    prompt: "按是否达到评分：达到填“\(pair.met)”，未达到填“\(pair.missed)”。\(clearHint)",
                    errorTitle: "请从列表中选择", error: "应为“\(pair.met)”或“\(pair.missed)”（也可填档次：\(tiers.joined(separator: "、"))）。", errorStyle: .warning)
            }
            return XLSXWorkbook.DataValidation(
                cells: [], kind: .list(tiers + [ClearMark.text]), promptTitle: title,
                prompt: "定性指标：从列表选择档次（\(tiers.joined(separator: "、"))）；可在档次后附档内得分，如“部分达成 7.5”。\(clearHint)",
                errorTitle: "请选择档次", error: "应为档次：\(tiers.joined(separator: "、"))（可附档内得分，如“部分达成 7.5”）。", errorStyle: .warning)
        case .deadline:
            return XLSXWorkbook.DataValidation(
                cells: [], kind: .none, promptTitle: title,
                prompt: "完成时限：填完成日期，如 2026-11-30、2026年11月、2026.11 或 11月底（只写月份按月末计）；也可填档次。\(clearHint)")
        case .quantitative:
            let unit = target.unit ?? ""
            let example = target.value.map { Decimals.plain($0) + unit } ?? "95%"
            var prompt = "单位：\(unit.isEmpty ? "无" : unit)。填写实际完成的数值\(unit.isEmpty ? "" : "和单位")，如 \(example)"
            if let dimension = Units.dimension(of: target.unit) { prompt += "（同为\(dimension)的单位可换算）" }
            prompt += "。"
            if ActualParser.acceptsTier(indicator) { prompt += "此目标不是可计量的比率（R01），也可填档次：\(tiers.joined(separator: "、"))。" }
            return XLSXWorkbook.DataValidation(cells: [], kind: .none, promptTitle: title, prompt: prompt + clearHint)
        }
    }

    /// The instructions: how to fill, the tier words, 清除, the two places to fill, the comments.
    static func instructions(_ template: TemplateRows) -> XLSXWorkbook.Sheet {
        var s = XLSXWorkbook.Sheet(name: instructionsSheetName)
        s.columnWidths = [110]
        s.isProtected = true
        let meta = template.metadata
        let tiers = template.profile.tierWords.names
        var lines: [(String, XLSXWorkbook.Style)] = [
            ("填报说明（\(meta.year.map { "\($0)年度" } ?? "")预算绩效自评）", .title),
            ("本表由 jixiao template 生成：单位 \(template.departments.map { "\($0.code) \($0.name)" }.joined(separator: "、"))；评分规则 \(template.profile.name)（\(template.profile.title)）。", .plain),
            ("1. 黄色单元格是要填写的，其余单元格已锁定（工作表保护，没有密码：审阅 → 撤销工作表保护）。选中单元格时会显示该指标的目标和单位。", .plain),
            ("2. 可以在「\(flatSheetName)」表中填写，也可以在各项目的自评表（以项目名称命名的工作表）中填写。两处的值已按数据库预先填好；只改一处即可。同一指标两处都填了不同的值时，录入会报错并指出两个单元格，不做任何修改。", .plain),
            ("3. 实际完成值：数值指标填数字和单位，如 95%、4座、71256米（公里/米、元/万元/亿元、平方米/亩/公顷/平方公里、人/万人、吨/万吨可以换算；单位不同类的会被拒绝）。", .plain),
            ("   定性指标从下拉列表选择档次：\(tiers.joined(separator: "、"))；可附档内得分，如“部分达成 7.5”。目标写作“合格”“完成”“是”“达标”“有”的，填同样的词或其反面（不合格、未完成、否、不达标、无）。", .plain),
            ("   完成时限填完成日期：2026-11-30、2026年11月30日、2026年11月、2026.11、11月底（只写月份的按该月最后一天计，年份缺省为本年度）。", .plain),
            ("4. 金额以万元填写（如 18.50）；以元填写请写明“元”（如 185000元）。与预算相差 100 倍以上的金额被当作单位写错，录入时报错。全年预算数已按年初预算数预填，年中调整过的请改为调整后的数。", .plain),
            ("5. 上年结转资金、其他资金：在自评表资金部分的对应行填写全年预算数和全年执行数（及偏差原因）。", .plain),
            ("6. 清除：要删除已录入的值，在该单元格填“\(ClearMark.text)”。录入后该值从数据库删除，修改历史中保留原值（jixiao history 项目编码 可查）。空白单元格不会清除已录入的值。", .plain),
            ("7. 偏差原因分析及改进措施：失分、超额完成 30% 以上、预算执行率低于 90% 或超过 100% 时必填。", .plain),
            ("8. 可以分几次填写：每次录入后，jixiao record 列出数据库中仍空白的指标；有空白指标的项目为“填报未完成”，不评定等级。", .plain),
            ("9. 「审核意见」列是财政退回时的意见，只供参考，录入时不读取。", .plain),
            ("10. 「\(progressSheetName)」表（绩效运行监控）：在 3月底、6月底、10月底 各行填截至该月底的累计支出（万元），落后支出计划时写明偏差原因及纠偏措施；空行不读取。累计支出应逐月不减。也可用预算系统导出的 csv（项目编码、月份、累计支出）单独录入；jixiao monitor 查看红黄绿灯。", .plain),
            ("11. 填好后录入：jixiao record 本文件.xlsx（年度按本表记录的 \(meta.year.map(String.init) ?? "") 年度）；再用 jixiao score 评分。", .plain),
        ]
        let comments = template.departments.flatMap { d in (template.comments[d.code] ?? []).map { (d, $0) } }
        if !comments.isEmpty {
            lines.append(("", .plain))
            lines.append(("审核意见（财政退回）", .label))
            for (d, c) in comments {
                let subject = c.projectCode.map { code in (d.projects.first { $0.code == code }?.name ?? code) + (c.indicator.map { " / \($0)" } ?? "") } ?? "\(d.name)（整体）"
                lines.append(("· \(subject)：\(c.text)", .plain))
            }
        }
        for (text, style) in lines { s.append([.text(text, style == .plain ? .cell : style)]) }
        return s
    }

    /// The blank 自评表 of every project in the template, with its project.
    static func forms(_ template: TemplateRows) -> [(SelfEvaluationForm, Project)] {
        var forms: [(SelfEvaluationForm, Project)] = []
        for d in template.departments {
            for p in d.projects where template.only == nil || template.only == p.code {
                // The same 分值 as the flat sheet: stored explicit ones where every indicator has one.
                let allocation = PointsAllocation.allocate(p.indicators, explicit: template.explicitPoints(p.code, p.indicators, template.lookup), profile: template.profile)
                let money = Decimals.fixed(p.budget, 2)
                let stored = { (key: IndicatorKey) in template.actual(key) }
                let executed = stored(IndicatorKey.funds(p.code, SpecialRow.executed))
                let funds = SelfEvaluationForm.FundsLine(
                    label: SpecialRow.fundsLevel2, initialBudget: money,
                    fullBudget: stored(IndicatorKey.funds(p.code, SpecialRow.budget))?.value ?? money,
                    executed: executed?.value ?? "", points: TemplateRows.points(executed?.points ?? allocation.funds), rate: "", score: "", reason: executed?.reason ?? "")
                func source(_ name: String, initial: String) -> SelfEvaluationForm.FundsLine {
                    let budget = stored(IndicatorKey.fundsSource(p.code, name, SpecialRow.budget)), spent = stored(IndicatorKey.fundsSource(p.code, name, SpecialRow.executed))
                    return SelfEvaluationForm.FundsLine(label: name, initialBudget: initial, fullBudget: budget?.value ?? "", executed: spent?.value ?? "",
                                                        points: "—", rate: "—", score: "—", reason: spent?.reason ?? budget?.reason ?? "")
                }
                let detail = [
                    SelfEvaluationForm.FundsLine(label: "其中：当年财政拨款", initialBudget: p.fiscalFunds.map { Decimals.fixed($0, 2) } ?? "", fullBudget: "", executed: "", points: "—", rate: "—", score: "—"),
                    source(SpecialRow.carryover, initial: ""),
                    source(SpecialRow.otherFunds, initial: p.otherFunds.map { Decimals.fixed($0, 2) } ?? ""),
                ]
                let lines = p.indicators.enumerated().map { i, indicator in
                    let s = stored(IndicatorKey(ownerCode: p.code, indicator: indicator))
                    return SelfEvaluationForm.IndicatorLine(
                        level1: indicator.level1, level2: indicator.level2, level3: indicator.level3, target: indicator.target.raw,
                        actual: s?.value ?? "", points: TemplateRows.points(allocation.indicators[i]), score: "", reason: s?.reason ?? "")
                }
                forms.append((SelfEvaluationForm(
                    year: d.year, projectName: p.name, projectCode: p.code, department: d.name, implementer: d.name, funds: funds,
                    fundsDetail: detail, goalExpected: p.goal, goalActual: stored(IndicatorKey.goal(p.code))?.value ?? "",
                    indicators: lines, total: "", grade: ""), p))
            }
        }
        return forms
    }

    /// Reads an actuals workbook (see `ActualsTableReader.readWorkbook`).
    public static func readActuals(data: Data, fileName: String) throws -> [ActualEntry] {
        let file = try XLSXFile(data: data, fileName: fileName)
        file.percentAsShown = true
        return try ActualsTableReader.readXLSX(file)
    }
}
