//! Pseudonymisation of a receipt file for analysis (仮名加工情報, 個人情報の保護に関する法律
//! 第41条): the names and numbers that identify a person are replaced by keyed pseudonyms, the
//! output being a valid file of the same layout that reads back to the same receipts, counts and
//! points.
//!
//! # The rule
//!
//! Each pseudonym is HMAC-SHA-256 (RFC 2104 over SHA-256) under the society's secret key of a
//! labelled input, turned into characters the field accepts; whoever holds the key can make the
//! same pseudonyms again and nobody without it can reverse them (法41条 requires that the
//! processed data cannot identify a person without other information: the key is that other
//! information and stays with the society, 第41条第2項).
//!
//! | field | pseudonym | derived from |
//! |---|---|---|
//! | RE 氏名, カタカナ氏名 (and TR 氏名 of an organ donor) | two katakana words of 4 sounds (`ミセノア　ケトヒロ`; kana with a half-width space) | the person: 保険者番号・記号・番号・枝番, or without a branch number 保険者番号・記号・番号・生年月日・男女区分 |
//! | HO/SN 記号 | 8 digits | 保険者番号 + 記号 |
//! | HO/SN 番号 | 12 digits | 保険者番号 + 記号 + 番号 |
//! | KO/SN 受給者番号 | 7 digits (the field's length: two recipients may share one) | 公費負担者番号 + 受給者番号 |
//! | RE カルテ番号等 / 調剤録番号等, HO 証明書番号 | digits of the field's length | the institution + the value |
//! | 調剤 RE 保険医氏名, 麻薬免許番号 | katakana words, digits | the value |
//!
//! The same person therefore gets the same pseudonyms in every receipt and file processed with
//! one key, and with another key other ones. Kept as they are: dates (birth dates included:
//! 仮名加工情報 need not generalise them, and the checks of age need them), institutions, codes,
//! points, the payment fund's 検索番号 and management numbers (they name receipts, not people),
//! and free texts (comments, 症状詳記), which a person must still read before release. The lines
//! kept whole in a receipt (history blocks, corrected lines, TR) have the same fields replaced;
//! records of kinds the library does not know ([`super::UnknownKinds::KeepRaw`]) have every
//! field emptied, and the report counts them.

use std::collections::HashMap;
use std::fmt;

use sha2::{Digest, Sha256};

use super::error::{ReceiptError, WriteError};
use super::fund::PrefixedLine;
use super::kind::ReceiptLayout;
use super::model::{RawRecord, Receipt};
use super::reader::{read_slice, ReaderOptions};
use super::record::PersonalText;
use super::writer::ReceiptWriter;
use crate::identifiers::{InsuredNumber, InsuredSymbol};
use crate::person::{KanaName, PersonName};

/// HMAC-SHA-256 (RFC 2104 with SHA-256; block size 64 bytes).
fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        let digest = Sha256::digest(key);
        k[..32].copy_from_slice(&digest);
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(data);
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner);
    outer.finalize().into()
}

/// The smallest key accepted: 16 bytes (128 bits).
pub const MIN_KEY_BYTES: usize = 16;

/// The secret key of the pseudonyms. `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct PseudonymKey(Vec<u8>);

/// A key too short to keep the pseudonyms secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the pseudonym key has {given} bytes; at least {MIN_KEY_BYTES} are needed")]
pub struct KeyTooShort {
    /// The bytes given.
    pub given: usize,
}

impl PseudonymKey {
    /// A key of `bytes` (at least [`MIN_KEY_BYTES`]); a key file's trailing line break is not
    /// part of the key.
    pub fn new(bytes: &[u8]) -> Result<PseudonymKey, KeyTooShort> {
        let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if bytes.len() < MIN_KEY_BYTES {
            return Err(KeyTooShort { given: bytes.len() });
        }
        Ok(PseudonymKey(bytes.to_vec()))
    }

