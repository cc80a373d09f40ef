// Purpose-bound access: the catalog, logged decisions with minimised views, A8 and C2 only
// through the log, disclosure, de-identification, provisions, retention and disposal, and the
// keyed, anchored log with its tamper cases (edit, cut tail, wrong key). The master is a
// MemberMaster loaded from the demo file examples/access/member-master.json (見本 太郎 10-123-00,
// lost 2026-07-01, with a spouse; 10-456-00 lost 2020-04-01): read in place by the decisions,
// changed in place by the disposal run.
import Foundation

// run.sh copies examples/access/member-master.json into the working folder.
private let accessMaster = (try? String(contentsOfFile: "member-master.json", encoding: .utf8)) ?? ""
private let staff = AccessActor.staff(id: "S042")
private let k123 = MemberKey(symbol: "10", number: "123", branch: "00")
private let k123s = MemberKey(symbol: "10", number: "123", branch: "01")
private let six: [AccessField] = [.memberKey, .name, .birthDate, .sex, .acquisitionDate, .lossDate]
private let keyA = Data((0..<32).map { UInt8($0) })
private let keyB = Data((0..<32).map { UInt8($0 + 1) })

private func accessRequest(_ purpose: String, _ recipient: String, _ fields: [AccessField], confirmed: Bool = true,
                           applied: Bool = false, subjects: [MemberKey] = [k123], on: CalendarDate = day(2026, 6, 1),
                           time: String = "10:30:00") -> AccessRequest {
    AccessRequest(actor: staff, purpose: purpose, recipient: recipient, subjects: subjects,
                  fields: fields, on: on, time: time, requesterConfirmed: confirmed,
                  subjectApplied: applied, myNumberProcedure: nil, counterparty: "大阪市 国民健康保険", explain: false)
}

private func a8(_ confirmed: Bool) -> EligibilityInquiryRequest {
    EligibilityInquiryRequest(key: k123, actor: staff, recipient: "clinic",
                              counterparty: "大阪中央クリニック", confirmed: confirmed, on: day(2026, 7, 10), time: "09:00:00")
}

private func refused(_ body: () throws -> Void) throws {
    let error = try kenpoError(body)
    guard case .Refused = error else { throw Failure(description: "expected Refused, got \(error)") }
}

private func integrity(_ body: () throws -> Void) throws {
    let error = try kenpoError(body)
    guard case .Integrity = error else { throw Failure(description: "expected Integrity, got \(error)") }
}

