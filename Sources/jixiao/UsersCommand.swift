import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoModel

/// `jixiao users`: the web application's accounts.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "网页服务的用户：添加、列出、停用、重置密码。",
        subcommands: [Add.self, List.self, Disable.self, ResetPassword.self]
    )

    /// Where a password comes from: `--password-file`, else the terminal (asked twice), else one line of stdin.
    struct PasswordOptions: ParsableArguments {
        @Option(help: ArgumentHelp("从文件第一行读取密码（不在终端输入时使用）。", valueName: "file")) var passwordFile: String?

        func read() throws -> String {
            if let passwordFile {
                let text: String
                do { text = try String(contentsOfFile: passwordFile, encoding: .utf8) } catch {
                    throw ValidationError("无法读取密码文件 \(passwordFile)：\(error.localizedDescription)")
                }
                return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            }
            if isatty(0) == 1 {
                guard let first = getpass("密码："), let p1 = String(validatingCString: first) else { throw ValidationError("未读取到密码。") }
                guard let second = getpass("再次输入密码："), let p2 = String(validatingCString: second) else { throw ValidationError("未读取到密码。") }
                guard p1 == p2 else { throw ValidationError("两次输入的密码不一致。") }
                return p1
            }
            guard let line = Swift.readLine(strippingNewline: true) else { throw ValidationError("未读取到密码：请在终端输入，或用 --password-file 指定。") }
            return line
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "添加用户：单位用户（--department CODE）或财政用户（--bureau）。")
        @Argument(help: "用户名。") var name: String
        @Option(help: ArgumentHelp("单位用户所属的单位编码。", valueName: "code")) var department: String?
        @Flag(help: "财政用户。") var bureau = false
        @OptionGroup var password: PasswordOptions
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard (department != nil) != bureau else { throw ValidationError("请指定 --department CODE（单位用户）或 --bureau（财政用户），二者选一。") }
        }

        func run() async throws {
            try await Console.run {
                let secret = try password.read()
                let role: AccountRole = bureau ? .bureau : .unit(department: department ?? "")
                let user = try await store.application(.create).addUser(name: name, role: role, password: secret)
                Console.message("已添加用户 \(user.name)（\(Self.roleLabel(user.role))）。")
            }
        }

        static func roleLabel(_ role: AccountRole) -> String { role.department.map { "单位 \($0)" } ?? "财政局" }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出用户。")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Console.run {
                let users = try await store.application(.read).listUsers()
                var lines = ["用户名\t角色\t状态\t创建时间"]
                for u in users { lines.append("\(u.name)\t\(Add.roleLabel(u.role))\t\(u.disabled ? "已停用" : "正常")\t\(u.createdAt)") }
                Console.out(lines.joined(separator: "\n") + "\n")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "停用用户：不能再登录，已登录的会话立即失效。")
        @Argument(help: "用户名。") var name: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Console.run {
                let user = try await store.application(.write).disableUser(name: name)
                Console.message("已停用用户 \(user.name)；其会话已全部结束。")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password", abstract: "重置密码（并重新启用）；已登录的会话全部结束。")
        @Argument(help: "用户名。") var name: String
        @OptionGroup var password: PasswordOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Console.run {
                let user = try await store.application(.write).resetPassword(name: name, password: try password.read())
                Console.message("已重置用户 \(user.name) 的密码；其会话已全部结束。")
            }
        }
    }
}
