// The monthly run on a society store: create, import (every rejected row reported), run a month
// (counts and yen per stage, where the results are), check a receipt file against the store.
import Foundation

private let storeConfig = """
name = "見本"
insurer_number = "01130012"
[[rates]]
effective_from = "2026-03"
value = { general = "9.85%", care = "1.62%" }
"""
private let members = #"{"type":"acquisition","key":{"symbol":"AB12","number":"1","branch":"00"},"acquired":"2020-04-01","identity":{"name":"見本 太郎","kana":"ミホン タロウ","birth_date":"1980-05-02","sex":"male","address":"東京都千代田区千代田1-1"},"office":"AB12"}"#
private let pay = "種別,記号,番号,枝番,年月,金額\n従前標準報酬,AB12,1,00,2026-09,410000\n"
private let badPay = "種別,記号,番号,年月,金額\n従前標準報酬,AB12,9,2026-13,300000\n"

private func figure(_ r: MonthRunReport, _ stage: String, _ name: String) -> Int64? {
    r.stages.first { $0.stage == stage }?.figures.first { $0.name == name }?.value
}

func monthlyRunTests() {
    let path = FileManager.default.currentDirectoryPath + "/kenpo-swift-store.sqlite"
    try? FileManager.default.removeItem(atPath: path)
    defer { try? FileManager.default.removeItem(atPath: path) }
    test("store: import members and pay, run October 2026: 410,000 × 11.70 % = 47,970, half withheld") {
        let store = try SocietyStore.create(path: path, configToml: storeConfig)
        let m = try store.importFile(kind: .members, fileName: "members.jsonl", data: Data(members.utf8), acceptValid: false)
        try check(m.taken && m.events == 1, "members taken")
        let bad = try store.importFile(kind: .pay, fileName: "bad.csv", data: Data(badPay.utf8), acceptValid: false)
        try check(!bad.taken, "a bad row: nothing taken")
        try eq(bad.rejected.first?.column, 4, "the column")
        _ = try store.importFile(kind: .pay, fileName: "pay.csv", data: Data(pay.utf8), acceptValid: false)
        let october = try store.runMonth(month: month(2026, 10), receiptFiles: [], acceptValid: false)
        try eq(october.status, .run, "status")
        try eq(figure(october, "notices", "total_yen"), 47_970, "notice total")
        try eq(figure(october, "notices", "employee_yen"), 23_985, "withheld")
        try eq(october.storePath, path, "where the results are")
        let again = try store.runMonth(month: month(2026, 10), receiptFiles: [], acceptValid: false)
        try eq(again.status, .unchanged, "a month run twice")
        let r = try store.checkReceiptFile(fileName: "RECEIPTC.UKE", data: receiptSample, keepUnknownKinds: false)
        try check(r.findings.contains { $0.rule == "C1.unknown_member" && $0.line == 32 }, "該当者なし at line 32")
        let error = try kenpoError {
            _ = try store.runMonth(month: month(2026, 11), receiptFiles: [NamedFile(name: "RECEIPTC.UKE", data: receiptSample)], acceptValid: false)
        }
        guard case let .InvalidInput(code, _, _) = error else { throw Failure(description: "expected InvalidInput, got \(error)") }
        try eq(code, 241, "a file of another claim month or insurer")
    }
    test("store errors: created once; a missing store") {
        _ = try SocietyStore.open(path: path)
        let again = try kenpoError { _ = try SocietyStore.create(path: path, configToml: storeConfig) }
        guard case let .Io(code, _) = again else { throw Failure(description: "expected Io, got \(again)") }
        try eq(code, 280, "created once")
        let missing = try kenpoError { _ = try SocietyStore.open(path: path + ".none") }
        guard case .Io = missing else { throw Failure(description: "expected Io, got \(missing)") }
    }
}
