import ArgumentParser
import Foundation
import JixiaoDocuments
import JixiaoModel
import JixiaoStore

/// `jixiao synth`: realistic generated data for benchmarks and demos.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "生成模拟数据（目标表与实际完成值）：写入数据库（--db）或写成可导入的文件（--out 目录）。同一 --seed 生成相同数据。"
    )

    @Option(help: "单位数。") var departments: Int = 10
    @Option(help: "每个单位的项目数。") var projects: Int = 10
    @Option(help: "年数（截至 2026 年）。") var years: Int = 1
    @Option(help: "随机种子。") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("写成文件的目录：每个单位每年一个目标表 csv 和一个实际完成值 csv。", valueName: "dir")) var out: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard departments > 0, projects > 0, years > 0, years <= 20 else { throw ValidationError("--departments、--projects、--years 应为正数（年数不超过 20）。") }
    }

    func run() throws {
        try Console.run {
            let synth = Synthesizer(departments: departments, projects: projects, years: years, seed: seed)
            var bar = ProgressBar(label: "生成", minimum: 2)
            let total = departments * years
            var done = 0
            if let out {
                let dir = URL(fileURLWithPath: out)
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                for year in synth.allYears {
                    let targets = dir.appendingPathComponent("targets-\(year)"), actuals = dir.appendingPathComponent("actuals-\(year)")
                    try FileManager.default.createDirectory(at: targets, withIntermediateDirectories: true)
                    try FileManager.default.createDirectory(at: actuals, withIntermediateDirectories: true)
                    for i in 0..<departments {
                        let d = synth.department(index: i, year: year)
                        try Output.write(Data(TargetsCSV.write([d]).utf8), to: targets.appendingPathComponent("\(d.code).csv"))
                        try Output.write(Data(Synthesizer.actualsCSV(synth.actuals(d)).utf8), to: actuals.appendingPathComponent("\(d.code).csv"))
                        done += 1
                        bar.update(done, total)
                    }
                }
                Console.message("已生成 \(total) 个目标表和 \(total) 个实际完成值文件（\(departments * projects * years) 个项目）于 \(out)。")
            } else {
                let db = try store.open(mustExist: false)
                for year in synth.allYears {
                    for i in 0..<departments {
                        let d = synth.department(index: i, year: year)
                        _ = try db.importTargets(d, source: ImportSource(fileName: "synth --seed \(seed)"))
                        _ = try db.recordActuals(synth.actuals(d), by: "synth", at: Date())
                        done += 1
                        bar.update(done, total)
                    }
                }
                Console.message("已生成 \(departments * projects * years) 个项目（\(departments) 个单位 × \(years) 年）写入 \(store.path)。")
            }
        }
    }
}
