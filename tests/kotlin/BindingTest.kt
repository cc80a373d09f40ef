// Binding tests of kenpo-uniffi on the JVM: they test the binding (types, errors, objects,
// batches round-trip), with published figures as sanity values; the rules themselves are proven
// once, by the Rust tests of kenpo-domain. Run by tests/kotlin/run.sh.
import jp.kenpo.*
import java.math.BigDecimal
import java.time.LocalDate
import java.time.YearMonth
import kotlin.system.exitProcess

private var passed = 0
private var failed = 0

private fun test(name: String, body: () -> Unit) {
    try {
        body()
        passed++
        println("ok   $name")
    } catch (e: Throwable) {
        failed++
        println("FAIL $name: $e")
    }
}

private fun check(condition: Boolean, message: () -> String) {
    if (!condition) throw AssertionError(message())
}

private fun <T> eq(actual: T, expected: T, what: String) =
    check(actual == expected) { "$what: expected $expected, got $actual" }

private inline fun <reified E : Throwable> throws(body: () -> Unit): E {
    try {
        body()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e")
    }
    throw AssertionError("expected ${E::class.simpleName}, nothing thrown")
}

// 協会けんぽ 東京 FY2026 rates as a configuration (健康保険 9.85 %, 介護 1.62 %).
private val TOKYO = """
    name = "東京 (協会けんぽ rates)"
    [[rates]]
    effective_from = "2026-03"
    value = { general = "9.85%", care = "1.62%" }
""".trimIndent()

private fun subject(born: LocalDate) = PremiumSubject(born, emptyList(), false, PaymentMethod.WAGE_DEDUCTION)

private fun key(branch: String) = MemberKey("10", "123", branch)

private fun identity(name: String, kana: String, born: LocalDate, sex: Sex) =
    Identity(name, kana, born, sex, "東京都千代田区千代田1-1")

// 区分ウ (標準報酬月額 410,000), one inpatient unit of 10割 1,000,000 yen with 3割 charged.
private fun highCostRequest(month: YearMonth) = HighCostRequest(
    HighCostHousehold(
        month, key("00"), 410_000L, TaxStatus.TAXED, false,
        listOf(HighCostMember(key("00"), HouseholdRelation.INSURED, AgeStatus(AgeBand.UNDER70, false))),
        listOf(HighCostUnit(key("00"), month, "0110113719", CareSetting.INPATIENT, MedicalBranch.MEDICAL, 1_000_000L, 300_000L, null)),
    ),
    HighCostHistory(null, emptyList()),
)

private fun accessMaster(): MemberMaster {
    val master = MemberMaster()
    master.apply(MemberEvent.Acquisition(key("00"), LocalDate.of(2003, 4, 1), identity("近畿 一郎", "キンキ イチロウ", LocalDate.of(1980, 5, 2), Sex.MALE), "OS01"))
    return master
}

private fun accessRequest(purpose: String, recipient: String, fields: List<String>) =
    AccessRequest(Actor.Staff("S042"), purpose, recipient, listOf(key("00")), fields, "2026-07-01T10:30:00", true, true, "大阪中央クリニック")

private val SIX = listOf("member_key", "name", "birth_date", "sex", "acquisition_date", "loss_date")

// 第4期: male, waist 90 ≥ 85, fasting glucose 110 and blood pressure 140/85 (two risks), a smoker.
private fun activeCheckup() = CheckupResult(
    LocalDate.of(2026, 9, 10), Sex.MALE,
    listOf(
        CheckupValue(CheckupItem.WAIST, BigDecimal("90.0")), CheckupValue(CheckupItem.BMI, BigDecimal("26.0")),
        CheckupValue(CheckupItem.GLUCOSE_FASTING, BigDecimal("110")), CheckupValue(CheckupItem.HBA1C, BigDecimal("5.8")),
        CheckupValue(CheckupItem.SYSTOLIC_BP, BigDecimal("140")), CheckupValue(CheckupItem.DIASTOLIC_BP, BigDecimal("85")),
        CheckupValue(CheckupItem.TRIGLYCERIDES_FASTING, BigDecimal("100")), CheckupValue(CheckupItem.HDL, BigDecimal("50")),
    ),
    BloodDrawTiming.FASTING, true, Medication(false, false, false),
)

