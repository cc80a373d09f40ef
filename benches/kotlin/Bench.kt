// Kotlin side of the uniffi benchmark (run by benches/kotlin/run.sh): one monthly premium through
// the FFI, and 1,000 premiums as one batch call against a loop of 1,000 single calls. Each figure
// is the median of many rounds after a warm-up; the Rust figures of the same calls come from the
// criterion bench benches/benches/uniffi.rs in the same run of run.sh.
import jp.kenpo.*
import java.time.LocalDate
import java.time.YearMonth

private val TOKYO = """
    name = "東京 (協会けんぽ rates)"
    [[rates]]
    effective_from = "2026-03"
    value = { general = "9.85%", care = "1.62%" }
""".trimIndent()

/** Median nanoseconds per run of `body` over `rounds` rounds (after a warm-up of as many). */
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
    Society.fromToml(TOKYO).use { society ->
        val month = YearMonth.of(2026, 4)
        val subject = PremiumSubject(LocalDate.of(1980, 6, 15), emptyList(), false, PaymentMethod.WAGE_DEDUCTION)
        val request = MonthlyPremiumRequest(month, 300_000L, subject, false)
        val single = time(50_000) { society.monthlyPremium(request) }
        val explained = MonthlyPremiumRequest(month, 300_000L, subject, true)
        val singleExplained = time(20_000) { society.monthlyPremium(explained) }
        val lines = List(1000) { PremiumLine(PremiumBase.MONTHLY, 300_000L, subject) }
        val batchRequest = PremiumBatchRequest(month, lines, false)
        val batch = time(400) { society.premiums(batchRequest) }
        val loop = time(200) { for (l in lines) society.monthlyPremium(MonthlyPremiumRequest(month, l.standardAmount, l.subject, false)) }
        println("kotlin single monthlyPremium: %.0f ns/call".format(single))
        println("kotlin single monthlyPremium explained: %.0f ns/call".format(singleExplained))
        println("kotlin premiums batch of 1000: %.0f ns total, %.0f ns/line".format(batch, batch / 1000))
        println("kotlin loop of 1000 single calls: %.0f ns total, %.0f ns/line".format(loop, loop / 1000))
        println("kotlin loop / batch: %.2f".format(loop / batch))
    }
}
