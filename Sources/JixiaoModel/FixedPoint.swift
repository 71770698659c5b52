import Foundation

/// Why an exact number could not be formed: the value is beyond the range the engine computes in.
/// A user sees it as a clear error (a finding or a validation message), never a trap.
public enum FixedPointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The decimal does not fit the type (too many digits, or too large).
    case outOfRange(String)

    public var description: String {
        switch self {
        case .outOfRange(let text): return "数值“\(text)”超出可计算范围"
        }
    }
}

/// A decimal's parts read through Foundation's public API only: `magnitude × 10^exponent`.
///
/// `Decimal.exponent`, `sign` and `significand` are public; the significand's integer comes from
/// `NSDecimalNumber` and is checked against the decimal it came from.
@usableFromInline
struct DecimalParts: Sendable {
    var magnitude: UInt64
    var exponent: Int
    var negative: Bool

    @usableFromInline
    init?(_ d: Decimal) {
        guard !d.isNaN else { return nil }
        if d.isZero { self.magnitude = 0; self.exponent = 0; self.negative = false; return }
        let significand = d.significand
        let m = NSDecimalNumber(decimal: significand).uint64Value
        guard m > 0, Decimal(m) == significand else { return nil }
        self.magnitude = m
        self.exponent = d.exponent
        self.negative = d.sign == .minus
    }
}

/// Powers of ten up to 10^38, for the fixed-point types.
@usableFromInline
let tenPowers: [Int128] = (0...38).map { n in (0..<n).reduce(Int128(1)) { p, _ in p * 10 } }

/// `n / d` rounded half away from zero ("四舍五入") to an integer; `d > 0`.
@inline(__always) @usableFromInline
func roundedQuotient(_ n: Int128, _ d: Int128) -> Int128 {
    let q = n.magnitude / d.magnitude, r = n.magnitude % d.magnitude
    let up = r >= d.magnitude - r  // r ≥ d/2, without overflow
    let m = Int128(q) + (up ? 1 : 0)
    return n < 0 ? -m : m
}

/// A decimal `units / 10^scale` as a `Decimal` (public initializer only).
@inline(__always) @usableFromInline
func decimal(units: Int128, scale: Int) -> Decimal {
    let m = units.magnitude
    let sign: FloatingPointSign = units < 0 ? .minus : .plus
    if m <= UInt128(UInt64.max) { return Decimal(sign: sign, exponent: -scale, significand: Decimal(UInt64(m))) }
    let high = Decimal(UInt64(m >> 64)) * twoTo64
    return Decimal(sign: sign, exponent: -scale, significand: high + Decimal(UInt64(m & UInt128(UInt64.max))))
}

/// 2^64 as a decimal.
@usableFromInline
let twoTo64 = Decimal(UInt64.max) + 1

/// Plain text of `units / 10^scale`, trailing fractional zeros dropped: "19", "4.75", "-0.5".
@usableFromInline
func plainText(units: Int128, scale: Int) -> String {
    guard units != 0 else { return "0" }
    var digits = String(units.magnitude)
    if scale > 0 {
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        while digits.last == "0" { digits.removeLast() }
        if digits.last == "." { digits.removeLast() }
    }
    return units < 0 ? "-" + digits : digits
}

/// A fixed-point number of `scale` decimals held as whole `units` (Int128): the shared arithmetic of
/// `Points` and `Amount`. Values enter through `init(exactly:)`, which refuses anything beyond
/// ±10^24 units, so sums and products of any realistic number of them cannot overflow Int128.
public protocol FixedPointNumber: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// Decimals kept.
    static var scale: Int { get }
    /// The value in units of 10^−scale.
    var units: Int128 { get }
    init(units: Int128)
}

extension FixedPointNumber {
    /// The largest magnitude taken from outside, in units.
    public static var limit: Int128 { tenPowers[24] }

    /// The value of `d` when it has at most `scale` decimals and is within range, else nil.
    public init?(exactly d: Decimal) {
        guard let p = DecimalParts(d) else { return nil }
        self.init(parts: p)
    }

