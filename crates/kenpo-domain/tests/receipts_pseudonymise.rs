//! A pseudonymised file reads back with the same counts and points, contains none of the
//! original names or numbers, and gives one person the same pseudonyms everywhere under one key.

use std::collections::BTreeSet;

use kenpo_domain::receipt::pseudonymise::{pseudonymise_file, PseudonymKey, PseudonymiseError};
use kenpo_domain::receipt::testgen::{self, FileForm, FileKind, GeneratorOptions};
use kenpo_domain::receipt::{read_slice, ReadOutcome, ReaderOptions, Receipt};

fn key() -> PseudonymKey {
    PseudonymKey::new(b"kenpo test key: not a real one, 40 bytes").unwrap()
}

fn read(bytes: &[u8]) -> ReadOutcome {
    let out = read_slice(bytes, ReaderOptions::new("P"));
    assert!(
        out.rejected.is_empty(),
        "{:?}",
        out.rejected.first().map(ToString::to_string)
    );
    out
}

/// Every identifying value of a receipt (names, kana, symbols, numbers, recipients, chart and
/// certificate numbers, doctors' names), including those of its kept lines.
fn identifiers(r: &Receipt) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    out.insert(r.patient.name.as_str().to_owned());
    out.extend(r.patient.kana.as_ref().map(|k| k.as_str().to_owned()));
    if let Some(h) = &r.insurance {
        out.extend(h.symbol.as_ref().map(|s| format!("symbol:{}", s.as_str())));
        out.extend(h.number.as_ref().map(|s| format!("number:{}", s.as_str())));
    }
    for k in &r.public_funds {
        out.extend(
            k.recipient
                .as_ref()
                .map(|x| format!("recipient:{}", x.as_str())),
        );
    }
    for s in &r.confirmations {
        out.extend(s.number.as_ref().map(|x| format!("number:{}", x.as_str())));
    }
    out.extend(
        r.details
            .chart_number
            .as_ref()
            .map(|c| format!("chart:{}", c.as_str())),
    );
    if let Some(p) = &r.details.pharmacy {
        out.extend(p.doctors.iter().flatten().map(|d| d.as_str().to_owned()));
    }
    if let Some(f) = &r.fund {
        for l in &f.history {
            if l.record.kind == "RE" {
                out.insert(l.record.fields[3].clone());
            }
        }
    }
    out
}

fn files() -> Vec<(&'static str, Vec<u8>)> {
    let g = |kind, form| testgen::file(&GeneratorOptions::new(19, 60).kind(kind).form(form));
    vec![
        ("mixed", testgen::file(&GeneratorOptions::new(19, 80))),
        ("dental", g(FileKind::Dental, FileForm::Claim)),
        ("pharmacy", g(FileKind::Pharmacy, FileForm::Claim)),
        ("dpc", g(FileKind::Dpc, FileForm::Claim)),
        ("insurer", g(FileKind::Medical, FileForm::Insurer)),
        ("returns", g(FileKind::Medical, FileForm::Returns)),
        (
            "era",
            testgen::file(&GeneratorOptions::new(19, 30).era_dates()),
        ),
    ]
}