    fn mac(&self, label: &str, parts: &[&str]) -> [u8; 32] {
        let mut data = Vec::with_capacity(64);
        data.extend_from_slice(label.as_bytes());
        for p in parts {
            data.push(0x1F);
            data.extend_from_slice(p.as_bytes());
        }
        hmac_sha256(&self.0, &data)
    }

    /// `n` digits derived from `label` and `parts`.
    fn digits(&self, label: &str, parts: &[&str], n: usize) -> String {
        let mac = self.mac(label, parts);
        let mut out = String::with_capacity(n);
        let mut i = 0;
        while out.len() < n {
            let b = mac[i % 32];
            i += 1;
            // Reject 250–255 so the digits are uniform.
            if b < 250 {
                out.push(char::from(b'0' + b % 10));
            }
            if i > 256 {
                out.push('0');
            }
        }
        out
    }

    /// Two katakana words of four sounds each, separated by `sep`.
    fn words(&self, label: &str, parts: &[&str], sep: &str) -> String {
        const SOUNDS: [char; 44] = [
            'ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ',
            'ソ', 'タ', 'チ', 'ツ', 'テ', 'ト', 'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ',
            'ヘ', 'ホ', 'マ', 'ミ', 'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ', 'ラ', 'リ', 'ル', 'レ',
            'ロ', 'ワ',
        ];
        let mac = self.mac(label, parts);
        let mut out = String::new();
        for (i, b) in mac.iter().take(8).enumerate() {
            if i == 4 {
                out.push_str(sep);
            }
            out.push(SOUNDS[usize::from(*b) % SOUNDS.len()]);
        }
        out
    }
}

impl fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PseudonymKey(<redacted>)")
    }
}

/// The person a receipt is for, as the pseudonym of the name derives it.
fn person_of(r: &Receipt) -> Vec<String> {
    let mut parts = Vec::new();
    match &r.insurance {
        Some(h) => {
            parts.push(h.insurer.as_str().to_owned());
            parts.push(
                h.symbol
                    .as_ref()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
            );
            parts.push(
                h.number
                    .as_ref()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
            );
        }
        None => {
            if let Some(k) = r.public_funds.first() {
                parts.push(k.payer.as_str().to_owned());
                parts.push(
                    k.recipient
                        .as_ref()
                        .map(|x| x.as_str().to_owned())
                        .unwrap_or_default(),
                );
            }
        }
    }
    match r.branch_number() {
        Some(b) => parts.push(b.as_str().to_owned()),
        None => {
            parts.push(r.patient.birth_date.to_string());
            parts.push(r.patient.sex.code().to_string());
        }
    }
    parts
}

/// The pseudonyms of one receipt, and the values they replace (to replace them in kept lines).
struct Pseudonyms<'k> {
    key: &'k PseudonymKey,
    person: Vec<String>,
    insurer: String,
    /// Original text → pseudonym, for the kept lines.
    replaced: HashMap<String, String>,
}

impl Pseudonyms<'_> {
    fn name(&self) -> String {
        let parts: Vec<&str> = self.person.iter().map(String::as_str).collect();
        self.key.words("name", &parts, "\u{3000}")
    }

    fn kana(&self) -> String {
        let parts: Vec<&str> = self.person.iter().map(String::as_str).collect();
        self.key.words("name", &parts, " ")
    }

    fn symbol(&mut self, symbol: &str) -> String {
        let p = self.key.digits("symbol", &[&self.insurer, symbol], 8);
        self.replaced.insert(symbol.to_owned(), p.clone());
        p
    }

    fn number(&mut self, symbol: &str, number: &str) -> String {
        let p = self
            .key
            .digits("number", &[&self.insurer, symbol, number], 12);
        self.replaced.insert(number.to_owned(), p.clone());
        p
    }

    fn recipient(&mut self, payer: &str, recipient: &str) -> String {
        let p = self.key.digits(
            "recipient",
            &[payer, recipient],
            recipient.len().clamp(1, 7),
        );
        self.replaced.insert(recipient.to_owned(), p.clone());
        p
    }

    fn local(&mut self, label: &str, institution: &str, value: &str) -> String {
        let n = value.len().clamp(1, 20);
        let p = self.key.digits(label, &[institution, value], n);
        self.replaced.insert(value.to_owned(), p.clone());
        p
    }
}

