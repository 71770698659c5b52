import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoReports

/// The formats `monitor` writes.
enum MonitorFormats: FormatList {
    static let command = "monitor"
    static let formats: [OutputFormat] = MonitorReport.formats
}

/// `jixiao monitor`: mid-year monitoring (绩效运行监控) — spending against the plan and indicators
/// against their targets at a month, with lights.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "绩效运行监控：截至某月底的累计支出与支出计划（及序时进度）对比、指标完成进度，按红黄绿灯提示。",
        discussion: "执行进度用 jixiao record 录入（csv 列：项目编码、月份、累计支出（万元）或累计支出（元），可选 三级指标、截至目前完成值、偏差原因及纠偏措施）。"
    )

    @OptionGroup var year: YearOption
    @Option(help: ArgumentHelp("截至的月份 1–12（默认：最近报送的月份）。", valueName: "M")) var month: Int?
    @Flag(help: "财政视图：列出全部单位的红灯、黄灯项目，按滞后金额排序（需财政权限）。") var all = false
    @OptionGroup var profile: ProfileOption
    @OptionGroup var output: ReportOutputOptions<MonitorFormats>
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let month, !(1...12).contains(month) { throw ValidationError("--month 应为 1–12，收到 \(month)。") }
        try output.validate()
    }

    func run() async throws {
        try await Console.run {
            try output.target(protecting: [store.path])?.check()
            let view = try await store.application(.read).monitor(year: year.year, month: month, all: all, profile: try profile.resolve())
            let data = try TextTable.$terminalWidth.withValue(output.out == nil ? TextTable.terminalWidth : 0) {
                try MonitorReport.render(view, format: output.resolvedFormat)
            }
            try output.write(data, protecting: [store.path])
        }
    }
}