    @usableFromInline
    init?(parts p: DecimalParts) {
        let shift = p.exponent + Self.scale
        guard shift >= 0, shift <= 24 else { return nil }
        let (u, overflow) = Int128(p.magnitude).multipliedReportingOverflow(by: tenPowers[shift])
        guard !overflow, u <= Self.limit else { return nil }
        self.init(units: p.negative ? -u : u)
    }

    /// The value of `d`, or `FixedPointError.outOfRange`.
    public init(checking d: Decimal) throws(FixedPointError) {
        guard let v = Self(exactly: d) else { throw .outOfRange(Decimals.plain(d)) }
        self = v
    }

    /// `d` rounded half-up to `scale` decimals (for values written with more), nil beyond range.
    public init?(rounding d: Decimal) {
        self.init(exactly: Decimals.round(d, scale: Self.scale))
    }

    public init(integerLiteral value: Int) { self.init(units: Int128(value) * tenPowers[Self.scale]) }

    /// The value as a `Decimal` (for the boundaries that still hold decimals).
    public var decimal: Decimal { JixiaoModel.decimal(units: units, scale: Self.scale) }
    /// The shortest plain text: "16.67", "50", "-0.5".
    public var description: String { plainText(units: units, scale: Self.scale) }
    /// The value as an exact ratio.
    public var ratio: Ratio { Ratio(units, tenPowers[Self.scale]) }
    public var isZero: Bool { units == 0 }

    public static func < (a: Self, b: Self) -> Bool { a.units < b.units }
    public static func + (a: Self, b: Self) -> Self { Self(units: a.units + b.units) }
    public static func - (a: Self, b: Self) -> Self { Self(units: a.units - b.units) }
    public static func += (a: inout Self, b: Self) { a = a + b }
    public static func -= (a: inout Self, b: Self) { a = a - b }
    public static prefix func - (a: Self) -> Self { Self(units: -a.units) }
    /// The value times a whole number.
    public static func * (a: Self, n: Int) -> Self { Self(units: a.units * Int128(n)) }
    /// The value times an exact ratio, rounded half-up to `scale` decimals once.
    public static func * (a: Self, r: Ratio) -> Self { Self(units: roundedQuotient(a.units * r.numerator, r.denominator)) }

    /// Rounded half away from zero to `decimals` (≤ scale) decimals.
    public func rounded(toDecimals decimals: Int) -> Self {
        guard decimals < Self.scale else { return self }
        let unit = tenPowers[Self.scale - decimals]
        return Self(units: roundedQuotient(units, unit) * unit)
    }

    /// Encoded as decimal text ("16.67"), the way the values are written by users and stored.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let d = Decimals.parse(text), let v = Self(exactly: d) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "不是\(Self.scale)位以内小数：\(text)")
        }
        self = v
    }
}

/// A score or a 分值 in ten-thousandths of a point (RULES.md §3–§6): profile rounding (0–4
/// decimals) is applied once, from the exact quotient, by `Ratio.rounded(toDecimals:)`.
public struct Points: FixedPointNumber {
    public static let scale = 4
    public var units: Int128
    public init(units: Int128) { self.units = units }
}

/// An amount of money in millionths of 万元 (a hundredth of 元): the budgets and execution figures.
public struct Amount: FixedPointNumber {
    public static let scale = 6
    public var units: Int128
    public init(units: Int128) { self.units = units }
}

/// An exact ratio `numerator / denominator` (denominator > 0): a / t, an execution rate, or any
/// user-written number. Kept in lowest terms; every comparison and rounding is exact, so a result
/// rounds as the formula's true value does (RULES.md §4: half-up, once).
///
/// Arithmetic that would leave Int128 gives nil (`adding`, `multiplied`, …) rather than trapping;
/// the scorer reports such an input as an error.
public struct Ratio: Hashable, Comparable, Sendable, CustomStringConvertible {
    public private(set) var numerator: Int128
    public private(set) var denominator: Int128

    /// `n / d`; `d` must not be 0. Not reduced (a gcd costs more than the formulas need); equality
    /// and hashing compare values, and operations reduce only when a product would overflow.
    @inline(__always)
    public init(_ n: Int128, _ d: Int128 = 1) {
        precondition(d != 0, "Ratio with denominator 0")
        (numerator, denominator) = d < 0 ? (-n, -d) : (n, d)
    }

