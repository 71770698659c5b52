/// Words commonly mistyped in 绩效目标表 (R21 of `review`): each wrong form with the word meant.
///
/// `review` reports every wrong form it finds in a project's name, goal, purpose, indicator names,
/// descriptions and bases as a suggestion ("“复盖”疑为“覆盖”"); it never changes the text.
///
/// To extend the list, add a line `("错误写法", "正确写法"),` below and rebuild. Keep to forms that
/// are wrong wherever they appear: a pair that is right in some phrase would flag correct text —
/// 截止/截至 and 制定/制订 depend on the sentence, "数最" is in "人数最多", "付合" in "支付合同款",
/// "清远" is a city. (按装 is kept although "按装机容量" holds it: it is only ever a suggestion.)
/// A test checks that each wrong form differs from its correct one and is not part of any correct one.
public enum CommonTypos {
    public static let pairs: [(wrong: String, right: String)] = [
        ("复盖", "覆盖"),
        ("布署", "部署"),
        ("帐户", "账户"),
        ("帐目", "账目"),
        ("帐务", "账务"),
        ("帐簿", "账簿"),
        ("账薄", "账簿"),
        ("按装", "安装"),
        ("签定", "签订"),
        ("拨附", "拨付"),
        ("做为", "作为"),
        ("既使", "即使"),
        ("环镜", "环境"),
        ("维户", "维护"),
        ("即时率", "及时率"),
        ("合格律", "合格率"),
        ("完好律", "完好率"),
        ("满意律", "满意率"),
        ("及时律", "及时率"),
        ("覆盖律", "覆盖率"),
        ("执行律", "执行率"),
        ("效律", "效率"),
        ("验收合隔", "验收合格"),
        ("竣工验枚", "竣工验收"),
        ("绩效日标", "绩效目标"),
        ("信心平台", "信息平台"),
    ]
}
