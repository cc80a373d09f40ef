//! The versioned C contract: the JSON Schemas committed under `bindings/c/schema/` must be what
//! `kenpo_api::schema` generates, and every golden fixture under `tests/contract/OPERATION/`
//! (`CASE.request.json` with `CASE.response.json`, or `CASE.error.json` for a refusal) must give
//! exactly the committed answer through the C functions. Any change to a request or response form
//! therefore fails here until the fixtures are regenerated on purpose
//! (`KENPO_BLESS=1 cargo test -p kenpo-ffi --test contract`) — and a change a host must adapt to
//! raises `kenpo_api::ABI_VERSION`.
use std::collections::BTreeMap;
use std::fs;
use std::os::raw::c_char;
use std::path::{Path, PathBuf};
use std::ptr;

use kenpo::members::{
    kenpo_member_master, kenpo_member_master_apply_batch, kenpo_member_master_free,
    kenpo_member_master_from_json, kenpo_member_master_new, kenpo_member_master_to_json,
};
use kenpo::society::{kenpo_society, kenpo_society_free, kenpo_society_from_toml};
use kenpo::{
    kenpo_last_error_detail, kenpo_result, kenpo_string, kenpo_string_bytes, kenpo_string_free,
};
use kenpo_api::surface::OPERATIONS;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn bless() -> bool {
    std::env::var_os("KENPO_BLESS").is_some()
}

#[test]
fn committed_schemas_are_fresh() {
    let dir = root().join("bindings/c/schema");
    let generated: BTreeMap<String, String> = kenpo_api::schema::files().into_iter().collect();
    if bless() {
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create bindings/c/schema");
        for (name, text) in &generated {
            fs::write(dir.join(name), text).expect("write schema");
        }
        return;
    }
    let mut committed = BTreeMap::new();
    for entry in fs::read_dir(&dir).expect("bindings/c/schema exists") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        committed.insert(name, fs::read_to_string(&path).unwrap_or_default());
    }
    let stale: Vec<_> = generated
        .keys()
        .chain(committed.keys())
        .filter(|n| generated.get(*n) != committed.get(*n))
        .collect();
    assert!(
        stale.is_empty(),
        "bindings/c/schema differs for {stale:?}: KENPO_BLESS=1 cargo test -p kenpo-ffi --test contract"
    );
}

/// The objects fixtures run against: the sample society of `examples/config`.
struct Objects {
    society: *mut kenpo_society,
}

impl Objects {
    fn new() -> Objects {
        let toml = fs::read_to_string(root().join("examples/config/sample-society.toml"))
            .expect("sample society");
        let mut society = ptr::null_mut();
        // SAFETY: the text and its length, a writable out pointer.
        let r = unsafe { kenpo_society_from_toml(toml.as_ptr().cast(), toml.len(), &mut society) };
        assert_eq!(r, kenpo_result::Ok);
        Objects { society }
    }
}

impl Drop for Objects {
    fn drop(&mut self) {
        kenpo_society_free(self.society);
    }
}

type Out = *mut *mut kenpo_string;

/// The member master the member operations run against, fresh for every fixture: an insured
/// person (10-123-00, born 1980-05-02, acquired 2026-04-01 at office A01) and the spouse
/// (10-123-01, recognised the same day).
const MEMBER_SEED: &str = r#"{"events": [
  {"kind": "acquisition", "key": {"symbol": "10", "number": "123", "branch": "00"},
   "acquired": "2026-04-01", "office": "A01",
   "identity": {"name": "山田 太郎", "kana": "ヤマダ タロウ", "birth_date": "1980-05-02",
                "sex": "male", "address": "東京都千代田区千代田1-1"}},
  {"kind": "dependent_added", "key": {"symbol": "10", "number": "123", "branch": "01"},
   "recognized": "2026-04-01", "relationship": "spouse",
   "identity": {"name": "山田 花子", "kana": "ヤマダ ハナコ", "birth_date": "1982-08-01",
                "sex": "female", "address": "東京都千代田区千代田1-1"}}
]}"#;

