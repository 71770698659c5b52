import Foundation

/// Exact fast paths for decimal arithmetic: compare, add, subtract, multiply, divide when the
/// quotient ends, and rounding, on the integers of the significands.
///
/// Foundation's `Decimal` operators work digit-group by digit-group on a 128-bit mantissa and cost
/// 0.2–0.7 µs each (a compare 0.17 µs); scoring a province does tens of millions of them. These
/// helpers compute the same values with 64/128-bit integers in a few nanoseconds and take
/// Foundation's operator for anything else (large significands, far-apart exponents, inexact
/// quotients, exponents beyond ±64), so every result is the value Foundation's operator returns.
///
/// Foundation does not publish `Decimal`'s parts, so they are read from its memory layout
/// (swift-foundation's `Decimal.Storage`: exponent byte, length and sign bits, 16-bit mantissa
/// words). `layoutVerified` checks that reading against the public API once per process; when it
/// fails (a Foundation that lays `Decimal` out differently) every helper takes Foundation's path.
extension Decimals {
    /// A decimal `magnitude × 10^exponent`, negative when `negative`.
    struct DecimalParts {
        var magnitude: UInt128
        var exponent: Int
        var negative: Bool
    }

    /// Whether `fastParts` reads this Foundation's `Decimal` correctly.
    static let layoutVerified: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        let samples: [(UInt64, Int, Bool)] = [
            (0, 0, false), (1, 0, false), (12345, -3, false), (5, -1, true), (65535, 2, false), (65536, -5, true),
            (1 << 48 + 7, -10, false), (UInt64.max, 0, false), (99, 127, true), (3, -128, false),
        ]
        for (m, e, negative) in samples {
            let d = Decimal(sign: negative ? .minus : .plus, exponent: e, significand: Decimal(m))
            guard let p = readParts(d), sameValue(p, DecimalParts(magnitude: UInt128(m), exponent: e, negative: negative && m != 0)) else { return false }
        }
        // A parsed value; an 80-bit significand (2^80 − 1); NaN refused.
        guard let p = readParts(Decimal(string: "-12.345")!), p.magnitude == 12345, p.exponent == -3, p.negative else { return false }
        guard let q = readParts(Decimal(UInt64.max) * 65536 + 65535), q.magnitude == UInt128(1) << 80 - 1, q.exponent == 0 else { return false }
        return readParts(Decimal.nan) == nil
    }()

    private static func sameValue(_ a: DecimalParts, _ b: DecimalParts) -> Bool {
        func stripped(_ p: DecimalParts) -> DecimalParts {
            var p = p
            if p.magnitude == 0 { return DecimalParts(magnitude: 0, exponent: 0, negative: false) }
            while p.magnitude % 10 == 0 { p.magnitude /= 10; p.exponent += 1 }
            return p
        }
        let x = stripped(a), y = stripped(b)
        return x.magnitude == y.magnitude && x.exponent == y.exponent && x.negative == y.negative
    }

    private static func readParts(_ d: Decimal) -> DecimalParts? {
        withUnsafeBytes(of: d) { raw -> DecimalParts? in
            let flags = raw[1]
            let length = Int(flags >> 4)
            let negative = flags & 0x08 != 0
            if length == 0 { return negative ? nil : DecimalParts(magnitude: 0, exponent: 0, negative: false) }  // NaN / zero
            guard length <= 8 else { return nil }
            var magnitude: UInt128 = 0
            var word = length - 1
            while word >= 0 {
                magnitude = magnitude << 16 | UInt128(raw.loadUnaligned(fromByteOffset: 4 + 2 * word, as: UInt16.self))
                word -= 1
            }
            return DecimalParts(magnitude: magnitude, exponent: Int(Int8(bitPattern: raw[0])), negative: negative)
        }
    }

    /// Exponents the fast paths take, for operands and results. Far outside it Foundation itself
    /// gives NaN or traps (`1e100 * 1e100`); left to it, such values behave exactly as before.
    static let exponentRange = -64...64

    /// The parts of `d` when the layout is verified and the exponent is in range.
    @inline(__always)
    static func fastParts(_ d: Decimal) -> DecimalParts? {
        guard layoutVerified, let p = readParts(d), exponentRange.contains(p.exponent) else { return nil }
        return p
    }

    @inline(__always)
    static func make(_ magnitude: UInt128, exponent: Int, negative: Bool) -> Decimal? {
        guard magnitude <= UInt128(UInt64.max), exponentRange.contains(exponent) else { return nil }
        return Decimal(sign: negative && magnitude != 0 ? .minus : .plus, exponent: exponent, significand: Decimal(UInt64(magnitude)))
    }

    static let powersOfTen: [UInt128] = (0...38).map { n in (0..<n).reduce(UInt128(1)) { p, _ in p * 10 } }

    /// Both magnitudes at the smaller exponent, or nil when one overflows 128 bits there.
    @inline(__always)
    private static func aligned(_ x: DecimalParts, _ y: DecimalParts) -> (UInt128, UInt128, Int)? {
        if x.magnitude == 0 { return (0, y.magnitude, y.exponent) }
        if y.magnitude == 0 { return (x.magnitude, 0, x.exponent) }
        let e = Swift.min(x.exponent, y.exponent)
        let dx = x.exponent - e, dy = y.exponent - e
        guard dx <= 38, dy <= 38 else { return nil }
        let (mx, ox) = x.magnitude.multipliedReportingOverflow(by: powersOfTen[dx])
        let (my, oy) = y.magnitude.multipliedReportingOverflow(by: powersOfTen[dy])
        return ox || oy ? nil : (mx, my, e)
    }

    /// −1, 0 or 1 as `a` is less than, equal to or greater than `b`.
    @inline(__always)
    public static func compare(_ a: Decimal, _ b: Decimal) -> Int {
        if let x = fastParts(a), let y = fastParts(b) {
            let sx = x.magnitude == 0 ? 0 : (x.negative ? -1 : 1), sy = y.magnitude == 0 ? 0 : (y.negative ? -1 : 1)
            if sx != sy { return sx < sy ? -1 : 1 }
            if sx == 0 { return 0 }
            if let (mx, my, _) = aligned(x, y) {
                let magnitudeOrder = mx < my ? -1 : (mx == my ? 0 : 1)
                return sx < 0 ? -magnitudeOrder : magnitudeOrder
            }
        }
        return a < b ? -1 : (a == b ? 0 : 1)
    }

    /// `a < b`.
    @inline(__always) public static func less(_ a: Decimal, _ b: Decimal) -> Bool { compare(a, b) < 0 }
    /// The smaller of two decimals.
    @inline(__always) public static func min(_ a: Decimal, _ b: Decimal) -> Decimal { compare(b, a) < 0 ? b : a }
    /// The larger of two decimals.
    @inline(__always) public static func max(_ a: Decimal, _ b: Decimal) -> Decimal { compare(b, a) > 0 ? b : a }

    /// `a + b`.
    @inline(__always)
    public static func add(_ a: Decimal, _ b: Decimal) -> Decimal {
        if let x = fastParts(a), let y = fastParts(b), let (mx, my, e) = aligned(x, y) {
            let result: Decimal?
            if x.negative == y.negative || mx == 0 || my == 0 {
                let (sum, overflow) = mx.addingReportingOverflow(my)
                result = overflow ? nil : make(sum, exponent: e, negative: mx == 0 ? y.negative : x.negative)
            } else if mx >= my {
                result = make(mx - my, exponent: e, negative: x.negative)
            } else {
                result = make(my - mx, exponent: e, negative: y.negative)
            }
            if let result { return result }
        }
        return a + b
    }

    /// `a − b`.
    @inline(__always)
    public static func subtract(_ a: Decimal, _ b: Decimal) -> Decimal {
        if var y = fastParts(b), fastParts(a) != nil {
            y.negative = !y.negative
            if let negated = make(y.magnitude, exponent: y.exponent, negative: y.negative) { return add(a, negated) }
        }
        return a - b
    }

    /// `a × b`.
    @inline(__always)
    public static func multiply(_ a: Decimal, _ b: Decimal) -> Decimal {
        if let x = fastParts(a), let y = fastParts(b) {
            let (product, overflow) = x.magnitude.multipliedReportingOverflow(by: y.magnitude)
            if !overflow, let result = make(product, exponent: x.exponent + y.exponent, negative: x.negative != y.negative) { return result }
        }
        return a * b
    }

    /// `a ÷ b`: exact when the quotient ends within 19 digits; Foundation's 38-digit quotient
    /// otherwise.
    @inline(__always)
    public static func divide(_ a: Decimal, _ b: Decimal) -> Decimal {
        if let x = fastParts(a), let y = fastParts(b), y.magnitude != 0, x.magnitude <= UInt64.max, y.magnitude <= UInt64.max {
            if x.magnitude == 0 { return 0 }
            // x/y ends iff y / gcd(x, y) has no prime factor but 2 and 5; then 10^k x / y is whole.
            let (xm, ym) = (UInt64(x.magnitude), UInt64(y.magnitude))
            let g = gcd(xm, ym)
            var rest = ym / g
            var twos = 0, fives = 0
            while rest & 1 == 0 { rest >>= 1; twos += 1 }
            while rest % 5 == 0 { rest /= 5; fives += 1 }
            let k = Swift.max(twos, fives)
            if rest == 1, k <= 19 {
                let (scaled, overflow) = UInt128(xm / g).multipliedReportingOverflow(by: powersOfTen[k])
                if !overflow, let result = make(scaled / UInt128(ym / g), exponent: x.exponent - y.exponent - k, negative: x.negative != y.negative) {
                    return result
                }
            }
        }
        return a / b
    }

    @inline(__always)
    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// Rounds half away from zero to `scale` decimals; nil when the fast path does not apply.
    @inline(__always)
    static func roundFast(_ value: Decimal, scale: Int) -> Decimal? {
        guard let x = fastParts(value) else { return nil }
        if x.exponent >= -scale { return value }
        let drop = -scale - x.exponent
        guard drop <= 38 else { return nil }
        let unit = powersOfTen[drop]
        var kept = x.magnitude / unit
        if x.magnitude % unit >= unit / 2 { kept += 1 }  // unit is a power of ten, so its half is exact
        return make(kept, exponent: -scale, negative: x.negative)
    }
}
