import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoDocuments

/// `jixiao synth`: realistic generated data for benchmarks and demos.
struct SynthCommand: AsyncParsableCommand {
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

    func run() async throws {
        try await Console.run {
            let synth = Synthesizer(departments: departments, projects: projects, years: years, seed: seed)
            let progress = TerminalProgress(minimum: 2).handler
            if let out {
                try SynthFiles.write(synth, to: URL(fileURLWithPath: out), progress: progress)
                Console.message("已生成 \(departments * years) 个目标表和 \(departments * years) 个实际完成值文件（\(departments * projects * years) 个项目）于 \(out)。")
            } else {
                try await store.application(.create).synthesize(synth, progress: progress)
                Console.message("已生成 \(departments * projects * years) 个项目（\(departments) 个单位 × \(years) 年）写入 \(store.path)。")
            }
        }
    }
}
