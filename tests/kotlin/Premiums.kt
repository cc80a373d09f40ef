// Premiums: one person, a batch, the employer notice, which months and bonuses carry a premium.
import jp.kenpo.*
import java.math.BigDecimal
import java.time.LocalDate
import java.time.YearMonth

private val BORN_1980 = LocalDate.of(1980, 6, 15)

fun premiumTests() {
    Society.fromToml(TOKYO).use { tokyo ->
        val march = YearMonth.of(2026, 3)
        test("monthly premium: 134,000 × 11.47 % ÷ 2 = 7,684.9 → 7,685 (協会けんぽ 東京 FY2026 額表)") {
            val p = tokyo.monthlyPremium(MonthlyPremiumRequest(march, 134_000L, subject(BORN_1980), false))
            eq(p.employee, 7_685L, "employee")
            eq(p.employer, BigDecimal("7684.8"), "employer, exact BigDecimal")
            eq(p.total, BigDecimal("15369.8"), "total")
            eq(p.care, CareReason.CATEGORY2, "介護 at 45")
            eq(p.explanation, null, "no steps unless asked")
            val explained = tokyo.monthlyPremium(MonthlyPremiumRequest(march, 134_000L, subject(BORN_1980), true))
            check(explained.explanation!!.steps.size >= 3) { "steps" }
            eq(explained.employee, p.employee, "same figure with steps")
        }
        test("from April 2026 the 子ども・子育て支援金 is a part; a 39-year-old pays no 介護") {
            val p = tokyo.monthlyPremium(MonthlyPremiumRequest(YearMonth.of(2026, 9), 300_000L,
                subject(LocalDate.of(1990, 1, 1)), false))
            eq(p.parts.map { it.kind }, listOf(PartKind.GENERAL, PartKind.SUPPORT), "parts")
            eq(p.care, null, "no 介護")
        }
        test("bonus premium: 500,000 × 11.47 % ÷ 2 = 28,675; not a multiple of 1,000 is refused") {
            val b = tokyo.bonusPremium(BonusPremiumRequest(march, 500_000L, subject(BORN_1980), false))
            eq(b.employee, 28_675L, "employee")
            invalid(231, "standard_bonus", "500500") {
                tokyo.bonusPremium(BonusPremiumRequest(march, 500_500L, subject(BORN_1980), false))
            }
        }
        test("bad input names the field: no grade's amount, an impossible birth date, no rates") {
            invalid(231, "standard_monthly", "134001") {
                tokyo.monthlyPremium(MonthlyPremiumRequest(march, 134_001L, subject(BORN_1980), false))
            }
            invalid(231, "standard_monthly") {
                tokyo.monthlyPremium(MonthlyPremiumRequest(march, -134_000L, subject(BORN_1980), false))
            }
            val refused = throws<KenpoException.Refused> {
                tokyo.monthlyPremium(MonthlyPremiumRequest(YearMonth.of(2026, 2), 134_000L, subject(BORN_1980), false))
            }
            eq(refused.code, 300, "no rates")
        }
        test("batch: equal to single calls, in order; every refused line reported by index") {
            val lines = listOf(
                PremiumLine(PremiumBase.MONTHLY, 134_000L, subject(BORN_1980)),
                PremiumLine(PremiumBase.MONTHLY, 134_001L, subject(BORN_1980)),
                PremiumLine(PremiumBase.BONUS, 1_234L, subject(BORN_1980)),
                PremiumLine(PremiumBase.BONUS, 500_000L, subject(BORN_1980)),
            )
            val batch = tokyo.premiums(PremiumBatchRequest(march, lines, false))
            eq(batch.premiums.size, 4, "one answer per line")
            eq(batch.premiums[0]!!.employee, 7_685L, "line 0")
            eq(batch.premiums[3]!!.employee, 28_675L, "line 3")
            eq(batch.rejected.map { it.index }, listOf(1L, 2L), "refused lines")
            eq(batch.rejected.map { it.field }, listOf("standard_amount", "standard_amount"), "fields")
        }
        test("employer notice adds the lines and drops the fraction of a yen once") {
            val line = PremiumLine(PremiumBase.MONTHLY, 134_000L, subject(BORN_1980))
            val n = tokyo.employerNotice(EmployerNoticeRequest("A01", march, listOf(line, line), false))
            eq(n.total, 30_739L, "2 × 15,369.8 = 30,739.6 → 30,739")
            eq(n.employeeTotal, 15_370L, "employees")
            eq(n.employerTotal, 15_369L, "employer")
            invalid(201, "office") { tokyo.employerNotice(EmployerNoticeRequest("A-1", march, emptyList(), false)) }
        }
    }
    test("a decimal wider than 64 bits crosses exactly (43‰ of the 93.3‰ 一般+調整 group, 28 digits)") {
        val sample = """
            name = "見本"
            [[rates]]
            effective_from = "2026-03"
            value = { general = "92‰", adjustment = "1.3‰", care = "18‰", employee_general = "43‰" }
        """.trimIndent()
        Society.fromToml(sample).use { s ->
            val p = s.monthlyPremium(MonthlyPremiumRequest(YearMonth.of(2026, 3), 300_000L, subject(BORN_1980), false))
            eq(p.parts[0].employeeRatePercent, BigDecimal("4.24008574490889603429796356"), "general employee rate")
            eq(p.parts[0].amount, BigDecimal("27600"), "general amount")
        }
    }
    test("month charge: 同月得喪 charges the month; a childcare leave over the month end exempts it") {
        val same = monthCharge(MonthChargeRequest(Coverage(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 20)),
            BORN_1980, emptyList(), YearMonth.of(2026, 4), false))
        eq(same.charge, Charge.Charged, "同月得喪")
        val leave = Leave(LeaveKind.CHILDCARE, LocalDate.of(2026, 6, 10), LocalDate.of(2026, 8, 31), 0)
        val exempt = monthCharge(MonthChargeRequest(Coverage(LocalDate.of(2020, 4, 1), null),
            LocalDate.of(1990, 1, 1), listOf(leave), YearMonth.of(2026, 6), false))
        eq(exempt.charge, Charge.Exempt(LeaveKind.CHILDCARE), "exempt")
        invalid(231, "lost_on") {
            monthCharge(MonthChargeRequest(Coverage(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 3, 20)),
                BORN_1980, emptyList(), YearMonth.of(2026, 4), false))
        }
    }
    test("bonus charge: a bonus paid in the month of loss carries none") {
        val c = bonusCharge(BonusChargeRequest(Coverage(LocalDate.of(2020, 4, 1), LocalDate.of(2026, 7, 20)),
            BORN_1980, emptyList(), LocalDate.of(2026, 7, 10), false))
        eq(c.charge, Charge.NotInsured, "not insured")
        invalid(231, "leaves[0].agreed_work_days") {
            bonusCharge(BonusChargeRequest(Coverage(LocalDate.of(2020, 4, 1), null), BORN_1980,
                listOf(Leave(LeaveKind.CHILDCARE, LocalDate.of(2026, 6, 10), LocalDate.of(2026, 6, 30), -1)),
                LocalDate.of(2026, 6, 30), false))
        }
    }
}
