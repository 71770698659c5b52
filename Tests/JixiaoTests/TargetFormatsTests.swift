import Foundation
import JixiaoDocuments
import JixiaoModel
import JixiaoStore
import Testing
import ZIPFoundation

/// .docx, .xlsx and .csv target tables (issue 8).
@Suite("Target tables as docx, xlsx and csv")
struct TargetFormatsTests {
    static let fixtures = TestSupport.root.appendingPathComponent("Tests/JixiaoTests/Fixtures/targets")

    func read(_ name: String) throws -> TargetDocument {
        try TargetFileReader.read(url: Self.fixtures.appendingPathComponent(name), displayName: name, year: nil)
    }

    @Test("a docx and an xlsx made from the seed import to the same content as the text", arguments: ["seed.docx", "seed.xlsx"])
    func sameContent(name: String) async throws {
        let text = try TestSupport.readSeed().department
        let other = try read(name).department
        #expect(TargetsJSON.department(other) == TargetsJSON.department(text))
        #expect(other.goals.map(\.level3) == text.goals.map(\.level3))
        #expect(other.projects.map(\.plan.form) == text.projects.map(\.plan.form))
        // The store sees the same content: importing one over the other changes nothing.
        let store = try SQLiteStore()
        _ = try await store.importTargets(text, source: ImportSource(fileName: "seed.txt"))
        #expect(try await store.importTargets(other, source: ImportSource(fileName: name)) == .unchanged)
    }

    @Test("the docx reader: merged first cells, a cell's second empty paragraph, bookmarks, locations")
    func docxDetails() throws {
        let d = try read("seed.docx").department
        let parking = d.projects[1].indicators[2]
        #expect(parking.description == "基础设施建成后的利用、使用情况")
        #expect(parking.target.raw == "≥90 百分数")
        #expect(d.projects[2].goal.contains("\n2.完成铺设"))
        #expect(d.projects[0].indicators[1].level1 == "产出指标")
        #expect(d.projects[0].indicators[0].source?.description.hasPrefix("seed.docx 表格1 第") == true)
    }

    @Test("csv: the writer and reader round-trip the seed; the 年度 column gives the year")
    func csvRoundTrip() throws {
        let d = try TestSupport.readSeed().department
        let csv = TargetsCSV.write([d])
        let back = try TargetsCSV.read(data: Data(csv.utf8), fileName: "seed.csv", year: nil)
        #expect(back.yearSource == .file)
        #expect(TargetsJSON.department(back.department) == TargetsJSON.department(d))
        #expect(back.department.goalText == d.goalText)
    }

    @Test("csv errors name the line")
    func csvErrors() throws {
        let header = TargetsCSV.columns.joined(separator: ",")
        let bad = header + "\n342001,单位,2026,P1,项目,abc,,,,,,,,,产出指标,数量指标,A,,≥1个,,\n"
        #expect {
            try TargetsCSV.read(data: Data(bad.utf8), fileName: "t.csv", year: nil)
        } throws: { "\($0)".contains("t.csv:2") && "\($0)".contains("预算数应为数字") }
        #expect(throws: InputError.self) { try TargetsCSV.read(data: Data("a,b\n1,2\n".utf8), fileName: "t.csv", year: nil) }
    }

    @Test("a non-numeric budget in an xlsx names the sheet and row")
    func xlsxError() throws {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("seed.xlsx"))
        var sheets = try XLSXReader.read(data: data, fileName: "seed.xlsx")
        // Rebuild the workbook with one budget changed, through the program's own writer.
        var book = XLSXWorkbook()
        for (i, sheet) in sheets.enumerated() {
            var out = XLSXWorkbook.Sheet(name: sheet.name)
            for r in 1...max(1, sheet.maxRow) {
                out.append((1...max(1, sheet.maxColumn)).map { c in
                    var v = sheet.value(r, c)
                    if i == 1, v == "19" { v = "十九" }
                    return .text(v)
                })
            }
            for (t, l, b, rr) in sheet.merges { out.merge(t, l, b, rr) }
            book.add(out)
        }
        sheets = []
        let changed = try book.data()
        #expect {
            _ = try TargetFileReader.read(url: try write(changed, "bad.xlsx"), displayName: "bad.xlsx", year: nil)
        } throws: { error in
            let text = "\(error)"
            return text.contains("bad.xlsx 工作表「城管综合治理」 第") && text.contains("预算数应为数字") && text.contains("十九")
        }
    }

    func write(_ data: Data, _ name: String) throws -> URL {
        let url = TestSupport.temporaryDirectory().appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    @Test("legacy .doc and .xls are refused with the conversion command; a docx named .xlsx is refused")
    func legacy() throws {
        for ext in ["doc", "xls"] {
            let url = try write(Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), "old.\(ext)")
            #expect {
                _ = try TargetFileReader.read(url: url, displayName: "old.\(ext)", year: nil)
            } throws: { "\($0)".contains("libreoffice --headless --convert-to \(ext == "doc" ? "docx" : "xlsx")") }
        }
        let docxAsXlsx = try write(Data(contentsOf: Self.fixtures.appendingPathComponent("seed.docx")), "wrong.xlsx")
        #expect(throws: InputError.self) { try TargetFileReader.read(url: docxAsXlsx, displayName: "wrong.xlsx", year: nil) }
    }
}