/// A new member master holding [`MEMBER_SEED`].
fn seeded_master() -> *mut kenpo_member_master {
    let mut master = ptr::null_mut();
    let mut report: *mut kenpo_string = ptr::null_mut();
    // SAFETY: writable out pointers; the seed text and its length.
    unsafe {
        assert_eq!(kenpo_member_master_new(&mut master), kenpo_result::Ok);
        let r = kenpo_member_master_apply_batch(
            master,
            MEMBER_SEED.as_ptr().cast(),
            MEMBER_SEED.len(),
            &mut report,
        );
        assert_eq!(r, kenpo_result::Ok);
    }
    kenpo_string_free(report);
    master
}

/// Calls the C function of `op` with `request`; the code and the response (or the error detail).
fn call(objects: &Objects, op: &str, request: &str) -> (u32, String) {
    let (p, n) = (request.as_ptr().cast::<c_char>(), request.len());
    let s = objects.society.cast_const();
    let mut out: *mut kenpo_string = ptr::null_mut();
    let o: Out = &mut out;
    let master = seeded_master();
    // SAFETY: the request bytes, live society and member master handles and a writable out
    // pointer.
    let r = unsafe {
        use kenpo::{benefits as be, checkup as ck, premiums as pr, remuneration as re};
        use kenpo::{dependents as de, members as me};
        match op {
            // No response of its own: the answer is the master after the event.
            "apply" => {
                let r = me::kenpo_member_master_apply(master, p, n);
                if r == kenpo_result::Ok {
                    assert_eq!(kenpo_member_master_to_json(master, o), kenpo_result::Ok);
                }
                r
            }
            "apply_batch" => me::kenpo_member_master_apply_batch(master, p, n, o),
            "recognize_dependent" => de::kenpo_recognize_dependent(p, n, o),
            "recognize_dependents" => de::kenpo_recognize_dependents(p, n, o),
            "monthly_premium" => pr::kenpo_monthly_premium(s, p, n, o),
            "bonus_premium" => pr::kenpo_bonus_premium(s, p, n, o),
            "premiums" => pr::kenpo_premiums(s, p, n, o),
            "employer_notice" => pr::kenpo_employer_notice(s, p, n, o),
            "month_charge" => pr::kenpo_month_charge(p, n, o),
            "bonus_charge" => pr::kenpo_bonus_charge(p, n, o),
            "decide_at_acquisition" => re::kenpo_decide_at_acquisition(p, n, o),
            "regular_determination" => re::kenpo_regular_determination(p, n, o),
            "regular_determinations" => re::kenpo_regular_determinations(p, n, o),
            "occasional_revision" => re::kenpo_occasional_revision(p, n, o),
            "leave_end_revision" => re::kenpo_leave_end_revision(p, n, o),
            "stratify_checkup" => ck::kenpo_stratify_checkup(p, n, o),
            "stratify_checkups" => ck::kenpo_stratify_checkups(p, n, o),
            "checkup_target" => ck::kenpo_checkup_target(p, n, o),
            "guidance_candidates" => ck::kenpo_guidance_candidates(p, n, o),
            "senior_risk_report" => ck::kenpo_senior_risk_report(p, n, o),
            "severe_case_prevention" => ck::kenpo_severe_case_prevention(p, n, o),
            "year_on_year" => ck::kenpo_year_on_year(p, n, o),
            "high_cost_month" => be::kenpo_high_cost_month(s, p, n, o),
            "high_cost_months" => be::kenpo_high_cost_months(s, p, n, o),
            "high_cost_outpatient_year" => be::kenpo_high_cost_outpatient_year(p, n, o),
            "high_cost_annual_cap" => be::kenpo_high_cost_annual_cap(p, n, o),
            "build_cost_units" => be::kenpo_build_cost_units(p, n, o),
            "cost_units_from_receipts" => be::kenpo_cost_units_from_receipts(p, n, o),
            "sickness_daily_amount" => be::kenpo_sickness_daily_amount(s, p, n, o),
            "sickness_allowance" => be::kenpo_sickness_allowance(s, p, n, o),
            "maternity_allowance" => be::kenpo_maternity_allowance(s, p, n, o),
            "childbirth_lump_sum" => be::kenpo_childbirth_lump_sum(s, p, n, o),
            "burial_benefit" => be::kenpo_burial_benefit(s, p, n, o),
            "expense_notices" => be::kenpo_expense_notices(p, n, o),
            "find_duplicate_payments" => be::kenpo_find_duplicate_payments(p, n, o),
            "voluntary_application" => be::kenpo_voluntary_application(p, n, o),
            "voluntary_loss" => be::kenpo_voluntary_loss(p, n, o),
            "voluntary_standard" => be::kenpo_voluntary_standard(s, p, n, o),
            "voluntary_premium" => be::kenpo_voluntary_premium(s, p, n, o),
            "voluntary_prepayment" => be::kenpo_voluntary_prepayment(s, p, n, o),
            "decide"
            | "answer_eligibility_inquiry"
            | "clinic_inquiry"
            | "disclose"
            | "deidentified_release"
            | "provision_register"
            | "dispose_items"
            | "dispose_persons" => access(op, p, n, o),
            other => {
                panic!("tests/contract/{other}: no runner in crates/kenpo-ffi/tests/contract.rs")
            }
        }
    };
    kenpo_member_master_free(master);
    if r == kenpo_result::Ok {
        let (mut data, mut len) = (ptr::null::<c_char>(), 0usize);
        // SAFETY: a live string and writable out pointers; the bytes are copied before the free.
        let text = unsafe {
            assert_eq!(
                kenpo_string_bytes(out, &mut data, &mut len),
                kenpo_result::Ok
            );
            String::from_utf8_lossy(std::slice::from_raw_parts(data.cast::<u8>(), len)).into_owned()
        };
        kenpo_string_free(out);
        (0, text)
    } else {
        let mut buf = vec![0u8; 2048];
        let mut len = 0usize;
        // SAFETY: a buffer of its length and a writable length.
        unsafe { kenpo_last_error_detail(buf.as_mut_ptr().cast(), buf.len(), &mut len) };
        (r as u32, String::from_utf8_lossy(&buf[..len]).into_owned())
    }
}

