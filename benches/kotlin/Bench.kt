// Kotlin side of the uniffi benchmark (run by benches/kotlin/run.sh): one monthly premium through
// the FFI, and 1,000 premiums as one batch call against a loop of 1,000 single calls.
import jp.kenpo.*
import java.time.LocalDate
import java.time.YearMonth

private val TOKYO = """
    name = "東京 (協会けんぽ rates)"
    [[rates]]
    effective_from = "2026-03"
    value = { general = "9.85%", care = "1.62%" }
""".trimIndent()

/** Median nanoseconds per run of `body` over `rounds` rounds (after a warm-up). */
private fun time(rounds: Int, body: () -> Unit): Double {
    repeat(rounds) { body() }
    val samples = (0 until rounds).map {
        val start = System.nanoTime()
        body()
        (System.nanoTime() - start).toDouble()
    }.sorted()
    return samples[samples.size / 2]
}

fun main() {
    SocietyConfig.fromToml(TOKYO).use { config ->
        val month = YearMonth.of(2026, 4)
        val subject = PremiumSubject(LocalDate.of(1980, 6, 15), emptyList(), false, PaymentMethod.WAGE_DEDUCTION)
        val single = time(20_000) { config.monthlyPremium(month, 300_000L, subject) }
        val lines = List(1000) { PremiumLine(PremiumBase.MONTHLY, 300_000L, subject) }
        val batch = time(200) { config.premiums(month, lines) }
        val loop = time(200) { for (l in lines) config.monthlyPremium(month, l.standardAmount, l.subject) }
        println("kotlin single monthlyPremium: %.0f ns/call".format(single))
        println("kotlin premiums batch of 1000: %.0f ns total, %.0f ns/line".format(batch, batch / 1000))
        println("kotlin loop of 1000 single calls: %.0f ns total, %.0f ns/line".format(loop, loop / 1000))
        println("kotlin loop / batch: %.2f".format(loop / batch))
    }
}
