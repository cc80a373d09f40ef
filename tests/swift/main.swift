// Binding tests of kenpo-uniffi in Swift: the same coverage as tests/kotlin (types, errors,
// objects, batches round-trip) with published figures as sanity values. Compiled with Kenpo.swift
// into one executable by tests/swift/run.sh inside a Debian trixie root.
import Foundation

var passed = 0
var failed = 0

struct Failure: Error, CustomStringConvertible { let description: String }

func test(_ name: String, _ body: () throws -> Void) {
    do {
        try body()
        passed += 1
        print("ok   \(name)")
    } catch {
        failed += 1
        print("FAIL \(name): \(error)")
    }
}

func eq<T: Equatable>(_ actual: T, _ expected: T, _ what: String) throws {
    if actual != expected { throw Failure(description: "\(what): expected \(expected), got \(actual)") }
}

func check(_ condition: Bool, _ what: String) throws {
    if !condition { throw Failure(description: what) }
}

/// Runs `body`, expecting a `KenpoError`; returns it.
func kenpoError(_ body: () throws -> Void) throws -> KenpoError {
    do {
        try body()
    } catch let error as KenpoError {
        return error
    }
    throw Failure(description: "expected a KenpoError, nothing thrown")
}

let tokyo = """
name = "東京 (協会けんぽ rates)"
[[rates]]
effective_from = "2026-03"
value = { general = "9.85%", care = "1.62%" }
"""

func subject(_ born: IsoDate) -> PremiumSubject {
    PremiumSubject(birthDate: born, dependantBirthDates: [], careExempt: false, payment: .wageDeduction)
}

func key(_ branch: String) -> MemberKey { MemberKey(symbol: "10", number: "123", branch: branch) }

func identity(_ name: String, _ kana: String, _ born: IsoDate, _ sex: Sex) -> Identity {
    Identity(name: name, kana: kana, birthDate: born, sex: sex, address: "東京都千代田区千代田1-1")
}

test("version") { try check(!kenpoVersion().isEmpty, "version") }

// ---- configuration ----
test("config loads from TOML; rates in percent as exact decimal text") {
    let config = try SocietyConfig.fromToml(text: tokyo)
    try eq(config.name(), "東京 (協会けんぽ rates)", "name")
    let rates = try config.ratesFor(month: "2026-04")
    try eq(rates?.generalPercent, "9.85", "general")
    try eq(rates?.carePercent, "1.62", "care")
    try eq(try config.ratesFor(month: "2026-02"), nil, "none before March 2026")
    let copy = try SocietyConfig.fromJson(text: try config.toJson())
    try eq(try copy.ratesFor(month: "2026-03"), try config.ratesFor(month: "2026-03"), "JSON round trip")
}
test("a rule-breaking config value is InvalidConfig with its key") {
    let e = try kenpoError { _ = try SocietyConfig.fromToml(text: "name = \"x\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"131‰\", care = \"18‰\" }\n") }
    guard case let .InvalidConfig(_, _, _, key, _) = e else { throw Failure(description: "\(e)") }
    try eq(key, "rates[0].value.general", "key")
}
test("a TOML syntax error is InvalidConfig with its line") {
    let e = try kenpoError { _ = try SocietyConfig.fromToml(text: "name = \"x\"\n[[rates]\n") }
    guard case let .InvalidConfig(_, line, column, _, _) = e else { throw Failure(description: "\(e)") }
    try eq(line, 2, "line")
    try check(column > 0, "column")
}