/// An access operation, on the default catalog, a fresh unkeyed log in memory (for the
/// provision register, a log holding one A8 answer to another insurer about 10-123-00 and
/// 10-123-01) and the demo member master `examples/access/member-master.json` (見本 太郎
/// 10-123-00 with a spouse, lost 2026-07-01; 見本 次郎 10-456-00, lost 2020-04-01).
///
/// # Safety
/// As the operations: the request bytes and a writable out pointer.
unsafe fn access(op: &str, p: *const c_char, n: usize, o: Out) -> kenpo_result {
    use kenpo::access as ac;
    let (mut catalog, mut log, mut master) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    let demo = fs::read_to_string(root().join("examples/access/member-master.json"))
        .expect("the demo member master");
    // SAFETY: writable out pointers; NULL key (unkeyed); the master text and its length.
    unsafe {
        assert_eq!(
            kenpo_member_master_from_json(demo.as_ptr().cast(), demo.len(), &mut master),
            kenpo_result::Ok
        );
        assert_eq!(
            ac::kenpo_purpose_catalog_default(&mut catalog),
            kenpo_result::Ok
        );
        assert_eq!(
            ac::kenpo_access_log_in_memory(ptr::null(), 0, &mut log),
            kenpo_result::Ok
        );
    }
    let (c, l, m) = (catalog.cast_const(), log.cast_const(), master.cast_const());
    if op == "provision_register" {
        let first = fs::read_to_string(
            root().join("tests/contract/decide/a8_other_insurer_permit.request.json"),
        )
        .expect("the A8 fixture");
        let mut answer = ptr::null_mut();
        // SAFETY: live handles, the request bytes, a writable out pointer.
        let r = unsafe {
            ac::kenpo_access_decide(c, l, m, first.as_ptr().cast(), first.len(), &mut answer)
        };
        assert_eq!(r, kenpo_result::Ok);
        kenpo_string_free(answer);
    }
    // SAFETY: forwarded from the caller; live handles.
    let r = unsafe {
        match op {
            "decide" => ac::kenpo_access_decide(c, l, m, p, n, o),
            "answer_eligibility_inquiry" => ac::kenpo_answer_eligibility_inquiry(c, l, m, p, n, o),
            "clinic_inquiry" => ac::kenpo_clinic_inquiry(c, l, m, p, n, o),
            "disclose" => ac::kenpo_disclose(c, l, m, p, n, o),
            "deidentified_release" => ac::kenpo_deidentified_release(c, l, m, p, n, o),
            "provision_register" => ac::kenpo_provision_register(c, l, p, n, o),
            "dispose_items" => ac::kenpo_dispose_items(c, l, p, n, o),
            _ => ac::kenpo_dispose_persons(c, l, m, p, n, o),
        }
    };
    ac::kenpo_access_log_free(log);
    ac::kenpo_purpose_catalog_free(catalog);
    kenpo_member_master_free(master);
    r
}

