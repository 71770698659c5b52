import Foundation
import JixiaoModel
import JixiaoStore

/// A user `jixiao serve --demo` created, with the password it printed.
public struct DemoUser: Sendable {
    public var account: UserAccount
    public var password: String
}

extension Application {
    /// The bundled samples `serve --demo` loads: both departments' targets for 2025 and 2026, and
    /// their actuals (the same files the compare tests load).
    public static let demoTargets = ["000_969f7bf0a7ef26b4.txt", "targets-342002-2026.txt", "2025/targets-342001-2025.txt", "2025/targets-342002-2025.txt"]
    public static let demoActuals = [("2025/actuals-2025.csv", 2025), ("actuals-2026.csv", 2026), ("actuals-342002-2026.csv", 2026)]

    /// Fills an empty store for a demonstration: the samples in `samples` with their actuals (342001's
    /// 2026 filing still lacks one required reason, so its submission is refused until it is
    /// given), a bureau user and one user per department, each with a fresh random password.
    public func loadDemo(samples: URL, policy: AccountPolicy = AccountPolicy()) async throws -> [DemoUser] {
        try authorize(.administer)
        for file in Self.demoTargets {
            _ = try await importTargets(file: samples.appendingPathComponent(file).path, year: nil)
        }
        for (file, year) in Self.demoActuals {
            _ = try await recordActuals(file: samples.appendingPathComponent(file).path, year: year, profile: try profiles.resolve(nil))
        }
        var users: [DemoUser] = []
        let codes = try await store.departmentCodes(year: try await resolveYear(nil))
        for (name, role) in [("bureau", AccountRole.bureau)] + codes.map({ ("unit-\($0)", AccountRole.unit(department: $0)) }) {
            let password = String(Self.randomToken().prefix(12))
            users.append(DemoUser(account: try await addUser(name: name, role: role, password: password, policy: policy), password: password))
        }
        return users
    }
}