// ---- premiums ----
test("monthly premium: 134,000 × 11.47 % ÷ 2 = 7,684.9 → 7,685 (協会けんぽ 東京 FY2026)") {
    let config = try SocietyConfig.fromToml(text: tokyo)
    let p = try config.monthlyPremium(month: "2026-03", standardMonthly: 134_000, subject: subject("1980-06-15"))
    try eq(p.employee, 7_685, "employee")
    try eq(p.total, "15369.8", "total")
    try eq(p.employer, "7684.8", "employer")
    try eq(p.care, .category2, "care")
    try eq(p.parts.map { $0.kind }, [.general, .care], "parts")
    try eq(p.parts[0].amount, "13199", "general part, exact")
}
test("bad standard amounts are InvalidArgument naming the argument") {
    let config = try SocietyConfig.fromToml(text: tokyo)
    let e = try kenpoError { _ = try config.monthlyPremium(month: "2026-03", standardMonthly: 134_001, subject: subject("1980-06-15")) }
    guard case let .InvalidArgument(field, _) = e else { throw Failure(description: "\(e)") }
    try eq(field, "standard_monthly", "field")
    let b = try kenpoError { _ = try config.bonusPremium(month: "2026-06", standardBonus: 500_500, subject: subject("1990-01-01")) }
    guard case let .InvalidArgument(bfield, _) = b else { throw Failure(description: "\(b)") }
    try eq(bfield, "standard_bonus", "bonus field")
}
test("no rates for the month is Rejected") {
    let config = try SocietyConfig.fromToml(text: tokyo)
    let e = try kenpoError { _ = try config.monthlyPremium(month: "2025-01", standardMonthly: 134_000, subject: subject("1980-06-15")) }
    guard case .Rejected = e else { throw Failure(description: "\(e)") }
}
test("batch premiums equal single calls; a bad line names its index") {
    let config = try SocietyConfig.fromToml(text: tokyo)
    var lines: [PremiumLine] = []
    for i in 0..<50 {
        let born = String(format: "%04d-%02d-01", 1960 + i % 30, 1 + i % 12)
        lines.append(PremiumLine(baseKind: .monthly, standardAmount: i % 2 == 0 ? 300_000 : 134_000, subject: subject(born)))
    }
    let batch = try config.premiums(month: "2026-04", lines: lines)
    try eq(batch.count, 50, "count")
    for (i, line) in lines.enumerated() {
        try eq(batch[i], try config.monthlyPremium(month: "2026-04", standardMonthly: line.standardAmount, subject: line.subject), "line \(i)")
    }
    lines[7].standardAmount = 1
    let e = try kenpoError { _ = try config.premiums(month: "2026-04", lines: lines) }
    guard case let .InvalidArgument(field, _) = e else { throw Failure(description: "\(e)") }
    try eq(field, "lines[7].standard_amount", "field")
}
test("employer notice: total = employees + employer") {
    let config = try SocietyConfig.fromToml(text: tokyo)
    let lines = [
        PremiumLine(baseKind: .monthly, standardAmount: 134_000, subject: subject("1980-06-15")),
        PremiumLine(baseKind: .monthly, standardAmount: 300_000, subject: subject("1990-01-01")),
        PremiumLine(baseKind: .bonus, standardAmount: 500_000, subject: subject("1990-01-01")),
    ]
    let n = try config.employerNotice(office: "A01", month: "2026-03", lines: lines)
    try eq(n.lines, 3, "lines")
    try eq(n.employerTotal, n.total - n.employeeTotal, "shares")
    _ = try kenpoError { _ = try config.employerNotice(office: "", month: "2026-03", lines: lines) }
}

