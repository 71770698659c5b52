import Foundation
@testable import JixiaoEngine
@testable import JixiaoModel
import Testing

/// The exact number types (`Ratio`, `Points`, `Amount`) against plain Foundation `Decimal`
/// arithmetic on the same inputs: the engine's formulas must give the numbers Decimal gives.
@Suite("Fixed-point numbers")
struct FixedPointTests {
    /// Decimals as scoring meets them: amounts, targets, weights (cents), actuals; negatives and zero.
    static func samples(count: Int, seed: UInt64) -> [Decimal] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
        var values: [Decimal] = [0, 1, -1, 100, Decimal(string: "0.5")!, Decimal(string: "1.3")!, Decimal(string: "16.67")!, Decimal(string: "71256")!]
        for _ in 0..<count {
            let r = next()
            let units = (r >> 8) % [10, 1000, 100_000, 10_000_000, 1_000_000_000_000][Int(r % 5)]
            let exponent = Int((r >> 3) % 9) - 6
            values.append(Decimal(sign: r & 0x80 == 0 ? .plus : .minus, exponent: exponent, significand: Decimal(units)))
        }
        return values
    }

    @Test("a decimal converts exactly and back")
    func roundTrip() {
        for d in Self.samples(count: 400, seed: 3) {
            let r = Ratio(exactly: d)
            #expect(r?.decimal == d, "\(d)")
        }
        #expect(Ratio(exactly: .nan) == nil)
        #expect(Points(exactly: Decimal(string: "16.67")!)?.units == 166_700)
        #expect(Points(exactly: Decimal(string: "1.23456")!) == nil)  // more decimals than the type keeps
        #expect(Amount(exactly: Decimal(string: "18.5")!)?.description == "18.5")
        #expect(Amount(exactly: Decimal(string: "1e30")!) == nil)  // beyond range: nil, never a trap
    }

    @Test("compare, add, subtract and multiply agree with Foundation")
    func arithmetic() throws {
        let values = Self.samples(count: 200, seed: 7)
        for (i, a) in values.enumerated() {
            for b in values[(i % 40)..<min(values.count, i % 40 + 20)] {
                let x = try #require(Ratio(exactly: a)), y = try #require(Ratio(exactly: b))
                #expect((x < y) == (a < b) && (x == y) == (a == b), "\(a) <=> \(b)")
                #expect(x.adding(y)?.decimal == a + b, "\(a) + \(b)")
                #expect(x.subtracting(y)?.decimal == a - b, "\(a) - \(b)")
                #expect(x.multiplied(by: y)?.decimal == a * b, "\(a) × \(b)")
            }
        }
    }

    @Test("w × a / t rounds half-up as Decimal's quotient rounded does (property over generated inputs)")
    func proportionalScore() throws {
        var state: UInt64 = 11
        func next(_ n: UInt64) -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (state >> 11) % n
        }
        for _ in 0..<3000 {
            let w = Decimals.fromCents(Int64(next(5000)) + 1)
            let t = Decimal(sign: .plus, exponent: -Int(next(4)), significand: Decimal(next(10_000_000) + 1))
            let a = Decimal(sign: .plus, exponent: -Int(next(5)), significand: Decimal(next(20_000_000)))
            let decimals = Int(next(5))
            let expected = Decimals.round(w * a / t, scale: decimals)
            let exact = try (Ratio.of(w) * Ratio.of(a) / Ratio.of(t)).decimal(roundedTo: decimals)
            #expect(exact == expected, "\(w) × \(a) / \(t) to \(decimals)")
            // The execution rate as printed and stored.
            let rate = try Ratio.of(a) / Ratio.of(t)
            #expect(rate.percent == Decimals.fixed(Decimals.round(a / t, scale: 4) * 100, 2) + "%", "\(a) / \(t)")
            #expect(rate.decimal(roundedTo: 12) == Decimals.round(a / t, scale: 12), "\(a) / \(t)")
            #expect(rate.description == Decimals.short(a / t, 4))
        }
    }

    @Test("the profile's bounded score on ratios equals the one on decimals")
    func bounded() throws {
        let profile = Profile.national2020
        let rules = ExactRules(profile)
        for (raw, w) in [("12.345", "16.67"), ("-1", "10"), ("17", "16.67"), ("12.5", "12.5"), ("0.005", "3"), ("33.335", "50")] {
            let r = Decimal(string: raw)!, wd = Decimal(string: w)!
            let expected = Swift.min(profile.round(Swift.min(Swift.max(r, 0), wd)), wd)
            #expect(try rules.boundedScore(Ratio.of(r), weight: Ratio.of(wd)).decimal == expected, "\(raw) of \(w)")
            #expect(profile.boundedScore(r, weight: wd) == expected)
        }
    }

    @Test("overflow is an error, never a trap; comparison past 128 bits stays exact")
    func overflow() throws {
        let big = Ratio(Int128.max / 3, 7), other = Ratio(Int128.max / 5, 11)
        #expect(big.multiplied(by: big) == nil)
        #expect(throws: FixedPointError.self) { try big * big }
        #expect(other < big && !(big < other))
        #expect(Ratio(1, 3) < Ratio(Int128.max / 3, Int128.max / 3 * 2 - 1))
        #expect(Ratio(Int128.max / 3, Int128.max / 3 * 2) == Ratio(Int128.max / 5, Int128.max / 5 * 2))
    }

    @Test("Points and Amount: operators, rounding, Codable as decimal text")
    func fixedTypes() throws {
        let a = try Points(checking: Decimal(string: "16.67")!), b: Points = 3
        #expect((a + b).description == "19.67" && (a - b).description == "13.67" && (a * 3).description == "50.01")
        #expect(a.rounded(toDecimals: 1).description == "16.7" && Points(units: 125_000).rounded(toDecimals: 0).description == "13")
        #expect(a * Ratio(1, 3) == Points(units: 55_567))
        let data = try JSONEncoder().encode([a])
        #expect(String(decoding: data, as: UTF8.self) == "[\"16.67\"]")
        #expect(try JSONDecoder().decode([Points].self, from: data) == [a])
        #expect(throws: FixedPointError.self) { try Amount(checking: Decimal(string: "0.0000001")!) }
    }
}