/// JSON, pretty-printed with sorted keys and a final newline (how fixtures are stored).
fn pretty(text: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(text).expect("a JSON answer");
    let mut s = serde_json::to_string_pretty(&value).expect("pretty");
    s.push('\n');
    s
}

#[test]
fn golden_fixtures_give_their_committed_answers() {
    let objects = Objects::new();
    let dir = root().join("tests/contract");
    let mut failures = Vec::new();
    let mut cases = 0;
    for op in OPERATIONS.iter().filter(|o| o.request.is_some()) {
        let op_dir = dir.join(op.name);
        let mut requests: Vec<PathBuf> = fs::read_dir(&op_dir)
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.to_string_lossy().ends_with(".request.json"))
                    .collect()
            })
            .unwrap_or_default();
        requests.sort();
        if requests.is_empty() {
            failures.push(format!(
                "{}: no fixture in tests/contract/{}/",
                op.name, op.name
            ));
            continue;
        }
        for request_path in requests {
            cases += 1;
            let request = fs::read_to_string(&request_path).expect("request");
            let base = request_path
                .to_string_lossy()
                .trim_end_matches(".request.json")
                .to_owned();
            let (code, answer) = call(&objects, op.name, &request);
            let (path, expected_text) = if code == 0 {
                (
                    PathBuf::from(format!("{base}.response.json")),
                    pretty(&answer),
                )
            } else {
                let error = serde_json::json!({ "code": code, "detail": answer });
                let mut text = serde_json::to_string_pretty(&error).expect("pretty");
                text.push('\n');
                (PathBuf::from(format!("{base}.error.json")), text)
            };
            if bless() {
                let _ = fs::remove_file(format!("{base}.response.json"));
                let _ = fs::remove_file(format!("{base}.error.json"));
                fs::write(&path, &expected_text).expect("write fixture");
                continue;
            }
            match fs::read_to_string(&path) {
                Ok(committed) if committed == expected_text => {}
                Ok(_) => failures.push(format!("{}: the answer changed", path.display())),
                Err(_) => failures.push(format!(
                    "{}: missing (or the outcome changed)",
                    path.display()
                )),
            }
        }
    }
    assert!(cases > 0 || bless(), "no fixture at all");
    assert!(
        failures.is_empty(),
        "contract fixtures:\n{}\n(regenerate on purpose: KENPO_BLESS=1 cargo test -p kenpo-ffi --test contract)",
        failures.join("\n")
    );
}

/// The text of a `kenpo_string`, freed.
fn take_string(s: *mut kenpo_string) -> Vec<u8> {
    let (mut data, mut len) = (ptr::null::<c_char>(), 0usize);
    // SAFETY: a live string and writable out pointers; the bytes are copied before the free.
    let bytes = unsafe {
        assert_eq!(kenpo_string_bytes(s, &mut data, &mut len), kenpo_result::Ok);
        std::slice::from_raw_parts(data.cast::<u8>(), len).to_vec()
    };
    kenpo_string_free(s);
    bytes
}

fn last_error() -> String {
    let mut buf = vec![0u8; 2048];
    let mut len = 0usize;
    // SAFETY: a buffer of its length and a writable length.
    unsafe { kenpo_last_error_detail(buf.as_mut_ptr().cast(), buf.len(), &mut len) };
    String::from_utf8_lossy(&buf[..len]).into_owned()
}

