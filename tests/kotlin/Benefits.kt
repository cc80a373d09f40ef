// Benefits: 高額療養費 and 付加給付 (one household-month, a batch, the age status, the yearly
// settlements, the cost units), 傷病手当金 with the society's 付加金, 出産手当金, 出産育児一時金,
// 埋葬料, 医療費通知, the duplicate-payment check and 任意継続被保険者.
import jp.kenpo.*
import java.io.File
import java.time.LocalDate
import java.time.YearMonth

private fun key(branch: String) = MemberKey("1234", "567", branch)
private val OPTIONS = HighCostOptions(false, Birthday75Floor.UNCHANGED, AnnualCapBasis.HOUSEHOLD_ALL_MONTHS)
private val SAMPLE by lazy { File("examples/config/sample-society.toml").readText() }
private val JULY = YearMonth.of(2026, 7)
private val AUGUST = YearMonth.of(2026, 8)

/** The module example of kenpo_domain::high_cost: 区分ウ (標準報酬月額 300,000), one inpatient
 * unit of 医療費 1,000,000 with 300,000 paid at the window. */
private fun household(month: YearMonth, charge: Long = 300_000L, paid: List<HighCostPaidMonth> = emptyList()) =
    HouseholdMonth(
        month, key("00"), CategoryBasis(300_000L, TaxStatus.TAXED, false),
        listOf(HouseholdMember(key("00"), HouseholdRelation.INSURED, AgeStatus(AgeBand.UNDER70, false))),
        listOf(CostUnit(key("00"), month, "0110113719", CareSetting.INPATIENT, MedicalBranch.MEDICAL, 1_000_000L, charge, null)),
        null, paid,
    )

private fun history(first: YearMonth, amount: Long) = (0L until 12L).map { StandardMonthly(first.plusMonths(it), amount) }

private fun off(day: LocalDate) = SickDay(day, Work.OFF, 0L, 0L, 0L)

private fun row(branch: String, month: YearMonth, institution: String, type: ReceiptType, cost: Long, charge: Long) =
    ReceiptRow(key(branch), month, institution, type, cost, charge, null)

fun benefitTests() {
    highCostTests()
    cashBenefitTests()
    noticeAndRecordTests()
    voluntaryTests()
}

