import Foundation
import ZIPFoundation
import JixiaoDocuments

/// Hostile .xlsx and .docx files, made in the tests (issue 14, points 3 and 7): parts of any size
/// are generated chunk by chunk while they are deflated, so a gigabyte part costs a few seconds
/// and a few megabytes, never the gigabyte.
enum HostileOfficeFiles {
    /// A part's content: bytes, or `size` bytes produced piece by piece by `bytes(position, count)`.
    enum Part {
        case data(Data)
        case generated(size: Int64, bytes: (Int64, Int) -> Data)

        static func text(_ s: String) -> Part { .data(Data(s.utf8)) }

        /// `head`, then `unit` repeated `count` times, then `tail`.
        static func repeated(head: String, unit: String, count: Int, tail: String) -> Part {
            let h = Array(head.utf8), u = Array(unit.utf8), t = Array(tail.utf8)
            let body = Int64(u.count) * Int64(count)
            let size = Int64(h.count) + body + Int64(t.count)
            // Units laid out over a little more than the largest chunk asked for, so any chunk of
            // the repeated middle is one copy from it.
            let pattern = Array(repeating: u, count: (1 << 20) / max(1, u.count) + 2).flatMap { $0 }
            return .generated(size: size) { position, length in
                var out = [UInt8]()
                out.reserveCapacity(length)
                var p = position
                let end = position + Int64(length)
                while p < end {
                    if p < h.count {
                        out.append(h[Int(p)])
                        p += 1
                    } else if p < Int64(h.count) + body {
                        let offset = Int((p - Int64(h.count)) % Int64(u.count))
                        let n = Int(min(end, Int64(h.count) + body) - p)
                        out.append(contentsOf: pattern[offset..<(offset + n)])
                        p += Int64(n)
                    } else {
                        out.append(t[Int(p - Int64(h.count) - body)])
                        p += 1
                    }
                }
                return Data(out)
            }
        }
    }

    /// A zip of the parts, deflated.
    static func zip(_ parts: [(String, Part)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
        for (path, part) in parts {
            switch part {
            case .data(let bytes):
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            case .generated(let size, let bytes):
                try archive.addEntry(with: path, type: .file, uncompressedSize: size, compressionMethod: .deflate, bufferSize: 1 << 20) { position, count in
                    bytes(position, count)
                }
            }
        }
        return archive.data!
    }

    /// A workbook of one sheet named `sheetName`: `sheet` is the whole worksheet XML.
    static func xlsx(sheet: Part, sharedStrings: Part? = nil, sheetName: String = "填报数据") throws -> Data {
        var parts: [(String, Part)] = [
            ("[Content_Types].xml", .text("""
                <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="xml" ContentType="application/xml"/></Types>
                """)),
            ("xl/workbook.xml", .text("""
                <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\(sheetName)" sheetId="1" r:id="rId1"/></sheets></workbook>
                """)),
            ("xl/_rels/workbook.xml.rels", .text("""
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>
                """)),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        if let sharedStrings { parts.append(("xl/sharedStrings.xml", sharedStrings)) }
        return try zip(parts)
    }

    static let sheetHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    static let sheetTail = "</sheetData></worksheet>"

    /// A row of inline strings.
    static func row(_ r: Int, _ texts: [String]) -> String {
        "<row r=\"\(r)\">" + texts.enumerated().map { c, t in
            "<c r=\"\(XLSXReference.name(row: r, column: c + 1))\" t=\"inlineStr\"><is><t>\(XMLText.escape(t))</t></is></c>"
        }.joined() + "</row>"
    }

    /// The template's header row.
    static var header: String { row(1, ActualsColumns.all) }

    /// A filled row of the seed's first project (an indicator of 城管综合治理).
    static func filled(_ r: Int, actual: String = "95%", reason: String = "") -> String {
        row(r, ["13091626P00016110003L", "城管综合治理", "产出指标", "时效指标", "完成及时率", "≥90百分数", actual, "", "", reason])
    }

    /// A docx whose body is `body` (the XML inside <w:body>).
    static func docx(body: Part) throws -> Data {
        try zip([
            ("[Content_Types].xml", .text("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")),
            ("word/document.xml", body),
        ])
    }

    static let documentHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
    static let documentTail = "</w:body></w:document>"

    /// `data` with every zip header's uncompressed size of the entry `path` set to `size` — a
    /// zip that lies about what it holds (a bomb declares a gigabyte, or hides one behind a few bytes).
    static func declaring(_ data: Data, path: String, size: UInt32) -> Data {
        var bytes = [UInt8](data)
        let name = Array(path.utf8)
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func put32(_ i: Int, _ v: UInt32) { for k in 0..<4 { bytes[i + k] = UInt8((v >> (8 * UInt32(k))) & 0xFF) } }
        var i = 0
        while i + 46 <= bytes.count {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x03, bytes[i + 3] == 0x04 {  // local header
                let n = u16(i + 26)
                if Array(bytes[(i + 30)..<(i + 30 + n)]) == name { put32(i + 22, size) }
            } else if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x01, bytes[i + 3] == 0x02 {  // central directory
                let n = u16(i + 28)
                if Array(bytes[(i + 46)..<(i + 46 + n)]) == name { put32(i + 24, size) }
            }
            i += 1
        }
        return Data(bytes)
    }

    /// Writes `data` to a fresh temporary file named `name`.
    static func file(_ data: Data, _ name: String) throws -> URL {
        let url = TestSupport.temporaryDirectory().appendingPathComponent(name)
        try data.write(to: url)
        return url
    }
}