/// The index of RE カタカナ氏名 and カルテ番号等 in each layout.
fn re_positions(layout: ReceiptLayout) -> (usize, usize) {
    match layout {
        ReceiptLayout::Dpc => (28, 13),
        ReceiptLayout::Dental => (25, 15),
        ReceiptLayout::Pharmacy => (41, 35),
        _ => (36, 13),
    }
}

/// How many records a pseudonymisation emptied (kinds the library does not know).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct PseudonymiseReport {
    /// Receipts written.
    pub receipts: u64,
    /// Raw records of unknown kinds whose fields were all emptied.
    pub emptied_records: u64,
}

/// Replaces the identifying fields of `r` (and of the receipt as claimed, and of its kept lines)
/// by pseudonyms under `key`. See the module docs for the fields.
pub fn pseudonymise_receipt(r: &Receipt, key: &PseudonymKey) -> (Receipt, u64) {
    let mut out = r.clone();
    let emptied = pseudonymise_into(&mut out, key);
    (out, emptied)
}

fn pseudonymise_into(r: &mut Receipt, key: &PseudonymKey) -> u64 {
    let mut p = Pseudonyms {
        key,
        person: person_of(r),
        insurer: r
            .insurance
            .as_ref()
            .map(|h| h.insurer.as_str().to_owned())
            .unwrap_or_default(),
        replaced: HashMap::new(),
    };
    let name = p.name();
    let kana = p.kana();
    p.replaced
        .insert(r.patient.name.as_str().to_owned(), name.clone());
    if let Some(k) = &r.patient.kana {
        p.replaced.insert(k.as_str().to_owned(), kana.clone());
    }
    if let Ok(n) = PersonName::new(&name) {
        r.patient.name = n;
    }
    if r.patient.kana.is_some() {
        r.patient.kana = KanaName::new(&kana).ok();
    }
    if let Some(h) = r.insurance.as_mut() {
        let symbol = h
            .symbol
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default();
        if let Some(s) = h.symbol.as_mut() {
            *s = InsuredSymbol::new(&p.symbol(&symbol)).unwrap_or_else(|_| s.clone());
        }
        if let Some(n) = h.number.as_mut() {
            let pseudo = p.number(&symbol, n.as_str());
            *n = InsuredNumber::new(&pseudo).unwrap_or_else(|_| n.clone());
        }
    }
    for k in &mut r.public_funds {
        if let Some(x) = k.recipient.as_mut() {
            let pseudo = p.recipient(k.payer.as_str(), x.as_str());
            if let Some(v) = super::model::RecipientNumber::new(&pseudo) {
                *x = v;
            }
        }
    }
    for s in &mut r.confirmations {
        let symbol = s
            .symbol
            .as_ref()
            .map(|x| x.as_str().to_owned())
            .unwrap_or_default();
        let payer = s.payer.clone().unwrap_or_default();
        if let Some(x) = s.symbol.as_mut() {
            let pseudo = p.key.digits("symbol", &[&payer, &symbol], 8);
            p.replaced.insert(symbol.clone(), pseudo.clone());
            *x = InsuredSymbol::new(&pseudo).unwrap_or_else(|_| x.clone());
        }
        if let Some(x) = s.number.as_mut() {
            let pseudo = p.key.digits("number", &[&payer, &symbol, x.as_str()], 12);
            p.replaced.insert(x.as_str().to_owned(), pseudo.clone());
            *x = InsuredNumber::new(&pseudo).unwrap_or_else(|_| x.clone());
        }
        if let Some(x) = s.recipient.as_mut() {
            let pseudo = p.recipient(&payer, x.as_str());
            if let Some(v) = super::model::RecipientNumber::new(&pseudo) {
                *x = v;
            }
        }
    }
    let institution = r.institution_recorded.to_string();
    if let Some(c) = r.details.chart_number.as_mut() {
        let pseudo = p.local("chart", &institution, c.as_str());
        *c = PersonalText::new(pseudo);
    }
    if let Some(c) = r.details.certificate_number.as_mut() {
        let pseudo = p.local("certificate", &institution, c.as_str());
        if let Some(d) = super::record::Digits::new(&pseudo) {
            *c = d;
        }
    }
    if let Some(ph) = r.details.pharmacy.as_mut() {
        for d in ph.doctors.iter_mut().flatten() {
            let pseudo = key.words("doctor", &[d.as_str()], "\u{3000}");
            p.replaced.insert(d.as_str().to_owned(), pseudo.clone());
            *d = PersonalText::new(pseudo);
        }
        if let Some(l) = ph.narcotics_licence.as_mut() {
            let pseudo = p.local("licence", "", l.as_str());
            *l = PersonalText::new(pseudo);
        }
    }
    let layout = r.layout();
    let mut emptied = 0;
    for raw in &mut r.raw_records {
        emptied += replace_raw(raw, layout, &p, &name, &kana);
    }
    if let Some(f) = r.fund.as_mut() {
        if let Some(claimed) = f.claimed.as_mut() {
            emptied += pseudonymise_into(claimed, key);
        }
        let lines = f.history.iter_mut().chain(f.unreferenced.iter_mut()).chain(
            f.corrections
                .iter_mut()
                .filter_map(|c| c.replacement.as_mut()),
        );
        for PrefixedLine { record, .. } in lines {
            emptied += replace_raw(record, layout, &p, &name, &kana);
        }
    }
    emptied
}