private fun highCostTests() {
    test("高額療養費 区分ウ 医療費 1,000,000: 87,430 borne in 2026-07, 92,940 from 2026-08 (令42条)") {
        Society.fromToml(TOKYO).use { tokyo ->
            val july = tokyo.highCostMonth(HighCostMonthRequest(household(JULY), OPTIONS, false))
            eq(july.refund, 212_570L, "80,100 + (1,000,000 − 267,000) × 1 % = 87,430 → refund")
            eq(july.totalCharges - july.refund, 87_430L, "borne")
            eq(july.under70Category, Under70Category.U, "区分ウ")
            eq(july.units[0].treatment, UnitTreatment.Aggregated, "aggregated")
            eq(july.additionalBenefit, null, "no 付加給付 without rules")
            eq(july.explanation, null, "no steps unless asked")
            eq(july.paidMonth, HighCostPaidMonth(JULY, false), "the history entry this month adds")
            val august = tokyo.highCostMonth(HighCostMonthRequest(household(AUGUST), OPTIONS, true))
            eq(august.totalCharges - august.refund, 92_940L, "from August 2026")
            check(august.explanation!!.steps.isNotEmpty()) { "steps when asked" }
        }
    }
    test("付加給付 of the sample society: 300,000 − 212,570 − 25,000 = 62,430 → 62,400; 多数回 44,400") {
        Society.fromToml(SAMPLE).use { sample ->
            val d = sample.highCostMonth(HighCostMonthRequest(household(JULY), OPTIONS, false))
            eq(d.additionalBenefit!!.total, 62_400L, "付加給付")
            eq(d.additionalBenefit!!.payments[0].kind, AdditionalBenefitKind.INSURED_REFUND, "一部負担還元金")
            eq(d.blocks[0].kind, BlockKind.Single(HouseholdRelation.INSURED), "a single block")
            val paid = listOf(2026 to 1, 2026 to 3, 2026 to 5).map { HighCostPaidMonth(YearMonth.of(it.first, it.second), false) }
            val many = sample.highCostMonth(HighCostMonthRequest(household(AUGUST, paid = paid), OPTIONS, false))
            check(many.manyTimes) { "fourth month in 12: 多数回該当" }
            eq(many.totalCharges - many.refund, 44_400L, "多数回 区分ウ")
        }
    }
    test("batch: one answer per household-month; a refused one named by index and field, never its value") {
        Society.fromToml(TOKYO).use { tokyo ->
            val batch = tokyo.highCostMonths(HighCostMonthsRequest(
                listOf(household(JULY), household(JULY, charge = -300_000L), household(AUGUST)), OPTIONS, false))
            eq(batch.decisions.size, 3, "answers")
            eq(batch.decisions[0]!!.refund, 212_570L, "July")
            eq(batch.decisions[1], null, "refused")
            eq(batch.decisions[2]!!.refund, 207_060L, "August")
            eq(batch.rejected.map { Triple(it.index, it.code, it.field) }, listOf(Triple(1L, 250, "units[0].patient_charge")), "rejections")
        }
    }
    test("bad input names the field: a negative charge, a check digit, a unit of another month, an unknown member") {
        Society.fromToml(TOKYO).use { tokyo ->
            invalid(250, "units[0].patient_charge", "-300000") {
                tokyo.highCostMonth(HighCostMonthRequest(household(JULY, charge = -300_000L), OPTIONS, false))
            }
            val h = household(JULY)
            invalid(201, "units[0].institution", "0110113710") {
                tokyo.highCostMonth(HighCostMonthRequest(h.copy(units = listOf(h.units[0].copy(institution = "0110113710"))), OPTIONS, false))
            }
            invalid(250, "units[0].month") {
                tokyo.highCostMonth(HighCostMonthRequest(h.copy(units = listOf(h.units[0].copy(month = YearMonth.of(2026, 6)))), OPTIONS, false))
            }
            invalid(250, "units[0].person") {
                tokyo.highCostMonth(HighCostMonthRequest(h.copy(units = listOf(h.units[0].copy(person = key("01")))), OPTIONS, false))
            }
        }
    }
    test("age status: 高齢受給者 from the month after 70; the 75th-birthday month halved; a dependant with the insured") {
        eq(highCostAgeStatus(LocalDate.of(1956, 5, 2), YearMonth.of(2026, 6)).band, AgeBand.ELDERLY, "70 on 2026-05-01")
        eq(highCostAgeStatus(LocalDate.of(1951, 7, 15), JULY), AgeStatus(AgeBand.ELDERLY, true), "75th birthday month")
        val refused = throws<KenpoException.Refused> { highCostAgeStatus(LocalDate.of(1951, 7, 15), AUGUST) }
        eq(refused.code, 300, "not in kenpo from the month after 75")
        check(!refused.toString().contains("1951")) { "$refused" }
        eq(highCostDependantAgeStatus(LocalDate.of(2015, 9, 15), LocalDate.of(1951, 7, 15), JULY),
            AgeStatus(AgeBand.UNDER70, true), "the dependant leaves with the insured person")
    }
    test("yearly: 外来年間合算 12 × 15,000 − 144,000 = 36,000; 年間上限 区分ウ 530,000; none before August 2026") {
        val first = YearMonth.of(2025, 8)
        val year = highCostOutpatientYear(OutpatientYearRequest(first, ElderlyCategory.GENERAL,
            (0L until 12L).map { OutpatientMonth(first.plusMonths(it), ElderlyCategory.GENERAL, 15_000L) }, OPTIONS, false))
        eq(Triple(year.counted, year.cap, year.refund), Triple(180_000L, 144_000L, 36_000L), "outpatient year")
        val basis = CategoryBasis(300_000L, TaxStatus.TAXED, false)
        val cap = highCostAnnualCap(AnnualCapRequest(AUGUST, basis, AgeBand.UNDER70,
            (0L until 12L).map { AnnualCapMonth(AUGUST.plusMonths(it), if (it % 2 == 0L) 92_940L else 10_000L, it % 2 == 0L) },
            OPTIONS, false))
        eq(cap.cap, 530_000L, "区分ウ cap")
        eq(cap.refund, 6 * 92_940L + 60_000L - 530_000L, "refund")
        val e = throws<KenpoException.Refused> {
            highCostAnnualCap(AnnualCapRequest(first, basis, AgeBand.UNDER70, emptyList(), OPTIONS, false))
        }
        eq(e.code, 300, "before August 2026")
        invalid(250, "months[0].outpatient_borne") {
            highCostOutpatientYear(OutpatientYearRequest(first, ElderlyCategory.GENERAL,
                listOf(OutpatientMonth(first, ElderlyCategory.GENERAL, -1L)), OPTIONS, false))
        }
    }
    test("cost units: a pharmacy joins its prescriber (院外処方); a receipts file gives its units and notes") {
        val units = buildCostUnits(CostUnitsRequest(listOf(
            row("00", JULY, "0110113719", ReceiptType.Medical(CareSetting.OUTPATIENT), 50_000L, 15_000L),
            row("00", JULY, "0140113713", ReceiptType.Pharmacy("0110113719", MedicalBranch.MEDICAL), 20_000L, 6_000L),
        )))
        eq(units.units.map { Triple(it.institution, it.totalCost, it.patientCharge) },
            listOf(Triple("0110113719", 70_000L, 21_000L)), "one unit")
        val file = costUnitsFromReceipts(ReceiptCostUnitsRequest("tests/contract/cost_units_from_receipts/generated.UKE", emptyList()))
        eq(file.units.size, 6, "units of the generated file")
        eq(file.rejected, emptyList<ReceiptReadError>(), "nothing refused")
        val sample = costUnitsFromReceipts(ReceiptCostUnitsRequest(
            "crates/kenpo-domain/tests/data/receipts/RECEIPTC_GAIRAI_SAMPLE.UKE", emptyList()))
        check(sample.notes.any { it.note == UnitNote.NO_INSURANCE_PART }) { "公費単独 reported" }
        val io = throws<KenpoException.Io> { costUnitsFromReceipts(ReceiptCostUnitsRequest("no/such/file.UKE", emptyList())) }
        eq(io.code, 240, "unreadable file")
    }
}

