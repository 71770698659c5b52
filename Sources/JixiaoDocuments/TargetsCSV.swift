import Foundation
import JixiaoModel

/// Target tables as flat csv: one row per indicator, the project's fields on its rows.
///
/// Columns (header names as written; 年度, 财政资金, 其他资金, 资金用途, 绩效目标, the four plan
/// columns, 绩效指标描述, 指标值确定依据 and 分值 may be left out):
/// 单位编码, 单位名称, 年度, 项目编码, 项目名称, 预算数, 财政资金, 其他资金, 资金用途, 绩效目标,
/// 3月底, 6月底, 10月底, 12月底, 一级指标, 二级指标, 三级指标, 绩效指标描述, 指标值, 指标值确定依据, 分值.
///
/// The department's own rows carry the department code as 项目编码: with 一级指标 `年度总体目标` the
/// 绩效目标 column is the overall goal; other rows are its quantified goals. Plan columns hold
/// cumulative amounts in 万元 (fractions ≤ 1 and percentages ending at 100 are read as such).
public enum TargetsCSV {
    public static let columns = ["单位编码", "单位名称", "年度", "项目编码", "项目名称", "预算数", "财政资金", "其他资金", "资金用途", "绩效目标",
                                 "3月底", "6月底", "10月底", "12月底", "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", "分值"]
    static let required = ["单位编码", "单位名称", "项目编码", "项目名称", "预算数", "一级指标", "二级指标", "三级指标", "指标值"]
    static let months = [3, 6, 10, 12]

    /// The csv text of departments, UTF-8 with a BOM.
    public static func write(_ departments: [Department]) -> String {
        var w = CSVWriter()
        w.row(columns)
        for d in departments {
            for p in d.projects {
                // The cells as the table wrote them, so a plan given as fractions stays one.
                let plan = months.map { m in p.plan.points.first { $0.month == m }?.raw ?? "" }
                for i in p.indicators {
                    w.row([d.code, d.name, String(d.year), p.code, p.name, Decimals.plain(p.budget), p.fiscalFunds.map(Decimals.plain) ?? "",
                           p.otherFunds.map(Decimals.plain) ?? "", p.purpose, p.goal] + plan
                          + [i.level1, i.level2, i.level3, i.description, i.target.raw, i.basis, i.points.map(Decimals.plain) ?? ""])
                }
            }
            let blankProject = Array(repeating: "", count: 9)
            w.row([d.code, d.name, String(d.year), d.code, d.name, "", "", "", "", d.goalText] + Array(repeating: "", count: 4) + [SpecialRow.goal, "", "", "", "", "", ""])
            for g in d.goals {
                w.row([d.code, d.name, String(d.year), d.code, d.name] + blankProject.prefix(5) + Array(repeating: "", count: 4)
                      + [g.level1, g.level2, g.level3, g.description, g.target.raw, g.basis, g.points.map(Decimals.plain) ?? ""])
            }
        }
        return "\u{FEFF}" + w.text
    }