// ---- standard remuneration ----
test("grade table edges: 62,999 → 1, 63,000 → 2, 300,000 → 22, 1,390,000 → 50") {
    try eq(gradeForMonthlyRemuneration(monthlyRemuneration: 62_999), Grade(number: 1, standardMonthly: 58_000), "62,999")
    try eq(gradeForMonthlyRemuneration(monthlyRemuneration: 63_000).number, 2, "63,000")
    try eq(try gradeFromStandardMonthly(standardMonthly: 300_000).number, 22, "300,000")
    try eq(try gradeFromStandardMonthly(standardMonthly: 1_390_000).number, 50, "1,390,000")
    _ = try kenpoError { _ = try gradeFromStandardMonthly(standardMonthly: 1_000_000) }
}
test("定時決定: April–June at 300,000 → grade 22, September to next August; a short month dropped") {
    let months = [MonthPay(month: "2026-04", baseDays: 16, amount: 280_000, partialPeriod: false),
                  MonthPay(month: "2026-05", baseDays: 31, amount: 300_000, partialPeriod: false),
                  MonthPay(month: "2026-06", baseDays: 30, amount: 300_000, partialPeriod: false)]
    let outcome = try regularDetermination(input: RegularDeterminationInput(year: 2026, worker: .regular, acquiredOn: "2020-04-01", previous: nil, revisionEffectiveFrom: nil, months: months))
    guard case let .decided(d) = outcome else { throw Failure(description: "\(outcome)") }
    try eq(d.grade.number, 22, "grade")
    try eq(d.effectiveFrom, "2026-09", "from")
    try eq(d.validThrough, "2027-08", "through")
    try eq(d.monthsDropped, [DroppedMonth(month: "2026-04", reason: .tooFewBaseDays(days: 16, threshold: 17))], "dropped")
}

// ---- member master ----
test("member master: events, A8 answer, households batch, JSON round trip") {
    let master = MemberMaster()
    try master.apply(event: .acquisition(key: key("00"), acquired: "2026-04-01", identity: identity("山田 太郎", "ヤマダ タロウ", "1980-05-02", .male), office: "A01"))
    try master.apply(event: .dependentAdded(key: key("01"), recognized: "2026-04-01", identity: identity("山田 花子", "ヤマダ ハナコ", "1982-08-01", .female), relationship: .spouse))
    let loss = try lossAfter(key: key("00"), reason: .retirement, eventDay: "2026-06-30")
    guard case let .loss(_, lost, _) = loss else { throw Failure(description: "not a loss") }
    try eq(lost, "2026-07-01", "loss date (法36条)")
    try master.apply(event: loss)
    try eq(try master.len(), 2, "persons")
    try check(try master.isEligible(key: key("01"), on: "2026-06-30"), "eligible 30 June")
    try check(!(try master.isEligible(key: key("01"), on: "2026-07-01")), "not eligible 1 July")
    let hs = try master.households(requests: [HouseholdMonth(insured: key("00"), month: "2026-06"), HouseholdMonth(insured: key("00"), month: "2026-08")])
    try eq(hs[0]?.dependents, [key("01")], "June")
    try eq(hs[1]?.insuredEligible, false, "August")
    try eq(hs[0], try master.household(insured: key("00"), month: "2026-06"), "batch = single")
    try eq(try MemberMaster.fromJson(json: try master.toJson()).len(), 2, "JSON round trip")
}
test("a rejected event names the rule, holds no personal data, leaves the master unchanged") {
    let master = MemberMaster()
    let e = try kenpoError { try master.apply(event: .acquisition(key: key("00"), acquired: "2026-04-01", identity: identity("山田 太郎", "ヤマダ タロウ", "1940-05-02", .male), office: "A01")) }
    guard case let .Rejected(rule, detail) = e else { throw Failure(description: "\(e)") }
    try check(rule.hasPrefix("member.aged_75_or_over"), rule)
    try check(!detail.contains("山田") && !detail.contains("1940") && !detail.contains("123"), detail)
    try eq(try master.len(), 0, "unchanged")
}
test("apply_all reports rejected and malformed events by index") {
    let master = MemberMaster()
    let taro = MemberEvent.acquisition(key: key("00"), acquired: "2026-04-01", identity: identity("山田 太郎", "ヤマダ タロウ", "1980-05-02", .male), office: "A01")
    let bad = MemberEvent.dependentAdded(key: key("01"), recognized: "2026-04-01", identity: identity("山田 花子", "やまだ", "1982-08-01", .female), relationship: .spouse)
    let report = try master.applyAll(events: [taro, taro, bad])
    try eq(report.applied, 1, "applied")
    try eq(report.rejected.map { $0.index }, [1, 2], "indices")
    guard case let .InvalidArgument(field, _) = report.rejected[1].error else { throw Failure(description: "\(report.rejected[1].error)") }
    try eq(field, "identity.kana", "field")
}

