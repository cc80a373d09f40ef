// Standard remuneration: the grade table and the decisions (法40条–法45条).
import Foundation

private func aprilToJune(_ a: Int64, _ b: Int64, _ c: Int64) -> [MonthPay] {
    [MonthPay(month: month(2026, 4), baseDays: 30, amount: a, partialPeriod: false),
     MonthPay(month: month(2026, 5), baseDays: 31, amount: b, partialPeriod: false),
     MonthPay(month: month(2026, 6), baseDays: 30, amount: c, partialPeriod: false)]
}

func remunerationTests() {
    test("grade table edges: 62,999 → 1 (58,000), 63,000 → 2, 2,000,000 → 50") {
        try eq(try gradeForRemuneration(month: month(2026, 4), monthlyRemuneration: 62_999), Grade(number: 1, standardMonthly: 58_000), "62,999")
        try eq(try gradeForRemuneration(month: month(2026, 4), monthlyRemuneration: 63_000).number, 2, "63,000")
        try eq(try gradeForRemuneration(month: month(2026, 4), monthlyRemuneration: 2_000_000).number, 50, "top")
        try invalid(202, "monthly_remuneration") { _ = try gradeForRemuneration(month: month(2026, 4), monthlyRemuneration: -1) }
        try invalid(200, "month") { _ = try gradeForRemuneration(month: month(2026, 13), monthlyRemuneration: 1) }
    }
    test("標準賞与額: the floor and the annual cap") {
        let b = try standardBonus(request: StandardBonusRequest(paidOn: day(2026, 12, 10), amount: 1_000_000, cumulativeBefore: 5_000_000))
        try eq(b.standard, 730_000, "cap")
        try check(b.capped, "capped")
        try invalid(200, "date") { _ = try standardBonus(request: StandardBonusRequest(paidOn: day(2026, 2, 30), amount: 1, cumulativeBefore: 0)) }
    }
    test("資格取得時決定 and 定時決定 (grade 22 from September)") {
        let d = try decideAtAcquisition(request: AcquisitionDecisionRequest(acquiredOn: day(2026, 4, 1), remuneration: .monthly(amount: 305_000), explain: false))
        try eq(d.grade.standardMonthly, 300_000, "acquisition")
        try eq(d.validThrough, month(2026, 8), "valid through")
        let r = RegularDeterminationRequest(year: 2026, worker: .regular, acquiredOn: day(2020, 4, 1), previous: nil,
                                            revisionEffectiveFrom: nil, months: aprilToJune(300_000, 310_000, 290_000), explain: false)
        guard case let .decided(decision) = try regularDetermination(request: r) else { throw Failure(description: "not decided") }
        try eq(decision.effectiveFrom, month(2026, 9), "from September")
        var bad = r
        bad.months = [MonthPay(month: month(2026, 4), baseDays: -3, amount: 1, partialPeriod: false)]
        try invalid(230, "months[0].base_days") { _ = try regularDetermination(request: bad) }
        let batch = regularDeterminations(request: RegularDeterminationBatchRequest(persons: [r, bad]))
        try eq(batch.rejected.map { $0.index }, [1], "batch rejection")
    }
    test("随時改定 two grades up; 育児休業等終了時改定 one grade down") {
        let two = OccasionalRevisionRequest(worker: .regular, current: Grade(number: 22, standardMonthly: 300_000), currentRemuneration: nil,
                                            change: .increase, firstMonth: month(2026, 4), months: aprilToJune(340_000, 340_000, 340_000), explain: false)
        guard case let .revised(decision) = try occasionalRevision(request: two) else { throw Failure(description: "not revised") }
        try eq(decision.effectiveFrom, month(2026, 7), "from July")
        let leave = LeaveEndRevisionRequest(leave: .childcare, leaveEndedOn: day(2026, 5, 31), anotherLeaveFollows: false, worker: .regular,
                                            current: Grade(number: 22, standardMonthly: 300_000),
                                            months: [MonthPay(month: month(2026, 6), baseDays: 30, amount: 260_000, partialPeriod: false),
                                                     MonthPay(month: month(2026, 7), baseDays: 31, amount: 260_000, partialPeriod: false),
                                                     MonthPay(month: month(2026, 8), baseDays: 31, amount: 260_000, partialPeriod: false)],
                                            explain: false)
        guard case let .revised(after) = try leaveEndRevision(request: leave) else { throw Failure(description: "not revised") }
        try eq(after.grade.standardMonthly, 260_000, "grade 20")
    }
}
