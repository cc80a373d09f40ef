// The members family: the member master as an object (events, batch, eligibility for the
// society's own use, households, grades, birthday rules, the versioned stored form), 被扶養者認定 for one person and a batch,
// and the employers' notification readers.
import Foundation

private func key(_ branch: String, _ number: String = "123") -> MemberKey {
    MemberKey(symbol: "10", number: number, branch: branch)
}

private func identity(_ name: String, _ kana: String, _ born: CalendarDate, _ sex: Sex) -> Identity {
    Identity(name: name, kana: kana, birthDate: born, sex: sex, address: "東京都千代田区千代田1-1")
}

private let taro = MemberEvent.acquisition(key: key("00"), acquired: day(2026, 4, 1),
                                           identity: identity("山田 太郎", "ヤマダ タロウ", day(1980, 5, 2), .male), office: "A01")
private let hanako = MemberEvent.dependentAdded(key: key("01"), recognized: day(2026, 4, 1),
                                                identity: identity("山田 花子", "ヤマダ ハナコ", day(1982, 8, 1), .female),
                                                relationship: .spouse)

private func spouse(_ incomes: [IncomeItem], explain: Bool = false) -> RecognitionRequest {
    RecognitionRequest(recognitionDate: day(2026, 4, 1), relationship: .spouse, birthDate: day(1985, 7, 1),
                       disabled: false, lateElderlyCertified: false, livesWithInsured: true, residence: .domestic,
                       incomes: incomes, insuredAnnualIncome: 5_000_000, insuredIsCentreOfLiving: false,
                       annualRemittance: nil, explain: explain)
}

