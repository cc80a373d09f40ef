// Checkups (特定健診・特定保健指導): the XML reader, stratification one by one and as a batch,
// target selection and the E1/E2, F4, F5, D2 lists (第4期 criteria).
import Foundation

private let born1974 = day(1974, 6, 1) // 52 at the end of FY2026
private let noMedication = Medication(hypertension: false, diabetes: false, dyslipidaemia: false)

private func value(_ item: CheckupItem, _ v: String) -> CheckupValue {
    CheckupValue(item: item, value: Decimal(string: v, locale: Locale(identifier: "en_US_POSIX"))!)
}

/// A woman's result of 2026-09-10: waist 90.0 cm (the female cut-off), lipids and pressure normal.
private func womanResult(_ hba1c: String?, smoking: Bool?, date: CalendarDate = day(2026, 9, 10)) -> CheckupResult {
    var values = [value(.waist, "90.0")]
    if let h = hba1c { values.append(value(.hba1c, h)) }
    values += [value(.triglyceridesFasting, "90"), value(.hdl, "60"), value(.systolicBp, "118"), value(.diastolicBp, "72")]
    return CheckupResult(date: date, sex: .female, values: values, bloodDraw: nil, smoking: smoking, medication: noMedication)
}

private func key(_ n: String) -> MemberKey { MemberKey(symbol: "10", number: n, branch: "00") }

private let xml = """
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <recordTarget><patientRole><patient><administrativeGenderCode code="1" codeSystem="1.2.392.200119.6.1104"/></patient></patientRole></recordTarget>
  <documentationOf><serviceEvent><effectiveTime value="20260610"/></serviceEvent></documentationOf>
  <component><structuredBody><component><section>
    <entry><observation classCode="OBS" moodCode="EVN"><code code="9N016160100000001" codeSystem="1.2.392.200119.6.1005"/>
      <value xsi:type="PQ" value="86.5" unit="cm"/></observation></entry>
    <entry><observation classCode="OBS" moodCode="EVN" negationInd="true"><code code="3D046000001920402" codeSystem="1.2.392.200119.6.1005"/></observation></entry>
  </section></component></structuredBody></component>
</ClinicalDocument>
"""

