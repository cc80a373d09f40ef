// Standard remuneration: the grade table and the decisions (法40条–法45条).
import jp.kenpo.*
import java.time.LocalDate
import java.time.YearMonth

private fun aprilToJune(a: Long, b: Long, c: Long) = listOf(
    MonthPay(YearMonth.of(2026, 4), 30, a, false),
    MonthPay(YearMonth.of(2026, 5), 31, b, false),
    MonthPay(YearMonth.of(2026, 6), 30, c, false),
)

fun remunerationTests() {
    test("grade table edges: 62,999 → 1 (58,000), 63,000 → 2, 300,000 → 22, 2,000,000 → 50") {
        val m = YearMonth.of(2026, 4)
        eq(gradeForRemuneration(m, 62_999L), Grade(1, 58_000L), "62,999")
        eq(gradeForRemuneration(m, 63_000L), Grade(2, 68_000L), "63,000")
        eq(gradeForRemuneration(m, 300_000L).number, 22, "300,000")
        eq(gradeForRemuneration(m, 2_000_000L), Grade(50, 1_390_000L), "2,000,000")
        invalid(202, "monthly_remuneration") { gradeForRemuneration(m, -1L) }
        val before = throws<KenpoException.Refused> { gradeForRemuneration(YearMonth.of(2015, 4), 1L) }
        eq(before.code, 300, "no table")
        invalid(230, "standard_monthly", "300001") { gradeFromStandardMonthly(300_001L) }
    }
    test("標準賞与額: 1,234,567 → 1,234,000; the cap 5,730,000 cuts at the fiscal-year total") {
        val b = standardBonus(StandardBonusRequest(LocalDate.of(2026, 6, 30), 1_234_567L, 0L))
        eq(b.standard, 1_234_000L, "floor")
        val capped = standardBonus(StandardBonusRequest(LocalDate.of(2026, 12, 10), 1_000_000L, 5_000_000L))
        eq(capped.standard, 730_000L, "cap")
        check(capped.capped) { "capped" }
        invalid(202, "amount") { standardBonus(StandardBonusRequest(LocalDate.of(2026, 6, 30), -1L, 0L)) }
    }
    test("資格取得時決定: 305,000 monthly on 2026-04-01 → grade 22 through 2026-08") {
        val d = decideAtAcquisition(AcquisitionDecisionRequest(
            LocalDate.of(2026, 4, 1), AcquisitionRemuneration.Monthly(305_000L), true))
        eq(d.grade, Grade(22, 300_000L), "grade")
        eq(d.validThrough, YearMonth.of(2026, 8), "valid through")
        check(d.explanation!!.steps.isNotEmpty()) { "steps asked for" }
    }
    test("定時決定: April–June averaging 300,000 → grade 22 from September (batch too)") {
        val r = RegularDeterminationRequest(2026, WorkerKind.REGULAR, LocalDate.of(2020, 4, 1), null, null,
            aprilToJune(300_000L, 310_000L, 290_000L), false)
        val outcome = regularDetermination(r) as RegularOutcome.Decided
        eq(outcome.decision.grade.standardMonthly, 300_000L, "standard")
        eq(outcome.decision.effectiveFrom, YearMonth.of(2026, 9), "from")
        eq(outcome.decision.explanation, null, "no steps unless asked")
        val bad = r.copy(months = listOf(MonthPay(YearMonth.of(2026, 4), -3, 1L, false)))
        invalid(230, "months[0].base_days") { regularDetermination(bad) }
        val batch = regularDeterminations(RegularDeterminationBatchRequest(listOf(r, bad)))
        check(batch.outcomes[0] is RegularOutcome.Decided) { "first decided" }
        eq(batch.outcomes[1], null, "second refused")
        eq(batch.rejected.single().index, 1L, "rejected index")
        eq(batch.rejected.single().field, "months[0].base_days", "rejected field")
    }
    test("随時改定: two grades up revises from the fourth month; one grade does not") {
        val two = OccasionalRevisionRequest(WorkerKind.REGULAR, Grade(22, 300_000L), null,
            FixedWageChange.INCREASE, YearMonth.of(2026, 4), aprilToJune(340_000L, 340_000L, 340_000L), false)
        val revised = occasionalRevision(two) as RevisionOutcome.Revised
        eq(revised.decision.grade.standardMonthly, 340_000L, "revised")
        eq(revised.decision.effectiveFrom, YearMonth.of(2026, 7), "from July")
        val one = occasionalRevision(two.copy(months = aprilToJune(310_000L, 310_000L, 310_000L)))
        check(one is RevisionOutcome.NotRevised && one.reason is NoRevisionReason.LessThanTwoGrades) { "$one" }
        invalid(230, "current.number") { occasionalRevision(two.copy(current = Grade(21, 300_000L))) }
    }
    test("育児休業等終了時改定: one grade down is enough, from the fourth month") {
        val r = LeaveEndRevisionRequest(EndedLeave.CHILDCARE, LocalDate.of(2026, 5, 31), false, WorkerKind.REGULAR,
            Grade(22, 300_000L), listOf(
                MonthPay(YearMonth.of(2026, 6), 30, 260_000L, false),
                MonthPay(YearMonth.of(2026, 7), 31, 260_000L, false),
                MonthPay(YearMonth.of(2026, 8), 31, 260_000L, false)), false)
        val revised = leaveEndRevision(r) as RevisionOutcome.Revised
        eq(revised.decision.kind, DecisionKind.CHILDCARE_LEAVE_END, "kind")
        eq(revised.decision.grade.standardMonthly, 260_000L, "grade 20")
        eq(revised.decision.effectiveFrom, YearMonth.of(2026, 9), "from September")
    }
}
