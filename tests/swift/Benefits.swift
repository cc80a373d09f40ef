// Benefits: 高額療養費 and 付加給付 (one household-month, a batch, the age status, the yearly
// settlements, the cost units), 傷病手当金 with the society's 付加金, 出産手当金, 出産育児一時金,
// 埋葬料, 医療費通知, the duplicate-payment check and 任意継続被保険者. Same coverage as
// tests/kotlin/Benefits.kt.
import Foundation

/// A society with the sample society's 付加給付 and 付加金 (examples/config/sample-society.toml).
private let withBenefits = """
name = "付加給付あり"
[[rates]]
effective_from = "2026-03"
value = { general = "92‰", adjustment = "1.3‰", care = "18‰" }
[[additional_benefits.versions]]
effective_from = "2015-01"
[additional_benefits.versions.insured_refund]
deductible = 25000
upper_income_deductible = 50000
minimum_payment = 1000
[[voluntary_continuation]]
effective_from = "2026-04"
value = { ceiling = 380000, average = 381234 }
[[cash_supplements.sickness]]
effective_from = "2022-01"
value = { rate = "15%", months_from_first_payment = 6 }
[[cash_supplements.childbirth]]
effective_from = "2023-04"
value = { per_baby = 20000 }
[[cash_supplements.burial]]
effective_from = "2015-04"
value = { amount = 50000 }
"""

private func key(_ branch: String) -> MemberKey { MemberKey(symbol: "1234", number: "567", branch: branch) }
private let options = HighCostOptions(applyPlannedTables: false, birthday75Floor: .unchanged, annualCapBasis: .householdAllMonths)

/// The module example of kenpo_domain::high_cost: 区分ウ, one inpatient unit of 医療費 1,000,000
/// with 300,000 paid at the window.
private func household(_ m: CalendarMonth, charge: Int64 = 300_000, paid: [HighCostPaidMonth] = []) -> HouseholdMonth {
    HouseholdMonth(
        month: m, insured: key("00"),
        basis: CategoryBasis(standardMonthly: 300_000, taxStatus: .taxed, referenceIncomeExemption: false),
        members: [HouseholdMember(person: key("00"), relation: .insured, age: AgeStatus(band: .under70, birthday75Halving: false))],
        units: [CostUnit(person: key("00"), month: m, institution: "0110113719", setting: .inpatient, branch: .medical,
                         totalCost: 1_000_000, patientCharge: charge, specifiedDisease: nil)],
        spellStart: nil, paidMonths: paid)
}

private func history(from first: (Int32, Int32), amount: Int64) -> [StandardMonthly] {
    (0..<12).map { i -> StandardMonthly in
        let index = first.1 - 1 + Int32(i)
        return StandardMonthly(month: month(first.0 + index / 12, index % 12 + 1), amount: amount)
    }
}

private func off(_ d: CalendarDate) -> SickDay {
    SickDay(date: d, work: .off, pay: 0, maternityAllowance: 0, workersCompensation: 0)
}