func memberTests() {
    test("member master: acquisition, dependant, retirement (lost the next day), household") {
        let master = MemberMaster.empty()
        try master.apply(event: taro)
        try master.apply(event: hanako)
        try master.apply(event: .loss(key: key("00"), lost: day(2026, 7, 1), reason: .retirement))
        try eq(try master.len(), 2, "persons")
        try check(try master.isEligible(key: key("01"), on: day(2026, 6, 30)), "eligible on 30 June")
        try check(!(try master.isEligible(key: key("01"), on: day(2026, 7, 1))), "not eligible on 1 July")
        try eq(try master.household(insured: key("00"), month: month(2026, 6)).dependents, [key("01")], "June")
        let missing = try kenpoError { _ = try master.isEligible(key: key("05"), on: day(2026, 5, 1)) }
        guard case let .NotFound(code, what) = missing else { throw Failure(description: "\(missing)") }
        try eq(code, 221, "unknown member")
        try check(!what.contains("123"), what)
    }
    test("a refused event names the rule without personal data; malformed fields are named") {
        let master = MemberMaster.empty()
        let old = MemberEvent.acquisition(key: key("00"), acquired: day(2026, 4, 1),
                                          identity: identity("山田 太郎", "ヤマダ タロウ", day(1940, 5, 2), .male), office: "A01")
        let error = try kenpoError { try master.apply(event: old) }
        guard case let .Refused(code, rule, _) = error else { throw Failure(description: "\(error)") }
        try eq(code, 220, "code")
        try check(rule.hasPrefix("member.aged_75_or_over"), rule)
        try check(!"\(error)".contains("山田") && !"\(error)".contains("1940"), "\(error)")
        try eq(try master.len(), 0, "unchanged")
        try invalid(201, "key.branch") { try master.apply(event: .loss(key: key("1"), lost: day(2026, 7, 1), reason: .death)) }
        try invalid(200, "date") { _ = try master.isEligible(key: key("00"), on: day(2026, 2, 30)) }
    }
    test("apply_batch reports every refused event by index; birthday rules; the 75th-birthday loss") {
        let master = MemberMaster.empty()
        let bad = MemberEvent.dependentAdded(key: key("01"), recognized: day(2026, 4, 1),
                                             identity: identity("山田 花子", "やまだ", day(1982, 8, 1), .female), relationship: .spouse)
        let report = try master.applyBatch(request: MemberEventBatch(events: [taro, taro, bad, hanako]))
        try eq(report.applied, 2, "applied")
        try eq(report.rejected.map { $0.index }, [1, 2], "refused")
        try eq(report.rejected[1].field, "identity.kana", "field")
        let elder = MemberKey(symbol: "30", number: "1", branch: "00")
        try master.apply(event: .acquisition(key: elder, acquired: day(2020, 4, 1),
                                             identity: identity("高齢 次郎", "コウレイ ジロウ", day(1951, 7, 15), .male), office: "A01"))
        let due = try master.birthdayRulesDue(month: month(2026, 7))
        try eq(due.map { $0.rule }, [.lateElderly75], "75 in July")
        let losses = try master.lateElderlyLosses(month: month(2026, 7))
        try eq(losses, [.loss(key: elder, lost: day(2026, 7, 15), reason: .lateElderly)], "loss on the birthday")
        for loss in losses { try master.apply(event: loss) }
        try eq(try master.lateElderlyLosses(month: month(2026, 7)), [], "nothing due twice")
    }
    test("the stored form round-trips; a broken one is refused with code 222") {
        let master = MemberMaster.empty()
        try master.apply(event: taro)
        try master.apply(event: hanako)
        let text = try master.toJson()
        try check(text.hasPrefix("{\"format\":\"kenpo-member-master\",\"version\":1,"), "versioned")
        let copy = try MemberMaster.fromJson(text: text)
        try eq(try copy.toJson(), text, "same text")
        try eq(try copy.journalLen(), 2, "journal replayed")
        try invalid(222, "version") {
            _ = try MemberMaster.fromJson(text: text.replacingOccurrences(of: "\"version\":1", with: "\"version\":7"))
        }
        try invalid(105, "") { _ = try MemberMaster.fromJson(text: "{") }
    }
    test("標準報酬月額 by month: 資格取得時決定 then 定時決定; grade history; refusals by field") {
        let master = MemberMaster.empty()
        try master.apply(event: taro)
        try master.apply(event: .gradeDecided(key: key("00"), decision: GradeRecord(
            grade: Grade(number: 22, standardMonthly: 300_000), kind: .acquisition,
            effectiveFrom: month(2026, 4), decidedOn: day(2026, 4, 10))))
        try master.apply(event: .gradeDecided(key: key("00"), decision: GradeRecord(
            grade: Grade(number: 23, standardMonthly: 320_000), kind: .regular,
            effectiveFrom: month(2026, 9), decidedOn: day(2026, 7, 10))))
        try eq(try master.gradeInForce(key: key("00"), month: month(2026, 8))?.grade.standardMonthly, 300_000, "August")
        try eq(try master.gradeInForce(key: key("00"), month: month(2026, 9))?.kind, .regular, "September")
        try eq(try master.gradeInForce(key: key("00"), month: month(2026, 3)), nil, "before the acquisition")
        try eq(try master.gradeHistory(key: key("00")).map { $0.effectiveFrom }, [month(2026, 4), month(2026, 9)], "history")
        try invalid(230, "decision.grade.standard_monthly", secret: "300001") {
            try master.apply(event: .gradeDecided(key: key("00"), decision: GradeRecord(
                grade: Grade(number: 22, standardMonthly: 300_001), kind: .regular,
                effectiveFrom: month(2026, 10), decidedOn: day(2026, 9, 10))))
        }
        try invalid(230, "decision.grade.standard_monthly") {
            try master.apply(event: .gradeDecided(key: key("00"), decision: GradeRecord(
                grade: Grade(number: 22, standardMonthly: -300_000), kind: .regular,
                effectiveFrom: month(2026, 10), decidedOn: day(2026, 9, 10))))
        }
        try invalid(200, "date") { // lifted before the call: the field is the scalar's
            try master.apply(event: .gradeDecided(key: key("00"), decision: GradeRecord(
                grade: Grade(number: 22, standardMonthly: 300_000), kind: .regular,
                effectiveFrom: month(2026, 10), decidedOn: day(2026, 9, 31))))
        }
    }
    test("被扶養者認定: 130万, 基本手当 3,612 × 360 fails, the 2026-04 contract rule; a batch") {
        let d = try recognizeDependent(request: spouse([.annual(amount: 1_299_999)], explain: true))
        try check(d.recognized, "recognised")
        try eq(d.threshold, 1_300_000, "threshold")
        try check(d.explanation != nil, "steps on request")
        let daily = try recognizeDependent(request: spouse([.daily(amount: 3_612)]))
        try check(!daily.recognized, "not recognised")
        try eq(daily.annualIncome, Decimal(string: "1300320")!, "exact Decimal")
        let contract = IncomeItem.labourContract(pay: .hourly(wage: 1_200, hoursPerWeek: Decimal(20)),
                                                 monthlyAllowances: 0, annualBonus: 0, payOutsideContract: 50_000)
        let child = RecognitionRequest(recognitionDate: day(2026, 4, 1), relationship: .child, birthDate: day(2005, 6, 1),
                                       disabled: false, lateElderlyCertified: false, livesWithInsured: false,
                                       residence: .abroad(reason: .studyingAbroad), incomes: [contract],
                                       insuredAnnualIncome: 6_000_000, insuredIsCentreOfLiving: false,
                                       annualRemittance: 1_500_000, explain: false)
        try eq(try recognizeDependent(request: child).annualIncome, Decimal(1_248_000), "1,200 × 20 × 52")
        try invalid(202, "incomes[0].amount") { _ = try recognizeDependent(request: spouse([.monthly(amount: -1)])) }
        let batch = recognizeDependents(request: RecognitionBatchRequest(persons: [spouse([.daily(amount: 3_611)]),
                                                                                   spouse([.annual(amount: -5)])]))
        try eq(batch.decisions.map { $0?.recognized }, [true, nil], "one answer per person")
        try eq(batch.rejected.map { $0.field }, ["incomes[0].amount"], "refused")
    }
    test("notification readers: CSV in, pay reports out; rejections with line and column; SHFD encoding") {
        let csv = "種別,記号,番号,枝番,年月日,金額\nbonus,10,123,00,2026-12-10,612345\nbonus,10,124,00,2026-02-30,500000\n"
        let b = try readCsvNotifications(file: "pay.csv", content: Data(csv.utf8), kind: .payReports)
        try eq(b.rows.count, 1, "rows")
        guard case let .pay(report) = b.rows[0].notification, case let .bonus(_, paidOn, amount) = report else {
            throw Failure(description: "not a bonus")
        }
        try eq(amount, 612_345, "amount")
        try eq(paidOn, day(2026, 12, 10), "paid on")
        try eq(b.rejected.map { $0.line }, [3], "line")
        try eq(b.rejected.map { $0.column }, [5], "column")
        // 育児休業等終了時報酬月額変更届: a leave ending 31 May gives June–August, revised from September.
        let leaveCsv = "種別,記号,番号,年月日,報酬1,日数1,報酬2,日数2,報酬3,日数3\n"
            + "育児休業等終了時改定,10,123,2026-05-31,250000,30,250000,31,250000,31\n"
        let l = try readCsvNotifications(file: "leave.csv", content: Data(leaveCsv.utf8), kind: .payReports)
        try eq(l.rejected.count, 0, "leave-end row taken")
        guard case let .pay(leaveReport) = l.rows[0].notification,
              case let .leaveEnd(_, leave, leaveEndedOn, _, _, months) = leaveReport else {
            throw Failure(description: "not a leave end")
        }
        try eq(leave, .childcare, "which leave")
        try eq(leaveEndedOn, day(2026, 5, 31), "last day of the leave")
        try eq(months.map { $0.month }, [month(2026, 6), month(2026, 7), month(2026, 8)], "months")
        try eq(months.map { $0.baseDays }, [30, 31, 31], "base days")
        let json = "{\"type\": \"loss\", \"key\": {\"symbol\": \"10\", \"number\": \"123\", \"branch\": \"00\"}, \"lost\": \"2026-07-01\", \"reason\": \"retirement\"}"
        let j = try readJsonNotifications(file: "m.jsonl", text: json, kind: .memberEvents)
        try eq(j.rows.map { $0.notification }, [.member(event: .loss(key: key("00"), lost: day(2026, 7, 1), reason: .retirement))], "event")
        let s = try readShfdNotifications(file: "SHFD0006.CSV", content: Data([0x81, 0x0a]))
        try eq(s.rejected.map { $0.rule }, ["shfd.encoding"], "not Shift_JIS")
    }
}