private fun cashBenefitTests() {
    val april = YearMonth.of(2025, 5)
    test("傷病手当金 daily amount: 300,000 → 6,667 and 170,000 → 3,780 (協会けんぽ examples)") {
        Society.fromToml(TOKYO).use { tokyo ->
            val d = tokyo.sicknessDailyAmount(SicknessDailyAmountRequest(history(april, 300_000L), LocalDate.of(2026, 4, 13), false))
            eq(Pair(d.standardDaily, d.amount), Pair(10_000L, 6_667L), "300,000")
            eq(d.basis, AverageBasis.TwelveMonths, "basis")
            eq(tokyo.sicknessDailyAmount(SicknessDailyAmountRequest(history(april, 170_000L), LocalDate.of(2026, 4, 13), false)).amount,
                3_780L, "170,000")
            val e = throws<KenpoException.InvalidConfig> {
                tokyo.sicknessDailyAmount(SicknessDailyAmountRequest(listOf(StandardMonthly(YearMonth.of(2026, 4), 410_000L)),
                    LocalDate.of(2026, 4, 13), false))
            }
            eq(e.key, "sickness_allowance_fallback", "no fallback configured")
        }
    }
    test("傷病手当金: three days' wait, two days paid, the sample society's 15 % 付加金; days out of order refused") {
        Society.fromToml(SAMPLE).use { sample ->
            val days = (10..14).map { off(LocalDate.of(2026, 4, it)) }
            val s = sample.sicknessAllowance(SicknessAllowanceRequest(days, history(april, 300_000L), null, null, null, null, null, null, false))
            eq(s.days[2].outcome, DayOutcome.Waiting(3), "third day waits")
            eq(s.days[3].outcome, DayOutcome.Paid, "fourth day paid")
            eq(s.total, 2 * 6_667L, "total")
            eq(s.daysPaid, 2, "days paid")
            eq(s.supplements.sicknessTotal, 2 * 1_500L, "10,000 × 15 % a day")
            invalid(251, "days[1].date", "2026") {
                sample.sicknessAllowance(SicknessAllowanceRequest(days.reversed(), history(april, 300_000L), null, null, null, null, null, null, false))
            }
            invalid(251, "days[0].pay") {
                sample.sicknessAllowance(SicknessAllowanceRequest(listOf(days[0].copy(pay = -1L)), history(april, 300_000L),
                    null, null, null, null, null, null, false))
            }
        }
    }
    test("出産手当金: born 5 days late, 42 + 5 + 56 = 103 days; ten days paid at 6,667") {
        Society.fromToml(SAMPLE).use { sample ->
            val days = (11..20).map { MaternityDay(LocalDate.of(2026, 5, it), Work.OFF, 0L) }
            val m = sample.maternityAllowance(MaternityAllowanceRequest(LocalDate.of(2026, 5, 10), LocalDate.of(2026, 5, 15),
                Pregnancy.SINGLE, days, history(YearMonth.of(2025, 6), 300_000L), null, false))
            eq(Triple(m.period.firstDay, m.period.days, m.period.lateDays), Triple(LocalDate.of(2026, 3, 30), 103, 5), "period")
            eq(m.total, 66_670L, "10 × 6,667")
        }
    }
    test("出産育児一時金 500,000 (令36条): 480,000 to the facility, 20,000 to the member, 付加金 20,000") {
        Society.fromToml(SAMPLE).use { sample ->
            val d = sample.childbirthLumpSum(ChildbirthRequest(ChildbirthBenefitKind.INSURED, LocalDate.of(2026, 6, 1), 39, 0, 1,
                true, 480_000L, null, false))
            eq(d.outcome, ChildbirthOutcome.Paid(500_000L, 500_000L, 480_000L, 20_000L), "paid")
            eq(d.supplement?.amount, 20_000L, "出産育児付加金")
            invalid(252, "babies") {
                sample.childbirthLumpSum(ChildbirthRequest(ChildbirthBenefitKind.INSURED, LocalDate.of(2026, 6, 1), 39, 0, 0, true, null, null, false))
            }
        }
    }
    test("埋葬料 50,000 (令35条) with the 付加金 50,000; a negative cost is refused") {
        Society.fromToml(SAMPLE).use { sample ->
            val d = sample.burialBenefit(BurialRequest(LocalDate.of(2026, 5, 20),
                BurialCase.InsuredDied(BurialClaimant.SupportedMourner), StatusAtDeath.Insured, false))
            eq(d.outcome, BurialOutcome.Paid(BurialKind.BURIAL_ALLOWANCE, 50_000L), "埋葬料")
            eq(d.supplement?.amount, 50_000L, "埋葬料付加金")
            invalid(252, "case.claimant.actual_cost", "-1") {
                sample.burialBenefit(BurialRequest(LocalDate.of(2026, 5, 20),
                    BurialCase.InsuredDied(BurialClaimant.OtherWhoBuried(-1L)), StatusAtDeath.Insured, false))
            }
        }
    }
}

