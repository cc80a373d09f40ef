// Premiums: one person, a batch, the employer notice, which months and bonuses carry a premium.
import Foundation

func premiumTests() {
    let born = day(1980, 6, 15)
    test("monthly premium: 134,000 × 11.47 % ÷ 2 = 7,684.9 → 7,685 (協会けんぽ 東京 FY2026 額表)") {
        let s = try Society.fromToml(text: tokyo)
        let p = try s.monthlyPremium(request: MonthlyPremiumRequest(month: month(2026, 3), standardMonthly: 134_000, subject: subject(born), explain: false))
        try eq(p.employee, 7_685, "employee")
        try eq(p.employer, Decimal(string: "7684.8")!, "employer, exact Decimal")
        try check(p.explanation == nil, "no steps unless asked")
        try invalid(231, "standard_monthly", secret: "134001") {
            _ = try s.monthlyPremium(request: MonthlyPremiumRequest(month: month(2026, 3), standardMonthly: 134_001, subject: subject(born), explain: false))
        }
        try invalid(200, "date") {
            _ = try s.monthlyPremium(request: MonthlyPremiumRequest(month: month(2026, 3), standardMonthly: 134_000, subject: subject(day(1980, 2, 30)), explain: false))
        }
    }
    test("bonus premium: 500,000 × 11.47 % ÷ 2 = 28,675; not a multiple of 1,000 is refused") {
        let s = try Society.fromToml(text: tokyo)
        let b = try s.bonusPremium(request: BonusPremiumRequest(month: month(2026, 3), standardBonus: 500_000, subject: subject(born), explain: false))
        try eq(b.employee, 28_675, "employee")
        try invalid(231, "standard_bonus", secret: "500500") {
            _ = try s.bonusPremium(request: BonusPremiumRequest(month: month(2026, 3), standardBonus: 500_500, subject: subject(born), explain: false))
        }
    }
    test("batch and employer notice: every refused line reported; the fraction dropped once") {
        let s = try Society.fromToml(text: tokyo)
        let line = PremiumLine(baseKind: .monthly, standardAmount: 134_000, subject: subject(born))
        let bad = PremiumLine(baseKind: .bonus, standardAmount: 1_234, subject: subject(born))
        let batch = s.premiums(request: PremiumBatchRequest(month: month(2026, 3), lines: [line, bad], explain: false))
        try eq(batch.premiums.count, 2, "answers")
        try eq(batch.premiums[0]?.employee, 7_685, "line 0")
        try eq(batch.rejected.map { $0.field }, ["standard_amount"], "rejections")
        let notice = try s.employerNotice(request: EmployerNoticeRequest(office: "A01", month: month(2026, 3), lines: [line, line], explain: false))
        try eq(notice.total, 30_739, "2 × 15,369.8 → 30,739")
        try eq(notice.employerTotal, 15_369, "employer")
    }
    test("a decimal wider than 64 bits crosses exactly (28 digits)") {
        let sample = """
        name = "見本"
        [[rates]]
        effective_from = "2026-03"
        value = { general = "92‰", adjustment = "1.3‰", care = "18‰", employee_general = "43‰" }
        """
        let s = try Society.fromToml(text: sample)
        let p = try s.monthlyPremium(request: MonthlyPremiumRequest(month: month(2026, 3), standardMonthly: 300_000, subject: subject(born), explain: false))
        try eq(p.parts[0].employeeRatePercent, Decimal(string: "4.24008574490889603429796356")!, "general employee rate")
        try eq(p.parts[0].amount, Decimal(27600), "general amount")
        try eq(p.employer, Decimal(17790), "employer: 300,000 × 11.13 % − 15,600")
    }
    test("month and bonus charge: 同月得喪, a childcare leave, a bonus in the month of loss") {
        let same = try monthCharge(request: MonthChargeRequest(coverage: Coverage(acquiredOn: day(2026, 4, 1), lostOn: day(2026, 4, 20)),
                                                               birthDate: born, leaves: [], month: month(2026, 4), explain: false))
        try eq(same.charge, .charged, "同月得喪")
        let leave = Leave(kind: .childcare, firstDay: day(2026, 6, 10), lastDay: day(2026, 8, 31), agreedWorkDays: 0)
        let exempt = try monthCharge(request: MonthChargeRequest(coverage: Coverage(acquiredOn: day(2020, 4, 1), lostOn: nil),
                                                                 birthDate: day(1990, 1, 1), leaves: [leave], month: month(2026, 6), explain: false))
        try eq(exempt.charge, .exempt(leave: .childcare), "exempt")
        let bonus = try bonusCharge(request: BonusChargeRequest(coverage: Coverage(acquiredOn: day(2020, 4, 1), lostOn: day(2026, 7, 20)),
                                                                birthDate: born, leaves: [], paidOn: day(2026, 7, 10), explain: false))
        try eq(bonus.charge, .notInsured, "loss month")
    }
}