// ---- receipts ----
test("a receipt file (bytes) is read and checked in one call; problems carry file and line") {
    let bytes = try syntheticReceiptFile(seed: 7, receipts: 20)
    let master = MemberMaster()
    let r = try master.checkReceiptFile(fileName: "RECEIPTC.UKE", bytes: bytes, insurerNumber: "06139992", societyName: "見本健康保険組合")
    try eq(r.receiptsInFile, 20, "receipts")
    try eq(r.parsed + r.rejected, r.receiptsInFile, "accounted")
    try check(r.findings.contains { $0.rule == "C1.unknown_member" }, "unknown member")
    let cut = try master.checkReceiptFile(fileName: "CUT.UKE", bytes: bytes.prefix(bytes.count / 2), insurerNumber: "06139992", societyName: "x")
    try check(!cut.problems.isEmpty && cut.problems.allSatisfy { $0.file == "CUT.UKE" }, "\(cut.problems)")
}

// ---- 傷病手当金 ----
func history(_ amount: Int64) -> [StandardMonthly] {
    (0..<12).map { i in
        let m = 5 + i
        return StandardMonthly(month: String(format: "%04d-%02d", 2025 + (m - 1) / 12, (m - 1) % 12 + 1), amount: amount)
    }
}
test("傷病手当金 daily amount: 300,000 → 6,667, 170,000 → 3,780 (協会けんぽ examples)") {
    let d = try sicknessAllowanceDailyAmount(history: history(300_000), firstPaymentDay: "2026-04-13", fallback: kyokaiKenpoFallback())
    try eq(d.amount, 6_667, "300,000")
    try eq(d.basis, .twelveMonths, "basis")
    try eq(try sicknessAllowanceDailyAmount(history: history(170_000), firstPaymentDay: "2026-04-13", fallback: kyokaiKenpoFallback()).amount, 3_780, "170,000")
}
test("傷病手当金 schedule: three days' wait, then paid days") {
    let days = (10...14).map { SickDay(date: "2026-04-\($0)", work: .off, pay: 0, maternityAllowance: 0, workersCompensation: 0) }
    let claim = SicknessClaim(days: days, history: history(300_000), earlier: nil, disabilityPension: nil, disabilityLumpSum: nil, oldAgePension: nil, lossOfEligibility: nil)
    let s = try sicknessAllowanceSchedule(claim: claim, fallback: kyokaiKenpoFallback())
    try eq(s.days[2].outcome, .waiting(day: 3), "waiting")
    try eq(s.days[3].outcome, .paid, "paid")
    try eq(s.total, 2 * 6_667, "total")
}

// ---- custom types, errors, panics ----
test("a date that is not YYYY-MM-DD is InvalidArgument, not a crash") {
    let e = try kenpoError { _ = try MemberMaster().isEligible(key: key("00"), on: "2026-02-30") }
    guard case let .InvalidArgument(field, detail) = e else { throw Failure(description: "\(e)") }
    try eq(field, "IsoDate", "field")
    try check(!detail.contains("2026"), "no value in the detail")
}
test("a month that is not YYYY-MM is InvalidArgument") {
    let config = try SocietyConfig.fromToml(text: tokyo)
    let e = try kenpoError { _ = try config.ratesFor(month: "2026-13") }
    guard case .InvalidArgument = e else { throw Failure(description: "\(e)") }
}
test("a panic in Rust is thrown as an error, not a crash, and the library still works") {
    do {
        try debugForcePanic(reason: "test")
        throw Failure(description: "nothing thrown")
    } catch is KenpoError {
        throw Failure(description: "a panic must not look like a domain error")
    } catch let error as Failure {
        throw error
    } catch {
        try check(String(describing: error).contains("rustPanic"), "\(error)")
    }
    try eq(gradeForMonthlyRemuneration(monthlyRemuneration: 63_000).number, 2, "still usable")
}

