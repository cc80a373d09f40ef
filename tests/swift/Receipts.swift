// Receipts: the public sample file (RECEIPTC_GAIRAI_SAMPLE.UKE, yokenzan/receiptisan, MIT), copied
// next to the test program by run.sh, read as bytes.
import Foundation

let receiptSample: Data = FileManager.default.contents(atPath: "RECEIPTC_GAIRAI_SAMPLE.UKE") ?? Data()

func receiptTests() {
    test("read: the public sample's 75 receipts and 86,392 points, every one accounted for") {
        let r = try readReceiptFile(fileName: "RECEIPTC.UKE", data: receiptSample, keepUnknownKinds: false)
        try eq([r.receiptsInFile, r.parsed, r.rejected], [75, 75, 0], "counts")
        try eq(r.pointsRead, 86_392, "points")
        try eq(r.kinds.map { $0.receipts }.reduce(0, +), 75, "kinds add up")
        try check(r.accounted && !r.checkedAgainstMaster, "accounted, no master")
    }
    test("read: a damaged file is reported, not thrown") {
        let r = try readReceiptFile(fileName: "junk.UKE", data: Data("XX,1,2\r\nRE,1\r\n".utf8), keepUnknownKinds: false)
        try eq(r.parsed, 0, "parsed")
        try eq(Int64(r.rejectedReceipts.count), r.rejected, "each rejection listed")
        try check(r.rejectedReceipts.allSatisfy { $0.line > 0 }, "lines")
    }
}
