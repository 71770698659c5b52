import Foundation
@testable import JixiaoDocuments
import JixiaoModel
import JixiaoStore
import Testing

/// Large files stream (issue 8): the XML tokenizer in chunks, sheets row by row, the content hash
/// a project at a time.
@Suite("Streaming large files")
struct StreamingTests {
    /// Records every event as text.
    final class Recorder: XMLTokenizer.Handler {
        var events: [String] = []
        var wantsText: Bool { true }
        func start(_ name: String, _ attributes: [String: String]) {
            events.append("<\(name) " + attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
        func end(_ name: String) { events.append("</\(name)") }
        func characters(_ text: String) {
            // Text may arrive in several calls; join neighbours so chunking cannot change the record.
            if let last = events.last, last.hasPrefix("#") { events[events.count - 1] = last + text } else { events.append("#" + text) }
        }
    }

    static let tricky = Data("""
        \u{FEFF}<?xml version="1.0"?><!DOCTYPE x><!-- a <comment> --><root a="1>2" b='&lt;q&gt;'>\
        text &amp; more &#x4E2D;&#25991;<![CDATA[<raw> & ]]>中文<empty/><c r="B2"><v>12.5</v></c>\
        <!-- tail --></root>
        """.utf8)

    func events(_ data: Data, chunk: Int?) throws -> [String] {
        let recorder = Recorder()
        if let chunk {
            let stream = XMLStream(recorder)
            var i = data.startIndex
            while i < data.endIndex {
                let j = min(data.endIndex, i + chunk)
                try stream.feed(data[i..<j])
                i = j
            }
            try stream.finish()
        } else {
            try XMLTokenizer.parse(data, recorder)
        }
        return recorder.events
    }

    @Test("the tokenizer gives the same events whole and in chunks of any size")
    func chunkedTokenizer() throws {
        let whole = try events(Self.tricky, chunk: nil)
        #expect(whole.contains("<root a=1>2 b=<q>"))
        #expect(whole.contains("#text & more 中文<raw> & 中文"))
        #expect(whole.contains("<c r=B2"))
        for size in [1, 2, 3, 5, 7, 8, 9, 13, 64, 4096] {
            #expect(try events(Self.tricky, chunk: size) == whole, "chunk \(size)")
        }
        // A real sheet, cut at awkward places.
        let sheet = try TestSupport.part("xl/worksheets/sheet2.xml", of: TargetFormatsTests.fixtures.appendingPathComponent("seed.xlsx"))
        let reference = try events(sheet, chunk: nil)
        #expect(reference.count > 100)
        for size in [1, 17, 1000] { #expect(try events(sheet, chunk: size) == reference) }
    }

    @Test("a token longer than the limit ends the parse with an error instead of growing without bound")
    func runawayToken() throws {
        let recorder = Recorder()
        let stream = XMLStream(recorder)
        try stream.feed(Data("<a>".utf8))
        let open = Data(("<b x=\"" + String(repeating: "y", count: 1 << 20)).utf8)
        let error = try #require(throws: XMLStream.TokenTooLong.self) {
            for _ in 0..<10 where !stream.stopped { try stream.feed(open) }
        }
        #expect(error.head.hasPrefix("<b x=\"yyy"))
        #expect(stream.stopped)
        #expect(recorder.events == ["<a "])
    }

    @Test("cell references", arguments: [
        ("A1", 1, 1), ("$B$2", 2, 2), ("aa10", 10, 27), ("XFD1048576", 1_048_576, 16_384),
    ])
    func references(ref: String, row: Int, column: Int) {
        #expect(XLSXReference.parse(ref)! == (row, column))
    }

    @Test("malformed cell references are refused", arguments: ["", "A", "1", "A0", "1A", "A1B", "XFE1", "A1048577", "中1"])
    func badReferences(ref: String) {
        #expect(XLSXReference.parse(ref) == nil)
    }

    @Test("SHA-256 piece by piece equals SHA-256 of the whole")
    func incrementalHash() {
        #expect(ContentDigest.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var million = ContentDigest.Hasher()
        for _ in 0..<1000 { million.update(String(repeating: "a", count: 1000)) }
        #expect(million.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let text = String(repeating: "绩效0123456789", count: 13)
        for cut in [0, 1, 2, 55, 56, 63, 64, 65, 119, text.count] {
            var h = ContentDigest.Hasher()
            h.update(String(text.prefix(cut)))
            h.update(String(text.dropFirst(cut)))
            #expect(h.finalize() == ContentDigest.hex(text), "cut at \(cut)")
        }
    }

    @Test("the content hash, computed a project at a time, is the hash of the whole canonical form")
    func contentHash() throws {
        var d = try TestSupport.readSeed().department
        #expect(TargetsJSON.contentHash(d) == ContentDigest.hex(TargetsJSON.department(d).canonical()))
        d.projects = Array(d.projects.prefix(1))
        #expect(TargetsJSON.contentHash(d) == ContentDigest.hex(TargetsJSON.department(d).canonical()))
        d.projects = []
        #expect(TargetsJSON.contentHash(d) == ContentDigest.hex(TargetsJSON.department(d).canonical()))
    }

    @Test("the canonical form: keys sorted, no whitespace, numbers as written; the pretty layout does not change it")
    func canonicalForm() throws {
        let value = JSONValue.object([("b", .number("19.0")), ("a", .array([.string("绩效\n\"x\""), .null, .bool(true)])), ("c", .object([]))])
        #expect(value.canonical() == #"{"a":["绩效\n\"x\"",null,true],"b":19.0,"c":{}}"#)
        let parsed = try #require(JSONValue(parsing: value.serialized()))
        #expect(parsed.canonical() == value.canonical())
        let seed = TargetsJSON.department(try TestSupport.readSeed().department)
        #expect(JSONValue(parsing: seed.serialized())?.canonical() == seed.canonical())
        #expect(JSONValue(parsing: "{\"a\": 1,}") == nil && JSONValue(parsing: "[1] 2") == nil && JSONValue(parsing: "\"\\u00e9\\ud83d\\ude00\"") == .string("é😀"))
    }

    @Test("merged columns are found row by row, a sheet-sized merge without a table of its cells")
    func coveredColumns() {
        var covered = TargetLayoutSources.CoveredColumns([(2, 2, 4, 4), (3, 6, 3, 7), (1, 1, 1_048_576, 16_384), (5, 1, 9, 1)])
        #expect(covered.ranges(forRow: 1) == [2...16_384])
        #expect(covered.ranges(forRow: 3) == [2...16_384, 3...4, 7...7])
        #expect(covered.ranges(forRow: 5) == [2...16_384])
        #expect(covered.ranges(forRow: 3) == [2...16_384, 3...4, 7...7])  // out of order: found by a full look
        #expect(covered.ranges(forRow: 1_048_576) == [2...16_384])
    }

    /// `data` (an xlsx) with one more row holding a value in the sheet's last possible cell.
    static func withStrayCell(_ data: Data, part: String) throws -> Data {
        try TestSupport.rezip(data) { path, content in
            guard path == part else { return content }
            return Data(String(decoding: content, as: UTF8.self).replacingOccurrences(of: "</sheetData>",
                with: "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>").utf8)
        }
    }

    @Test("a stray value in the sheet's last cell: actuals read as before; an audited form is refused, not grown to 17 billion cells")
    func strayCell() throws {
        let fixtures = TestSupport.root.appendingPathComponent("Tests/JixiaoTests/Fixtures")
        let actuals = try Data(contentsOf: fixtures.appendingPathComponent("actuals-openpyxl.xlsx"))
        let stray = try Self.withStrayCell(actuals, part: "xl/worksheets/sheet1.xml")
        #expect(stray != actuals)
        let before = try TemplateWorkbook.readActuals(data: actuals, fileName: "a.xlsx")
        let after = try TemplateWorkbook.readActuals(data: stray, fileName: "a.xlsx")
        #expect(after.map(\.raw) == before.map(\.raw))
        #expect(after.map(\.key) == before.map(\.key))

        let form = try Data(contentsOf: fixtures.appendingPathComponent("audit/form-pension.xlsx"))
        let url = TestSupport.temporaryDirectory().appendingPathComponent("form.xlsx")
        try Self.withStrayCell(form, part: "xl/worksheets/sheet1.xml").write(to: url)
        let error = try #require(throws: InputError.self) { try FiledTableReader.read(url: url, displayName: "form.xlsx") }
        #expect(error.description.contains("XFD1048576"))
        #expect(error.description.contains("不像一张自评表"))
    }

    @Test("a value serialized where it nests equals the whole document's lines indented")
    func nestedJSON() throws {
        let seed = TargetsJSON.department(try TestSupport.readSeed().department)
        let tricky = JSONValue.object([("a", .array([])), ("b", .object([])), ("c", .string("x\"y\n\\")), ("d", .array([.null, .bool(true), .number("1.5")]))])
        for value in [seed, tricky, .string("s"), .array([tricky, tricky])] {
            let indented = value.serialized().dropLast().split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
            #expect("    " + value.serialized(nestedAt: 2) == indented)
        }
    }

    /// The seed's project tables stacked `copies` times over sheets of at most `sheetRows` rows,
    /// each copy with its own codes, as a budget system's export of a large unit would look.
    static func stackedWorkbook(copies: Int, sheetRows: Int) throws -> Data {
        let seed = try XLSXReader.read(data: Data(contentsOf: TargetFormatsTests.fixtures.appendingPathComponent("seed.xlsx")), fileName: "seed.xlsx")
        var book = XLSXWorkbook()
        var preamble = XLSXWorkbook.Sheet(name: seed[0].name)
        for r in 1...seed[0].maxRow { preamble.append(seed[0].row(r).map { .text($0) }) }
        book.add(preamble)
        var sheet = XLSXWorkbook.Sheet(name: "项目1")
        var n = 0
        for copy in 1...copies {
            for table in seed.dropFirst() {
                if sheet.rows.count + table.maxRow > sheetRows {
                    book.add(sheet)
                    sheet = XLSXWorkbook.Sheet(name: "项目\(book.sheets.count)")
                }
                n += 1
                let offset = sheet.rows.count
                for r in 1...table.maxRow {
                    var row = table.row(r, width: 7)
                    if row[0] == "项目编码" { row[1] = String(format: "13091626P%012dL", n) }
                    if row[0].hasSuffix("绩效目标表") { row[0] = row[0].replacingOccurrences(of: "绩效目标表", with: "（\(copy)）绩效目标表") }
                    sheet.append(row.map { .text($0) })
                }
                for (t, l, b, r) in table.merges { sheet.merge(t + offset, l, b + offset, r) }
            }
        }
        book.add(sheet)
        return try book.data()
    }

    @Test("a workbook of stacked tables over several sheets streams to the same projects, with progress to the end")
    func stackedSheets() throws {
        let url = TestSupport.temporaryDirectory().appendingPathComponent("stacked.xlsx")
        try Self.stackedWorkbook(copies: 5, sheetRows: 200).write(to: url)
        var reports: [(Int64, Int64)] = []
        let document = try TargetFileReader.read(url: url, displayName: "stacked.xlsx", year: nil) { reports.append(($0, $1)) }
        let seed = try TestSupport.readSeed().department
        let d = document.department
        #expect(d.projects.count == 5 * seed.projects.count)
        #expect(Set(d.projects.map(\.code)).count == d.projects.count)
        for (i, p) in d.projects.enumerated() {
            let original = seed.projects[i % seed.projects.count]
            #expect(TargetsJSON.project(p.with(code: original.code, name: original.name)) == TargetsJSON.project(original), "project \(i + 1)")
        }
        #expect(d.goals.map(\.level3) == seed.goals.map(\.level3))
        // Locations name the sheet the row is on.
        #expect(d.projects.last?.indicators.first?.source?.description.contains("项目") == true)
        #expect(!reports.isEmpty)
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.0 <= $1.0 })
        #expect(reports.last.map { $0.0 == $0.1 } == true)
    }

    @Test("a docx streams its body with progress to the end, to the same content")
    func docxProgress() throws {
        var reports: [(Int64, Int64)] = []
        let url = TargetFormatsTests.fixtures.appendingPathComponent("seed.docx")
        let d = try TargetFileReader.read(url: url, displayName: "seed.docx", year: nil) { reports.append(($0, $1)) }.department
        #expect(TargetsJSON.department(d) == TargetsJSON.department(try TestSupport.readSeed().department))
        #expect(reports.last.map { $0.0 == $0.1 && $0.1 > 0 } == true)
    }
}

extension Project {
    /// The project under another code and name (for comparing copies).
    func with(code: String, name: String) -> Project {
        var copy = self
        copy.code = code
        copy.name = name
        return copy
    }
}