private fun noticeAndRecordTests() {
    test("医療費通知: one household, the pharmacy on its own line, names printed") {
        val n = expenseNotices(ExpenseNoticeRequest(YearMonth.of(2026, 1), YearMonth.of(2026, 12),
            listOf(NoticeMember(key("00"), key("00"), "山田 太郎"), NoticeMember(key("01"), key("00"), null)),
            listOf(row("00", YearMonth.of(2026, 3), "0110113719", ReceiptType.Medical(CareSetting.OUTPATIENT), 12_340L, 3_700L),
                row("01", YearMonth.of(2026, 4), "0140113713", ReceiptType.Pharmacy("0110113719", MedicalBranch.MEDICAL), 5_000L, 1_000L)),
            listOf(InstitutionName("0110113719", "見本診療所"))))
        eq(n.notices.size, 1, "one household")
        eq(Pair(n.notices[0].totalCost, n.notices[0].patientCharge), Pair(17_340L, 4_700L), "totals")
        eq(n.notices[0].members[1].lines[0].kind, CareKind.PHARMACY, "pharmacy line")
        check(n.notices[0].text.contains("山田 太郎") && n.notices[0].text.contains("見本診療所")) { n.notices[0].text }
        invalid(253, "rows[0].person") {
            expenseNotices(ExpenseNoticeRequest(YearMonth.of(2026, 1), YearMonth.of(2026, 12), emptyList(),
                listOf(row("00", YearMonth.of(2026, 3), "0110113719", ReceiptType.Medical(CareSetting.OUTPATIENT), 1L, 1L)), emptyList()))
        }
    }
    test("duplicate check: one birth paid twice; a record refused is reported, the rest checked") {
        fun birth(id: String, day: Int, amount: Long) = BenefitRecord(key("02"), BenefitKind.FAMILY_CHILDBIRTH_LUMP_SUM,
            BenefitCoverage.Event(LocalDate.of(2026, 6, day)), amount, id)
        val c = findDuplicatePayments(DuplicateCheckRequest(
            listOf(birth("B-0001", 1, 500_000L), birth("B-0002", 3, -1L), birth("B-0107", 2, 500_000L)), emptyList()))
        eq(c.findings.map { it.kind }, listOf(DuplicateKind.CHILDBIRTH_PAID_TWICE), "finding")
        eq(c.findings[0].decisions, listOf("B-0001", "B-0107"), "decisions")
        eq(c.rejectedRecords.map { Triple(it.index, it.code, it.field) }, listOf(Triple(1L, 254, "amount")), "refused record")
    }
}