fun main() {
    test("version is the crate version") {
        check(kenpoVersion().matches(Regex("""\d+\.\d+\.\d+.*"""))) { kenpoVersion() }
    }

    // ---- configuration ----
    test("config loads from TOML and answers its rates as BigDecimal percent") {
        SocietyConfig.fromToml(TOKYO).use { config ->
            eq(config.name(), "東京 (協会けんぽ rates)", "name")
            val rates = config.ratesFor(YearMonth.of(2026, 4))!!
            eq(rates.generalPercent.compareTo(BigDecimal("9.85")), 0, "general %")
            eq(rates.carePercent.compareTo(BigDecimal("1.62")), 0, "care %")
            eq(config.ratesFor(YearMonth.of(2026, 2)), null, "no rates before March 2026")
        }
    }
    test("config round-trips through JSON") {
        SocietyConfig.fromToml(TOKYO).use { a ->
            SocietyConfig.fromJson(a.toJson()).use { b -> eq(b.ratesFor(YearMonth.of(2026, 3)), a.ratesFor(YearMonth.of(2026, 3)), "rates") }
        }
    }
    test("a rule-breaking config value is InvalidConfig with its key") {
        val e = throws<KenpoException.InvalidConfig> {
            SocietyConfig.fromToml("name = \"x\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"131‰\", care = \"18‰\" }\n")
        }
        eq(e.key, "rates[0].value.general", "key")
    }
    test("a TOML syntax error is InvalidConfig with line and column") {
        val e = throws<KenpoException.InvalidConfig> { SocietyConfig.fromToml("name = \"x\"\n[[rates]\n") }
        eq(e.line, 2L, "line")
        check(e.column > 0) { "column ${e.column}" }
    }

    // ---- premiums ----
    test("monthly premium: 134,000 × 11.47 % ÷ 2 = 7,684.9 → 7,685 (協会けんぽ 東京 FY2026)") {
        SocietyConfig.fromToml(TOKYO).use { config ->
            val p = config.monthlyPremium(YearMonth.of(2026, 3), 134_000L, subject(LocalDate.of(1980, 6, 15)))
            eq(p.employee, 7_685L, "employee share")
            eq(p.total.compareTo(BigDecimal("15369.80")), 0, "total ${p.total}")
            eq(p.employer.compareTo(BigDecimal("7684.80")), 0, "employer ${p.employer}")
            eq(p.care, CareReason.CATEGORY2, "care reason")
            eq(p.parts.map { it.kind }, listOf(PartKind.GENERAL, PartKind.CARE), "parts")
            eq(p.baseKind, PremiumBase.MONTHLY, "base kind")
            check(p.explanation.steps.isNotEmpty()) { "explanation has steps" }
        }
    }
    test("a 39-year-old pays no care premium; from April 2026 the 支援金 is a part") {
        SocietyConfig.fromToml(TOKYO).use { config ->
            val p = config.monthlyPremium(YearMonth.of(2026, 4), 300_000L, subject(LocalDate.of(1990, 1, 1)))
            eq(p.care, null, "care")
            eq(p.parts.map { it.kind }, listOf(PartKind.GENERAL, PartKind.SUPPORT), "parts")
        }
    }
    test("bonus premium on a 標準賞与額; a bonus not a multiple of 1,000 yen is InvalidArgument") {
        SocietyConfig.fromToml(TOKYO).use { config ->
            val b = config.bonusPremium(YearMonth.of(2026, 6), 500_000L, subject(LocalDate.of(1990, 1, 1)))
            eq(b.baseKind, PremiumBase.BONUS, "base kind")
            val e = throws<KenpoException.InvalidArgument> {
                config.bonusPremium(YearMonth.of(2026, 6), 500_500L, subject(LocalDate.of(1990, 1, 1)))
            }
            eq(e.field, "standard_bonus", "field")
        }
    }
    test("a standard monthly that is no grade's amount is InvalidArgument naming the argument") {
        SocietyConfig.fromToml(TOKYO).use { config ->
            val e = throws<KenpoException.InvalidArgument> {
                config.monthlyPremium(YearMonth.of(2026, 3), 134_001L, subject(LocalDate.of(1980, 6, 15)))
            }
            eq(e.field, "standard_monthly", "field")
        }
    }
    test("no rates for the month is Rejected") {
        SocietyConfig.fromToml(TOKYO).use { config ->
            throws<KenpoException.Rejected> {
                config.monthlyPremium(YearMonth.of(2025, 1), 134_000L, subject(LocalDate.of(1980, 6, 15)))
            }
        }
    }
    test("batch premiums equal single calls, in order; a bad line names its index") {
        SocietyConfig.fromToml(TOKYO).use { config ->
            val month = YearMonth.of(2026, 4)
            val lines = (0 until 50).map { i ->
                PremiumLine(PremiumBase.MONTHLY, gradeFromStandardMonthly(if (i % 2 == 0) 300_000L else 134_000L).standardMonthly,
                    subject(LocalDate.of(1960 + i % 30, 1 + i % 12, 1)))
            }
            val batch = config.premiums(month, lines)
            eq(batch.size, 50, "size")
            lines.forEachIndexed { i, l -> eq(batch[i], config.monthlyPremium(month, l.standardAmount, l.subject), "line $i") }
            val bad = lines.toMutableList().also { it[7] = it[7].copy(standardAmount = 1L) }
            val e = throws<KenpoException.InvalidArgument> { config.premiums(month, bad) }
            eq(e.field, "lines[7].standard_amount", "field")
        }
    }
    test("employer notice adds the lines and drops the fraction of a yen") {
        SocietyConfig.fromToml(TOKYO).use { config ->
            val month = YearMonth.of(2026, 3)
            val lines = listOf(
                PremiumLine(PremiumBase.MONTHLY, 134_000L, subject(LocalDate.of(1980, 6, 15))),
                PremiumLine(PremiumBase.MONTHLY, 300_000L, subject(LocalDate.of(1990, 1, 1))),
                PremiumLine(PremiumBase.BONUS, 500_000L, subject(LocalDate.of(1990, 1, 1))),
            )
            val n = config.employerNotice("A01", month, lines)
            eq(n.lines, 3L, "lines")
            eq(n.office, "A01", "office")
            val exact = n.monthlyTotal + n.bonusTotal
            eq(n.total, exact.setScale(0, java.math.RoundingMode.FLOOR).toLong(), "total = floor(sum)")
            eq(n.employerTotal, n.total - n.employeeTotal, "employer = total − employee")
            throws<KenpoException.InvalidArgument> { config.employerNotice("", month, lines) }
        }
    }

    // ---- standard remuneration ----
    test("grade table edges: 62,999 → 1 (58,000), 63,000 → 2, 300,000 → 22, 1,390,000 → 50") {
        eq(gradeForMonthlyRemuneration(62_999L), Grade(1, 58_000L), "62,999")
        eq(gradeForMonthlyRemuneration(63_000L).number, 2, "63,000")
        eq(gradeFromStandardMonthly(300_000L).number, 22, "300,000")
        eq(gradeFromStandardMonthly(1_390_000L).number, 50, "1,390,000")
        throws<KenpoException.InvalidArgument> { gradeFromStandardMonthly(1_000_000L) }
    }
    test("定時決定: April–June at 300,000 → grade 22 from September to next August") {
        val months = listOf(4, 5, 6).map { MonthPay(YearMonth.of(2026, it), 30, 300_000L, false) }
        val input = RegularDeterminationInput(2026, WorkerKind.REGULAR, LocalDate.of(2020, 4, 1), null, null, months)
        val outcome = regularDetermination(input)
        check(outcome is RegularOutcome.Decided) { "$outcome" }
        val d = (outcome as RegularOutcome.Decided).decision
        eq(d.grade.number, 22, "grade")
        eq(d.effectiveFrom, YearMonth.of(2026, 9), "from")
        eq(d.validThrough, YearMonth.of(2027, 8), "through")
        eq(d.kind, DecisionKind.REGULAR, "kind")
    }
    test("定時決定 drops a month under 17 base days, with the reason") {
        val months = listOf(MonthPay(YearMonth.of(2026, 4), 16, 280_000L, false),
            MonthPay(YearMonth.of(2026, 5), 31, 300_000L, false), MonthPay(YearMonth.of(2026, 6), 30, 300_000L, false))
        val d = (regularDetermination(RegularDeterminationInput(2026, WorkerKind.REGULAR, LocalDate.of(2020, 4, 1), null, null, months)) as RegularOutcome.Decided).decision
        eq(d.monthsDropped, listOf(DroppedMonth(YearMonth.of(2026, 4), DropReason.TooFewBaseDays(16, 17))), "dropped")
        eq(d.monthsUsed.size, 2, "used")
    }
    test("a negative base-day count is InvalidArgument with the list index") {
        val months = listOf(MonthPay(YearMonth.of(2026, 4), -1, 280_000L, false))
        val e = throws<KenpoException.InvalidArgument> {
            regularDetermination(RegularDeterminationInput(2026, WorkerKind.REGULAR, LocalDate.of(2020, 4, 1), null, null, months))
        }
        eq(e.field, "months[0].base_days", "field")
    }

    // ---- member master ----
    test("member master: acquisition, dependant, loss after retirement, A8 answer, households") {
        MemberMaster().use { master ->
            master.apply(MemberEvent.Acquisition(key("00"), LocalDate.of(2026, 4, 1),
                identity("山田 太郎", "ヤマダ タロウ", LocalDate.of(1980, 5, 2), Sex.MALE), "A01"))
            master.apply(MemberEvent.DependentAdded(key("01"), LocalDate.of(2026, 4, 1),
                identity("山田 花子", "ヤマダ ハナコ", LocalDate.of(1982, 8, 1), Sex.FEMALE), Relationship.SPOUSE))
            val loss = lossAfter(key("00"), LossReason.RETIREMENT, LocalDate.of(2026, 6, 30))
            eq((loss as MemberEvent.Loss).lost, LocalDate.of(2026, 7, 1), "loss date is the next day (法36条)")
            master.apply(loss)
            eq(master.len(), 2L, "persons")
            check(master.isEligible(key("01"), LocalDate.of(2026, 6, 30))) { "eligible on 30 June" }
            check(!master.isEligible(key("01"), LocalDate.of(2026, 7, 1))) { "not eligible on 1 July" }
            val hs = master.households(listOf(HouseholdMonth(key("00"), YearMonth.of(2026, 6)),
                HouseholdMonth(key("00"), YearMonth.of(2026, 8)), HouseholdMonth(key("01"), YearMonth.of(2026, 6))))
            eq(hs[0]!!.dependents, listOf(key("01")), "June household")
            eq(hs[1]!!.insuredEligible, false, "August: insured not eligible")
            eq(hs[0], master.household(key("00"), YearMonth.of(2026, 6)), "batch = single")
            MemberMaster.fromJson(master.toJson()).use { copy -> eq(copy.len(), 2L, "copy persons") }
        }
    }
    test("a rejected event is Rejected with the rule and no personal data; the master is unchanged") {
        MemberMaster().use { master ->
            val e = throws<KenpoException.Rejected> {
                master.apply(MemberEvent.Acquisition(key("00"), LocalDate.of(2026, 4, 1),
                    identity("山田 太郎", "ヤマダ タロウ", LocalDate.of(1940, 5, 2), Sex.MALE), "A01"))
            }
            check(e.rule.startsWith("member.aged_75_or_over")) { e.rule }
            check(!e.message!!.contains("山田") && !e.message!!.contains("1940") && !e.message!!.contains("123")) { e.message!! }
            eq(master.len(), 0L, "unchanged")
        }
    }
    test("apply_all reports rejected and malformed events by index") {
        MemberMaster().use { master ->
            val events = listOf(
                MemberEvent.Acquisition(key("00"), LocalDate.of(2026, 4, 1), identity("山田 太郎", "ヤマダ タロウ", LocalDate.of(1980, 5, 2), Sex.MALE), "A01"),
                MemberEvent.Acquisition(key("00"), LocalDate.of(2026, 4, 1), identity("山田 太郎", "ヤマダ タロウ", LocalDate.of(1980, 5, 2), Sex.MALE), "A01"),
                MemberEvent.DependentAdded(key("01"), LocalDate.of(2026, 4, 1), identity("山田 花子", "やまだ", LocalDate.of(1982, 8, 1), Sex.FEMALE), Relationship.SPOUSE),
            )
            val report = master.applyAll(events)
            eq(report.applied, 1L, "applied")
            eq(report.rejected.map { it.index }, listOf(1L, 2L), "rejected indices")
            check(report.rejected[0].error is KenpoException.Rejected) { "${report.rejected[0].error}" }
            eq((report.rejected[1].error as KenpoException.InvalidArgument).field, "identity.kana", "malformed kana")
        }
    }
    test("a malformed key is InvalidArgument naming the part") {
        MemberMaster().use { master ->
            val e = throws<KenpoException.InvalidArgument> { master.isEligible(MemberKey("10", "123", "1234"), LocalDate.of(2026, 4, 1)) }
            eq(e.field, "key.branch", "field")
        }
    }

    // ---- receipts ----
    test("a receipt file (bytes) is read and checked in one call; problems carry file and line") {
        val bytes = syntheticReceiptFile(7L, 20)
        MemberMaster().use { master ->
            val r = master.checkReceiptFile("RECEIPTC.UKE", bytes, "06139992", "見本健康保険組合")
            eq(r.receiptsInFile, 20L, "receipts")
            eq(r.parsed + r.rejected, r.receiptsInFile, "accounted")
            check(r.pointsRead > 0) { "points ${r.pointsRead}" }
            check(r.findings.any { it.rule == "C1.unknown_member" }) { "an empty master knows nobody: ${r.findings.map { it.rule }}" }
            val cut = master.checkReceiptFile("CUT.UKE", bytes.copyOf(bytes.size / 2), "06139992", "見本健康保険組合")
            check(cut.problems.isNotEmpty() && cut.problems.all { it.file == "CUT.UKE" && it.line >= 0 }) { "${cut.problems}" }
            val e = throws<KenpoException.InvalidArgument> { master.checkReceiptFile("X", bytes, "123", "x") }
            eq(e.field, "insurer_number", "field")
        }
    }

    // ---- 傷病手当金 ----
    test("傷病手当金 daily amount: 300,000 → 6,667 and 170,000 → 3,780 (協会けんぽ examples)") {
        fun history(amount: Long) = (0L until 12L).map { StandardMonthly(YearMonth.of(2025, 5).plusMonths(it), amount) }
        val d = sicknessAllowanceDailyAmount(history(300_000L), LocalDate.of(2026, 4, 13), kyokaiKenpoFallback())
        eq(d.amount, 6_667L, "300,000")
        eq(d.standardDaily, 10_000L, "standard daily")
        eq(d.basis, AverageBasis.TwelveMonths, "basis")
        eq(sicknessAllowanceDailyAmount(history(170_000L), LocalDate.of(2026, 4, 13), kyokaiKenpoFallback()).amount, 3_780L, "170,000")
    }
    test("傷病手当金 schedule: three days' wait, then paid days") {
        val history = (0L until 12L).map { StandardMonthly(YearMonth.of(2025, 5).plusMonths(it), 300_000L) }
        val days = (10..14).map { SickDay(LocalDate.of(2026, 4, it), Work.OFF, 0L, 0L, 0L) }
        val s = sicknessAllowanceSchedule(SicknessClaim(days, history, null, null, null, null, null), kyokaiKenpoFallback())
        eq(s.days[2].outcome, DayOutcome.Waiting(3), "third day waits")
        eq(s.days[3].outcome, DayOutcome.Paid, "fourth day paid")
        eq(s.total, 2L * 6_667L, "total")
        eq(s.daysPaid, 2L, "days paid")
    }
    test("days out of order are InvalidArgument with the index, without the date") {
        val history = (0L until 12L).map { StandardMonthly(YearMonth.of(2025, 5).plusMonths(it), 300_000L) }
        val days = listOf(SickDay(LocalDate.of(2026, 4, 11), Work.OFF, 0L, 0L, 0L), SickDay(LocalDate.of(2026, 4, 10), Work.OFF, 0L, 0L, 0L))
        val e = throws<KenpoException.InvalidArgument> { sicknessAllowanceSchedule(SicknessClaim(days, history, null, null, null, null, null), kyokaiKenpoFallback()) }
        eq(e.field, "days[1]", "field")
    }

    // ---- custom types and errors ----
    test("a date Rust cannot read (year 10000) is InvalidArgument, not a crash") {
        val e = throws<KenpoException.InvalidArgument> { gradeForMonthlyRemuneration(1L); MemberMaster().use { it.isEligible(key("00"), LocalDate.of(10000, 1, 1)) } }
        eq(e.field, "IsoDate", "field")
    }
    test("exact decimals cross as BigDecimal, never floating point") {
        SocietyConfig.fromToml(TOKYO).use { config ->
            val p = config.monthlyPremium(YearMonth.of(2026, 3), 134_000L, subject(LocalDate.of(1980, 6, 15)))
            val general = p.parts.first { it.kind == PartKind.GENERAL }
            eq(general.amount.compareTo(BigDecimal("13199")), 0, "134,000 × 9.85 % = 13,199 exactly")
            eq(general.employeeExact.compareTo(BigDecimal("6599.5")), 0, "half, exact")
        }
    }
    test("a panic in Rust arrives as InternalException, and the library still works") {
        val e = throws<InternalException> { debugForcePanic("test") }
        check(e.message!!.contains("debug_force_panic")) { e.message!! }
        eq(gradeForMonthlyRemuneration(63_000L).number, 2, "still usable")
    }
    test("objects are AutoCloseable; a closed object refuses calls") {
        val config = SocietyConfig.fromToml(TOKYO)
        config.close()
        throws<IllegalStateException> { config.name() }
    }

    // ---- 高額療養費 / 付加給付 ----
    test("高額療養費 区分ウ 1,000,000: limit 87,430 in 2026-07, 92,940 in 2026-08 (batch)") {
        SocietyConfig.fromToml(TOKYO).use { config ->
            val d = config.highCostMonths(listOf(highCostRequest(YearMonth.of(2026, 7)), highCostRequest(YearMonth.of(2026, 8))), highCostDefaultOptions())
            eq(d[0].under70Category, "ウ", "category")
            eq(d[0].totalCharges - d[0].refund, 87_430L, "July limit")
            eq(d[1].totalCharges - d[1].refund, 92_940L, "August limit")
            eq(d[0].additionalBenefit, 0L, "no 付加給付 without rules")
            eq(d[0].paidMonth?.month, YearMonth.of(2026, 7), "history entry")
        }
    }
    test("付加給付 of the sample society: 87,430 − 25,000 = 62,430 → 62,400") {
        SocietyConfig.fromToml(java.io.File("examples/config/sample-society.toml").readText()).use { config ->
            val d = config.highCostMonth(highCostRequest(YearMonth.of(2026, 7)), highCostDefaultOptions())
            eq(d.additionalBenefit, 62_400L, "付加給付")
            check(d.additionalBenefitExplanation != null && d.detailJson.contains("additional_benefit")) { d.detailJson }
        }
    }
    test("高額療養費: a bad unit is InvalidArgument naming it; age status comes from the birth date") {
        SocietyConfig.fromToml(TOKYO).use { config ->
            val r = highCostRequest(YearMonth.of(2026, 7))
            val bad = r.copy(household = r.household.copy(units = listOf(r.household.units[0].copy(patientCharge = -1L))))
            val e = throws<KenpoException.InvalidArgument> { config.highCostMonth(bad, highCostDefaultOptions()) }
            check(!e.detail.contains("123")) { e.detail }
        }
        eq(highCostAgeStatus(LocalDate.of(1956, 7, 15), YearMonth.of(2026, 8)).band, AgeBand.ELDERLY, "70 in July: 高齢受給者 from August")
        throws<KenpoException.Rejected> { highCostAgeStatus(LocalDate.of(1951, 7, 1), YearMonth.of(2026, 7)) }
    }

    // ---- access ----
    test("A12 gym gets the age, not the birth date; asking for the birth date is denied") {
        PurposeCatalog.defaultCatalog().use { catalog -> AccessLog.inMemory().use { log -> accessMaster().use { master ->
            val ok = catalog.decide(accessRequest("A12", "gym_konami", listOf("name", "age")), master, log)
            check(ok.permitted) { "${ok.denialMessage}" }
            eq(ok.views[0].age, 46, "age on 2026-07-01")
            eq(ok.views[0].birthDate, null, "birth date")
            val no = catalog.decide(accessRequest("A12", "gym_konami", listOf("birth_date")), master, log)
            check(!no.permitted && no.denialReasonJson!!.contains("birth_date")) { "${no.denialReasonJson}" }
            eq(log.verify(), 2L, "both decisions logged")
        } } }
    }
    test("A8 answers exactly the six fields") {
        PurposeCatalog.defaultCatalog().use { catalog -> AccessLog.inMemory().use { log -> accessMaster().use { master ->
            val d = catalog.decide(accessRequest("A8", "clinic", SIX), master, log)
            check(d.permitted) { "${d.denialMessage}" }
            val v = d.views[0]
            eq(v.fields.toSet(), SIX.toSet(), "fields")
            eq(v.acquisitionDate, LocalDate.of(2003, 4, 1), "acquired")
            eq(v.address, null, "address")
            eq(v.name, "近畿 一郎", "name")
        } } }
    }
    test("a tampered access log fails verify (file and exported lines)") {
        val file = java.io.File.createTempFile("kenpo-access", ".jsonl")
        file.delete()
        PurposeCatalog.defaultCatalog().use { catalog -> AccessLog.open(file.path).use { log -> accessMaster().use { master ->
            catalog.decide(accessRequest("A8", "clinic", SIX), master, log)
            catalog.decide(accessRequest("A12", "gym_konami", listOf("age")), master, log)
            val lines = log.toJsonLines()
            eq(verifyAccessLogLines(lines, log.head()), 2L, "intact")
            file.writeText(lines.replaceFirst("A8", "A9"))
            throws<KenpoException.Rejected> { log.verify() }
            throws<KenpoException.Rejected> { verifyAccessLogLines(lines.lines().drop(1).joinToString("\n"), null) }
        } } }
        file.delete()
    }
    test("an unknown purpose or a subject not in the master is InvalidArgument") {
        PurposeCatalog.defaultCatalog().use { catalog -> AccessLog.inMemory().use { log -> accessMaster().use { master ->
            eq(throws<KenpoException.InvalidArgument> { catalog.decide(accessRequest("Z9", "clinic", SIX), master, log) }.field, "purpose", "field")
            val other = accessRequest("A8", "clinic", SIX).copy(subjects = listOf(key("00"), key("01")))
            eq(throws<KenpoException.InvalidArgument> { catalog.decide(other, master, log) }.field, "subjects[1]", "field")
        } } }
    }

    // ---- checkups ----
    test("checkup stratification: 積極的支援; a batch answers each subject on its own") {
        val s = stratifyCheckup(activeCheckup(), LocalDate.of(1976, 4, 2))
        eq(s.level, GuidanceLevel.ACTIVE, "level")
        eq(s.visceralFat, VisceralFat.WAIST, "step 1")
        val bad = activeCheckup().let { it.copy(values = it.values + CheckupValue(CheckupItem.EGFR, BigDecimal("-1"))) }
        val out = stratifyCheckups(listOf(
            CheckupSubject(activeCheckup(), LocalDate.of(1976, 4, 2)),
            CheckupSubject(bad, LocalDate.of(1976, 4, 2)),
            CheckupSubject(activeCheckup(), LocalDate.of(2000, 1, 1)),
        ))
        eq(out[0].stratification?.level, GuidanceLevel.ACTIVE, "first")
        eq((out[1].error as KenpoException.InvalidArgument).field, "subjects[1].result.values[8]", "impossible value")
        check(out[2].error is KenpoException.Rejected) { "${out[2].error}" }
    }

    println("$passed passed, $failed failed")
    if (failed != 0) exitProcess(1)
}