// ---- 高額療養費 / 付加給付 ----
// 区分ウ (標準報酬月額 410,000), one inpatient unit of 10割 1,000,000 yen with 3割 charged.
func highCostRequest(_ month: IsoMonth) -> HighCostRequest {
    HighCostRequest(
        household: HighCostHousehold(
            month: month, household: key("00"), standardMonthly: 410_000, taxStatus: .taxed, referenceIncomeExemption: false,
            members: [HighCostMember(person: key("00"), relation: .insured, age: AgeStatus(band: .under70, birthday75Halving: false))],
            units: [HighCostUnit(person: key("00"), month: month, institution: "0110113719", setting: .inpatient, branch: .medical, totalCost: 1_000_000, patientCharge: 300_000, specifiedDisease: nil)]),
        history: HighCostHistory(spellStart: nil, paid: []))
}
test("高額療養費 区分ウ 1,000,000: limit 87,430 in 2026-07, 92,940 in 2026-08 (batch)") {
    let config = try SocietyConfig.fromToml(text: tokyo)
    let d = try config.highCostMonths(requests: [highCostRequest("2026-07"), highCostRequest("2026-08")], options: highCostDefaultOptions())
    try eq(d[0].under70Category, "ウ", "category")
    try eq(d[0].totalCharges - d[0].refund, 87_430, "July limit")
    try eq(d[1].totalCharges - d[1].refund, 92_940, "August limit")
    try eq(d[0].additionalBenefit, 0, "no 付加給付 without rules")
    try eq(d[0].paidMonth?.month, "2026-07", "history entry")
}
test("付加給付 from the society config: 87,430 − 25,000 = 62,430 → 62,400") {
    let toml = tokyo + """

    [[additional_benefits.versions]]
    effective_from = "2015-01"
    [additional_benefits.versions.insured_refund]
    deductible = 25000
    upper_income_deductible = 50000
    minimum_payment = 1000
    [additional_benefits.versions.family_supplement]
    deductible = 25000
    upper_income_deductible = 50000
    minimum_payment = 1000
    [additional_benefits.versions.aggregated_supplement]
    deductible = 25000
    upper_income_deductible = 50000
    minimum_payment = 1000
    """
    let d = try SocietyConfig.fromToml(text: toml).highCostMonth(request: highCostRequest("2026-07"), options: highCostDefaultOptions())
    try eq(d.additionalBenefit, 62_400, "付加給付")
    try check(d.additionalBenefitExplanation != nil, "explained")
}
test("高額療養費: a bad institution code names the unit; age status from the birth date") {
    var r = highCostRequest("2026-07")
    r.household.units[0].institution = "123"
    let e = try kenpoError { _ = try SocietyConfig.fromToml(text: tokyo).highCostMonths(requests: [r], options: highCostDefaultOptions()) }
    guard case let .InvalidArgument(field, _) = e else { throw Failure(description: "\(e)") }
    try eq(field, "requests[0].units[0].institution", "field")
    try eq(try highCostAgeStatus(birth: "1956-07-15", month: "2026-08").band, .elderly, "高齢受給者 from the month after 70")
}