/// Compares (or, blessing, writes) `expected` with the committed file at `path`.
fn golden(path: &Path, expected: &[u8], failures: &mut Vec<String>) {
    if bless() {
        fs::write(path, expected).expect("write fixture");
    } else if fs::read(path).ok().as_deref() != Some(expected) {
        failures.push(format!(
            "{}: the answer changed or is missing",
            path.display()
        ));
    }
}

/// Receipt files cross as bytes, not inside a request: each file under
/// `tests/contract/read_receipt_file/` (every kind and form, generated from the layouts) must
/// give its committed report (`FILE.response.json`), and the pseudonymisation of
/// `mixed.UKE` under the fixtures' key its committed copy and report.
#[test]
fn receipt_files_give_their_committed_reports() {
    use kenpo::receipts::{kenpo_pseudonymise_receipt_file, kenpo_read_receipt_file};
    let dir = root().join("tests/contract/read_receipt_file");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/contract/read_receipt_file")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !p.to_string_lossy().ends_with(".json"))
        .collect();
    files.sort();
    assert!(files.len() >= 6, "the receipt fixtures are there");
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).expect("a name");
        let data = fs::read(path).expect("fixture");
        let mut out = ptr::null_mut();
        // SAFETY: the name and the bytes with their lengths, a writable out pointer.
        let r = unsafe {
            kenpo_read_receipt_file(
                name.as_ptr().cast(),
                name.len(),
                data.as_ptr(),
                data.len(),
                false,
                &mut out,
            )
        };
        assert_eq!(r, kenpo_result::Ok, "{name}");
        let text = String::from_utf8(take_string(out)).expect("JSON");
        golden(
            &dir.join(format!("{name}.response.json")),
            pretty(&text).as_bytes(),
            &mut failures,
        );
    }

    let out_dir = root().join("tests/contract/pseudonymise_receipt_file");
    fs::create_dir_all(&out_dir).expect("fixture folder");
    let data = fs::read(dir.join("mixed.UKE")).expect("mixed.UKE");
    let name = "mixed.UKE";
    let mut damaged = data.clone();
    // A byte that is not Shift_JIS in the name of the first receipt's RE record.
    let re = data
        .windows(5)
        .position(|w| w == b"\r\nRE,")
        .expect("an RE record");
    damaged[re + 30] = 0xFF;
    for (case, key, bytes) in [
        ("mixed", &b"the contract fixtures' key, 32 b"[..], &data),
        ("short_key", &b"fifteen bytes.."[..], &data),
        (
            "damaged_file",
            &b"the contract fixtures' key, 32 b"[..],
            &damaged,
        ),
    ] {
        let (mut file, mut report) = (ptr::null_mut(), ptr::null_mut());
        // SAFETY: the name, the bytes and the key with their lengths, writable out pointers.
        let r = unsafe {
            kenpo_pseudonymise_receipt_file(
                name.as_ptr().cast(),
                name.len(),
                bytes.as_ptr(),
                bytes.len(),
                key.as_ptr(),
                key.len(),
                &mut file,
                &mut report,
            )
        };
        if r == kenpo_result::Ok {
            let copy = take_string(file);
            let text = String::from_utf8(take_string(report)).expect("JSON");
            golden(
                &out_dir.join(format!("{case}.response.json")),
                pretty(&text).as_bytes(),
                &mut failures,
            );
            golden(
                &out_dir.join(format!("{case}.pseudonymised.UKE")),
                &copy,
                &mut failures,
            );
        } else {
            assert!(
                file.is_null() && report.is_null(),
                "nothing written on failure"
            );
            let error = serde_json::json!({ "code": r as u32, "detail": last_error() });
            let mut text = serde_json::to_string_pretty(&error).expect("pretty");
            text.push('\n');
            golden(
                &out_dir.join(format!("{case}.error.json")),
                text.as_bytes(),
                &mut failures,
            );
        }
    }
    assert!(
        failures.is_empty(),
        "receipt fixtures:\n{}\n(regenerate on purpose: KENPO_BLESS=1 cargo test -p kenpo-ffi --test contract)",
        failures.join("\n")
    );
}
