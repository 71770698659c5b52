import Foundation
import JixiaoApp
import JixiaoEngine
import JixiaoModel
import JixiaoStore
import Testing

/// The use cases the web pages need (issue 19), at the library level without the server:
/// accounts and sign-in limits, the project form with its validation and version check, uploads.
@Suite("Web use cases")
struct WebUseCaseTests {
    static let samples = TestSupport.root.appendingPathComponent("Samples")
    static let bus = "13091626P00024110002A"  // 公交补贴: 群众满意度 86 % against ≥90 %
    let store: SQLiteStore
    let owner: Application, unit1: Application, unit2: Application, bureau: Application
    let profile = Profile.national2020
    let policy = AccountPolicy(bcryptCost: 4)

    init() throws {
        store = try SQLiteStore()
        owner = Application(store: store, actor: .local(user: "本机"))
        unit1 = Application(store: store, actor: .unit(user: "u1", department: "342001"))
        unit2 = Application(store: store, actor: .unit(user: "u2", department: "342002"))
        bureau = Application(store: store, actor: .bureau(user: "财政"))
    }

    func load() async throws {
        for file in ["000_969f7bf0a7ef26b4.txt", "targets-342002-2026.txt"] {
            _ = try await owner.importTargets(file: Self.samples.appendingPathComponent(file).path, year: nil)
        }
        _ = try await owner.recordActuals(file: Self.samples.appendingPathComponent("actuals-2026.csv").path, year: 2026, profile: profile)
        _ = try await owner.recordActuals(file: Self.samples.appendingPathComponent("actuals-342002-2026.csv").path, year: 2026, profile: profile)
    }

    // MARK: Accounts