/// A seeded mutation fuzzer over every reader: no crash, hang or runaway memory on any input —
/// only results or `InputError`s. Deterministic, so a failure reproduces.
@Suite("Reader fuzzing")
struct ReaderFuzzTests {
    typealias Random = Synthesizer.Random

    /// Flips, deletes, duplicates and inserts bytes.
    static func mutate(_ data: Data, _ rng: inout Random) -> Data {
        var bytes = [UInt8](data)
        for _ in 0..<(1 + rng.int(8)) where !bytes.isEmpty {
            let i = rng.int(bytes.count)
            switch rng.int(5) {
            case 0: bytes[i] ^= UInt8(1 << rng.int(8))
            case 1: bytes.removeSubrange(i..<min(bytes.count, i + 1 + rng.int(64)))
            case 2: bytes.insert(contentsOf: bytes[i..<min(bytes.count, i + 1 + rng.int(64))], at: rng.int(bytes.count))
            case 3: bytes.insert(["\t", "\n", "<", ">", "\"", "≥", "0", "\u{0}"].map { Array($0.utf8) }[rng.int(8)].first!, at: i)
            default: bytes = Array(bytes.prefix(i))
            }
        }
        return Data(bytes)
    }

    /// Rebuilds a zip with `part` mutated, so the XML parsers (not just the unzipper) see bad input.
    static func mutateInside(_ data: Data, part: String, _ rng: inout Random) throws -> Data {
        try TestSupport.rezip(data) { path, content in path == part ? mutate(content, &rng) : content }
    }

    func tryRead(_ data: Data, _ name: String) {
        let url = TestSupport.temporaryDirectory().appendingPathComponent(name)
        try? data.write(to: url)
        do {
            _ = try TargetFileReader.read(url: url, displayName: name, year: nil)
        } catch is InputError {
        } catch {
            Issue.record("\(name): unexpected error type \(type(of: error)): \(error)")
        }
        try? FileManager.default.removeItem(at: url.deletingLastPathComponent())
    }

    @Test("the text layout reader on 300 mutations of the seed")
    func textLayout() throws {
        var rng = Random(state: 1)
        let seed = Data(TestSupport.seedText.utf8)
        for _ in 0..<300 {
            let data = Self.mutate(seed, &rng)
            do { _ = try TextLayoutReader(fileName: "f.txt").read(data: data) } catch is InputError {} catch { Issue.record("\(error)") }
        }
    }

    @Test("csv readers on 200 mutations")
    func csv() throws {
        var rng = Random(state: 2)
        let targets = Data(TargetsCSV.write([try TestSupport.readSeed().department]).utf8)
        let actuals = try Data(contentsOf: TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv"))
        for i in 0..<200 {
            let data = Self.mutate(i % 2 == 0 ? targets : actuals, &rng)
            do { _ = try TargetsCSV.read(data: data, fileName: "f.csv", year: nil) } catch is InputError {} catch { Issue.record("\(error)") }
            do { _ = try ActualsTableReader.readCSV(data: data, fileName: "f.csv") } catch is InputError {} catch { Issue.record("\(error)") }
        }
    }

    @Test("xlsx and docx readers on mutated archives and mutated XML inside them")
    func officeFiles() throws {
        var rng = Random(state: 3)
        let docx = try Data(contentsOf: TargetFormatsTests.fixtures.appendingPathComponent("seed.docx"))
        let xlsx = try Data(contentsOf: TargetFormatsTests.fixtures.appendingPathComponent("seed.xlsx"))
        for _ in 0..<40 {
            tryRead(Self.mutate(docx, &rng), "f.docx")
            tryRead(Self.mutate(xlsx, &rng), "f.xlsx")
            tryRead(try Self.mutateInside(docx, part: "word/document.xml", &rng), "g.docx")
            tryRead(try Self.mutateInside(xlsx, part: "xl/worksheets/sheet2.xml", &rng), "g.xlsx")
            tryRead(try Self.mutateInside(xlsx, part: "xl/workbook.xml", &rng), "h.xlsx")
            // The audit readers take the same files.
            let audit = try Self.mutateInside(xlsx, part: "xl/worksheets/sheet3.xml", &rng)
            let url = TestSupport.temporaryDirectory().appendingPathComponent("a.xlsx")
            try audit.write(to: url)
            do { _ = try FiledTableReader.read(url: url, displayName: "a.xlsx") } catch is InputError {} catch { Issue.record("\(error)") }
        }
    }
}

extension Synthesizer.Random {
    /// 0 ..< n (0 when n is 0).
    mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
}