    /// Reads one department's targets from csv bytes.
    public static func read(data: Data, fileName: String, year: Int?) throws -> TargetDocument {
        let text = try TextDecoding.decode(data, file: fileName)
        var index: [String: Int] = [:]
        var errors: [Diagnostic] = []
        var department: Department?
        var yearsSeen: [Int] = []
        var projects: [Project] = []
        // Where each project code is in `projects`: a row's project is found in constant time (a
        // search of the list per row made one file of 20,000 projects take 46 s).
        var projectIndex: [String: Int] = [:]
        var planCells: [String: [String]] = [:]
        // One record at a time, as the parser hands them over.
        func row(_ record: CSVParser.Record) {
            guard !record.fields.allSatisfy({ TextNormalizer.trim($0).isEmpty }) else { return }
            let at = SourceLocation(file: fileName, line: record.line)
            func cell(_ name: String) -> String {
                guard let i = index[name], i < record.fields.count else { return "" }
                // `write` neutralises formula-like cells with an apostrophe: take it off.
                return TextNormalizer.trim(CSVWriter.restored(record.fields[i]))
            }
            let deptCode = cell("单位编码"), code = cell("项目编码")
            if deptCode.isEmpty { errors.append(Diagnostic(.error, at: at, "单位编码为空。")); return }
            if department == nil { department = Department(code: deptCode, name: cell("单位名称"), year: 0) }
            if department!.code != deptCode {
                errors.append(Diagnostic(.error, at: at, "同一文件中出现了两个预算单位（\(department!.code) 与 \(deptCode)）。请每个单位分别导入。"))
                return
            }
            // Money, plans and 分值 are never negative; a counted target neither.
            func refuseNegative(_ names: [String]) -> Bool {
                var ok = true
                for name in names {
                    if case .negative = Amounts.read(cell(name)) {
                        errors.append(Diagnostic(.error, at: at, Amounts.negativeMessage(name, cell(name))))
                        ok = false
                    }
                }
                return ok
            }
            func indicatorRow() -> Indicator? {
                let i = indicator(cell, at: at)
                var ok = refuseNegative(["分值"])
                if let message = Amounts.negativeTargetMessage(i.target) {
                    errors.append(Diagnostic(.error, at: at, message))
                    ok = false
                }
                return ok ? i : nil
            }
            if let y = Int(cell("年度")) { yearsSeen.append(y) }
            guard !code.isEmpty else { errors.append(Diagnostic(.error, at: at, "项目编码为空：每行都应写项目编码（部门整体行写单位编码）。")); return }
            let level1 = cell("一级指标")
            if code == deptCode {
                if IndicatorTree.clean(level1) == SpecialRow.goal {
                    department!.goalText = cell("绩效目标")
                } else if let goal = indicatorRow() {
                    department!.goals.append(goal)
                }
                return
            }
            if let i = projectIndex[code] {
                if let added = indicatorRow() { projects[i].indicators.append(added) }
                return
            }
            guard let budget = Decimals.parse(cell("预算数")) else {
                errors.append(Diagnostic(.error, at: at, "预算数应为数字（万元），此处为“\(cell("预算数"))”。项目的第一行须写预算数。"))
                return
            }
            // The project is kept even when refused here, so its later rows find it (the file is
            // refused as a whole anyway).
            _ = refuseNegative(["预算数", "财政资金", "其他资金"] + months.map { "\($0)月底" })
            let first = indicatorRow()
            if cell("项目名称").isEmpty { errors.append(Diagnostic(.error, at: at, "项目 \(code) 缺少项目名称。")) }
            planCells[code] = months.map { cell("\($0)月底") }
            projectIndex[code] = projects.count
            projects.append(Project(
                code: code, name: cell("项目名称"), budget: budget, fiscalFunds: Decimals.parse(cell("财政资金")), otherFunds: Decimals.parse(cell("其他资金")),
                purpose: cell("资金用途"), goal: cell("绩效目标"), indicators: first.map { [$0] } ?? [], source: at))
        }

        var header: CSVParser.Record?
        var headerError: InputError?
        do {
            try CSVParser.forEach(text) { record in
                guard header != nil else {
                    header = record
                    for (i, h) in record.fields.enumerated() { index[TextNormalizer.removingSpaces(TextNormalizer.halfWidth(h))] = i }
                    let missing = required.filter { index[$0] == nil }
                    if !missing.isEmpty {
                        headerError = InputError(at: SourceLocation(file: fileName, line: record.line), "表头缺少列：\(missing.joined(separator: "、"))。目标表 csv 的列见 README“目标表 csv”。")
                    }
                    return
                }
                if headerError == nil { row(record) }
            }
        } catch {
            throw InputError(at: SourceLocation(file: fileName, line: error.line), error.message)
        }
        guard header != nil else { throw InputError(at: SourceLocation(file: fileName), "文件为空。") }
        if let headerError { throw headerError }
        if !errors.isEmpty { throw InputError(errors) }
        guard var d = department, !projects.isEmpty || !d.goals.isEmpty else {
            throw InputError(at: SourceLocation(file: fileName), "没有任何项目行。")
        }
        for i in projects.indices {
            projects[i].plan = SpendingPlan.normalize(months: months, cells: planCells[projects[i].code] ?? [], budget: projects[i].budget)
        }
        d.projects = projects
        if let year {
            d.year = year
            return TargetDocument(department: d, yearSource: .option)
        }
        if let y = yearsSeen.first {
            d.year = y
            return TargetDocument(department: d, yearSource: .file)
        }
        guard let fromCodes = ProjectCode.majorityYear(projects.map(\.code)) else {
            throw InputError(at: SourceLocation(file: fileName), "无法判断预算年度：csv 没有“年度”列，项目编码中也没有年份。请用 --year 指定。")
        }
        d.year = fromCodes
        return TargetDocument(department: d, yearSource: .projectCodes)
    }

    static func indicator(_ cell: (String) -> String, at: SourceLocation) -> Indicator {
        let level2 = cell("二级指标")
        return Indicator(level1: cell("一级指标"), level2: level2, level3: cell("三级指标"), description: cell("绩效指标描述"),
                         target: TargetParser.parse(cell("指标值"), isCost: IndicatorTree.isCost(level2: level2)), basis: cell("指标值确定依据"),
                         points: Decimals.parse(cell("分值")), source: at)
    }
}