/// Replaces the identifying fields of a kept line; a record of a kind the library does not know
/// has every field emptied (returns 1 then).
fn replace_raw(
    raw: &mut RawRecord,
    layout: ReceiptLayout,
    p: &Pseudonyms<'_>,
    name: &str,
    kana: &str,
) -> u64 {
    let swap = |v: &mut String| {
        if let Some(new) = p.replaced.get(v.as_str()) {
            *v = new.clone();
        } else if !v.is_empty() {
            // A value the receipt itself did not carry (an earlier version's): derived anew.
            *v = p.key.digits("kept", &[v.as_str()], v.len().clamp(1, 20));
        }
    };
    let field = |i: usize| i.checked_sub(1);
    let mut set = |i: usize, f: &mut dyn FnMut(&mut String)| {
        if let Some(v) = field(i).and_then(|i| raw.fields.get_mut(i)) {
            f(v);
        }
    };
    match raw.kind.as_str() {
        "RE" | "TR" => {
            let (kana_at, chart_at) = re_positions(layout);
            if raw.kind == "TR" {
                // An organ donor: another person, named from their own name.
                set(4, &mut |v| {
                    *v = p.key.words("donor", &[v.as_str()], "\u{3000}")
                });
                return 0;
            }
            set(4, &mut |v| *v = name.to_owned());
            if raw.kind == "RE" {
                set(kana_at, &mut |v| {
                    if !v.is_empty() {
                        *v = kana.to_owned();
                    }
                });
                set(chart_at, &mut |v| swap(v));
                if layout == ReceiptLayout::Pharmacy {
                    for i in 14..=34 {
                        set(i, &mut |v| {
                            if !v.is_empty() {
                                *v = p.replaced.get(v.as_str()).cloned().unwrap_or_else(|| {
                                    p.key.words("doctor", &[v.as_str()], "\u{3000}")
                                });
                            }
                        });
                    }
                }
            }
        }
        "HO" => {
            set(2, &mut |v| swap(v));
            set(3, &mut |v| swap(v));
        }
        "KO" => set(2, &mut |v| swap(v)),
        "SN" => {
            set(4, &mut |v| swap(v));
            set(5, &mut |v| swap(v));
            set(7, &mut |v| swap(v));
        }
        k if super::kind::RecordKind::from_code(k).is_some() => {}
        _ => {
            raw.fields.iter_mut().for_each(String::clear);
            return 1;
        }
    }
    0
}