    @Test("users: add (name, password length, unknown department refused), list, disable ends sessions, reset enables")
    func accounts() async throws {
        try await load()
        let u = try await owner.addUser(name: "zhang", role: .unit(department: "342001"), password: "secret-123", policy: policy)
        #expect(u.passwordHash.hasPrefix("$2b$04$") && !u.passwordHash.contains("secret"))
        await #expect(throws: AccountError.self) { try await owner.addUser(name: "li", role: .unit(department: "999999"), password: "secret-123", policy: policy) }
        await #expect(throws: AccountError.self) { try await owner.addUser(name: "li", role: .bureau, password: "short", policy: policy) }
        await #expect(throws: AccountError.self) { try await owner.addUser(name: "a b", role: .bureau, password: "secret-123", policy: policy) }
        await #expect(throws: StoreError.self) { try await owner.addUser(name: "zhang", role: .bureau, password: "secret-123", policy: policy) }
        // A unit user does not administer accounts.
        await #expect(throws: AccessDenied.self) { try await unit1.addUser(name: "x", role: .bureau, password: "secret-123", policy: policy) }
        #expect(try await owner.listUsers().map(\.name) == ["zhang"])

        let signed = try await Application.signIn(store: store, name: "zhang", password: "secret-123", address: "10.0.0.1", policy: policy)
        #expect(signed.actor == .unit(user: "zhang", department: "342001"))
        #expect(try await Application.session(store: store, token: signed.token)?.user.name == "zhang")
        _ = try await owner.disableUser(name: "zhang")
        #expect(try await Application.session(store: store, token: signed.token) == nil)
        await #expect(throws: SignInRefused(reason: .disabled)) {
            try await Application.signIn(store: store, name: "zhang", password: "secret-123", address: "10.0.0.1", policy: policy)
        }
        _ = try await owner.resetPassword(name: "zhang", password: "another-456", policy: policy)
        await #expect(throws: SignInRefused(reason: .wrongCredentials)) {
            try await Application.signIn(store: store, name: "zhang", password: "secret-123", address: "10.0.0.1", policy: policy)
        }
        let again = try await Application.signIn(store: store, name: "zhang", password: "another-456", address: "10.0.0.1", policy: policy)
        try await Application.signOut(store: store, token: again.token)
        #expect(try await Application.session(store: store, token: again.token) == nil)
    }

    @Test("sign-in limits: 5 failures lock the name (even the right password), 20 from one address lock the address; expiry")
    func signInLimits() async throws {
        _ = try await owner.addUser(name: "wang", role: .bureau, password: "right-pass", policy: policy)
        _ = try await owner.addUser(name: "zhao", role: .bureau, password: "right-pass", policy: policy)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<5 {
            await #expect(throws: SignInRefused(reason: .wrongCredentials)) {
                try await Application.signIn(store: store, name: "wang", password: "wrong", address: "a1", policy: policy, now: now)
            }
        }
        await #expect(throws: SignInRefused(reason: .tooManyAttempts)) {
            try await Application.signIn(store: store, name: "wang", password: "right-pass", address: "a2", policy: policy, now: now)
        }
        // After the window the name may try again.
        _ = try await Application.signIn(store: store, name: "wang", password: "right-pass", address: "a2", policy: policy, now: now.addingTimeInterval(16 * 60))
        // Unknown names count against the address: 20 guesses lock it for every name.
        for i in 0..<20 {
            await #expect(throws: SignInRefused(reason: .wrongCredentials)) {
                try await Application.signIn(store: store, name: "guess\(i)", password: "x", address: "a3", policy: policy, now: now)
            }
        }
        await #expect(throws: SignInRefused(reason: .tooManyAttempts)) {
            try await Application.signIn(store: store, name: "zhao", password: "right-pass", address: "a3", policy: policy, now: now)
        }
        // Sessions expire.
        let s = try await Application.signIn(store: store, name: "zhao", password: "right-pass", address: "a4", policy: policy, now: now)
        #expect(try await Application.session(store: store, token: s.token, now: now.addingTimeInterval(7 * 3600)) != nil)
        #expect(try await Application.session(store: store, token: s.token, now: now.addingTimeInterval(9 * 3600)) == nil)
    }

    // MARK: The form

    @Test("form: the rows of 公交补贴 with target, unit, points, stored value and score")
    func formRows() async throws {
        try await load()
        let form = try await unit1.projectForm(code: Self.bus, year: 2026, profile: profile)
        #expect(form.rows.map(\.id) == ["budget", "executed", "goal", "i0", "i1", "i2", "i3", "i4"])
        let satisfaction = form.rows[7]
        #expect(satisfaction.level3 == "群众满意度" && satisfaction.target == "≥90百分数" && satisfaction.value == "86%")
        // 86 / 90 × 10 = 9.56 (the profile rounds to 2 places); the project 100 − 0.44 = 99.56.
        #expect(satisfaction.points == 10 && satisfaction.score == TestSupport.decimal("9.56"))
        #expect(form.total == TestSupport.decimal("99.56") && form.grade == "优")
        #expect(form.rows[1].value == "30.00" && form.rows[1].points == 10)
        #expect(form.editable && form.version > 0)
        // The bureau reads it, cannot edit; the other unit does not find it.
        #expect(try await bureau.projectForm(code: Self.bus, year: 2026, profile: profile).editable == false)
        await #expect(throws: StoreError.self) { try await unit2.projectForm(code: Self.bus, year: 2026, profile: profile) }
        // The department's own table.
        let own = try await unit1.projectForm(code: "342001", year: 2026, profile: profile)
        #expect(own.isDepartment && own.rows.first?.id == "goal" && own.rows.count > 1)
    }

    @Test("form save: the validator's message beside the field, nothing written; a valid save rescored (90 % → 100.00)")
    func formSave() async throws {
        try await load()
        let form = try await unit1.projectForm(code: Self.bus, year: 2026, profile: profile)
        let bad = try await unit1.saveProjectForm(code: Self.bus, year: 2026, values: ["executed": "abc", "i4": "90%"], expectedVersion: form.version, profile: profile)
        guard case .invalid(let typed) = bad else { Issue.record("expected invalid, got \(bad)"); return }
        let executed = try #require(typed.rows.first { $0.id == "executed" })
        #expect(executed.errors == ["全年执行数应为金额（万元，如 18.50；写“元”则按元换算），此处为“abc”。"])
        #expect(executed.value == "abc" && typed.rows[7].value == "90%" && typed.rows[7].errors.isEmpty)
        #expect(try await store.actualsVersion(departmentCode: "342001", year: 2026, ownerCode: Self.bus) == form.version)
        // Clearing a stored value is refused beside the field.
        guard case .invalid(let cleared) = try await unit1.saveProjectForm(code: Self.bus, year: 2026, values: ["i0": ""], expectedVersion: form.version, profile: profile) else {
            Issue.record("expected invalid"); return
        }
        #expect(cleared.rows[3].errors.first?.hasPrefix("不能清空已保存的值") == true)

        let good = try await unit1.saveProjectForm(code: Self.bus, year: 2026, values: ["executed": "30.00", "i4": "90%", "i4.reason": "已协调加密班次"],
                                                   expectedVersion: form.version, profile: profile)
        guard case .saved(let saved, let outcome) = good else { Issue.record("expected saved, got \(good)"); return }
        #expect(outcome.changed == 1)
        #expect(saved.rows[7].value == "90%" && saved.rows[7].reason == "已协调加密班次" && saved.rows[7].score == 10)
        #expect(saved.total == TestSupport.decimal("100.00") && saved.version > form.version)
    }

    @Test("form save: someone saved since → conflict with both values, nothing overwritten; locked after submit; others refused")
    func formConflict() async throws {
        try await load()
        let seen = try await unit1.projectForm(code: Self.bus, year: 2026, profile: profile)
        guard case .saved = try await unit1.saveProjectForm(code: Self.bus, year: 2026, values: ["i4": "88%", "i4.reason": "甲"], expectedVersion: seen.version, profile: profile) else {
            Issue.record("first save"); return
        }
        let second = try await unit1.saveProjectForm(code: Self.bus, year: 2026, values: ["i4": "95%", "i4.reason": "乙"], expectedVersion: seen.version, profile: profile)
        guard case .conflict(let theirs) = second else { Issue.record("expected conflict, got \(second)"); return }
        #expect(theirs.generalErrors.first?.hasPrefix("该项目已被他人修改") == true)
        #expect(theirs.conflicts.contains(ProjectForm.Conflict(rowID: "i4", label: "群众满意度", theirs: "88%", yours: "95%")))
        #expect(theirs.rows[7].value == "88%")
        #expect(try await store.actuals(departmentCode: "342001", year: 2026).first { $0.key.ownerCode == Self.bus && $0.key.level3 == "群众满意度" }?.value == "88%")
        // Other departments, the bureau: refused.
        await #expect(throws: StoreError.self) {
            try await unit2.saveProjectForm(code: Self.bus, year: 2026, values: ["i4": "99%"], expectedVersion: theirs.version, profile: profile)
        }
        await #expect(throws: AccessDenied.self) {
            try await bureau.saveProjectForm(code: Self.bus, year: 2026, values: ["i4": "99%"], expectedVersion: theirs.version, profile: profile)
        }
        // After the submission the actuals are locked.
        _ = try await unit1.submit(department: "342001", year: 2026, note: "", profile: profile)
        await #expect(throws: FilingError.self) {
            try await unit1.saveProjectForm(code: Self.bus, year: 2026, values: ["i4": "99%"], expectedVersion: theirs.version, profile: profile)
        }
    }

    @Test("department filing: completion per project, open comments of the last return, what blocks submission")
    func departmentFiling() async throws {
        try await load()
        let f = try await unit1.departmentFiling(department: "342001", year: 2026, profile: profile)
        #expect(f.result.projects.count == 12 && f.editable)
        #expect(f.completion[Self.bus] == .init(filled: 6, total: 6))
        #expect(f.problems.map(\.ownerCode) == [Self.bus])
        await #expect(throws: AccessDenied.self) { try await unit2.departmentFiling(department: "342001", year: 2026, profile: profile) }
        let g = try await unit2.departmentFiling(department: "342002", year: 2026, profile: profile)
        _ = try await unit2.submit(department: "342002", year: 2026, note: "", profile: profile)
        _ = try await bureau.returnFiling(department: "342002", year: 2026, comment: "请补充", items: [ItemComment(project: g.result.projects[0].project.code, indicator: nil, text: "执行率说明")])
        let h = try await unit2.departmentFiling(department: "342002", year: 2026, profile: profile)
        #expect(h.openComments.map(\.text) == ["请补充", "执行率说明"] && h.filing.state == .returned)
    }

    // MARK: Uploads

    @Test("upload: size, type and content checked before reading; a folder in the name dropped; a good csv recorded")
    func uploads() async throws {
        try await load()
        let csv = try Data(contentsOf: Self.samples.appendingPathComponent("actuals-2026.csv"))
        let small = UploadLimits(maxBytes: 1024)
        await #expect(throws: UploadRefused.self) { try await unit1.uploadActuals(UploadedFile(fileName: "a.csv", data: csv), year: 2026, profile: profile, limits: small) }
        await #expect(throws: UploadRefused.self) { try await unit1.uploadActuals(UploadedFile(fileName: "a.pdf", data: Data("x".utf8)), year: 2026, profile: profile) }
        await #expect(throws: UploadRefused.self) { try await unit1.uploadActuals(UploadedFile(fileName: "a.xlsx", data: Data("not a zip".utf8)), year: 2026, profile: profile) }
        await #expect(throws: UploadRefused.self) { try await unit1.uploadActuals(UploadedFile(fileName: "a.csv", data: Data()), year: 2026, profile: profile) }
        await #expect(throws: AccessDenied.self) { try await bureau.uploadActuals(UploadedFile(fileName: "a.csv", data: csv), year: 2026, profile: profile) }
        #expect(UploadedFile(fileName: "../../etc/passwd", data: Data()).safeName == "passwd")
        #expect(UploadedFile(fileName: "C:\\Users\\x\\填报表.xlsx", data: Data()).safeName == "填报表.xlsx")
        #expect(UploadedFile(fileName: "..", data: Data()).safeName == "上传文件")
        // Another department's rows are unknown codes to a unit: all or nothing, the message names the upload.
        do {
            _ = try await unit2.uploadActuals(UploadedFile(fileName: "x/填报.csv", data: csv), year: 2026, profile: profile)
            Issue.record("expected InputError")
        } catch let e as InputError {
            #expect(e.diagnostics.first?.location?.file == "填报.csv" && e.description.contains("未知的项目编码"))
        }
        let r = try await unit1.uploadActuals(UploadedFile(fileName: "填报.csv", data: csv), year: 2026, profile: profile)
        #expect(r.path == "填报.csv" && r.outcome.added + r.outcome.changed == 0 && r.rowCount > 0)
        // Targets, as the bureau.
        let txt = try Data(contentsOf: Self.samples.appendingPathComponent("2025/targets-342001-2025.txt"))
        let imported = try await bureau.uploadTargets(UploadedFile(fileName: "目标.txt", data: txt), year: nil)
        #expect(imported.departmentCode == "342001" && imported.year == 2025)
        await #expect(throws: UploadRefused.self) { try await bureau.uploadTargets(UploadedFile(fileName: "目标.exe", data: txt), year: nil) }
    }

    // MARK: The demo

    @Test("demo: the samples of both departments and years, a bureau user and one per unit, each able to sign in")
    func demo() async throws {
        let users = try await owner.loadDemo(samples: Self.samples, policy: policy)
        #expect(users.map(\.account.name) == ["bureau", "unit-342001", "unit-342002"])
        #expect(try await store.years() == [2025, 2026])
        #expect(try await store.departmentCodes(year: 2025) == ["342001", "342002"])
        // 342001's 2026 filing waits for the one missing reason.
        #expect(try await unit1.submissionProblems(department: "342001", year: 2026, profile: profile).count == 1)
        for u in users {
            let s = try await Application.signIn(store: store, name: u.account.name, password: u.password, address: "demo", policy: policy)
            #expect(s.user.role == u.account.role && u.password.count == 12)
        }
    }
}