#[test]
fn a_pseudonymised_file_reads_back_the_same_and_holds_no_original_identifier() {
    for (name, bytes) in files() {
        let before = read(&bytes);
        let (out, report) = pseudonymise_file(&bytes, name, &key()).unwrap();
        let after = read(&out);
        assert_eq!(report.receipts, before.receipts.len() as u64, "{name}");
        assert_eq!(report.emptied_records, 0);
        let (b, a) = (&before.summary, &after.summary);
        assert_eq!(a.receipts_in_file, b.receipts_in_file, "{name}");
        assert_eq!(a.parsed, b.parsed, "{name}");
        assert_eq!(a.points_read, b.points_read, "{name}");
        assert_eq!(a.payer_records_in_file, b.payer_records_in_file, "{name}");
        assert_eq!(a.by_layout, b.by_layout, "{name}");
        assert_eq!(a.corrected, b.corrected, "{name}");
        assert_eq!(a.findings, b.findings, "{name}");
        // The same layout: the same lines, each with the same record kind and number of fields.
        let shape = |b: &[u8]| -> Vec<(Vec<u8>, usize)> {
            b.split(|c| *c == b'\n')
                .map(|l| {
                    let kind: Vec<u8> = l
                        .split(|c| *c == b',')
                        .take(4)
                        .flatten()
                        .copied()
                        .filter(u8::is_ascii_uppercase)
                        .collect();
                    (kind, l.iter().filter(|c| **c == b',').count())
                })
                .collect()
        };
        assert_eq!(
            shape(&out),
            shape(&bytes),
            "{name}: the same layout, field for field"
        );
        let original: BTreeSet<String> = before.receipts.iter().flat_map(identifiers).collect();
        let now: BTreeSet<String> = after.receipts.iter().flat_map(identifiers).collect();
        let kept: Vec<_> = original.intersection(&now).collect();
        assert!(
            kept.is_empty(),
            "{name}: {} original values remain",
            kept.len()
        );
        // No original name appears anywhere in the bytes.
        let text = encoding_rs::SHIFT_JIS.decode(&out).0.into_owned();
        for r in &before.receipts {
            assert!(!text.contains(r.patient.name.as_str()), "{name}");
            if let Some(k) = &r.patient.kana {
                assert!(!text.contains(k.as_str()), "{name}");
            }
        }
        assert!(!text.contains("基金"), "{name}: doctors' names");
        // Everything else is as it was: dates, codes, points, institutions.
        for (x, y) in before.receipts.iter().zip(&after.receipts) {
            assert_eq!(x.patient.birth_date, y.patient.birth_date);
            assert_eq!(x.items, y.items);
            assert_eq!(x.diagnoses, y.diagnoses);
            assert_eq!(x.institution_recorded, y.institution_recorded);
            assert_eq!(x.total_points(), y.total_points());
            assert_eq!(x.as_claimed().total_points(), y.as_claimed().total_points());
        }
    }
}

#[test]
fn one_person_one_pseudonym_under_one_key() {
    // Two files sharing households (the same seed's people).
    let a = testgen::file(&GeneratorOptions::new(5, 60).kind(FileKind::Medical));
    let b = testgen::file(&GeneratorOptions::new(5, 60).kind(FileKind::Dental));
    let map = |bytes: &[u8], key: &PseudonymKey| -> Vec<(String, String, String, String)> {
        let before = read(bytes);
        let (out, _) = pseudonymise_file(bytes, "x", key).unwrap();
        let after = read(&out);
        before
            .receipts
            .iter()
            .zip(&after.receipts)
            .map(|(x, y)| {
                let h = x.insurance.as_ref().unwrap();
                let who = format!(
                    "{}/{}/{}",
                    h.symbol.as_ref().unwrap().as_str(),
                    h.number.as_ref().unwrap().as_str(),
                    x.branch_number().unwrap().as_str()
                );
                let hy = y.insurance.as_ref().unwrap();
                (
                    who,
                    y.patient.name.as_str().to_owned(),
                    hy.number.as_ref().unwrap().as_str().to_owned(),
                    hy.symbol.as_ref().unwrap().as_str().to_owned(),
                )
            })
            .collect()
    };
    let mut seen = std::collections::BTreeMap::new();
    let mut repeated = 0;
    for (who, name, number, symbol) in map(&a, &key()).into_iter().chain(map(&b, &key())) {
        match seen.get(&who) {
            Some(prev) => {
                repeated += 1;
                assert_eq!(
                    prev,
                    &(name, number, symbol),
                    "the same person, the same pseudonyms"
                );
            }
            None => {
                seen.insert(who, (name, number, symbol));
            }
        }
    }
    assert!(repeated > 20, "people recur across receipts and files");
    // Different people, different pseudonyms (names of 8 sounds, numbers of 12 digits).
    let names: BTreeSet<_> = seen.values().map(|v| v.0.clone()).collect();
    assert_eq!(names.len(), seen.len());
    // Another key, other pseudonyms.
    let other = PseudonymKey::new(b"another society's key, also secret").unwrap();
    let x = map(&a, &key());
    let y = map(&a, &other);
    assert!(x
        .iter()
        .zip(&y)
        .all(|(p, q)| p.0 == q.0 && p.1 != q.1 && p.2 != q.2));
}

#[test]
fn a_file_with_rejected_receipts_is_refused() {
    let bytes = testgen::file(&GeneratorOptions::new(5, 10));
    let damaged: Vec<u8> = bytes
        .split_inclusive(|b| *b == b'\n')
        .enumerate()
        .flat_map(|(i, l)| {
            if i == 3 {
                b"ZZ,1\r\n".to_vec()
            } else {
                l.to_vec()
            }
        })
        .collect();
    match pseudonymise_file(&damaged, "D", &key()) {
        Err(PseudonymiseError::Rejected { count, first }) => {
            assert_eq!(count, 1);
            assert_eq!(first.line, 4);
        }
        other => panic!("{other:?}"),
    }
}
