// Checkups (特定健診・特定保健指導): the XML reader, stratification one by one and as a batch,
// target selection, and the E1/E2, F4, F5 and D2 lists. Figures from the 第4期 criteria
// (標準的な健診・保健指導プログラム 令和6年度版) as the domain tests cite them.
import jp.kenpo.*
import java.math.BigDecimal
import java.time.LocalDate
import java.time.YearMonth

private val BORN_1974 = LocalDate.of(1974, 6, 1) // 52 at the end of FY2026
private val NO_MEDICATION = Medication(false, false, false)

private fun value(item: CheckupItem, v: String) = CheckupValue(item, BigDecimal(v))

/** A woman's result of 2026-09-10: waist 90.0 cm (the female cut-off), lipids and pressure normal. */
private fun womanResult(hba1c: String?, smoking: Boolean?, date: LocalDate = LocalDate.of(2026, 9, 10)): CheckupResult {
    val values = mutableListOf(value(CheckupItem.WAIST, "90.0"))
    if (hba1c != null) values += value(CheckupItem.HBA1C, hba1c)
    values += listOf(
        value(CheckupItem.TRIGLYCERIDES_FASTING, "90"), value(CheckupItem.HDL, "60"),
        value(CheckupItem.SYSTOLIC_BP, "118"), value(CheckupItem.DIASTOLIC_BP, "72"),
    )
    return CheckupResult(date, Sex.FEMALE, values, null, smoking, NO_MEDICATION)
}

private fun key(n: String) = MemberKey("10", n, "00")

private const val XML = """<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <recordTarget><patientRole><patient><administrativeGenderCode code="1" codeSystem="1.2.392.200119.6.1104"/></patient></patientRole></recordTarget>
  <documentationOf><serviceEvent><effectiveTime value="20260610"/></serviceEvent></documentationOf>
  <component><structuredBody><component><section>
    <entry><observation classCode="OBS" moodCode="EVN"><code code="9N016160100000001" codeSystem="1.2.392.200119.6.1005"/>
      <value xsi:type="PQ" value="86.5" unit="cm"/></observation></entry>
    <entry><observation classCode="OBS" moodCode="EVN" negationInd="true"><code code="3D046000001920402" codeSystem="1.2.392.200119.6.1005"/></observation></entry>
  </section></component></structuredBody></component>
</ClinicalDocument>"""