    /// The exact value of `d` (any exponent from −38 to 38), nil for NaN or a significand beyond
    /// 64 bits.
    public init?(exactly d: Decimal) {
        guard let p = DecimalParts(d), abs(p.exponent) <= 38 else { return nil }
        let m = Int128(p.magnitude) * (p.negative ? -1 : 1)
        if p.exponent >= 0 {
            let (v, o) = m.multipliedReportingOverflow(by: tenPowers[p.exponent])
            guard !o else { return nil }
            self.init(v)
        } else {
            self.init(m, tenPowers[-p.exponent])
        }
    }

    /// In lowest terms.
    public var reduced: Ratio {
        let g = Ratio.gcd(numerator.magnitude, denominator.magnitude)
        return g > 1 ? Ratio(numerator / Int128(g), denominator / Int128(g)) : self
    }

    public static func == (a: Ratio, b: Ratio) -> Bool { !(a < b) && !(b < a) }
    public func hash(into hasher: inout Hasher) {
        let r = reduced
        hasher.combine(r.numerator)
        hasher.combine(r.denominator)
    }

    public static let zero = Ratio(0), one = Ratio(1)

    @inline(__always)
    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    public var isZero: Bool { numerator == 0 }
    public var isNegative: Bool { numerator < 0 }

    /// `self + r`, nil on overflow.
    public func adding(_ r: Ratio) -> Ratio? {
        if denominator == r.denominator {
            let (n, o) = numerator.addingReportingOverflow(r.numerator)
            return o ? nil : Ratio(n, denominator)
        }
        if let sum = Ratio.sum(self, r) { return sum }
        return Ratio.sum(reduced, r.reduced)?.reduced
    }

    private static func sum(_ x: Ratio, _ r: Ratio) -> Ratio? {
        let (a, o1) = x.numerator.multipliedReportingOverflow(by: r.denominator)
        let (b, o2) = r.numerator.multipliedReportingOverflow(by: x.denominator)
        let (n, o3) = a.addingReportingOverflow(b)
        let (d, o4) = x.denominator.multipliedReportingOverflow(by: r.denominator)
        return o1 || o2 || o3 || o4 ? nil : Ratio(n, d)
    }

    /// `self − r`, nil on overflow.
    public func subtracting(_ r: Ratio) -> Ratio? { adding(Ratio(-r.numerator, r.denominator)) }

    /// `self × r`, nil on overflow.
    public func multiplied(by r: Ratio) -> Ratio? {
        let (n, o1) = numerator.multipliedReportingOverflow(by: r.numerator)
        let (d, o2) = denominator.multipliedReportingOverflow(by: r.denominator)
        if !o1 && !o2 { return Ratio(n, d) }
        let x = reduced, y = r.reduced
        let g1 = Int128(Ratio.gcd(x.numerator.magnitude, y.denominator.magnitude)), g2 = Int128(Ratio.gcd(y.numerator.magnitude, x.denominator.magnitude))
        let (n2, o3) = (x.numerator / Swift.max(g1, 1)).multipliedReportingOverflow(by: y.numerator / Swift.max(g2, 1))
        let (d2, o4) = (x.denominator / Swift.max(g2, 1)).multipliedReportingOverflow(by: y.denominator / Swift.max(g1, 1))
        return o3 || o4 ? nil : Ratio(n2, d2)
    }

    /// `self ÷ r` (r ≠ 0), nil on overflow.
    public func divided(by r: Ratio) -> Ratio? {
        precondition(!r.isZero, "Ratio divided by 0")
        return multiplied(by: Ratio(r.denominator, r.numerator))
    }

    public static func < (a: Ratio, b: Ratio) -> Bool {
        if a.denominator == b.denominator { return a.numerator < b.numerator }
        if (a.numerator < 0) != (b.numerator < 0) { return a.numerator < 0 }
        let (x, o1) = a.numerator.multipliedReportingOverflow(by: b.denominator)
        let (y, o2) = b.numerator.multipliedReportingOverflow(by: a.denominator)
        if !o1 && !o2 { return x < y }
        // Beyond 128 bits: compare the magnitudes by continued fractions.
        let order = compareMagnitudes(a.numerator.magnitude, a.denominator.magnitude, b.numerator.magnitude, b.denominator.magnitude)
        return a.numerator < 0 ? order > 0 : order < 0
    }

