// Purpose-bound access: the catalog, logged decisions with minimised views, A8 and C2 only
// through the log, disclosure, de-identification, provisions, retention and disposal, and the
// keyed, anchored log with its tamper cases (edit, cut tail, wrong key). The master is a
// MemberMaster loaded from the demo file examples/access/member-master.json (見本 太郎 10-123-00,
// lost 2026-07-01, with a spouse; 10-456-00 lost 2020-04-01): read in place by the decisions,
// changed in place by the disposal run.
import jp.kenpo.*
import java.io.File
import java.nio.file.Files
import java.time.LocalDate

private val MASTER_TEXT by lazy { File("examples/access/member-master.json").readText() }
private val STAFF = AccessActor.Staff("S042")
private val K123 = MemberKey("10", "123", "00")
private val K123S = MemberKey("10", "123", "01")
private val SIX = listOf(
    AccessField.MEMBER_KEY, AccessField.NAME, AccessField.BIRTH_DATE, AccessField.SEX,
    AccessField.ACQUISITION_DATE, AccessField.LOSS_DATE,
)
private val KEY_A = ByteArray(32) { it.toByte() }
private val KEY_B = ByteArray(32) { (it + 1).toByte() }

private fun request(purpose: String, recipient: String, fields: List<AccessField>, confirmed: Boolean = true,
                    applied: Boolean = false, subjects: List<MemberKey> = listOf(K123)) =
    AccessRequest(STAFF, purpose, recipient, subjects, fields, LocalDate.of(2026, 6, 1), "10:30:00",
        confirmed, applied, null, "大阪市 国民健康保険", false)

private fun inquiry(confirmed: Boolean) = EligibilityInquiryRequest(
    K123, STAFF, "clinic", "大阪中央クリニック", confirmed, LocalDate.of(2026, 7, 10), "09:00:00")