fun checkupTests() {
    test("stratify: waist 90.0 cm and HbA1c 5.6 %; a smoker → 積極的支援, a non-smoker → 動機付け支援") {
        val active = stratifyCheckup(StratifyCheckupRequest(womanResult("5.6", true), BORN_1974, false))
        eq(active.level, GuidanceLevel.ACTIVE, "level")
        eq(active.riskCount, 2, "glucose + smoking")
        eq(active.visceralFat, VisceralFat.WAIST, "step 1")
        eq(active.explanation, null, "no steps unless asked")
        val motivational = stratifyCheckup(StratifyCheckupRequest(womanResult("5.6", false), BORN_1974, true))
        eq(motivational.level, GuidanceLevel.MOTIVATIONAL, "level")
        check(motivational.explanation!!.steps.any { it.detail.contains("HbA1c 5.6 %") }) { "steps" }
        val open = stratifyCheckup(StratifyCheckupRequest(womanResult(null, true), BORN_1974, false))
        eq(open.level, null, "open without a glucose measure")
        eq(open.undecided, listOf(CheckupCriterion.GLUCOSE), "what is missing")
        // 65–74: 積極的支援 becomes 動機付け支援.
        val senior = stratifyCheckup(StratifyCheckupRequest(womanResult("5.6", true), LocalDate.of(1957, 6, 1), false))
        eq(senior.level, GuidanceLevel.MOTIVATIONAL, "65–74 cap")
    }
    test("stratify bad input: the field named, the value never quoted; outside 40–74 refused") {
        invalid(270, "result.values[1].value", "65.4") {
            stratifyCheckup(StratifyCheckupRequest(womanResult("65.4", true), BORN_1974, false))
        }
        invalid(270, "result.values[1].value", "-5.6") {
            stratifyCheckup(StratifyCheckupRequest(womanResult("-5.6", true), BORN_1974, false))
        }
        val twice = womanResult("5.6", true).let { it.copy(values = it.values + value(CheckupItem.WAIST, "91.0")) }
        invalid(270, "result.values[6].item") { stratifyCheckup(StratifyCheckupRequest(twice, BORN_1974, false)) }
        val young = throws<KenpoException.Refused> {
            stratifyCheckup(StratifyCheckupRequest(womanResult("5.6", true), LocalDate.of(1996, 6, 1), false))
        }
        eq(young.code, 300, "outside the band")
        check(!young.toString().contains("age 30")) { "the age is quoted: $young" }
    }
    test("stratify batch: one answer per subject, each refusal by index and field") {
        val subjects = listOf(
            CheckupSubject(womanResult("5.6", true), BORN_1974),
            CheckupSubject(womanResult("65.4", true), BORN_1974),
            CheckupSubject(womanResult("5.6", false), BORN_1974),
            CheckupSubject(womanResult("5.6", true), LocalDate.of(1996, 6, 1)),
        )
        val batch = stratifyCheckups(StratifyCheckupsRequest(subjects, false))
        eq(batch.stratifications.map { it?.level }, listOf(GuidanceLevel.ACTIVE, null, GuidanceLevel.MOTIVATIONAL, null), "levels")
        eq(batch.rejected.map { it.index }, listOf(1L, 3L), "refused")
        eq(batch.rejected.map { it.code }, listOf(270, 300), "codes")
        eq(batch.rejected[0].field, "result.values[1].value", "field")
        check(batch.rejected.none { it.detail.contains("65.4") }) { "value quoted" }
    }
    test("target: 40 reached on 31 March (born 1 April) is a target that year; 2 April is not") {
        val enrolled = listOf(EnrolmentPeriod(LocalDate.of(2010, 4, 1), null))
        val yes = checkupTarget(CheckupTargetRequest(2025, LocalDate.of(1986, 4, 1), enrolled, emptyList(), false))
        eq(yes.target, true, "target")
        eq(yes.targetUntil, LocalDate.of(2026, 3, 31), "until")
        val no = checkupTarget(CheckupTargetRequest(2025, LocalDate.of(1986, 4, 2), enrolled, emptyList(), true))
        eq(no.reason, NotTargetReason.Under40, "under 40")
        check(no.explanation != null) { "steps asked" }
        val excluded = checkupTarget(CheckupTargetRequest(2026, LocalDate.of(1970, 5, 1), enrolled,
            listOf(CheckupExclusion.LONG_HOSPITAL_STAY), false))
        eq(excluded.reason, NotTargetReason.Excluded(CheckupExclusion.LONG_HOSPITAL_STAY), "告示第3号")
        invalid(200, "fiscal_year", "-2026") {
            checkupTarget(CheckupTargetRequest(-2026, LocalDate.of(1970, 5, 1), enrolled, emptyList(), false))
        }
        invalid(270, "periods[0].lost_on") {
            checkupTarget(CheckupTargetRequest(2026, LocalDate.of(1970, 5, 1),
                listOf(EnrolmentPeriod(LocalDate.of(2010, 4, 1), LocalDate.of(2009, 4, 1))), emptyList(), false))
        }
    }
    test("lists: E1/E2 candidates, F4 by age, F5 untreated referral values, D2 year on year") {
        val records = listOf(
            MemberCheckup(key("1"), BORN_1974, womanResult("5.6", true)),
            MemberCheckup(key("2"), LocalDate.of(1958, 4, 10), womanResult("5.5", false)),
            MemberCheckup(key("3"), BORN_1974, womanResult(null, true)),
            MemberCheckup(MemberKey("10", "", "00"), BORN_1974, womanResult("5.6", true)),
        )
        val e = guidanceCandidates(GuidanceCandidatesRequest(records))
        eq(e.candidates.map { it.member.number to it.level }, listOf("1" to GuidanceLevel.ACTIVE), "candidates")
        eq(e.undecided.map { it.member.number }, listOf("3"), "open")
        eq(e.rejected.map { it.index to it.field }, listOf(3L to "member.number"), "refused key")
        val f4 = seniorRiskReport(SeniorRiskReportRequest(records, LocalDate.of(2026, 10, 1)))
        eq(f4.rows.map { it.member.number to it.age }, listOf("2" to 68), "65 and over, with the age")
        // HbA1c 7.0 % reaches the 受診勧奨判定値 (6.5 %); member 2's E11.9 covers it.
        val high = listOf(
            MemberCheckup(key("1"), BORN_1974, womanResult("7.0", false)),
            MemberCheckup(key("2"), BORN_1974, womanResult("7.0", false)),
        )
        val f5 = severeCasePrevention(SevereCasePreventionRequest(high,
            listOf(Diagnosis(key("2"), YearMonth.of(2026, 5), DiagnosisCode.Icd10("E11.9")),
                   Diagnosis(key("1"), YearMonth.of(2026, 6), DiagnosisCode.DiseaseName("2500013"))),
            YearMonth.of(2026, 8), emptyList()))
        eq(f5.rows.map { it.member.number to it.conditions }, listOf("1" to listOf(Condition.DIABETES)), "F5")
        eq(f5.unmapped, listOf("2500013"), "unmapped")
        val d2 = yearOnYear(YearOnYearRequest(womanResult("6.5", false), womanResult("5.9", false, LocalDate.of(2025, 6, 12))))
        val hba1c = d2.items.first { it.item == CheckupItem.HBA1C }
        eq(hba1c.change, BigDecimal("0.6"), "change")
        eq(hba1c.flagBefore to hba1c.flagAfter, FlagLevel.GUIDANCE to FlagLevel.REFERRAL, "flags")
        eq(d2.beforeDate, LocalDate.of(2025, 6, 12), "the earlier first")
    }
    test("XML reader: the result and the skipped items; a bad value named by its item code") {
        val doc = readCheckupXml(XML.toByteArray())
        eq(doc.result.sex, Sex.MALE, "sex")
        eq(doc.result.values, listOf(value(CheckupItem.WAIST, "86.5")), "values")
        eq(doc.skipped, listOf(SkippedObservation("3D046000001920402", SkipReason.NOT_MEASURED)), "skipped")
        invalid(270, "data", "912") { readCheckupXml(XML.replace("86.5", "912.5").toByteArray()) }
        invalid(270, "data") { readCheckupXml(byteArrayOf(0x3c, 0xff.toByte())) }
    }
}