func accessTests() {
    let catalog = PurposeCatalog.defaultCatalog()
    guard let master = try? MemberMaster.fromJson(text: accessMaster) else {
        test("access: the demo member master loads (member-master.json in the working folder)") { throw Failure(description: "not loaded") }
        return
    }
    test("access: the catalog lists its purposes and recipients") {
        try check(try catalog.purposes().contains { $0.id == "A8" && $0.conditions.contains("requester_confirmed") }, "A8")
        try eq(try catalog.recipients().first { $0.id == "clinic" }?.kind, .clinic, "clinic kind")
        let e = try kenpoError { _ = try PurposeCatalog.fromToml(catalogToml: "x = [", vendorsToml: "") }
        guard case .InvalidConfig = e else { throw Failure(description: "\(e)") }
    }
    test("access: decide gives the six fields to a confirmed insurer, and denies the gym a birth date") {
        let log = try AccessLog.inMemory(logKey: nil)
        let permit = try catalog.decide(log: log, master: master, request: accessRequest("A8", "other_insurer", six))
        try check(permit.permitted && permit.logSeq == 0, "permit")
        try eq(permit.views.first?.lossDate, day(2026, 7, 1), "lost")
        try check(permit.views.first?.address == nil, "not one of the six")
        let gym = try catalog.decide(log: log, master: master, request: accessRequest("A12", "gym_konami", [.name, .birthDate], confirmed: false, applied: true))
        try check(!gym.permitted && gym.denial?.field == .birthDate, "denied, the field named")
        let age = try catalog.decide(log: log, master: master, request: accessRequest("A12", "gym_konami", [.name, .age], confirmed: false, applied: true))
        try eq(age.views.first?.age, 46, "age on 2026-06-01")
        try eq(try log.verify().entries, 3, "every decision logged")
    }
    test("access: bad input names the field, never the value") {
        let log = try AccessLog.inMemory(logKey: nil)
        try invalid(260, "purpose", secret: "Z9") { _ = try catalog.decide(log: log, master: master, request: accessRequest("Z9", "clinic", six)) }
        try invalid(200, "time") { _ = try catalog.decide(log: log, master: master, request: accessRequest("A8", "clinic", six, time: "25:61:00")) }
        try invalid(200, "", secret: "2026-02-30") {
            _ = try catalog.decide(log: log, master: master, request: accessRequest("A8", "clinic", six, on: day(2026, 2, 30)))
        }
        try invalid(104, "k", secret: "-5") {
            _ = try catalog.deidentifiedRelease(log: log, master: master, request: DeidentifiedReleaseRequest(
                actor: staff, purpose: "F3", recipient: "report_vendor", subjects: [k123],
                fields: [.sex], on: day(2026, 6, 1), time: "11:00:00", k: -5))
        }
    }
    test("access: A8 and C2 leave only through a logged decision") {
        let log = try AccessLog.inMemory(logKey: nil)
        let answer = try catalog.answerEligibilityInquiry(log: log, master: master, request: a8(true))
        try eq(answer.name, "見本 太郎", "the A8 answer")
        try refused { _ = try catalog.answerEligibilityInquiry(log: log, master: master, request: a8(false)) }
        let c2 = try catalog.clinicInquiry(log: log, master: master, request: ClinicInquiryRequest(
            due: InquiryDue(person: k123, boundary: day(2026, 7, 1), visitDate: day(2026, 7, 15)),
            institution: "2711234563", societyName: "見本健康保険組合", actor: staff, counterparty: "大阪中央クリニック",
            confirmed: true, on: day(2026, 9, 1), time: "09:00:00"))
        try eq(c2.visitDate, day(2026, 7, 15), "visit")
        let v = try log.verify()
        try check(v.intact && v.entries == 3, "permit, denial, permit")
        try eq(try log.anchor().entries, 3, "anchor")
        try check(try log.toJsonLines().split(separator: "\n").count == 3, "three lines")
    }
    test("access: disclosure, F3 at k = 2, the provision register") {
        let log = try AccessLog.inMemory(logKey: keyA)
        let d = try catalog.disclose(log: log, master: master, request: DisclosureRequest(actor: .subject(key: k123),
                                                                          subject: k123, on: day(2026, 6, 1), time: "14:00:00"))
        try check(d.items.contains { $0.field == .address }, "address disclosed to the subject")
        try refused { _ = try catalog.disclose(log: log, master: master, request: DisclosureRequest(actor: staff, subject: k123, on: day(2026, 6, 1), time: "14:00:00")) }
        let f3 = try catalog.deidentifiedRelease(log: log, master: master, request: DeidentifiedReleaseRequest(
            actor: staff, purpose: "F3", recipient: "report_vendor", subjects: [k123, k123s],
            fields: [.ageBand, .sex], on: day(2026, 6, 1), time: "11:00:00", k: 2))
        try check(f3.rows.isEmpty && f3.suppressed == 2, "two singletons suppressed")
        _ = try catalog.decide(log: log, master: master, request: accessRequest("A8", "other_insurer", six, subjects: [k123, k123s]))
        let register = try catalog.provisionRegister(log: log, request: ProvisionRegisterRequest(subject: k123s, recipient: nil))
        try eq(register.records.first?.recipientName, "大阪市 国民健康保険", "recorded provision")
        try check(try log.verify().isKeyed, "keyed")
    }
    test("access: retention lists and records disposals; the disposal run empties a household") {
        let log = try AccessLog.inMemory(logKey: nil)
        let due = try catalog.disposeItems(log: log, request: DisposeItemsRequest(items: [
            HeldItem(reference: "box-2019-07", recordType: "receipts_paper", completedOn: day(2019, 3, 31), subjectLostOn: nil, bulk: true, subjects: [])],
            on: day(2026, 6, 1), time: "17:00:00", recordDisposals: true))
        try eq(due.due.first?.method, .dissolution, "bulk paper is dissolved")
        let fresh = try MemberMaster.fromJson(text: accessMaster)
        // 10-456 left on 2020-04-01: kept 5 years from the next day, due from 2025-04-02.
        let households = try catalog.householdsDueForDisposal(master: fresh, on: day(2026, 6, 1))
        try eq(households.map { $0.members.map { $0.number } }, [["456"]], "only 10-456 is due")
        try eq(households.first?.dueOn, day(2025, 4, 2), "due from")
        try check(try catalog.householdsDueForDisposal(master: fresh, on: day(2025, 4, 1)).isEmpty, "not the day before")
        try invalid(200, "", secret: "2026-02-30") { _ = try catalog.householdsDueForDisposal(master: fresh, on: day(2026, 2, 30)) }
        let run = try catalog.disposePersons(log: log, master: fresh, request: DisposePersonsRequest(on: day(2026, 6, 1), time: "18:00:00"))
        try check(run.households == 1 && run.persons.count == 1, "10-456 gone")
        try eq(try fresh.len(), 2, "the master changed in place")
        let text = try fresh.toJson()
        try check(!text.contains("見本 次郎") && text.contains("見本 太郎"), "removed from the master")
        try check(try log.verify().intact, "the log still verifies")
        let again = try catalog.disposePersons(log: log, master: fresh, request: DisposePersonsRequest(on: day(2026, 6, 1), time: "18:30:00"))
        try check(again.households == 0 && again.logSeq == nil, "nobody left to dispose of: nothing written")
        try invalid(200, "time") { _ = try catalog.disposePersons(log: log, master: fresh, request: DisposePersonsRequest(on: day(2026, 6, 1), time: "24:00:00")) }
        try invalid(200, "", secret: "2026-02-29") { _ = try catalog.disposePersons(log: log, master: fresh, request: DisposePersonsRequest(on: day(2026, 2, 29), time: "18:00:00")) }
        try eq(try master.len(), 3, "the shared master is untouched")
        let empty = MemberMaster.empty()
        try refused { _ = try catalog.disposePersons(log: log, master: empty, request: DisposePersonsRequest(on: day(2026, 6, 1), time: "18:00:00")) }
        try refused { _ = try catalog.householdsDueForDisposal(master: empty, on: day(2026, 6, 1)) }
    }
    test("access: a keyed file log finds an edit, a cut tail and a wrong key") {
        let dir = FileManager.default.currentDirectoryPath + "/kenpo-swift-access"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/access.jsonl", anchor = dir + "/access.anchor"
        try invalid(261, "log_key") { _ = try AccessLog.open(path: path, anchorPath: anchor, logKey: Data(count: 5)) }
        do {
            let log = try AccessLog.open(path: path, anchorPath: anchor, logKey: keyA)
            _ = try catalog.decide(log: log, master: master, request: accessRequest("A8", "other_insurer", six))
            _ = try catalog.decide(log: log, master: master, request: accessRequest("A8", "other_insurer", six))
            try eq(try log.verify().keyed, 2, "two keyed entries")
        }
        let wrong = try verifyAccessLogFile(path: path, anchorPath: anchor, logKey: keyB)
        try check(!wrong.intact && wrong.problem == .wrongKey, "wrong key")
        try integrity { _ = try AccessLog.open(path: path, anchorPath: anchor, logKey: keyB) }
        try invalid(261, "log_key") { _ = try AccessLog.open(path: path, anchorPath: anchor, logKey: nil) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        try (String(lines[0]) + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let cut = try verifyAccessLogFile(path: path, anchorPath: anchor, logKey: keyA)
        try check(cut.problem == .tailRemoved && cut.firstBadEntry == 1, "cut tail")
        let edited = text.replacingOccurrences(of: "S042", with: "S043")
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let e = try verifyAccessLogFile(path: path, anchorPath: anchor, logKey: keyA)
        try check(e.problem == .edited && e.firstBadEntry == 0, "edit")
        try integrity { _ = try AccessLog.open(path: path, anchorPath: anchor, logKey: keyA) }
    }
    test("access: a store seals its monthly log with the host's key") {
        let path = FileManager.default.currentDirectoryPath + "/kenpo-swift-access-store.sqlite"
        try? FileManager.default.removeItem(atPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SocietyStore.create(path: path, configToml: "name = \"見本\"\ninsurer_number = \"06139992\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"9.85%\", care = \"1.62%\" }\n")
        try invalid(261, "log_key") { try store.setLogKey(logKey: Data(count: 31)) }
        try store.setLogKey(logKey: keyA)
    }
}