private fun voluntaryTests() {
    val subject = PremiumSubject(LocalDate.of(1981, 5, 10), emptyList(), false, PaymentMethod.CASH)
    test("任意継続: applied on the 20th day (法37条), two years to 2028-04-01; a withdrawal ends it the next month") {
        val a = voluntaryApplication(VoluntaryApplicationRequest(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 2, 1),
            LocalDate.of(2026, 4, 20), false, null, false))
        eq(a.outcome, ApplicationOutcome.Eligible(LocalDate.of(2026, 4, 1), LocalDate.of(2028, 4, 1)), "eligible")
        val late = voluntaryApplication(VoluntaryApplicationRequest(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 2, 1),
            LocalDate.of(2026, 4, 21), false, null, false))
        eq(late.outcome, ApplicationOutcome.NotEligible(NotEligibleReason.LateApplication), "21st day")
        val loss = voluntaryLoss(VoluntaryLossRequest(LocalDate.of(2026, 4, 1), LocalDate.of(1981, 5, 10),
            listOf(VoluntaryEvent.Withdrawal(LocalDate.of(2026, 9, 15))), false))
        eq(Triple(loss.reason, loss.lossDate, loss.lastPremiumMonth),
            Triple(VoluntaryLossReason.WITHDRAWAL, LocalDate.of(2026, 10, 1), YearMonth.of(2026, 9)), "withdrawal")
        invalid(255, "insured_since") {
            voluntaryApplication(VoluntaryApplicationRequest(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 1),
                LocalDate.of(2026, 4, 2), false, null, false))
        }
    }
    test("任意継続 premium: the lesser of 500,000 and the society's 380,000; × 113.6 ‰ = 43,168, paid wholly") {
        Society.fromToml(SAMPLE).use { sample ->
            val member = VoluntaryMembership(LocalDate.of(2025, 4, 1), 500_000L)
            val p = sample.voluntaryPremium(VoluntaryPremiumRequest(member, YearMonth.of(2026, 5), subject, false))
            eq(p.standard.basis, StandardBasis.SOCIETY_FIGURE, "basis")
            eq(p.standard.grade.standardMonthly, 380_000L, "standard")
            eq(p.premium.employee, 43_168L, "premium")
            eq(p.dueDate, LocalDate.of(2026, 5, 10), "due on the 10th")
            val kept = sample.voluntaryStandard(VoluntaryStandardRequest(VoluntaryMembership(LocalDate.of(2026, 4, 1), 500_000L),
                YearMonth.of(2026, 4), false))
            eq(kept.basis, StandardBasis.AT_LOSS_BY_RULES, "法47条2項")
            invalid(255, "membership.standard_at_loss", "500001") {
                sample.voluntaryStandard(VoluntaryStandardRequest(VoluntaryMembership(LocalDate.of(2025, 4, 1), 500_001L),
                    YearMonth.of(2026, 4), false))
            }
        }
    }
    test("前納 (令49条): 協会けんぽ 埼玉 FY2015, 標準報酬月額 58,000, twelve months → 67,670") {
        val saitama = """
            name = "埼玉"
            [[rates]]
            effective_from = "2015-04"
            value = { general = "9.94%", care = "1.72%" }
            [[rates]]
            effective_from = "2015-05"
            value = { general = "9.93%", care = "1.58%" }
            [[voluntary_continuation]]
            effective_from = "2015-04"
            value = { ceiling = 280000 }
        """.trimIndent()
        Society.fromToml(saitama).use { s ->
            val young = PremiumSubject(LocalDate.of(1985, 6, 15), emptyList(), false, PaymentMethod.CASH)
            val member = VoluntaryMembership(LocalDate.of(2015, 4, 1), 58_000L)
            val p = s.voluntaryPrepayment(VoluntaryPrepaymentRequest(member, YearMonth.of(2015, 4), 12, young, false))
            eq(p.amount, 67_670L, "published table")
            invalid(255, "months") { s.voluntaryPrepayment(VoluntaryPrepaymentRequest(member, YearMonth.of(2015, 4), 13, young, false)) }
        }
    }
}
