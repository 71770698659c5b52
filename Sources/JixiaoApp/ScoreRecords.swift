import Foundation
import JixiaoEngine
import JixiaoModel

/// What a score run keeps of each result: per department and project the figures later features
/// query (compare, departments, status), and every finding.
enum ScoreRecords {
    static func departments(_ results: [DepartmentResult]) -> [DepartmentScoreRecord] {
        results.map { r in
            DepartmentScoreRecord(
                code: r.department.code, name: r.department.name, score: r.score, grade: r.grade, ownScore: r.ownScore,
                weightedScore: r.weightedProjectScore, executionRate: r.executionRate, gradeCounts: r.gradeCounts,
                projects: r.projects.map { p in
                    ProjectScoreRecord(code: p.project.code, name: p.project.name, status: p.status.rawValue,
                                       total: p.status == .graded ? p.total : nil, grade: p.grade, budget: p.funds.budget,
                                       executed: p.funds.executed, rate: p.funds.exactRate?.decimal(roundedTo: 12) ?? p.funds.rate)
                },
                findings: r.allFindings)
        }
    }
}
