// Versions, the contract version, a panic arriving as an exception; 和暦, legal age and identifiers.
import jp.kenpo.*
import java.time.LocalDate
import java.time.YearMonth

fun foundationTests() {
    test("version is the crate version; the contract is version 1") {
        check(kenpoVersion().matches(Regex("""\d+\.\d+\.\d+.*"""))) { kenpoVersion() }
        eq(abiVersion(), 1, "abiVersion")
    }
    test("a panic in Rust arrives as InternalException, and the library still works") {
        throws<InternalException> { debugForcePanic("test") }
        eq(gradeFromStandardMonthly(300_000L).number, 22, "after the panic")
    }
    eraAgeAndIdentifierTests()
}

private fun eraAgeAndIdentifierTests() {
    test("和暦 both ways: 令和元年5月1日, 平成31年4月30日, the receipt form 5081124") {
        eq(warekiFormat(LocalDate.of(2019, 5, 1)), "令和元年5月1日", "元年")
        eq(warekiFormat(LocalDate.of(2026, 11, 24)), "令和8年11月24日", "令和8年")
        eq(warekiParse("平成３１年４月３０日"), LocalDate.of(2019, 4, 30), "full-width digits")
        eq(parseReceiptDate("5081124"), LocalDate.of(2026, 11, 24), "GYYMMDD")
        eq(parseReceiptDate("20190430"), LocalDate.of(2019, 4, 30), "YYYYMMDD")
        invalid(200, "text", "4310501") { parseReceiptDate("4310501") } // 平成31年5月1日 is 令和
        invalid(200, "text") { warekiParse("令和8年2月30日") }
        invalid(200, "date") { warekiFormat(LocalDate.of(1872, 12, 31)) }
    }
    test("legal age is reached the day before the birthday; the milestones of one born on the 1st") {
        eq(ageOn(LocalDate.of(1986, 5, 1), LocalDate.of(2026, 4, 30)), 40, "40 on 4/30")
        eq(ageOn(LocalDate.of(1986, 5, 1), LocalDate.of(2026, 4, 29)), 39, "39 on 4/29")
        eq(ageOn(LocalDate.of(2000, 2, 29), LocalDate.of(2001, 2, 28)), 1, "born 2/29")
        invalid(104, "on") { ageOn(LocalDate.of(2000, 1, 2), LocalDate.of(2000, 1, 1)) }
        val m = ageMilestonesOf(LocalDate.of(1986, 5, 1))
        eq(m.careFirstMonth, YearMonth.of(2026, 4), "介護 from April 2026")
        eq(m.careLastMonth, YearMonth.of(2051, 3), "介護 to March 2051")
        eq(m.elderlyFirstMonth, YearMonth.of(2056, 5), "高齢受給者 from the birthday month")
        eq(m.lateElderlyDate, LocalDate.of(2061, 5, 1), "75th birthday")
        eq(m.preschoolLastDay, LocalDate.of(1993, 3, 31), "未就学 until")
    }
    test("identifiers: normalised, check digits verified, 個人番号 answered masked") {
        eq(identifierNormalize(IdentifierKind.INSURER_NUMBER, " ０１１３００１２ "), "01130012", "保険者番号")
        eq(identifierNormalize(IdentifierKind.INSTITUTION_CODE, "0110113719"), "0110113719", "医療機関コード")
        eq(identifierNormalize(IdentifierKind.OFFICE_CODE, "ＡＢＣ１"), "ABC1", "事業所記号")
        eq(identifierNormalize(IdentifierKind.MY_NUMBER, "123456789018"), "************", "masked")
        invalid(201, "text", "12345678901") { identifierNormalize(IdentifierKind.MY_NUMBER, "123456789019") }
        invalid(201, "text") { identifierNormalize(IdentifierKind.INSURER_NUMBER, "01130013") }
    }
}