// ---- access ----
func accessMaster() throws -> MemberMaster {
    let master = MemberMaster()
    try master.apply(event: .acquisition(key: key("00"), acquired: "2003-04-01", identity: identity("近畿 一郎", "キンキ イチロウ", "1980-05-02", .male), office: "OS01"))
    return master
}
func accessRequest(_ purpose: String, _ recipient: String, _ fields: [String]) -> AccessRequest {
    AccessRequest(actor: .staff(id: "S042"), purpose: purpose, recipient: recipient, subjects: [key("00")], fields: fields,
                  at: "2026-07-01T10:30:00", requesterConfirmed: true, subjectApplied: true, counterparty: "大阪中央クリニック")
}
let six = ["member_key", "name", "birth_date", "sex", "acquisition_date", "loss_date"]
test("A12 gym gets the age, not the birth date; A8 answers the six fields") {
    let catalog = PurposeCatalog.defaultCatalog()
    let log = AccessLog.inMemory()
    let master = try accessMaster()
    let gym = try catalog.decide(request: accessRequest("A12", "gym_konami", ["name", "age"]), master: master, accessLog: log)
    try check(gym.permitted, "\(String(describing: gym.denialMessage))")
    try eq(gym.views[0].age, 46, "age")
    try eq(gym.views[0].birthDate, nil, "birth date")
    let no = try catalog.decide(request: accessRequest("A12", "gym_konami", ["birth_date"]), master: master, accessLog: log)
    try check(!no.permitted && (no.denialReasonJson ?? "").contains("birth_date"), "denied")
    let a8 = try catalog.decide(request: accessRequest("A8", "clinic", six), master: master, accessLog: log)
    try eq(Set(a8.views[0].fields), Set(six), "six fields")
    try eq(a8.views[0].acquisitionDate, "2003-04-01", "acquired")
    try eq(a8.views[0].address, nil, "address")
    try eq(try log.verify(), 3, "logged")
}
test("a tampered access log fails verify") {
    let log = AccessLog.inMemory()
    _ = try PurposeCatalog.defaultCatalog().decide(request: accessRequest("A8", "clinic", six), master: try accessMaster(), accessLog: log)
    let lines = try log.toJsonLines()
    try eq(try verifyAccessLogLines(lines: lines, head: try log.head()), 1, "intact")
    let e = try kenpoError { _ = try verifyAccessLogLines(lines: lines.replacingOccurrences(of: "A8", with: "A9"), head: nil) }
    guard case .Rejected = e else { throw Failure(description: "\(e)") }
}

// ---- checkups ----
// 第4期: male, waist 90 ≥ 85, fasting glucose 110 and blood pressure 140/85 (two risks), a smoker.
func activeCheckup() -> CheckupResult {
    CheckupResult(date: "2026-09-10", sex: .male, values: [
        CheckupValue(item: .waist, value: "90.0"), CheckupValue(item: .bmi, value: "26.0"),
        CheckupValue(item: .glucoseFasting, value: "110"), CheckupValue(item: .hba1c, value: "5.8"),
        CheckupValue(item: .systolicBp, value: "140"), CheckupValue(item: .diastolicBp, value: "85"),
        CheckupValue(item: .triglyceridesFasting, value: "100"), CheckupValue(item: .hdl, value: "50"),
    ], bloodDraw: .fasting, smoking: true, medication: Medication(hypertension: false, diabetes: false, dyslipidaemia: false))
}
test("checkup stratification: 積極的支援; a batch answers each subject on its own") {
    try eq(try stratifyCheckup(result: activeCheckup(), birthDate: "1976-04-02").level, .active, "level")
    var bad = activeCheckup()
    bad.values.append(CheckupValue(item: .egfr, value: "-1"))
    let out = stratifyCheckups(subjects: [
        CheckupSubject(result: activeCheckup(), birthDate: "1976-04-02"),
        CheckupSubject(result: bad, birthDate: "1976-04-02"),
        CheckupSubject(result: activeCheckup(), birthDate: "2000-01-01"),
    ])
    try eq(out[0].stratification?.level, .active, "first")
    guard case let .InvalidArgument(field, _)? = out[1].error else { throw Failure(description: "\(String(describing: out[1].error))") }
    try eq(field, "subjects[1].result.values[8]", "impossible value")
    guard case .Rejected? = out[2].error else { throw Failure(description: "\(String(describing: out[2].error))") }
}

print("\(passed) passed, \(failed) failed")
exit(failed == 0 ? 0 : 1)
