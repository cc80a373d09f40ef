//! Damaged files: each problem is reported with file, line, record kind, field and raw value
//! (never personal data), the reader recovers at the next RE, and every receipt is accounted for.

use kenpo_domain::receipt::testgen::{self, GeneratorOptions};
use kenpo_domain::receipt::{read_slice, Problem, ReadOutcome, ReaderOptions, UnknownKinds};

fn generated(n: usize) -> Vec<u8> {
    testgen::file(&GeneratorOptions::new(5, n))
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// Line numbers (1-based) of the RE records.
fn re_lines(bytes: &[u8]) -> Vec<usize> {
    lines(bytes)
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with(b"RE,"))
        .map(|(i, _)| i + 1)
        .collect()
}

fn read(bytes: &[u8]) -> ReadOutcome {
    let out = read_slice(bytes, ReaderOptions::new("DAMAGED.UKE"));
    assert!(out.summary.is_accounted());
    assert_eq!(
        out.summary.parsed + out.summary.rejected,
        re_lines(bytes).len() as u64,
        "every RE is either parsed or rejected"
    );
    out
}

#[test]
fn cut_mid_record() {
    let bytes = generated(40);
    let res = re_lines(&bytes);
    // Cut in the middle of the line after the 30th RE (its HO record).
    let all = lines(&bytes);
    let keep: usize = all[..res[29]].iter().map(Vec::len).sum::<usize>() + 10;
    let cut = &bytes[..keep];
    let out = read(cut);
    assert_eq!(out.receipts.len(), 29);
    assert_eq!(out.rejected.len(), 1);
    let e = &out.rejected[0];
    assert_eq!(e.problem, Problem::TruncatedRecord);
    assert_eq!(e.line, res[29] as u64 + 1);
    assert_eq!(e.record.as_deref(), Some("HO"));
    assert_eq!(e.receipt_index, Some(30));
    assert_eq!(&*e.file, "DAMAGED.UKE");
    assert!(out
        .summary
        .file_errors
        .iter()
        .any(|e| e.problem == Problem::MissingSummary));
}

#[test]
fn bad_byte_in_a_name_rejects_only_that_receipt() {
    let bytes = generated(20);
    let mut all = lines(&bytes);
    let res = re_lines(&bytes);
    // 0x81 0x20 is not Shift_JIS: a lead byte with an invalid trail byte, inside the name field.
    let line = &mut all[res[4] - 1];
    let comma = line
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b',')
        .nth(3)
        .unwrap()
        .0;
    line.splice(comma + 1..comma + 1, [0x81, 0x20]);
    let damaged: Vec<u8> = all.concat();
    let out = read(&damaged);
    assert_eq!(out.receipts.len(), 19);
    let e = &out.rejected[0];
    assert!(matches!(e.problem, Problem::BadEncoding { .. }), "{e}");
    assert_eq!(e.line, res[4] as u64);
    assert_eq!(e.receipt_index, Some(5));
    assert_eq!(e.raw.as_deref(), Some("0x81 0x20"));
    // The next receipt is read again.
    assert_eq!(out.receipts[4].position.index, 6);
}

#[test]
fn unknown_record_rejects_its_receipt_or_is_kept_raw() {
    let bytes = generated(10);
    let mut all = lines(&bytes);
    let res = re_lines(&bytes);
    all.insert(res[2], b"ZZ,1,2,3\r\n".to_vec());
    let damaged: Vec<u8> = all.concat();
    let out = read(&damaged);
    assert_eq!(out.receipts.len(), 9);
    let e = &out.rejected[0];
    assert_eq!(e.problem, Problem::UnknownRecordKind);
    assert_eq!(e.record.as_deref(), Some("ZZ"));
    assert_eq!(e.raw.as_deref(), Some("ZZ"));
    assert_eq!(e.line, res[2] as u64 + 1);
    let text = e.to_string();
    assert!(text.starts_with("DAMAGED.UKE:"), "{text}");

    let kept = read_slice(
        &damaged,
        ReaderOptions::new("DAMAGED.UKE").keep_unknown_kinds(),
    );
    assert_eq!(kept.receipts.len(), 10);
    assert_eq!(kept.summary.raw_kinds.get("ZZ"), Some(&1));
    let raw = &kept.receipts[2].raw_records[0];
    assert_eq!((raw.kind.as_str(), raw.fields.len()), ("ZZ", 3));
    assert_eq!(ReaderOptions::new("x").unknown_kinds, UnknownKinds::Reject);
}

