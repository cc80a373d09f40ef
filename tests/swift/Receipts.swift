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
    receiptKindTests()
}

/// A receipt file of tests/contract/read_receipt_file, copied next to the program by run.sh.
private func fixture(_ name: String) -> Data { FileManager.default.contents(atPath: name) ?? Data() }

private let reviewStore = """
name = "見本"
insurer_number = "01130012"
[[rates]]
effective_from = "2026-03"
value = { general = "9.85%", care = "1.62%" }

"""

private let key = Data("the contract fixtures' key, 32 b".utf8)

private func receiptKindTests() {
    test("read: 医科, 歯科 and 調剤 in one file, counted by layout and by kind; DPC on its own") {
        let r = try readReceiptFile(fileName: "mixed.UKE", data: fixture("mixed.UKE"), keepUnknownKinds: false)
        try eq([r.parsed, r.rejected], [60, 0], "counts")
        try eq(r.layouts.map { $0.layout }, [.medical, .dental, .pharmacy], "layouts")
        try eq(r.layouts.map { $0.points }.reduce(0, +), r.pointsRead, "points by layout")
        let dpc = try readReceiptFile(fileName: "dpc.UKE", data: fixture("dpc.UKE"), keepUnknownKinds: false)
        try check(dpc.parsed == 6 && dpc.kinds.allSatisfy { $0.layout == .dpc }, "DPC")
    }
    test("read: the fund's insurer form, corrections applied, no GO finding") {
        let r = try readReceiptFile(fileName: "insurer.CSV", data: fixture("insurer.CSV"), keepUnknownKinds: false)
        try eq([r.insurerForm.mnRecords, r.insurerForm.correctedReceipts], [10, 2], "insurer form")
        try eq(r.findings.count, 0, "no finding")
    }
    test("read: returns with reasons, re-examination cases with requests and answers") {
        let h = try readReceiptFile(fileName: "returns.HEN", data: fixture("returns.HEN"), keepUnknownKinds: false)
        try eq(h.returns.count, 6, "returned receipts")
        try check(h.returns.allSatisfy { !$0.reasons.isEmpty && $0.points > 0 }, "reasons and points")
        let m = try readReceiptFile(fileName: "reexamination.CSV", data: fixture("reexamination.CSV"), keepUnknownKinds: false)
        try eq(m.reexaminations.count, 6, "cases")
        try eq(m.reexaminations.filter { $0.answered }.count, 3, "answered")
    }
    test("点検: 突合 and 縦覧 candidates from a file, without and with the store's master") {
        let r = try readReceiptFile(fileName: "review.UKE", data: fixture("review.UKE"), keepUnknownKinds: false)
        let checks = Set(r.candidates.map { $0.check })
        try check(checks.isSuperset(of: ["MATCH-1", "LONG-4", "LONG-5", "SGL-1"]), "\(checks)")
        try check(r.reviewNotices.contains { $0.check == "M-11" }, "master checks skipped with a notice")
        let path = FileManager.default.currentDirectoryPath + "/kenpo-swift-review.sqlite"
        try? FileManager.default.removeItem(atPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SocietyStore.create(path: path, configToml: reviewStore)
        let c = try store.checkReceiptFile(fileName: "review.UKE", data: fixture("review.UKE"), keepUnknownKinds: false)
        try check(c.checkedAgainstMaster, "checked")
        try eq(c.candidates, r.candidates, "the same candidates")
    }
    test("pseudonymise: same counts and points, same copy under one key; bad key and file refused") {
        let data = fixture("mixed.UKE")
        let p = try pseudonymiseReceiptFile(fileName: "mixed.UKE", data: data, key: key)
        try eq(p.receipts, 60, "receipts")
        try check(p.data != data, "changed")
        let back = try readReceiptFile(fileName: "copy.UKE", data: p.data, keepUnknownKinds: false)
        let before = try readReceiptFile(fileName: "m", data: data, keepUnknownKinds: false)
        try eq([back.parsed, back.pointsRead], [60, before.pointsRead], "reads back")
        try eq(try pseudonymiseReceiptFile(fileName: "mixed.UKE", data: data, key: key).data, p.data, "stable")
        try invalid(242, "key", secret: "SECRETSECRET") {
            _ = try pseudonymiseReceiptFile(fileName: "mixed.UKE", data: data, key: Data("SECRETSECRET".utf8))
        }
        try invalid(243, "data") {
            _ = try pseudonymiseReceiptFile(fileName: "junk.UKE", data: Data("XX,1\r\nRE,1\r\n".utf8), key: key)
        }
    }
}
