import Foundation
import JixiaoEngine

extension EvaluationReport {
    /// The report in `format`, as the bytes a file or stdout receives. A csv written to a file
    /// starts with a byte order mark (`withBOM`) so that Excel and WPS open it in Chinese.
    public func rendered(as format: OutputFormat, withBOM: Bool = true, progress: ((Int, Int) -> Void)? = nil) throws -> Data {
        switch format {
        case .text: return Data(ReportText.render(self, markdown: false, progress: progress).utf8)
        case .markdown: return Data(ReportText.render(self, markdown: true, progress: progress).utf8)
        case .html: return Data(ReportHTML.render(self, progress: progress).utf8)
        case .json:
            // With one project, only that project (and its department's figures) is written.
            var departments = self.departments
            if let only = onlyProject {
                departments = departments.compactMap { d in
                    var copy = d
                    copy.projects = d.projects.filter { $0.project.code == only }
                    return copy.projects.isEmpty ? nil : copy
                }
            }
            return Data(ScoresJSON.document(year: year, profile: profile, departments: departments).serialized().utf8)
        case .csv:
            let text = ReportSheets.csv(self)
            return Data((withBOM ? text : String(text.dropFirst())).utf8)
        case .xlsx: return try ReportSheets.xlsx(self, progress: progress)
        case .docx: return try ReportDOCX.data(self, progress: progress)
        }
    }
}