func benefitTests() {
    let july = month(2026, 7)
    let august = month(2026, 8)
    test("高額療養費 区分ウ 医療費 1,000,000: 87,430 borne in 2026-07, 92,940 from 2026-08 (令42条)") {
        let s = try Society.fromToml(text: tokyo)
        let d = try s.highCostMonth(request: HighCostMonthRequest(household: household(july), options: options, explain: false))
        try eq(d.refund, 212_570, "refund")
        try eq(d.totalCharges - d.refund, 87_430, "borne")
        try eq(d.under70Category, .u, "区分ウ")
        try eq(d.units[0].treatment, .aggregated, "aggregated")
        try check(d.additionalBenefit == nil && d.explanation == nil, "no 付加給付, no steps")
        try eq(d.paidMonth, HighCostPaidMonth(month: july, outpatientOnly: false), "history entry")
        let a = try s.highCostMonth(request: HighCostMonthRequest(household: household(august), options: options, explain: true))
        try eq(a.totalCharges - a.refund, 92_940, "from August 2026")
        try check(!(a.explanation?.steps.isEmpty ?? true), "steps when asked")
    }
    test("付加給付 62,400 on top; 多数回 44,400; a batch answers each household-month") {
        let s = try Society.fromToml(text: withBenefits)
        let d = try s.highCostMonth(request: HighCostMonthRequest(household: household(july), options: options, explain: false))
        try eq(d.additionalBenefit?.total, 62_400, "300,000 − 212,570 − 25,000 → 62,400")
        try eq(d.blocks[0].kind, .single(relation: .insured), "a single block")
        let paid = [month(2026, 1), month(2026, 3), month(2026, 5)].map { HighCostPaidMonth(month: $0, outpatientOnly: false) }
        let many = try s.highCostMonth(request: HighCostMonthRequest(household: household(august, paid: paid), options: options, explain: false))
        try check(many.manyTimes, "多数回該当")
        try eq(many.totalCharges - many.refund, 44_400, "多数回 区分ウ")
        let batch = s.highCostMonths(request: HighCostMonthsRequest(
            households: [household(july), household(july, charge: -1), household(august)], options: options, explain: false))
        try eq(batch.decisions.count, 3, "answers")
        try check(batch.decisions[1] == nil, "refused")
        try eq(batch.decisions[2]?.refund, 207_060, "August")
        try eq(batch.rejected.map { $0.field }, ["units[0].patient_charge"], "rejections")
        try eq(batch.rejected.map { $0.code }, [250], "codes")
    }
    test("bad input names the field: a date that does not exist, a check digit, a negative charge") {
        let s = try Society.fromToml(text: tokyo)
        try invalid(200, "date") { _ = try highCostAgeStatus(birthDate: day(1980, 2, 30), month: july) }
        try invalid(250, "units[0].patient_charge", secret: "-300000") {
            _ = try s.highCostMonth(request: HighCostMonthRequest(household: household(july, charge: -300_000), options: options, explain: false))
        }
        var h = household(july)
        h.units[0].institution = "0110113710"
        try invalid(201, "units[0].institution", secret: "0110113710") {
            _ = try s.highCostMonth(request: HighCostMonthRequest(household: h, options: options, explain: false))
        }
    }
    test("age status: 70 → 高齢受給者 next month; the 75th-birthday month halved; the dependant with the insured") {
        try eq(try highCostAgeStatus(birthDate: day(1956, 5, 2), month: month(2026, 6)).band, .elderly, "70 on 2026-05-01")
        try eq(try highCostAgeStatus(birthDate: day(1951, 7, 15), month: july), AgeStatus(band: .elderly, birthday75Halving: true), "halved")
        let e = try kenpoError { _ = try highCostAgeStatus(birthDate: day(1951, 7, 15), month: august) }
        guard case let .Refused(code, _, _) = e else { throw Failure(description: "expected Refused, got \(e)") }
        try eq(code, 300, "not in kenpo after 75")
        try eq(try highCostDependantAgeStatus(birthDate: day(2015, 9, 15), insuredBirthDate: day(1951, 7, 15), month: july),
               AgeStatus(band: .under70, birthday75Halving: true), "dependant")
    }
    test("yearly: 外来年間合算 180,000 − 144,000 = 36,000; 年間上限 区分ウ 530,000") {
        let months = (0..<12).map { i -> OutpatientMonth in
            let index = 7 + Int32(i)
            return OutpatientMonth(month: month(2025 + index / 12, index % 12 + 1), category: .general, outpatientBorne: 15_000)
        }
        let y = try highCostOutpatientYear(request: OutpatientYearRequest(firstMonth: month(2025, 8), categoryOnBaseDate: .general,
                                                                           months: months, options: options, explain: false))
        try eq(y.refund, 36_000, "refund")
        try eq(y.cap, 144_000, "cap")
        let capMonths = (0..<12).map { i -> AnnualCapMonth in
            let index = 7 + Int32(i)
            return AnnualCapMonth(month: month(2026 + index / 12, index % 12 + 1), borne: i % 2 == 0 ? 92_940 : 10_000, benefitPaid: i % 2 == 0)
        }
        let basis = CategoryBasis(standardMonthly: 300_000, taxStatus: .taxed, referenceIncomeExemption: false)
        let c = try highCostAnnualCap(request: AnnualCapRequest(firstMonth: august, basis: basis, band: .under70,
                                                                months: capMonths, options: options, explain: false))
        try eq(c.cap, 530_000, "cap")
        try eq(c.refund, 6 * 92_940 + 60_000 - 530_000, "refund")
    }
    test("cost units: a pharmacy joins its prescriber; a receipts file gives its units") {
        let rows = [
            ReceiptRow(person: key("00"), month: july, institution: "0110113719", receiptType: .medical(setting: .outpatient),
                       totalCost: 50_000, patientCharge: 15_000, specifiedDisease: nil),
            ReceiptRow(person: key("00"), month: july, institution: "0140113713",
                       receiptType: .pharmacy(prescriber: "0110113719", prescriberBranch: .medical),
                       totalCost: 20_000, patientCharge: 6_000, specifiedDisease: nil),
        ]
        let u = try buildCostUnits(request: CostUnitsRequest(rows: rows))
        try eq(u.units.map { $0.totalCost }, [70_000], "one unit")
        let file = try costUnitsFromReceipts(request: ReceiptCostUnitsRequest(path: "generated.UKE", certificates: []))
        try eq(file.units.count, 6, "units of the generated file")
        let e = try kenpoError { _ = try costUnitsFromReceipts(request: ReceiptCostUnitsRequest(path: "no/such.UKE", certificates: [])) }
        guard case let .Io(code, _) = e else { throw Failure(description: "expected Io, got \(e)") }
        try eq(code, 240, "unreadable file")
    }
    test("傷病手当金 300,000 → 6,667, 170,000 → 3,780; wait, pay and the 15 % 付加金; days out of order refused") {
        let s = try Society.fromToml(text: withBenefits)
        let d = try s.sicknessDailyAmount(request: SicknessDailyAmountRequest(history: history(from: (2025, 5), amount: 300_000),
                                                                              firstPaymentDay: day(2026, 4, 13), explain: false))
        try eq(d.amount, 6_667, "300,000")
        let low = try s.sicknessDailyAmount(request: SicknessDailyAmountRequest(history: history(from: (2025, 5), amount: 170_000),
                                                                                firstPaymentDay: day(2026, 4, 13), explain: false))
        try eq(low.amount, 3_780, "170,000")
        let days = (10...14).map { off(day(2026, 4, $0)) }
        let claim = SicknessAllowanceRequest(days: days, history: history(from: (2025, 5), amount: 300_000), earlier: nil,
                                             disabilityPension: nil, disabilityLumpSum: nil, oldAgePension: nil,
                                             lossOfEligibility: nil, earlierExtended: nil, explain: false)
        let sched = try s.sicknessAllowance(request: claim)
        try eq(sched.days[2].outcome, .waiting(day: 3), "third day waits")
        try eq(sched.total, 13_334, "two days paid")
        try eq(sched.supplements.sicknessTotal, 3_000, "15 % of 10,000 a day")
        var reversed = claim
        reversed.days = days.reversed()
        try invalid(251, "days[1].date", secret: "2026") { _ = try s.sicknessAllowance(request: reversed) }
    }
    test("出産手当金 born 5 days late: 103 days; 出産育児一時金 500,000 with 付加金; 埋葬料 50,000 with 付加金") {
        let s = try Society.fromToml(text: withBenefits)
        let m = try s.maternityAllowance(request: MaternityAllowanceRequest(
            dueDate: day(2026, 5, 10), birthDate: day(2026, 5, 15), pregnancy: .single,
            days: (11...20).map { MaternityDay(date: day(2026, 5, $0), work: .off, pay: 0) },
            history: history(from: (2025, 6), amount: 300_000), lossOfEligibility: nil, explain: false))
        try eq(m.period.days, 103, "42 + 5 + 56")
        try eq(m.total, 66_670, "10 × 6,667")
        let c = try s.childbirthLumpSum(request: ChildbirthRequest(kind: .insured, birthDate: day(2026, 6, 1), gestationWeeks: 39,
                                                                   gestationDays: 0, babies: 1, inCompensationScheme: true,
                                                                   directPaymentCharge: 480_000, lossOfEligibility: nil, explain: false))
        try eq(c.outcome, .paid(perBaby: 500_000, amount: 500_000, toFacility: 480_000, toMember: 20_000), "paid")
        try eq(c.supplement?.amount, 20_000, "出産育児付加金")
        try invalid(252, "gestation_days") {
            _ = try s.childbirthLumpSum(request: ChildbirthRequest(kind: .insured, birthDate: day(2026, 6, 1), gestationWeeks: 39,
                                                                   gestationDays: 7, babies: 1, inCompensationScheme: true,
                                                                   directPaymentCharge: nil, lossOfEligibility: nil, explain: false))
        }
        let b = try s.burialBenefit(request: BurialRequest(deathDate: day(2026, 5, 20), case: .insuredDied(claimant: .supportedMourner),
                                                           status: .insured, explain: false))
        try eq(b.outcome, .paid(benefit: .burialAllowance, amount: 50_000), "埋葬料")
        try eq(b.supplement?.amount, 50_000, "埋葬料付加金")
    }
    test("医療費通知 per household; the duplicate check reports a birth paid twice and a refused record") {
        let n = try expenseNotices(request: ExpenseNoticeRequest(
            from: month(2026, 1), to: month(2026, 12),
            members: [NoticeMember(person: key("00"), household: key("00"), name: "山田 太郎")],
            rows: [ReceiptRow(person: key("00"), month: month(2026, 3), institution: "0110113719", receiptType: .medical(setting: .outpatient),
                              totalCost: 12_340, patientCharge: 3_700, specifiedDisease: nil)],
            institutionNames: []))
        try eq(n.notices[0].patientCharge, 3_700, "charge")
        try check(n.notices[0].text.contains("山田 太郎"), "name printed")
        func birth(_ id: String, _ d: Int32, _ amount: Int64) -> BenefitRecord {
            BenefitRecord(member: key("02"), kind: .familyChildbirthLumpSum, coverage: .event(date: day(2026, 6, d)), amount: amount, decision: id)
        }
        let c = try findDuplicatePayments(request: DuplicateCheckRequest(
            records: [birth("B-0001", 1, 500_000), birth("B-0002", 3, -1), birth("B-0107", 2, 500_000)], otherInsurers: []))
        try eq(c.findings.map { $0.kind }, [.childbirthPaidTwice], "finding")
        try eq(c.rejectedRecords.map { $0.field }, ["amount"], "refused record")
    }
    test("任意継続: application, withdrawal, the society's figure 380,000 × 113.6 ‰ = 43,168, 前納 outside 1–12 refused") {
        let a = try voluntaryApplication(request: VoluntaryApplicationRequest(lossDate: day(2026, 4, 1), insuredSince: day(2026, 2, 1),
                                                                              receivedOn: day(2026, 4, 20), delayAccepted: false,
                                                                              excluded: nil, explain: false))
        try eq(a.outcome, .eligible(acquiredOn: day(2026, 4, 1), twoYearsEnd: day(2028, 4, 1)), "eligible")
        let l = try voluntaryLoss(request: VoluntaryLossRequest(acquiredOn: day(2026, 4, 1), birthDate: day(1981, 5, 10),
                                                                events: [.withdrawal(receivedOn: day(2026, 9, 15))], explain: false))
        try eq(l.lossDate, day(2026, 10, 1), "first day of the next month")
        let s = try Society.fromToml(text: withBenefits)
        let subject = PremiumSubject(birthDate: day(1981, 5, 10), dependantBirthDates: [], careExempt: false, payment: .cash)
        let member = VoluntaryMembership(acquiredOn: day(2025, 4, 1), standardAtLoss: 500_000)
        let p = try s.voluntaryPremium(request: VoluntaryPremiumRequest(membership: member, month: month(2026, 5), subject: subject, explain: false))
        try eq(p.premium.employee, 43_168, "premium")
        try eq(p.standard.basis, .societyFigure, "basis")
        let std = try s.voluntaryStandard(request: VoluntaryStandardRequest(membership: member, month: month(2026, 4), explain: false))
        try eq(std.grade.standardMonthly, 380_000, "standard")
        let pre = try s.voluntaryPrepayment(request: VoluntaryPrepaymentRequest(membership: member, firstMonth: month(2026, 4),
                                                                                months: 2, subject: subject, explain: false))
        try eq(pre.total, Decimal(86_336), "two months, exact")
        try invalid(255, "months") {
            _ = try s.voluntaryPrepayment(request: VoluntaryPrepaymentRequest(membership: member, firstMonth: month(2026, 4),
                                                                              months: 0, subject: subject, explain: false))
        }
    }
}
