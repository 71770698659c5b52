import Foundation
import JixiaoDocuments
import JixiaoModel
import Testing

/// A malformed file gets an error naming the line and what was expected.
@Suite("Malformed target files")
struct BadInputTests {
    let lines = TestSupport.seedText.components(separatedBy: "\n")

    func read(_ text: String) throws -> TargetDocument {
        try TextLayoutReader(fileName: "bad.txt").read(data: Data(text.utf8))
    }

    func error(_ text: String) -> InputError? {
        do {
            _ = try read(text)
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return nil
        }
    }

    /// The seed with `transform` applied to its lines (1-based line numbers in the closure's view).
    func seed(_ transform: (inout [String]) -> Void) -> String {
        var copy = lines
        transform(&copy)
        return copy.joined(separator: "\n")
    }

    @Test("an empty file", arguments: ["", "  \n\n \t\n"])
    func empty(text: String) throws {
        let e = try #require(error(text))
        #expect(e.description.contains("文件为空"))
        #expect(e.diagnostics[0].location?.file == "bad.txt")
    }

    @Test("binary data is refused")
    func binary() throws {
        for data in [Data([0x00, 0x01, 0x02, 0xFF, 0x00, 0x10]), Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]),
                     Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]), Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00])] {
            #expect(throws: InputError.self) { try TextLayoutReader(fileName: "bad.bin").read(data: data) }
        }
        let e = try #require(error(String(decoding: [0x00, 0x41, 0x00], as: UTF8.self)))
        #expect(e.description.contains("二进制"))
    }

    @Test("text that is not a target table")
    func notATable() throws {
        let e = try #require(error("第一部分\n部门整体绩效目标\n一些文字。\n"))
        #expect(e.description.contains("未找到任何绩效目标表"))
    }

    @Test("a table cut off mid-row names the line")
    func cutOff() throws {
        // Line 83 is the 三级指标 cell of project 1's first indicator row.
        let e = try #require(error(lines.prefix(83).joined(separator: "\n")))
        #expect(e.diagnostics.count == 1)
        #expect(e.diagnostics[0].location?.line == 83)
        #expect(e.description.contains("应有 6 个单元格"))
        #expect(e.description.contains("只读到 3 个"))
        #expect(e.description.contains("中断"))
    }

    @Test("a table cut off before its indicators")
    func cutBeforeIndicators() throws {
        let e = try #require(error(lines.prefix(70).joined(separator: "\n")))
        #expect(e.description.contains("没有绩效指标表"))
        #expect(e.diagnostics[0].location?.line == 37)
    }

    @Test("a project without 项目编码")
    func missingCode() throws {
        let text = seed { $0.removeSubrange(40...41) }  // lines 41-42: 项目编码 and the code
        let e = try #require(error(text))
        #expect(e.description.contains("缺少项目编码"))
        #expect(e.diagnostics[0].location?.line == 37)
    }

    @Test("an empty 项目编码 cell")
    func emptyCode() throws {
        let text = seed { $0[41] = "\t " }
        let e = try #require(error(text))
        #expect(e.description.contains("项目编码"))
        #expect(e.diagnostics[0].location?.line == 41)
    }

    @Test("a non-numeric 预算数 names its line")
    func badBudget() throws {
        let text = seed { $0[47] = "\t十九万" }  // line 48
        let e = try #require(error(text))
        #expect(e.diagnostics.count == 1)
        #expect(e.diagnostics[0].location?.line == 48)
        #expect(e.description.contains("预算数应为数字"))
        #expect(e.description.contains("十九万"))
    }

    @Test("every error is reported at once")
    func severalErrors() throws {
        let text = seed {
            $0[47] = "\tabc"          // project 1 budget
            $0[129] = "\t三十"        // project 2 budget (line 130)
        }
        let e = try #require(error(text))
        #expect(e.diagnostics.map { $0.location?.line } == [48, 130])
    }

    @Test("a project code given twice")
    func duplicateCode() throws {
        let text = seed { $0[123] = "\t13091626P00016110003L" }
        let e = try #require(error(text))
        #expect(e.description.contains("出现了两次"))
    }

    @Test("no year in the codes and no --year")
    func noYear() throws {
        let text = TestSupport.seedText.replacing(/1309162[56]P/, with: "ABCDEFGHX")
        let e = try #require(error(text))
        #expect(e.description.contains("--year"))
        #expect(try TextLayoutReader(fileName: "x.txt", year: 2026).read(text: text).department.year == 2026)
    }

    @Test("bytes that are neither UTF-8 nor GB18030")
    func undecodable() throws {
        let e = try #require(error(String(decoding: [0x80, 0x80, 0xFF, 0xFE, 0x81], as: UTF8.self).isEmpty ? "" : ""))
        _ = e
        #expect(throws: InputError.self) { try TextLayoutReader(fileName: "x").read(data: Data([0xFF, 0xFF, 0xFF, 0x80, 0x30])) }
    }
}
