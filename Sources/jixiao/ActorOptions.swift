import ArgumentParser
import JixiaoApp

/// Who the command line acts as: by default the owner of the database file (every right); with
/// `--as-unit CODE` a unit user of that department only, with `--as-bureau` a bureau user only —
/// the rules the web server applies to its users.
struct ActorOptions: ParsableArguments {
    @Option(name: .customLong("as-unit"), help: ArgumentHelp("以该单位用户的身份操作（只能查看和填报本单位）。", valueName: "code"))
    var unit: String?

    @Flag(name: .customLong("as-bureau"), help: "以财政用户的身份操作（可查看全部、退回、复核、审核，不能代单位填报）。")
    var bureau = false

    func validate() throws {
        if unit != nil && bureau { throw ValidationError("--as-unit 与 --as-bureau 只能选一个。") }
    }

    var actor: Actor {
        if let unit { return .unit(user: Console.userName, department: unit) }
        if bureau { return .bureau(user: Console.userName) }
        return .local(user: Console.userName)
    }
}
