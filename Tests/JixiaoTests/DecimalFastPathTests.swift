import Foundation
@testable import JixiaoModel
import Testing

/// The integer fast paths of `Decimals` must return exactly what Foundation's operators return.
@Suite("Decimal fast paths")
struct DecimalFastPathTests {
    /// Decimals as scoring meets them (amounts, targets, weights, rates) and some it should not:
    /// negatives, zero, 38-digit quotients, far-apart exponents.
    static func samples(count: Int, seed: UInt64) -> [Decimal] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
        var values: [Decimal] = [0, 1, -1, 100, Decimal(string: "0.5")!, Decimal(string: "1.3")!, Decimal(string: "16.67")!,
                                 Decimal(UInt64.max), Decimal(UInt64.max) * 65536 + 65535, Decimal(string: "1e60")!, Decimal(string: "-1e-60")!]
        for _ in 0..<count {
            let r = next()
            let units = (r >> 8) % [10, 1000, 100_000, 10_000_000_000, UInt64.max >> 8][Int(r % 5)]
            let exponent = Int((r >> 3) % 13) - 8
            var value = Decimal(sign: r & 0x80 == 0 ? .plus : .minus, exponent: exponent, significand: Decimal(units))
            if r % 7 == 0 { value = value / 7 }  // a 38-digit quotient
            values.append(value)
        }
        return values
    }

    @Test("the layout of Decimal is read correctly on this platform (else every fast path is off)")
    func layout() {
        #expect(Decimals.layoutVerified)
        #expect(Decimals.fastParts(Decimal(string: "-12.345")!).map { ($0.magnitude, $0.exponent, $0.negative) } ?? (0, 0, false) == (12345, -3, true))
        #expect(Decimals.fastParts(.nan) == nil)
    }

    @Test("exponents beyond ±64 take Foundation's path")
    func extremes() {
        let huge = Decimal(string: "1e100")!, tiny = Decimal(string: "-1e-100")!
        #expect(Decimals.fastParts(huge) == nil && Decimals.fastParts(tiny) == nil)
        #expect(Decimals.compare(tiny, huge) == -1 && Decimals.compare(huge, 1) == 1 && Decimals.compare(huge, huge) == 0)
        #expect(Decimals.add(huge, 1) == huge + 1)
        #expect(Decimals.multiply(Decimal(string: "1e60")!, Decimal(string: "1e10")!) == Decimal(string: "1e70")!)
    }

    @Test("compare, add, subtract and multiply agree with Foundation")
    func arithmetic() {
        let values = Self.samples(count: 300, seed: 7)
        for (i, a) in values.enumerated() {
            for b in values[(i % 40)..<min(values.count, i % 40 + 25)] {
                let order = a < b ? -1 : (a == b ? 0 : 1)
                #expect(Decimals.compare(a, b) == order, "\(a) <=> \(b)")
                #expect(Decimals.min(a, b) == min(a, b) && Decimals.max(a, b) == max(a, b))
                #expect(Decimals.add(a, b) == a + b, "\(a) + \(b)")
                #expect(Decimals.subtract(a, b) == a - b, "\(a) - \(b)")
                #expect(Decimals.multiply(a, b) == a * b, "\(a) × \(b)")
            }
        }
    }

    @Test("divide agrees with Foundation, exact quotients and 38-digit ones alike")
    func division() {
        let values = Self.samples(count: 200, seed: 11)
        for (i, a) in values.enumerated() {
            // Where Foundation gives up (NaN, far beyond any amount) both take its path.
            for b in values[(i % 30)..<min(values.count, i % 30 + 20)] where !b.isZero && !(a / b).isNaN {
                #expect(Decimals.divide(a, b) == a / b, "\(a) / \(b)")
            }
        }
        #expect(Decimals.divide(Decimal(string: "88")!, 100) == Decimal(string: "0.88")!)
        #expect(Decimals.divide(1, 3) == Decimal(1) / Decimal(3))
    }

    @Test("rounding half away from zero agrees with NSDecimalRound")
    func rounding() {
        for value in Self.samples(count: 2000, seed: 3) + [Decimal(string: "8.625")!, Decimal(string: "-8.625")!, Decimal(string: "0.005")!, Decimal(string: "2.4999")!] {
            for scale in [0, 2, 4, 12] {
                var input = value, expected = Decimal()
                NSDecimalRound(&expected, &input, scale, .plain)
                #expect(Decimals.round(value, scale: scale) == expected, "\(value) to \(scale)")
            }
        }
    }

    @Test("a percentage from the rate rounded to four decimals equals the rate × 100 rounded to two")
    func percent() {
        for rate in Self.samples(count: 1500, seed: 17) + [Decimal(string: "0.88")!, Decimal(string: "0.123449999")!, Decimal(string: "0.00005")!, Decimal(88) / Decimal(97)] {
            #expect(Decimals.percent(rate) == Decimals.fixed(rate * 100, 2) + "%", "\(rate)")
        }
    }

    @Test("whole cents, or nil when the value has finer digits or is too large")
    func cents() {
        #expect(Decimals.cents(Decimal(string: "16.67")!) == 1667)
        #expect(Decimals.cents(Decimal(string: "-0.5")!) == -50)
        #expect(Decimals.cents(Decimal(string: "1e12")!) == 100_000_000_000_000)
        #expect(Decimals.cents(Decimal(string: "0.125")!) == nil)
        #expect(Decimals.cents(Decimal(string: "999999999e12")!) == nil)  // overflows Int64 cents: refused, not a crash
    }
}