/// Why a file could not be pseudonymised.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PseudonymiseError {
    /// The file has receipts the reader rejected: they would be lost in the output.
    #[error("{count} receipt(s) could not be read; the first: {first}")]
    Rejected {
        /// How many.
        count: usize,
        /// The first one's error.
        first: Box<ReceiptError>,
    },
    /// The file has no head record to write the output with.
    #[error("the file has no institution record (IR, YK, UK, HI)")]
    NoHeader,
    /// Writing failed.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Pseudonymises a whole file held in memory: reads it (any kind and form), replaces the
/// identifying fields of every receipt, and writes it back in its form (the insurer files'
/// form when it had MN records). Refuses a file with rejected receipts, which would otherwise be
/// lost.
///
/// ```
/// use kenpo_domain::receipt::pseudonymise::{pseudonymise_file, PseudonymKey};
/// use kenpo_domain::receipt::{read_slice, testgen, ReaderOptions};
///
/// let bytes = testgen::file(&testgen::GeneratorOptions::new(3, 40));
/// let key = PseudonymKey::new(b"a secret of the society, 32 bytes").unwrap();
/// let (out, report) = pseudonymise_file(&bytes, "RECEIPTC.UKE", &key).unwrap();
/// assert_eq!(report.receipts, 40);
/// let before = read_slice(&bytes, ReaderOptions::new("a"));
/// let after = read_slice(&out, ReaderOptions::new("b"));
/// assert_eq!(after.summary.parsed, before.summary.parsed);
/// assert_eq!(after.summary.points_read, before.summary.points_read);
/// ```
pub fn pseudonymise_file(
    bytes: &[u8],
    file_name: &str,
    key: &PseudonymKey,
) -> Result<(Vec<u8>, PseudonymiseReport), PseudonymiseError> {
    let out = read_slice(bytes, ReaderOptions::new(file_name));
    if let Some(first) = out.rejected.first() {
        return Err(PseudonymiseError::Rejected {
            count: out.rejected.len(),
            first: Box::new(first.clone()),
        });
    }
    let header = out
        .summary
        .header
        .as_ref()
        .ok_or(PseudonymiseError::NoHeader)?;
    let mut w = ReceiptWriter::new(Vec::with_capacity(bytes.len()));
    if out.summary.mn_records > 0 {
        w = w.insurer_form();
    }
    w.header(header)?;
    let mut report = PseudonymiseReport::default();
    for r in &out.receipts {
        let (p, emptied) = pseudonymise_receipt(r, key);
        report.emptied_records += emptied;
        report.receipts += 1;
        w.receipt(&p)?;
    }
    Ok((w.finish()?, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        // Test case 1.
        assert_eq!(
            hex(&hmac_sha256(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        // Test case 2.
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block.
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn keys_and_pseudonyms() {
        assert_eq!(PseudonymKey::new(b"short\n"), Err(KeyTooShort { given: 5 }));
        let k = PseudonymKey::new(b"0123456789abcdef\r\n").unwrap();
        assert_eq!(format!("{k:?}"), "PseudonymKey(<redacted>)");
        let a = k.digits("number", &["x"], 12);
        assert_eq!(a.len(), 12);
        assert!(a.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(a, k.digits("number", &["x"], 12));
        assert_ne!(a, k.digits("number", &["y"], 12));
        let other = PseudonymKey::new(b"fedcba9876543210").unwrap();
        assert_ne!(a, other.digits("number", &["x"], 12));
        let w = k.words("name", &["x"], "\u{3000}");
        assert!(PersonName::new(&w).is_ok());
        assert!(KanaName::new(&k.words("name", &["x"], " ")).is_ok());
    }
}
