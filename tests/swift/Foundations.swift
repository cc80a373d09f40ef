// Versions, the contract version, a panic arriving as a thrown error; 和暦, legal age and identifiers.
import Foundation

func foundationTests() {
    test("version; the contract is version 1") {
        try check(!kenpoVersion().isEmpty, "version")
        try eq(abiVersion(), 1, "abiVersion")
    }
    test("a panic in Rust arrives as a thrown error, and the library still works") {
        var caught = false
        do { try debugForcePanic(reason: "test") } catch { caught = true }
        try check(caught, "panic thrown")
        try eq(try gradeFromStandardMonthly(standardMonthly: 300_000).number, 22, "after the panic")
    }
    test("和暦 both ways; the receipt form GYYMMDD; errors name the field, never the text") {
        try eq(try warekiFormat(date: day(2019, 5, 1)), "令和元年5月1日", "元年")
        try eq(try warekiParse(text: "平成３１年４月３０日"), day(2019, 4, 30), "full-width digits")
        try eq(try parseReceiptDate(text: "5081124"), day(2026, 11, 24), "GYYMMDD")
        try invalid(200, "text", secret: "4310501") { _ = try parseReceiptDate(text: "4310501") }
        try invalid(200, "date") { _ = try warekiFormat(date: day(1872, 12, 31)) }
    }
    test("legal age and the milestones of one born on the 1st") {
        try eq(try ageOn(birthDate: day(1986, 5, 1), on: day(2026, 4, 30)), 40, "40 on 4/30")
        try eq(try ageOn(birthDate: day(1986, 5, 1), on: day(2026, 4, 29)), 39, "39 on 4/29")
        try invalid(104, "on") { _ = try ageOn(birthDate: day(2000, 1, 2), on: day(2000, 1, 1)) }
        let m = try ageMilestonesOf(birthDate: day(1986, 5, 1))
        try eq(m.careFirstMonth, month(2026, 4), "介護 from April 2026")
        try eq(m.careLastMonth, month(2051, 3), "介護 to March 2051")
        try eq(m.elderlyFirstMonth, month(2056, 5), "高齢受給者")
        try eq(m.lateElderlyDate, day(2061, 5, 1), "75th birthday")
        try eq(m.preschoolLastDay, day(1993, 3, 31), "未就学 until")
    }
    test("identifiers: normalised, check digits verified, 個人番号 answered masked") {
        try eq(try identifierNormalize(kind: .insurerNumber, text: " ０１１３００１２ "), "01130012", "保険者番号")
        try eq(try identifierNormalize(kind: .myNumber, text: "123456789018"), "************", "masked")
        try invalid(201, "text", secret: "12345678901") { _ = try identifierNormalize(kind: .myNumber, text: "123456789019") }
    }
}
