// The society configuration object: loading, rates as BigDecimal, errors with line and key.
import jp.kenpo.*
import java.math.BigDecimal
import java.time.YearMonth

fun societyTests() {
    test("config loads from TOML and answers its rates as BigDecimal percent") {
        Society.fromToml(TOKYO).use { s ->
            eq(s.name(), "東京 (協会けんぽ rates)", "name")
            val rates = s.ratesFor(YearMonth.of(2026, 9)) ?: throw AssertionError("no rates")
            eq(rates.generalPercent.compareTo(BigDecimal("9.85")), 0, "general")
            eq(rates.careTotal(), BigDecimal("1.62"), "care")
            eq(s.ratesFor(YearMonth.of(2026, 1)), null, "before the first rates")
        }
    }
    test("config round-trips through JSON") {
        Society.fromToml(TOKYO).use { s ->
            Society.fromJson(s.toJson()).use { t -> eq(t.name(), s.name(), "name") }
        }
    }
    test("a rule-breaking config value is InvalidConfig with its line; syntax with line and column") {
        val bad = throws<KenpoException.InvalidConfig> {
            Society.fromToml(TOKYO.replace("9.85%", "190%"))
        }
        eq(bad.code, 210, "code")
        eq(bad.line, 4L, "line of the rate")
        check(bad.detail.contains("outside")) { bad.detail }
        val syntax = throws<KenpoException.InvalidConfig> { Society.fromToml("name = \n[[rates]") }
        check(syntax.line > 0 && syntax.column > 0) { "$syntax" }
    }
    test("objects are AutoCloseable; a closed object refuses calls") {
        val s = Society.fromToml(TOKYO)
        s.close()
        throws<IllegalStateException> { s.name() }
    }
}

private fun PremiumRates.careTotal(): BigDecimal = carePercent.stripTrailingZeros()