func checkupTests() {
    test("stratify: waist 90.0 cm and HbA1c 5.6 %; a smoker → 積極的支援, a non-smoker → 動機付け支援") {
        let active = try stratifyCheckup(request: StratifyCheckupRequest(result: womanResult("5.6", smoking: true), birthDate: born1974, explain: false))
        try eq(active.level, .active, "level")
        try eq(active.riskCount, 2, "glucose + smoking")
        try check(active.explanation == nil, "no steps unless asked")
        let motivational = try stratifyCheckup(request: StratifyCheckupRequest(result: womanResult("5.6", smoking: false), birthDate: born1974, explain: true))
        try eq(motivational.level, .motivational, "level")
        try check(motivational.explanation?.steps.contains { $0.detail.contains("HbA1c 5.6 %") } == true, "steps")
        let open = try stratifyCheckup(request: StratifyCheckupRequest(result: womanResult(nil, smoking: true), birthDate: born1974, explain: false))
        try eq(open.level, nil, "open")
        try eq(open.undecided, [.glucose], "what is missing")
    }
    test("stratify bad input: the field named, never the value; an impossible date; outside 40–74") {
        try invalid(270, "result.values[1].value", secret: "65.4") {
            _ = try stratifyCheckup(request: StratifyCheckupRequest(result: womanResult("65.4", smoking: true), birthDate: born1974, explain: false))
        }
        try invalid(270, "result.values[1].value", secret: "-5.6") {
            _ = try stratifyCheckup(request: StratifyCheckupRequest(result: womanResult("-5.6", smoking: true), birthDate: born1974, explain: false))
        }
        try invalid(200, "date") {
            _ = try stratifyCheckup(request: StratifyCheckupRequest(result: womanResult("5.6", smoking: true), birthDate: day(1974, 2, 30), explain: false))
        }
        let error = try kenpoError {
            _ = try stratifyCheckup(request: StratifyCheckupRequest(result: womanResult("5.6", smoking: true), birthDate: day(1996, 6, 1), explain: false))
        }
        guard case let .Refused(code, _, _) = error else { throw Failure(description: "expected Refused, got \(error)") }
        try eq(code, 300, "outside the band")
    }
    test("stratify batch: one answer per subject, each refusal by index and field") {
        let subjects = [
            CheckupSubject(result: womanResult("5.6", smoking: true), birthDate: born1974),
            CheckupSubject(result: womanResult("65.4", smoking: true), birthDate: born1974),
            CheckupSubject(result: womanResult("5.6", smoking: false), birthDate: born1974),
        ]
        let batch = stratifyCheckups(request: StratifyCheckupsRequest(subjects: subjects, explain: false))
        try eq(batch.stratifications.map { $0?.level }, [.active, nil, .motivational], "levels")
        try eq(batch.rejected.map { $0.index }, [1], "refused")
        try eq(batch.rejected.first?.field, "result.values[1].value", "field")
    }
    test("target: born 1 April 1986 is a target in FY2025, born 2 April is not; exclusions") {
        let enrolled = [EnrolmentPeriod(acquiredOn: day(2010, 4, 1), lostOn: nil)]
        let yes = try checkupTarget(request: CheckupTargetRequest(fiscalYear: 2025, birthDate: day(1986, 4, 1), periods: enrolled, exclusions: [], explain: false))
        try eq(yes.target, true, "target")
        try eq(yes.targetUntil, day(2026, 3, 31), "until")
        let no = try checkupTarget(request: CheckupTargetRequest(fiscalYear: 2025, birthDate: day(1986, 4, 2), periods: enrolled, exclusions: [], explain: false))
        try eq(no.reason, .under40, "under 40")
        let excluded = try checkupTarget(request: CheckupTargetRequest(fiscalYear: 2026, birthDate: day(1970, 5, 1), periods: enrolled, exclusions: [.longHospitalStay], explain: false))
        try eq(excluded.reason, .excluded(exclusion: .longHospitalStay), "告示第3号")
        try invalid(200, "fiscal_year") {
            _ = try checkupTarget(request: CheckupTargetRequest(fiscalYear: -2026, birthDate: day(1970, 5, 1), periods: enrolled, exclusions: [], explain: false))
        }
    }
    test("lists: E1/E2 candidates, F4 by age, F5 untreated referral values, D2 year on year") {
        let records = [
            MemberCheckup(member: key("1"), birthDate: born1974, result: womanResult("5.6", smoking: true)),
            MemberCheckup(member: key("2"), birthDate: day(1958, 4, 10), result: womanResult("5.5", smoking: false)),
            MemberCheckup(member: MemberKey(symbol: "10", number: "", branch: "00"), birthDate: born1974, result: womanResult("5.6", smoking: true)),
        ]
        let e = try guidanceCandidates(request: GuidanceCandidatesRequest(records: records))
        try eq(e.candidates.map { $0.member.number }, ["1"], "candidates")
        try eq(e.rejected.map { $0.field }, ["member.number"], "refused key")
        let f4 = try seniorRiskReport(request: SeniorRiskReportRequest(records: records, on: day(2026, 10, 1)))
        try eq(f4.rows.map { $0.age }, [68], "65 and over, with the age")
        let high = [MemberCheckup(member: key("1"), birthDate: born1974, result: womanResult("7.0", smoking: false)),
                    MemberCheckup(member: key("2"), birthDate: born1974, result: womanResult("7.0", smoking: false))]
        let f5 = try severeCasePrevention(request: SevereCasePreventionRequest(
            records: high, diagnoses: [Diagnosis(member: key("2"), month: month(2026, 5), code: .icd10(code: "E11.9"))],
            lastMonth: month(2026, 8), diseaseNames: []))
        try eq(f5.rows.map { $0.member.number }, ["1"], "F5")
        try eq(f5.rows.first?.conditions, [.diabetes], "condition")
        let d2 = try yearOnYear(request: YearOnYearRequest(first: womanResult("6.5", smoking: false), second: womanResult("5.9", smoking: false, date: day(2025, 6, 12))))
        let hba1c = d2.items.first { $0.item == .hba1c }
        try eq(hba1c?.change, Decimal(string: "0.6")!, "change")
        try eq(hba1c?.flagAfter, .referral, "flag")
    }
    test("XML reader: the result and the skipped items; a bad value named by its item code") {
        let doc = try readCheckupXml(data: Data(xml.utf8))
        try eq(doc.result.sex, .male, "sex")
        try eq(doc.result.values, [value(.waist, "86.5")], "values")
        try eq(doc.skipped, [SkippedObservation(code: "3D046000001920402", reason: .notMeasured)], "skipped")
        try invalid(270, "data", secret: "912") {
            _ = try readCheckupXml(data: Data(xml.replacingOccurrences(of: "86.5", with: "912.5").utf8))
        }
    }
}
