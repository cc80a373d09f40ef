// The members family: the member master as an object
// (events, batch, eligibility for the society's own use, households, grades, birthday rules, the
// versioned stored form; AutoCloseable),
// 被扶養者認定 for one person and a batch, and the employers' notification readers.
import jp.kenpo.*
import java.math.BigDecimal
import java.time.LocalDate
import java.time.YearMonth

private fun key(branch: String, number: String = "123") = MemberKey("10", number, branch)

private fun identity(name: String, kana: String, born: LocalDate, sex: Sex) =
    Identity(name, kana, born, sex, "東京都千代田区千代田1-1")

private val TARO = MemberEvent.Acquisition(key("00"), LocalDate.of(2026, 4, 1),
    identity("山田 太郎", "ヤマダ タロウ", LocalDate.of(1980, 5, 2), Sex.MALE), "A01")
private val HANAKO = MemberEvent.DependentAdded(key("01"), LocalDate.of(2026, 4, 1),
    identity("山田 花子", "ヤマダ ハナコ", LocalDate.of(1982, 8, 1), Sex.FEMALE), Relationship.SPOUSE)

private fun spouse(incomes: List<IncomeItem>, explain: Boolean = false) = RecognitionRequest(
    LocalDate.of(2026, 4, 1), Relationship.SPOUSE, LocalDate.of(1985, 7, 1), false, false, true,
    Residence.Domestic, incomes, 5_000_000L, false, null, explain)

