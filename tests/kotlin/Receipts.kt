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
}
