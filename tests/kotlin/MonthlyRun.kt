// The monthly run on a society store: create, import (every rejected row reported), run a month
// (counts and yen per stage, where the results are), check a receipt file against the store.
import jp.kenpo.*
import java.nio.file.Files
import java.time.YearMonth

// 協会けんぽ 東京's FY2026 rates and insurer number (one receipt of the public sample is under it).
private val STORE_CONFIG = """
    name = "見本"
    insurer_number = "01130012"
    [[rates]]
    effective_from = "2026-03"
    value = { general = "9.85%", care = "1.62%" }
""".trimIndent()
private const val MEMBERS = """{"type":"acquisition","key":{"symbol":"AB12","number":"1","branch":"00"},"acquired":"2020-04-01","identity":{"name":"見本 太郎","kana":"ミホン タロウ","birth_date":"1980-05-02","sex":"male","address":"東京都千代田区千代田1-1"},"office":"AB12"}"""
private const val PAY = "種別,記号,番号,枝番,年月,金額\n従前標準報酬,AB12,1,00,2026-09,410000\n"
private const val BAD_PAY = "種別,記号,番号,年月,金額\n従前標準報酬,AB12,9,2026-13,300000\n"

private fun MonthRunReport.figure(stage: String, name: String) =
    stages.first { it.stage == stage }.figures.first { it.name == name }.value

fun monthlyRunTests() {
    val dir = Files.createTempDirectory("kenpo-kotlin-store")
    val path = dir.resolve("society.sqlite").toString()
    try {
        test("store: import members and pay, run October 2026: 410,000 × 11.70 % = 47,970, half withheld") {
            SocietyStore.create(path, STORE_CONFIG).use { store ->
                val m = store.importFile(ImportKind.MEMBERS, "members.jsonl", MEMBERS.toByteArray(), false)
                eq(m.taken to m.events, true to 1L, "members taken")
                val bad = store.importFile(ImportKind.PAY, "bad.csv", BAD_PAY.toByteArray(), false)
                eq(bad.taken, false, "a bad row: nothing taken")
                eq(bad.rejected.map { it.line to it.column }, listOf(2L to 4L), "the row and column")
                check(bad.rejected.none { it.problem.contains("2026-13") }) { "value quoted" }
                eq(store.importFile(ImportKind.PAY, "pay.csv", PAY.toByteArray(), false).payReports, 1L, "pay")
                val october = store.runMonth(YearMonth.of(2026, 10), emptyList(), false)
                eq(october.status, RunStatus.RUN, "status")
                eq(october.figure("notices", "total_yen"), 47_970L, "notice total")
                eq(october.figure("notices", "employee_yen"), 23_985L, "withheld")
                eq(october.storePath, path, "where the results are")
                check(october.runId > 0 && "premium_lines" in october.resultTables) { "$october" }
                val again = store.runMonth(YearMonth.of(2026, 10), emptyList(), false)
                eq(again.status to again.runId, RunStatus.UNCHANGED to october.runId, "a month run twice")
                eq(throws<KenpoException.Refused> { store.runMonth(YearMonth.of(2026, 12), emptyList(), false) }.code,
                    300, "months run in order")
            }
            SocietyStore.open(path).use { store ->
                val r = store.checkReceiptFile("RECEIPTC.UKE", RECEIPT_SAMPLE, false)
                eq(r.checkedAgainstMaster, true, "checked")
                val unknown = r.findings.first { it.rule == "C1.unknown_member" }
                eq(unknown.line to unknown.receiptIndex, 32L to 2L, "該当者なし at line 32")
                val mismatch = throws<KenpoException.InvalidInput> {
                    store.runMonth(YearMonth.of(2026, 11), listOf(NamedFile("RECEIPTC.UKE", RECEIPT_SAMPLE)), false)
                }
                eq(mismatch.code, 241, "a file of another claim month or insurer")
            }
        }
        test("store errors: created once, a missing store, a configuration without an insurer number") {
            eq(throws<KenpoException.Io> { SocietyStore.create(path, STORE_CONFIG) }.code, 280, "created once")
            eq(throws<KenpoException.Io> { SocietyStore.open(dir.resolve("none.sqlite").toString()) }.code, 280, "missing")
            val other = dir.resolve("other.sqlite")
            eq(throws<KenpoException.InvalidConfig> {
                SocietyStore.create(other.toString(), STORE_CONFIG.replace("insurer_number = \"01130012\"\n", ""))
            }.code, 210, "insurer number required")
            check(!Files.exists(other)) { "a failed creation leaves no file" }
        }
    } finally {
        dir.toFile().deleteRecursively()
    }
}