    /// −1, 0, 1 as n1/d1 is less than, equal to, greater than n2/d2 (all non-negative, d > 0).
    private static func compareMagnitudes(_ n1: UInt128, _ d1: UInt128, _ n2: UInt128, _ d2: UInt128) -> Int {
        let (q1, r1) = n1.quotientAndRemainder(dividingBy: d1), (q2, r2) = n2.quotientAndRemainder(dividingBy: d2)
        if q1 != q2 { return q1 < q2 ? -1 : 1 }
        if r1 == 0 || r2 == 0 { return r1 == r2 ? 0 : (r1 == 0 ? -1 : 1) }
        return -compareMagnitudes(d1, r1, d2, r2)  // r1/d1 < r2/d2 ⇔ d1/r1 > d2/r2
    }

    /// The value rounded half away from zero to `decimals` decimals, in units of 10^−decimals.
    public func roundedUnits(toDecimals decimals: Int) -> Int128? {
        let (n, o) = numerator.multipliedReportingOverflow(by: tenPowers[decimals])
        if !o { return roundedQuotient(n, denominator) }
        let r = reduced
        let (n2, o2) = r.numerator.multipliedReportingOverflow(by: tenPowers[decimals])
        return o2 ? nil : roundedQuotient(n2, r.denominator)
    }

    /// Rounded to the 4 decimals of `Points` at most, as points.
    public func points(roundedTo decimals: Int) -> Points? {
        roundedUnits(toDecimals: decimals).map { Points(units: $0 * tenPowers[Points.scale - decimals]) }
    }

    /// The value as a `Decimal`: exact when it ends within 38 digits; else Foundation's 38-digit
    /// quotient of the two integers (as `Decimal`'s own division gives).
    public var decimal: Decimal {
        if denominator <= tenPowers[18], let k = tenPowers.prefix(19).firstIndex(of: denominator) {
            return JixiaoModel.decimal(units: numerator, scale: k)
        }
        let r = reduced
        let numerator = r.numerator
        var d = r.denominator.magnitude
        var k = 0
        while d % 10 == 0 { d /= 10; k += 1 }
        var twos = 0, fives = 0
        while d % 2 == 0 { d /= 2; twos += 1 }
        while d % 5 == 0 { d /= 5; fives += 1 }
        if d == 1 {
            // numerator / (2^twos 5^fives 10^k) = numerator × 2^(m−twos) 5^(m−fives) / 10^(m+k)
            let m = Swift.max(twos, fives)
            var scaled = numerator
            var overflow = false
            for _ in 0..<(m - twos) { (scaled, overflow) = overflow ? (scaled, true) : scaled.multipliedReportingOverflow(by: 2) }
            for _ in 0..<(m - fives) { (scaled, overflow) = overflow ? (scaled, true) : scaled.multipliedReportingOverflow(by: 5) }
            if !overflow, m + k <= 38 { return JixiaoModel.decimal(units: scaled, scale: m + k) }
        }
        return JixiaoModel.decimal(units: numerator, scale: 0) / JixiaoModel.decimal(units: denominator, scale: 0)
    }

    /// Rounded to `decimals` decimals as a `Decimal`: one exact rounding.
    public func decimal(roundedTo decimals: Int) -> Decimal? {
        roundedUnits(toDecimals: decimals).map { JixiaoModel.decimal(units: $0, scale: decimals) }
    }

    /// At most 4 decimals, trailing zeros dropped (as the derivation lines print numbers).
    public var description: String { roundedUnits(toDecimals: 4).map { plainText(units: $0, scale: 4) } ?? "\(decimal)" }

    /// As a percentage with two decimals: "88.00%" (the rate rounded to four decimals once).
    public var percent: String {
        guard let u = roundedUnits(toDecimals: 4) else { return Decimals.percent(decimal) }
        let m = u.magnitude
        var text = String(m / 100) + "." + String(repeating: "0", count: m % 100 < 10 ? 1 : 0) + String(m % 100)
        if u < 0 { text = "-" + text }
        return text + "%"
    }
}

extension Ratio {
    /// A fixed-point value as a ratio.
    public init<F: FixedPointNumber>(_ f: F) { self = f.ratio }
}
