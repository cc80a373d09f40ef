// Receipts: the public sample file (RECEIPTC_GAIRAI_SAMPLE.UKE, yokenzan/receiptisan, MIT) read
// as bytes: counts, kinds, every rejected receipt with line and field.
import jp.kenpo.*
import java.io.File

/** The public 医科 sample (the suites run from the repository root). */
val RECEIPT_SAMPLE: ByteArray by lazy {
    File("crates/kenpo-domain/tests/data/receipts/RECEIPTC_GAIRAI_SAMPLE.UKE").readBytes()
}

fun receiptTests() {
    test("read: the public sample's 75 receipts and 86,392 points, every one accounted for") {
        val r = readReceiptFile("RECEIPTC.UKE", RECEIPT_SAMPLE, false)
        eq(r.file, "RECEIPTC.UKE", "file")
        eq(listOf(r.receiptsInFile, r.parsed, r.rejected), listOf(75L, 75L, 0L), "counts")
        eq(r.accounted, true, "accounted")
        eq(r.pointsRead, 86_392L, "points")
        eq(r.kinds.sumOf { it.receipts }, 75L, "kinds add up")
        eq(r.kinds.sumOf { it.points }, 86_392L, "kinds' points add up")
        check(r.kinds.all { it.branch == ClaimBranch.MEDICAL }) { "a 医科 file" }
        eq(r.checkedAgainstMaster, false, "no master")
    }
    test("read: a damaged file is reported, not thrown: line, record and field of each rejection") {
        val r = readReceiptFile("junk.UKE", "XX,1,2\r\nRE,1\r\n".toByteArray(), false)
        eq(r.parsed, 0L, "parsed")
        eq(r.rejected, r.receiptsInFile, "every receipt rejected")
        eq(r.rejectedReceipts.size.toLong(), r.rejected, "each rejection listed")
        check(r.rejectedReceipts.all { it.line > 0 && it.record.isNotEmpty() }) { "${r.rejectedReceipts}" }
    }
    receiptKindTests()
}

/** A receipt file of tests/contract/read_receipt_file (every kind and form, generated from the layouts). */
private fun fixture(name: String): ByteArray = File("tests/contract/read_receipt_file/$name").readBytes()

private const val REVIEW_STORE = """name = "見本"
insurer_number = "01130012"
[[rates]]
effective_from = "2026-03"
value = { general = "9.85%", care = "1.62%" }
"""

private const val KEY = "the contract fixtures' key, 32 b"

private fun receiptKindTests() {
    test("read: 医科, 歯科 and 調剤 in one file, counted by layout and by kind; DPC on its own") {
        val r = readReceiptFile("mixed.UKE", fixture("mixed.UKE"), false)
        eq(r.parsed to r.rejected, 60L to 0L, "counts")
        eq(r.layouts.map { it.layout }, listOf(ReceiptLayout.MEDICAL, ReceiptLayout.DENTAL, ReceiptLayout.PHARMACY), "layouts")
        eq(r.layouts.sumOf { it.points }, r.pointsRead, "points by layout")
        eq(r.kinds.sumOf { it.receipts }, 60L, "kinds")
        val dpc = readReceiptFile("dpc.UKE", fixture("dpc.UKE"), false)
        check(dpc.parsed == 6L && dpc.kinds.all { it.layout == ReceiptLayout.DPC }) { "${dpc.kinds}" }
    }
    test("read: the fund's insurer form, corrections applied, no GO finding") {
        val r = readReceiptFile("insurer.CSV", fixture("insurer.CSV"), false)
        eq(r.insurerForm.mnRecords to r.insurerForm.correctedReceipts, 10L to 2L, "insurer form")
        eq(r.findings.size, 0, "no finding")
    }
    test("read: returns with reasons, re-examination cases with requests and answers") {
        val h = readReceiptFile("returns.HEN", fixture("returns.HEN"), false)
        eq(h.returns.size, 6, "returned receipts")
        check(h.returns.all { it.reasons.isNotEmpty() && it.points > 0 }) { "reasons and points" }
        val m = readReceiptFile("reexamination.CSV", fixture("reexamination.CSV"), false)
        eq(m.reexaminations.size, 6, "cases")
        eq(m.reexaminations.count { it.answered }, 3, "answered")
        check(m.reexaminations.all { c -> c.requests.all { it.targets.isNotEmpty() } }) { "targets" }
    }
    test("点検: 突合 and 縦覧 candidates from a file, without and with the store's master") {
        val r = readReceiptFile("review.UKE", fixture("review.UKE"), false)
        val checks = r.candidates.map { it.check }.toSet()
        check(checks.containsAll(listOf("MATCH-1", "LONG-4", "LONG-5", "SGL-1"))) { "$checks" }
        check(r.candidates.all { it.receipts.isNotEmpty() }) { "receipts named" }
        check(r.reviewNotices.any { it.check == "M-11" }) { "master checks skipped with a notice" }
        val dir = java.nio.file.Files.createTempDirectory("kenpo-kotlin-review")
        try {
            SocietyStore.create(dir.resolve("s.sqlite").toString(), REVIEW_STORE).use { store ->
                val c = store.checkReceiptFile("review.UKE", fixture("review.UKE"), false)
                eq(c.checkedAgainstMaster, true, "checked")
                eq(c.candidates, r.candidates, "the same candidates")
            }
        } finally {
            dir.toFile().deleteRecursively()
        }
    }
    test("pseudonymise: same counts and points, same copy under one key; bad key and file refused") {
        val data = fixture("mixed.UKE")
        val p = pseudonymiseReceiptFile("mixed.UKE", data, KEY.toByteArray())
        eq(p.receipts, 60L, "receipts")
        check(!p.data.contentEquals(data)) { "changed" }
        val back = readReceiptFile("copy.UKE", p.data, false)
        eq(back.parsed to back.pointsRead, 60L to readReceiptFile("m", data, false).pointsRead, "reads back")
        check(pseudonymiseReceiptFile("mixed.UKE", data, KEY.toByteArray()).data.contentEquals(p.data)) { "stable" }
        invalid(242, "key", secret = "SECRETSECRET") {
            pseudonymiseReceiptFile("mixed.UKE", data, "SECRETSECRET".toByteArray())
        }
        invalid(243, "data") {
            pseudonymiseReceiptFile("junk.UKE", "XX,1\r\nRE,1\r\n".toByteArray(), KEY.toByteArray())
        }
    }
}