#[test]
fn missing_go() {
    let bytes = generated(12);
    let all = lines(&bytes);
    let without: Vec<u8> = all
        .iter()
        .filter(|l| !l.starts_with(b"GO,"))
        .flatten()
        .copied()
        .collect();
    let out = read(&without);
    assert_eq!(out.receipts.len(), 12);
    assert!(out.summary.declared.is_none());
    assert_eq!(out.summary.file_errors.len(), 1);
    assert_eq!(out.summary.file_errors[0].problem, Problem::MissingSummary);
    assert!(out.summary.findings.is_empty());
}

#[test]
fn malformed_field_names_field_and_raw_value_but_no_personal_data() {
    let bytes = generated(6);
    let text = encoding_rs::SHIFT_JIS.decode(&bytes).0.into_owned();
    let name = {
        let re = text.lines().find(|l| l.starts_with("RE,")).unwrap();
        re.split(',').nth(4).unwrap().to_owned()
    };
    // Bad service month on the first receipt; bad birth date on the second.
    let mut n = 0;
    let damaged: String = text
        .split_inclusive('\n')
        .map(|l| {
            if !l.starts_with("RE,") {
                return l.to_owned();
            }
            n += 1;
            let mut f: Vec<String> = l.split(',').map(str::to_owned).collect();
            match n {
                1 => f[3] = "202613".into(),
                2 => f[6] = "19991340".into(),
                _ => {}
            }
            f.join(",")
        })
        .collect();
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&damaged);
    let out = read(&bytes);
    assert_eq!(out.rejected.len(), 2);
    let month = &out.rejected[0];
    assert_eq!(month.field.unwrap().index, 3);
    assert_eq!(month.field.unwrap().name, "診療年月");
    assert_eq!(month.raw.as_deref(), Some("202613"));
    let birth = &out.rejected[1];
    assert_eq!(birth.field.unwrap().name, "生年月日");
    assert_eq!(birth.raw, None, "a birth date is personal data");
    for e in &out.rejected {
        assert!(!e.to_string().contains(&name));
        assert!(!format!("{e:?}").contains(&name));
        assert!(!e.to_string().contains("19991340"));
    }
}

#[test]
fn record_outside_a_receipt_and_after_go() {
    let bytes = generated(3);
    let mut all = lines(&bytes);
    let res = re_lines(&bytes);
    all.insert(res[0] - 1, b"SI,11,1,111000110,,288,1\r\n".to_vec());
    let go = all.iter().position(|l| l.starts_with(b"GO,")).unwrap();
    all.insert(go + 1, b"CO,11,1,810000001,x\r\n".to_vec());
    let damaged: Vec<u8> = all.concat().into_iter().filter(|b| *b != 0x1A).collect();
    let out = read(&damaged);
    assert_eq!(out.receipts.len(), 3);
    let problems: Vec<_> = out
        .summary
        .file_errors
        .iter()
        .map(|e| e.problem.clone())
        .collect();
    assert!(problems.contains(&Problem::RecordOutsideReceipt));
    assert!(problems.contains(&Problem::RecordAfterSummary));
}

#[test]
fn empty_and_garbage_files() {
    let out = read(b"");
    assert_eq!(out.summary.receipts_in_file, 0);
    assert!(out
        .summary
        .file_errors
        .iter()
        .any(|e| e.problem == Problem::MissingSummary));
    let out = read(b"RE,1,1112\r\nRE,2\r\n\x1A");
    assert_eq!(out.rejected.len(), 2);
    assert!(out
        .rejected
        .iter()
        .all(|e| e.problem == Problem::MissingHeader));
}
