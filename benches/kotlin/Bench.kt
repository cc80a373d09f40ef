// Kotlin side of the uniffi benchmark (run by benches/kotlin/run.sh): one monthly premium through
// the FFI, 1,000 premiums as one batch call against a loop of 1,000 single calls, and 1,000
// 高額療養費 household-months (with the society's 付加給付) as one batch call. The Rust side is
// benches/benches/uniffi.rs, with the same records.
import jp.kenpo.*
import java.time.LocalDate
import java.time.YearMonth

private val TOKYO = """
    name = "東京 (協会けんぽ rates)"
    [[rates]]
    effective_from = "2026-03"
    value = { general = "9.85%", care = "1.62%" }
""".trimIndent()

private val WITH_ADDITIONAL = """
    name = "付加給付あり"
    [[rates]]
    effective_from = "2026-03"
    value = { general = "9.85%", care = "1.62%" }
    [[additional_benefits.versions]]
    effective_from = "2015-01"
    [additional_benefits.versions.insured_refund]
    deductible = 25000
    minimum_payment = 1000
    [additional_benefits.versions.family_supplement]
    deductible = 25000
    minimum_payment = 1000
    [additional_benefits.versions.aggregated_supplement]
    deductible = 25000
    minimum_payment = 1000
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

/** The household-month of benches/benches/uniffi.rs: 区分ウ, the insured person in hospital
 * (1,000,000 / 300,000), a dependant's two outpatient receipts (30,000 and 15,000). */
private fun household(month: YearMonth): HouseholdMonth {
    fun key(branch: String) = MemberKey("1234", "567", branch)
    val under70 = AgeStatus(AgeBand.UNDER70, false)
    fun unit(branch: String, institution: String, setting: CareSetting, cost: Long, charge: Long) =
        CostUnit(key(branch), month, institution, setting, MedicalBranch.MEDICAL, cost, charge, null)
    return HouseholdMonth(
        month, key("00"), CategoryBasis(300_000L, TaxStatus.TAXED, false),
        listOf(HouseholdMember(key("00"), HouseholdRelation.INSURED, under70),
            HouseholdMember(key("01"), HouseholdRelation.DEPENDANT, under70)),
        listOf(unit("00", "0110113719", CareSetting.INPATIENT, 1_000_000L, 300_000L),
            unit("01", "0140113713", CareSetting.OUTPATIENT, 100_000L, 30_000L),
            unit("01", "2711234563", CareSetting.OUTPATIENT, 50_000L, 15_000L)),
        null, emptyList(),
    )
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
        // The floor of one uniffi call through JNA: a function with no arguments and an Int
        // result still allocates its call-status structure. A method call with a record argument
        // and result makes four such calls (clone the handle, allocate the argument buffer, the
        // method, free the result buffer).
        val floor = time(50_000) { abiVersion() }
        println("kotlin abiVersion (one FFI call, the floor): %.0f ns/call".format(floor))
        println("kotlin single monthlyPremium: %.0f ns/call".format(single))
        println("kotlin single monthlyPremium explained: %.0f ns/call".format(singleExplained))
        println("kotlin premiums batch of 1000: %.0f ns total, %.0f ns/line".format(batch, batch / 1000))
        println("kotlin loop of 1000 single calls: %.0f ns total, %.0f ns/line".format(loop, loop / 1000))
        println("kotlin loop / batch: %.2f".format(loop / batch))
    }
    Society.fromToml(WITH_ADDITIONAL).use { society ->
        val july = YearMonth.of(2026, 7)
        val households = List(1000) { household(july) }
        val options = HighCostOptions(false, Birthday75Floor.UNCHANGED, AnnualCapBasis.HOUSEHOLD_ALL_MONTHS)
        val check = society.highCostMonths(HighCostMonthsRequest(households.take(1), options, false))
        if (check.decisions[0]?.refund != 241_570L) error("unexpected 高額療養費 ${check.decisions[0]?.refund}")
        val batch = time(100) { society.highCostMonths(HighCostMonthsRequest(households, options, false)) }
        println("kotlin highCostMonths batch of 1000: %.0f ns total, %.0f ns/household-month".format(batch, batch / 1000))
    }
}
