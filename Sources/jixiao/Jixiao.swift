import ArgumentParser
import Foundation

/// The `jixiao` command: scores Chinese public-budget performance self-evaluations.
@main
struct Jixiao: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jixiao",
        abstract: "预算绩效自评：导入绩效目标表、录入实际完成值、评分并出具自评报告。",
        discussion: """
            数据保存在一个 SQLite 文件中：默认 ./jixiao.sqlite，可用 --db 或环境变量 JIXIAO_DB 指定。
            """,
        version: "0.1.0",
        subcommands: [
            ImportCommand.self, ProjectsCommand.self, ShowCommand.self, TemplateCommand.self, RecordCommand.self, HistoryCommand.self, MonitorCommand.self,
            ScoreCommand.self, RunsCommand.self, ExplainCommand.self, ReportCommand.self, EvaluateCommand.self, ReviewCommand.self, AuditCommand.self, CompareCommand.self, DepartmentsCommand.self, MergeCommand.self, StoreCommand.self, SubmitCommand.self, ReturnCommand.self, ApproveCommand.self, AdjustCommand.self, StatusCommand.self, SampleCommand.self, PublishCommand.self, ServeCommand.self, UsersCommand.self, SynthCommand.self, ProfilesCommand.self, ProfileCommand.self,
        ]
    )
}
