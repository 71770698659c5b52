import Foundation

/// Exact decimal helpers: parsing, half-up rounding and plain formatting.
///
/// Money and scores are `Decimal` throughout; nothing here goes through `Double`.
public enum Decimals {
    private static let posix = Locale(identifier: "en_US_POSIX")

    /// Parses a plain decimal such as `"20997.72"`, `"-3"`, `"1,234.5"`, or full-width `"１９．００"`.
    /// Returns nil for anything that is not entirely a number.
    public static func parse(_ text: String) -> Decimal? {
        if let plain = parsePlainASCII(text) { return plain }
        var s = TextNormalizer.halfWidth(text).trimmingCharacters(in: .whitespacesAndNewlines)
        s.removeAll { $0 == "," }
        guard !s.isEmpty else { return nil }
        var seenDigit = false, seenDot = false
        for (i, ch) in s.enumerated() {
            switch ch {
            case "0"..."9": seenDigit = true
            case ".": if seenDot { return nil }; seenDot = true
            case "-", "+": if i != 0 { return nil }
            default: return nil
            }
        }
        guard seenDigit else { return nil }
        // Up to 18 significant digits: build the value directly (Decimal(string:) is slow).
        var significand: UInt64 = 0
        var digits = 0, fraction = 0, negative = false, afterDot = false
        for u in s.utf8 {
            switch u {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "+"): break
            case UInt8(ascii: "."): afterDot = true
            default:
                digits += 1
                if digits > 18 { return Decimal(string: s, locale: posix) }
                significand = significand * 10 + UInt64(u - UInt8(ascii: "0"))
                if afterDot { fraction += 1 }
            }
        }
        return Decimal(sign: negative && significand != 0 ? .minus : .plus, exponent: -fraction, significand: Decimal(significand))
    }

    /// The common case read straight from the bytes: an optional sign, digits and at most one dot,
    /// at most 18 digits, nothing else. Anything else returns nil for the general path to decide.
    @inline(__always)
    static func parsePlainASCII(_ text: String) -> Decimal? {
        var significand: UInt64 = 0
        var digits = 0, fraction = 0, negative = false, afterDot = false, index = 0
        for u in text.utf8 {
            switch u {
            case 0x30...0x39:
                digits += 1
                if digits > 18 { return nil }
                significand = significand &* 10 &+ UInt64(u &- 0x30)
                if afterDot { fraction += 1 }
            case 0x2E:
                if afterDot { return nil }
                afterDot = true
            case 0x2D where index == 0: negative = true
            case 0x2B where index == 0: break
            default: return nil
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        return Decimal(sign: negative && significand != 0 ? .minus : .plus, exponent: -fraction, significand: Decimal(significand))
    }

    /// `value` in whole hundredths when it has at most two decimals and fits, else nil.
    public static func cents(_ value: Decimal) -> Int64? {
        guard let x = DecimalParts(value) else { return nil }
        guard x.exponent >= -2, x.exponent <= 12, x.magnitude < 1 << 40 else { return nil }
        let (scaled, overflow) = Int64(x.magnitude).multipliedReportingOverflow(by: Int64(tenPowers[x.exponent + 2]))
        guard !overflow else { return nil }
        return x.negative ? -scaled : scaled
    }

    /// The decimal `cents / 100`.
    @inline(__always)
    public static func fromCents(_ cents: Int64) -> Decimal {
        Decimal(sign: cents < 0 ? .minus : .plus, exponent: -2, significand: Decimal(cents.magnitude))
    }

    /// True when `value` is below zero (`sign` and `isZero` are cheap; `<` on `Decimal` is not).
    @inline(__always)
    public static func isNegative(_ value: Decimal) -> Bool { value.sign == .minus && !value.isZero && !value.isNaN }

    /// True when `value` is above zero.
    @inline(__always)
    public static func isPositive(_ value: Decimal) -> Bool { value.sign == .plus && !value.isZero && !value.isNaN }

    /// Rounds half away from zero ("四舍五入") to `scale` decimal places.
    public static func round(_ value: Decimal, scale: Int) -> Decimal {
        // Already short enough: `exponent` is public and cheap.
        if !value.isNaN, value.exponent >= -scale { return value }
        if let x = DecimalParts(value), -scale - x.exponent <= 38 {
            if x.exponent >= -scale { return value }
            let drop = -scale - x.exponent
            let unit = UInt128(tenPowers[drop])
            var kept = UInt128(x.magnitude) / unit
            if UInt128(x.magnitude) % unit >= unit / 2 { kept += 1 }  // unit is a power of ten, so its half is exact
            return JixiaoModel.decimal(units: x.negative ? -Int128(kept) : Int128(kept), scale: scale)
        }
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    /// The shortest plain text of a decimal: `19`, `4.75`, `-0.5`. Never exponent notation.
    public static func plain(_ value: Decimal) -> String {
        // The significand as an integer and the exponent (description is ~25× slower).
        if let x = DecimalParts(value), x.magnitude <= UInt64(Int64.max) {
            return format(units: Int64(x.magnitude), exponent: x.exponent, negative: x.negative)
        }
        var text = (value as NSDecimalNumber).description(withLocale: posix)
        if text.contains("e") || text.contains("E") {
            text = "\(value)"
        }
        return text
    }

    /// `units × 10^exponent` as plain text, trailing fractional zeros dropped.
    static func format(units: Int64, exponent: Int, negative: Bool) -> String {
        guard units != 0 else { return "0" }
        // Written byte by byte into the string's own storage: this runs for every stored and
        // printed number.
        var magnitude = units.magnitude
        var reversed: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, least significant first
        var count = 0
        withUnsafeMutableBytes(of: &reversed) { digits in
            while magnitude > 0 {
                digits[count] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
                count += 1
            }
        }
        var fraction = Swift.max(0, -exponent)
        var skip = 0  // trailing fractional zeros dropped
        withUnsafeBytes(of: &reversed) { digits in
            while fraction > 0 && digits[skip] == 0x30 { skip += 1; fraction -= 1 }
        }
        let kept = count - skip
        let zerosAfter = Swift.max(0, exponent)
        let leading = fraction >= kept ? fraction - kept + 1 : 0  // "0.00" before the digits
        let length = (negative ? 1 : 0) + leading + kept + zerosAfter + (fraction > 0 ? 1 : 0)
        return withUnsafeBytes(of: &reversed) { digits in
            String(unsafeUninitializedCapacity: length) { out in
                var i = 0
                func put(_ byte: UInt8) { out[i] = byte; i += 1 }
                if negative { put(0x2D) }
                // The digits most significant first, with leading zeros, a dot before the fraction.
                let all = leading + kept
                for position in 0..<all {
                    if fraction > 0 && position == all - fraction { put(0x2E) }
                    put(position < leading ? 0x30 : digits[skip + kept - 1 - (position - leading)])
                }
                for _ in 0..<zerosAfter { put(0x30) }
                return i
            }
        }
    }

    /// Rounded to at most `scale` decimals, trailing zeros dropped: `short(9.5964, 2) == "9.6"`.
    public static func short(_ value: Decimal, _ scale: Int) -> String { plain(round(value, scale: scale)) }

    /// A rate as a percentage with two decimals: `percent(0.88) == "88.00%"`. The rate is rounded
    /// to four decimals first — the same digits as rounding rate × 100 to two, without
    /// multiplying a 38-digit quotient.
    public static func percent(_ rate: Decimal) -> String {
        if let r = Ratio(exactly: rate) { return r.percent }
        return fixed(round(rate, scale: 4) * 100, 2) + "%"
    }

    /// Fixed number of decimals: `fixed(19, 2) == "19.00"`.
    public static func fixed(_ value: Decimal, _ scale: Int) -> String {
        let rounded = round(value, scale: scale)
        var text = plain(rounded)
        guard scale > 0 else { return text }
        if let dot = text.firstIndex(of: ".") {
            let have = text.distance(from: dot, to: text.endIndex) - 1
            if have < scale { text += String(repeating: "0", count: scale - have) }
        } else {
            text += "." + String(repeating: "0", count: scale)
        }
        return text
    }
}
