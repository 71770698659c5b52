import Foundation
import JixiaoEngine
import JixiaoModel

/// The list of rule profiles (`jixiao profiles`).
public enum ProfileReports {
    /// One line per profile: name, title, points, rounding, source.
    public static func list(_ profiles: [Profile]) -> String {
        var table = TextTable(headers: ["名称", "标题", "分值（资金/产出/效益/满意度）", "舍入", "来源"], maxCellWidth: 40)
        for p in profiles {
            let points = [p.fundsPoints, p.categoryPoints[.output] ?? 0, p.categoryPoints[.benefit] ?? 0, p.categoryPoints[.satisfaction] ?? 0]
                .map(Decimals.plain).joined(separator: "/")
            var rounding = ""
            if case .halfUp(let d) = p.rounding { rounding = d == 0 ? "整数" : "\(d) 位小数" }
            table.append([p.name, p.title, points + (p.split == .indicator ? "（按指标均分）" : ""), rounding, p.source])
        }
        return table.render()
    }
}
