// The society configuration object: loading, rates as Decimal, errors with line and column.
import Foundation

func societyTests() {
    test("config loads from TOML; rates in percent as exact Decimal") {
        let s = try Society.fromToml(text: tokyo)
        try eq(s.name(), "東京 (協会けんぽ rates)", "name")
        guard let rates = s.ratesFor(month: month(2026, 9)) else { throw Failure(description: "no rates") }
        try eq(rates.generalPercent, Decimal(string: "9.85")!, "general")
        try check(s.ratesFor(month: month(2026, 1)) == nil, "before the first rates")
        let again = try Society.fromJson(text: try s.toJson())
        try eq(again.name(), s.name(), "JSON round trip")
    }
    test("a rule-breaking value is InvalidConfig with its line") {
        let error = try kenpoError { _ = try Society.fromToml(text: tokyo.replacingOccurrences(of: "9.85%", with: "190%")) }
        guard case let .InvalidConfig(code, _, line, _, _, _) = error else {
            throw Failure(description: "expected InvalidConfig, got \(error)")
        }
        try eq(code, 210, "code")
        try eq(line, 4, "line")
    }
}