fun accessTests() {
    val catalog = PurposeCatalog.defaultCatalog()
    val master = MemberMaster.fromJson(MASTER_TEXT)
    test("access: the catalog lists its purposes and recipients") {
        check(catalog.purposes().any { it.id == "A8" && "requester_confirmed" in it.conditions }) { "A8" }
        eq(catalog.recipients().first { it.id == "clinic" }.kind, RecipientKind.CLINIC, "clinic kind")
        throws<KenpoException.InvalidConfig> { PurposeCatalog.fromToml("x = [", "") }
    }
    test("access: decide gives the six fields to a confirmed insurer, and denies the gym a birth date") {
        AccessLog.inMemory(null).use { log ->
            val a8 = catalog.decide(log, master, request("A8", "other_insurer", SIX))
            eq(a8.permitted to a8.logSeq, true to 0L, "permit")
            val v = a8.views.single()
            eq(v.acquisitionDate, LocalDate.of(2020, 4, 1), "acquired")
            eq(v.lossDate, LocalDate.of(2026, 7, 1), "lost")
            eq(v.address, null, "not one of the six")
            val gym = catalog.decide(log, master, request("A12", "gym_konami", listOf(AccessField.NAME, AccessField.BIRTH_DATE),
                confirmed = false, applied = true))
            eq(gym.permitted, false, "denied")
            eq(gym.denial?.field, AccessField.BIRTH_DATE, "the field named")
            val age = catalog.decide(log, master, request("A12", "gym_konami", listOf(AccessField.NAME, AccessField.AGE),
                confirmed = false, applied = true))
            eq(age.views.single().age, 46, "age on 2026-06-01 (born 1980-05-02)")
            eq(log.verify().entries, 3L, "every decision logged")
        }
    }
    test("access: bad input names the field, never the value") {
        AccessLog.inMemory(null).use { log ->
            invalid(260, "purpose", "Z9") { catalog.decide(log, master, request("Z9", "clinic", SIX)) }
            invalid(200, "time") { catalog.decide(log, master, request("A8", "clinic", SIX).copy(time = "25:61:00")) }
            invalid(104, "k", "-5") {
                catalog.deidentifiedRelease(log, master, DeidentifiedReleaseRequest(STAFF, "F3", "report_vendor",
                    listOf(K123), listOf(AccessField.SEX), LocalDate.of(2026, 6, 1), "11:00:00", -5))
            }
            val missing = throws<KenpoException.NotFound> {
                catalog.decide(log, master, request("A8", "clinic", SIX, subjects = listOf(MemberKey("10", "98765", "00"))))
            }
            check(!missing.toString().contains("98765")) { "key quoted: $missing" }
            invalid(201, "key.number") {
                catalog.answerEligibilityInquiry(log, master, inquiry(true).copy(key = MemberKey("10", "", "00")))
            }
        }
    }
    test("access: A8 and C2 leave only through a logged decision") {
        AccessLog.inMemory(null).use { log ->
            val answer = catalog.answerEligibilityInquiry(log, master, inquiry(true))
            eq(answer.name to answer.lost, "見本 太郎" to LocalDate.of(2026, 7, 1), "the A8 answer")
            throws<KenpoException.Refused> { catalog.answerEligibilityInquiry(log, master, inquiry(false)) }
            val c2 = catalog.clinicInquiry(log, master, ClinicInquiryRequest(
                InquiryDue(K123, LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 15)), "2711234563", "見本健康保険組合",
                STAFF, "大阪中央クリニック", true, LocalDate.of(2026, 9, 1), "09:00:00"))
            eq(c2.visitDate, LocalDate.of(2026, 7, 15), "visit")
            val v = log.verify()
            eq(v.intact to v.entries, true to 3L, "permit, denial, permit")
            eq(log.toJsonLines().lines().count { it.isNotBlank() }, 3, "three lines")
            eq(log.anchor().entries, 3L, "anchor")
        }
    }
    test("access: disclosure, F3 at k = 2, the provision register") {
        AccessLog.inMemory(KEY_A).use { log ->
            val d = catalog.disclose(log, master, DisclosureRequest(AccessActor.Subject(K123), K123,
                LocalDate.of(2026, 6, 1), "14:00:00"))
            check(d.items.any { it.field == AccessField.ADDRESS }) { "address disclosed to the subject" }
            throws<KenpoException.Refused> {
                catalog.disclose(log, master, DisclosureRequest(STAFF, K123, LocalDate.of(2026, 6, 1), "14:00:00"))
            }
            val f3 = catalog.deidentifiedRelease(log, master, DeidentifiedReleaseRequest(STAFF, "F3", "report_vendor",
                listOf(K123, K123S), listOf(AccessField.AGE_BAND, AccessField.SEX), LocalDate.of(2026, 6, 1), "11:00:00", 2))
            eq(f3.rows.size to f3.suppressed, 0 to 2L, "two singletons suppressed")
            catalog.decide(log, master, request("A8", "other_insurer", SIX, subjects = listOf(K123, K123S)))
            val register = catalog.provisionRegister(log, ProvisionRegisterRequest(K123S, null))
            eq(register.records.single().recipientName, "大阪市 国民健康保険", "recorded provision")
            eq(log.verify().isKeyed, true, "keyed")
        }
    }
    test("access: retention lists and records disposals; the disposal run empties a household") {
        AccessLog.inMemory(null).use { log ->
            val due = catalog.disposeItems(log, DisposeItemsRequest(listOf(
                HeldItem("box-2019-07", "receipts_paper", LocalDate.of(2019, 3, 31), null, true, emptyList())),
                LocalDate.of(2026, 6, 1), "17:00:00", true))
            eq(due.due.single().method, DisposalMethod.DISSOLUTION, "bulk paper is dissolved")
            eq(due.due.single().dueOn, LocalDate.of(2024, 4, 1), "due")
            MemberMaster.fromJson(MASTER_TEXT).use { fresh ->
                // 10-456 left on 2020-04-01: kept 5 years from the next day, due from 2025-04-02.
                val households = catalog.householdsDueForDisposal(fresh, LocalDate.of(2026, 6, 1))
                eq(households.single().members.map { it.number }, listOf("456"), "only 10-456 is due")
                eq(households.single().dueOn, LocalDate.of(2025, 4, 2), "due from")
                eq(catalog.householdsDueForDisposal(fresh, LocalDate.of(2025, 4, 1)), emptyList<DueHousehold>(), "not the day before")
                val run = catalog.disposePersons(log, fresh, DisposePersonsRequest(LocalDate.of(2026, 6, 1), "18:00:00"))
                eq(run.households to run.persons.size, 1L to 1, "10-456 gone")
                eq(fresh.len(), 2L, "the master changed in place")
                check(!fresh.toJson().contains("見本 次郎") && fresh.toJson().contains("見本 太郎")) { "removed from the master" }
                eq(log.verify().intact, true, "the log still verifies")
                val again = catalog.disposePersons(log, fresh, DisposePersonsRequest(LocalDate.of(2026, 6, 1), "18:30:00"))
                eq(again.households to again.logSeq, 0L to null, "nobody left to dispose of: nothing written")
                invalid(200, "time") { catalog.disposePersons(log, fresh, DisposePersonsRequest(LocalDate.of(2026, 6, 1), "24:00:00")) }
            }
            eq(master.len(), 3L, "the shared master is untouched")
            MemberMaster.empty().use { empty ->
                throws<KenpoException.Refused> {
                    catalog.disposePersons(log, empty, DisposePersonsRequest(LocalDate.of(2026, 6, 1), "18:00:00"))
                }
                throws<KenpoException.Refused> { catalog.householdsDueForDisposal(empty, LocalDate.of(2026, 6, 1)) }
            }
        }
    }
    test("access: a keyed file log finds an edit, a cut tail and a wrong key") {
        val dir = Files.createTempDirectory("kenpo-kotlin-access")
        val path = dir.resolve("access.jsonl").toString()
        val anchor = dir.resolve("access.anchor").toString()
        try {
            invalid(261, "log_key") { AccessLog.open(path, anchor, ByteArray(5)) }
            AccessLog.open(path, anchor, KEY_A).use { log ->
                catalog.decide(log, master, request("A8", "other_insurer", SIX))
                catalog.decide(log, master, request("A8", "other_insurer", SIX))
                eq(log.verify().keyed, 2L, "two keyed entries")
            }
            val wrong = verifyAccessLogFile(path, anchor, KEY_B)
            eq(wrong.intact to wrong.problem, false to LogProblem.WRONG_KEY, "wrong key")
            throws<KenpoException.Integrity> { AccessLog.open(path, anchor, KEY_B) }
            invalid(261, "log_key") { AccessLog.open(path, anchor, null) }
            val lines = File(path).readLines()
            File(path).writeText(lines[0] + "\n")
            val cut = verifyAccessLogFile(path, anchor, KEY_A)
            eq(cut.problem to cut.firstBadEntry, LogProblem.TAIL_REMOVED to 1L, "cut tail")
            File(path).writeText(lines.joinToString("\n", postfix = "\n").replaceFirst("S042", "S043"))
            val edited = verifyAccessLogFile(path, anchor, KEY_A)
            eq(edited.problem to edited.firstBadEntry, LogProblem.EDITED to 0L, "edit")
            throws<KenpoException.Integrity> { AccessLog.open(path, anchor, KEY_A) }
        } finally {
            dir.toFile().deleteRecursively()
        }
    }
    test("access: a store seals its monthly log with the host's key") {
        val dir = Files.createTempDirectory("kenpo-kotlin-access-store")
        try {
            SocietyStore.create(dir.resolve("s.sqlite").toString(),
                "name = \"見本\"\ninsurer_number = \"06139992\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"9.85%\", care = \"1.62%\" }\n").use { store ->
                invalid(261, "log_key") { store.setLogKey(ByteArray(31)) }
                store.setLogKey(KEY_A)
            }
        } finally {
            dir.toFile().deleteRecursively()
        }
    }
    master.close()
    catalog.close()
}