fun memberTests() {
    test("member master: acquisition, dependant, retirement (lost the next day, 法36条), household") {
        MemberMaster.empty().use { master ->
            master.apply(TARO)
            master.apply(HANAKO)
            master.apply(MemberEvent.Loss(key("00"), LocalDate.of(2026, 7, 1), LossReason.RETIREMENT))
            eq(master.len(), 2L, "persons")
            check(master.isEligible(key("01"), LocalDate.of(2026, 6, 30))) { "eligible on 30 June" }
            check(!master.isEligible(key("01"), LocalDate.of(2026, 7, 1))) { "not eligible on 1 July" }
            eq(master.household(key("00"), YearMonth.of(2026, 6)).dependents, listOf(key("01")), "June")
            eq(master.household(key("00"), YearMonth.of(2026, 8)).insuredEligible, false, "August")
            val missing = throws<KenpoException.NotFound> { master.isEligible(key("05"), LocalDate.of(2026, 5, 1)) }
            eq(missing.code, 221, "unknown member")
            check(!missing.toString().contains("123")) { "$missing" }
        }
    }
    test("a refused event names the rule, carries no personal data and leaves the master unchanged") {
        MemberMaster.empty().use { master ->
            val e = throws<KenpoException.Refused> {
                master.apply(MemberEvent.Acquisition(key("00"), LocalDate.of(2026, 4, 1),
                    identity("山田 太郎", "ヤマダ タロウ", LocalDate.of(1940, 5, 2), Sex.MALE), "A01"))
            }
            eq(e.code, 220, "code")
            check(e.rule.startsWith("member.aged_75_or_over")) { e.rule }
            check(!e.toString().contains("山田") && !e.toString().contains("1940") && !e.toString().contains("123")) { "$e" }
            eq(master.len(), 0L, "unchanged")
            invalid(201, "key.branch") { master.apply(MemberEvent.Loss(key("1"), LocalDate.of(2026, 7, 1), LossReason.DEATH)) }
            invalid(220, "identity.kana", "やまだ") {
                master.apply(MemberEvent.Acquisition(key("00"), LocalDate.of(2026, 4, 1),
                    identity("山田 太郎", "やまだ", LocalDate.of(1980, 5, 2), Sex.MALE), "A01"))
            }
            invalid(201, "key.branch") { master.isEligible(MemberKey("10", "123", "1234"), LocalDate.of(2026, 4, 1)) }
        }
    }
    test("apply_batch reports refused and malformed events by index; the rest are applied") {
        MemberMaster.empty().use { master ->
            val report = master.applyBatch(MemberEventBatch(listOf(
                TARO, TARO,
                MemberEvent.DependentAdded(key("01"), LocalDate.of(2026, 4, 1),
                    identity("山田 花子", "やまだ", LocalDate.of(1982, 8, 1), Sex.FEMALE), Relationship.SPOUSE),
                HANAKO,
            )))
            eq(report.applied, 2L, "applied")
            eq(report.rejected.map { it.index }, listOf(1L, 2L), "refused")
            eq(report.rejected.map { it.code }, listOf(220, 220), "codes")
            eq(report.rejected[1].field, "identity.kana", "field")
        }
    }
    test("birthday rules of July 2026 and the 75th-birthday loss, applied back once") {
        MemberMaster.empty().use { master ->
            master.apply(MemberEvent.Acquisition(MemberKey("30", "1", "00"), LocalDate.of(2020, 4, 1),
                identity("高齢 次郎", "コウレイ ジロウ", LocalDate.of(1951, 7, 15), Sex.MALE), "A01"))
            master.apply(MemberEvent.Acquisition(MemberKey("30", "2", "00"), LocalDate.of(2020, 4, 1),
                identity("中年 三郎", "チュウネン サブロウ", LocalDate.of(1986, 7, 20), Sex.MALE), "A01"))
            val due = master.birthdayRulesDue(YearMonth.of(2026, 7))
            eq(due.map { it.rule }, listOf(BirthdayRule.LATE_ELDERLY75, BirthdayRule.REACHES40), "rules by day")
            eq(due.map { it.date }, listOf(LocalDate.of(2026, 7, 15), LocalDate.of(2026, 7, 19)), "days")
            val losses = master.lateElderlyLosses(YearMonth.of(2026, 7))
            eq(losses, listOf<MemberEvent>(MemberEvent.Loss(MemberKey("30", "1", "00"), LocalDate.of(2026, 7, 15),
                LossReason.LATE_ELDERLY)), "loss on the birthday")
            losses.forEach { master.apply(it) }
            eq(master.lateElderlyLosses(YearMonth.of(2026, 7)), emptyList<MemberEvent>(), "nothing due twice")
        }
    }
    test("the versioned stored form round-trips with its journal; a broken one is refused by record") {
        MemberMaster.empty().use { master ->
            master.apply(TARO)
            master.apply(HANAKO)
            master.apply(MemberEvent.Change(key("00"), LocalDate.of(2026, 9, 1), FieldChange.Office("B02")))
            val text = master.toJson()
            check(text.startsWith("{\"format\":\"kenpo-member-master\",\"version\":1,")) { "versioned" }
            MemberMaster.fromJson(text).use { copy ->
                eq(copy.len(), 2L, "persons")
                eq(copy.journalLen(), 3L, "journal replayed")
                eq(copy.toJson(), text, "same text")
            }
            invalid(222, "version") { MemberMaster.fromJson(text.replace("\"version\":1", "\"version\":7")) }
            invalid(222, "format", "kenpo-access-log") {
                MemberMaster.fromJson("{\"format\":\"kenpo-access-log\",\"version\":1}")
            }
            invalid(105, "") { MemberMaster.fromJson("{") }
        }
    }
    test("標準報酬月額 by month: 資格取得時決定 then 定時決定; grade history; refusals by field") {
        MemberMaster.empty().use { master ->
            master.apply(TARO)
            master.apply(MemberEvent.GradeDecided(key("00"), GradeRecord(Grade(22, 300_000L),
                DecisionKind.ACQUISITION, YearMonth.of(2026, 4), LocalDate.of(2026, 4, 10))))
            master.apply(MemberEvent.GradeDecided(key("00"), GradeRecord(Grade(23, 320_000L),
                DecisionKind.REGULAR, YearMonth.of(2026, 9), LocalDate.of(2026, 7, 10))))
            eq(master.gradeInForce(key("00"), YearMonth.of(2026, 8))?.grade, Grade(22, 300_000L), "August")
            eq(master.gradeInForce(key("00"), YearMonth.of(2026, 9))?.kind, DecisionKind.REGULAR, "September")
            eq(master.gradeInForce(key("00"), YearMonth.of(2026, 3)), null, "before the acquisition")
            eq(master.gradeHistory(key("00")).map { it.effectiveFrom },
                listOf(YearMonth.of(2026, 4), YearMonth.of(2026, 9)), "history")
            invalid(230, "decision.grade.standard_monthly", "300001") {
                master.apply(MemberEvent.GradeDecided(key("00"), GradeRecord(Grade(22, 300_001L),
                    DecisionKind.REGULAR, YearMonth.of(2026, 10), LocalDate.of(2026, 9, 10))))
            }
            invalid(230, "decision.grade.standard_monthly") {
                master.apply(MemberEvent.GradeDecided(key("00"), GradeRecord(Grade(22, -300_000L),
                    DecisionKind.REGULAR, YearMonth.of(2026, 10), LocalDate.of(2026, 9, 10))))
            }
            val outside = throws<KenpoException.Refused> {
                master.apply(MemberEvent.GradeDecided(key("00"), GradeRecord(Grade(22, 300_000L),
                    DecisionKind.REGULAR, YearMonth.of(2026, 3), LocalDate.of(2026, 3, 10))))
            }
            check(outside.rule.startsWith("member.grade_outside_eligibility")) { outside.rule }
            throws<KenpoException.NotFound> { master.gradeHistory(key("05")) }
        }
    }
    test("被扶養者認定: 130万 (1,299,999 passes), 基本手当 3,612 × 360 fails, the 2026-04 contract rule") {
        val d = recognizeDependent(spouse(listOf(IncomeItem.Annual(1_299_999L)), explain = true))
        check(d.recognized) { "recognised" }
        eq(d.threshold, 1_300_000L, "threshold")
        check(d.explanation!!.steps.isNotEmpty()) { "steps on request" }
        val daily = recognizeDependent(spouse(listOf(IncomeItem.Daily(3_612L))))
        check(!daily.recognized) { "not recognised" }
        eq(daily.annualIncome, BigDecimal("1300320"), "exact BigDecimal")
        eq(daily.reasons.first { it.rule == RecognitionRule.INCOME_THRESHOLD }.outcome, ReasonOutcome.FAILED, "failed rule")
        val contract = IncomeItem.LabourContract(ContractPay.Hourly(1_200L, BigDecimal("20")), 0L, 0L, 50_000L)
        val child = RecognitionRequest(LocalDate.of(2026, 4, 1), Relationship.CHILD, LocalDate.of(2005, 6, 1),
            false, false, false, Residence.Abroad(AbroadReason.STUDYING_ABROAD), listOf(contract), 6_000_000L,
            false, 1_500_000L, false)
        val c = recognizeDependent(child)
        check(c.recognized) { "1,248,000 < 1,500,000 at 21" }
        eq(c.annualIncome, BigDecimal("1248000"), "1,200 × 20 × 52, overtime left out")
        invalid(202, "incomes[0].amount") { recognizeDependent(spouse(listOf(IncomeItem.Monthly(-1L)))) }
        invalid(223, "birth_date") { recognizeDependent(spouse(emptyList()).copy(birthDate = LocalDate.of(2026, 4, 2))) }
    }
    test("被扶養者認定 batch: one answer per person, the refused one reported by index") {
        val batch = recognizeDependents(RecognitionBatchRequest(listOf(
            spouse(listOf(IncomeItem.Daily(3_611L))), spouse(listOf(IncomeItem.Annual(-5L))), spouse(listOf(IncomeItem.Daily(3_612L))))))
        eq(batch.decisions.map { it?.recognized }, listOf(true, null, false), "decisions")
        eq(batch.rejected.map { it.index to it.field }, listOf(1L to "incomes[0].amount"), "rejected")
    }
    test("notification readers: CSV rows in, pay reports out; rejected rows with line and column, no values") {
        val csv = "種別,記号,番号,枝番,年月日,金額\nbonus,10,123,00,2026-12-10,612345\nbonus,10,124,00,2026-02-30,500000\n"
        val b = readCsvNotifications("pay.csv", csv.toByteArray(), NotificationKind.PAY_REPORTS)
        eq(b.rows.size, 1, "rows")
        val report = (b.rows[0].notification as Notification.Pay).report as PayReport.Bonus
        eq(report.amount, 612_345L, "amount")
        eq(report.paidOn, LocalDate.of(2026, 12, 10), "paid on")
        eq(b.rejected.map { Triple(it.line, it.column, it.item) }, listOf(Triple(3L, 5L, "date")), "rejected")
        check(!b.rejected[0].problem.contains("2026-02-30")) { b.rejected[0].problem }
        // 育児休業等終了時報酬月額変更届: a leave ending 31 May gives June–August, revised from September.
        val leaveCsv = "種別,記号,番号,年月日,報酬1,日数1,報酬2,日数2,報酬3,日数3\n" +
            "育児休業等終了時改定,10,123,2026-05-31,250000,30,250000,31,250000,31\n"
        val l = readCsvNotifications("leave.csv", leaveCsv.toByteArray(), NotificationKind.PAY_REPORTS)
        eq(l.rejected.size, 0, "leave-end row taken")
        val end = (l.rows[0].notification as Notification.Pay).report as PayReport.LeaveEnd
        eq(end.leave, EndedLeave.CHILDCARE, "which leave")
        eq(end.leaveEndedOn, LocalDate.of(2026, 5, 31), "last day of the leave")
        eq(end.months.map { it.month }, listOf(YearMonth.of(2026, 6), YearMonth.of(2026, 7), YearMonth.of(2026, 8)), "months")
        eq(end.months.map { it.baseDays }, listOf(30, 31, 31), "base days")
        val json = """{"type": "loss", "key": {"symbol": "10", "number": "123", "branch": "00"}, "lost": "2026-07-01", "reason": "retirement"}"""
        val j = readJsonNotifications("m.jsonl", json, NotificationKind.MEMBER_EVENTS)
        eq((j.rows[0].notification as Notification.Member).event,
            MemberEvent.Loss(key("00"), LocalDate.of(2026, 7, 1), LossReason.RETIREMENT), "event")
        val s = readShfdNotifications("SHFD0006.CSV", byteArrayOf(0x81.toByte(), 0x0a))
        eq(s.variant, null, "no header read")
        eq(s.rejected.map { it.rule }, listOf("shfd.encoding"), "not Shift_JIS")
    }
}
