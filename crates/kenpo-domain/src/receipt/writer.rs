//! The writer: receipts back to the same record format (Shift_JIS/CP932, CR LF, Gregorian dates).

use std::io::Write;

use chrono::NaiveDate;
use encoding_rs::SHIFT_JIS;

use super::error::WriteError;
use super::model::*;
use crate::calendar::YearMonth;
use crate::money::Yen;

/// Writes a receipt file: [`ReceiptWriter::header`], then [`ReceiptWriter::receipt`] for each
/// receipt, then [`ReceiptWriter::finish`], which writes the GO record from the counts.
#[derive(Debug)]
pub struct ReceiptWriter<W: Write> {
    out: W,
    line: String,
    bytes: Vec<u8>,
    /// Payer records (HO, KO) written: the GO record's 総件数.
    receipts: u64,
    points: Points,
    header: Option<FileHeader>,
}

fn ym(m: YearMonth) -> String {
    format!("{:04}{:02}", m.year(), m.month())
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn yen(v: &Option<Yen>) -> String {
    v.map(|y| y.get().to_string()).unwrap_or_default()
}

impl<W: Write> ReceiptWriter<W> {
    /// A writer into `out`.
    pub fn new(out: W) -> Self {
        ReceiptWriter {
            out,
            line: String::with_capacity(256),
            bytes: Vec::with_capacity(256),
            receipts: 0,
            points: Points::ZERO,
            header: None,
        }
    }

    fn record(
        &mut self,
        kind: &'static str,
        fields: &[(&'static str, &str)],
        total: usize,
    ) -> Result<(), WriteError> {
        self.line.clear();
        self.line.push_str(kind);
        for (name, value) in fields {
            if value.contains([',', '\r', '\n', '\u{1A}']) {
                return Err(WriteError::Separator {
                    record: kind,
                    field: name,
                });
            }
            self.line.push(',');
            self.line.push_str(value);
        }
        for _ in fields.len() + 1..total {
            self.line.push(',');
        }
        self.line.push_str("\r\n");
        if self.line.is_ascii() {
            self.out.write_all(self.line.as_bytes())?;
            return Ok(());
        }
        let (bytes, _, unmappable) = SHIFT_JIS.encode(&self.line);
        if unmappable {
            let field = fields
                .iter()
                .find(|(_, v)| SHIFT_JIS.encode(v).2)
                .map_or("?", |(n, _)| n);
            return Err(WriteError::Unencodable {
                record: kind,
                field,
            });
        }
        self.bytes.clear();
        self.bytes.extend_from_slice(&bytes);
        self.out.write_all(&self.bytes)?;
        Ok(())
    }

    /// Writes the institution record (IR or YK). A receipt of another institution later makes
    /// the writer repeat the header with that institution (IR, or YK for a pharmacy), as files
    /// bundling several institutions do.
    pub fn header(&mut self, h: &FileHeader) -> Result<(), WriteError> {
        self.header = Some(h.clone());
        let code = h.institution_recorded.as_str();
        let (pref, rest) = code.split_at(2.min(code.len()));
        let (table, number) = rest.split_at(1.min(rest.len()));
        let kind = if h.kind == super::RecordKind::Yk {
            "YK"
        } else {
            "IR"
        };
        self.record(
            kind,
            &[
                ("審査支払機関", &h.review_body.to_string()),
                ("都道府県", pref),
                ("点数表", table),
                ("医療機関コード", number),
                ("予備", ""),
                ("医療機関名称", &h.name),
                ("請求年月", &ym(h.claim_month)),
                ("マルチボリューム識別情報", &h.volume),
                ("電話番号", &h.phone),
            ],
            10,
        )
    }

    /// Writes one receipt (RE, HO, KO…, SN, JD, SY, items, SJ, then the raw records).
    pub fn receipt(&mut self, r: &Receipt) -> Result<(), WriteError> {
        if let Some(h) = self
            .header
            .as_ref()
            .filter(|h| *h.institution_recorded != *r.institution_recorded)
        {
            let mut h = h.clone();
            h.kind = if r.institution_recorded.get(2..3) == Some("4") {
                super::RecordKind::Yk
            } else {
                super::RecordKind::Ir
            };
            h.institution = r.institution.clone();
            h.institution_recorded = r.institution_recorded.to_string();
            self.header(&h)?;
        }
        self.receipts += u64::from(r.insurance.is_some()) + r.public_funds.len() as u64;
        self.points = self.points.saturating_add(r.total_points());
        let mut re: Vec<(&'static str, String)> = vec![
            ("レセプト番号", r.number.to_string()),
            ("レセプト種別", r.kind.code()),
            ("診療年月", ym(r.service_month)),
            ("氏名", r.patient.name.as_str().to_owned()),
            ("男女区分", r.patient.sex.code().to_string()),
            ("生年月日", ymd(r.patient.birth_date)),
            ("給付割合", opt(&r.benefit_ratio)),
            ("入院年月日", r.admission_date.map(ymd).unwrap_or_default()),
            ("病棟区分", String::new()),
            ("一部負担金区分", opt(&r.charge_class)),
            ("レセプト特記事項", r.special_notes.clone()),
        ];
        re.resize(35, ("予備", String::new()));
        re.push((
            "カタカナ氏名",
            r.patient
                .kana
                .as_ref()
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default(),
        ));
        self.fields("RE", &re, 38)?;
        if let Some(h) = &r.insurance {
            let f = [
                ("保険者番号", h.insurer.as_str().to_owned()),
                (
                    "記号",
                    h.symbol
                        .as_ref()
                        .map(|s| s.as_str().to_owned())
                        .unwrap_or_default(),
                ),
                (
                    "番号",
                    h.number
                        .as_ref()
                        .map(|s| s.as_str().to_owned())
                        .unwrap_or_default(),
                ),
                ("診療実日数", h.days.to_string()),
                ("合計点数", h.points.get().to_string()),
                ("予備", String::new()),
                ("食事療養・生活療養回数", opt(&h.meal_count)),
                ("食事療養・生活療養合計金額", yen(&h.meal_yen)),
                ("職務上の事由", opt(&h.occupational)),
                ("証明書番号", String::new()),
                ("負担金額 医療保険", yen(&h.patient_charge)),
                ("減免区分", opt(&h.reduction_class)),
                ("減額割合", opt(&h.reduction_rate)),
                ("減額金額", yen(&h.reduction_yen)),
            ];
            self.fields("HO", &f, 15)?;
        }
        for k in &r.public_funds {
            let f = [
                ("公費負担者番号", k.payer.as_str().to_owned()),
                (
                    "公費受給者番号",
                    k.recipient
                        .as_ref()
                        .map(|x| x.as_str().to_owned())
                        .unwrap_or_default(),
                ),
                ("任意給付区分", opt(&k.optional_benefit)),
                ("診療実日数", k.days.to_string()),
                ("合計点数", k.points.get().to_string()),
                ("負担金額 公費", yen(&k.charge)),
                ("公費給付対象外来一部負担金", yen(&k.outpatient_copay)),
                ("公費給付対象入院一部負担金", yen(&k.inpatient_copay)),
                ("予備", String::new()),
                ("食事療養・生活療養回数", opt(&k.meal_count)),
                ("食事療養・生活療養合計金額", yen(&k.meal_yen)),
            ];
            self.fields("KO", &f, 12)?;
        }
        for s in &r.confirmations {
            let f = [
                ("負担者種別", s.payer_kind.to_string()),
                ("確認区分", format!("{:02}", s.confirmation)),
                ("保険者番号等", s.payer.clone().unwrap_or_default()),
                (
                    "記号",
                    s.symbol
                        .as_ref()
                        .map(|x| x.as_str().to_owned())
                        .unwrap_or_default(),
                ),
                (
                    "番号",
                    s.number
                        .as_ref()
                        .map(|x| x.as_str().to_owned())
                        .unwrap_or_default(),
                ),
                (
                    "枝番",
                    s.branch
                        .as_ref()
                        .map(|x| x.as_str().to_owned())
                        .unwrap_or_default(),
                ),
                (
                    "受給者番号",
                    s.recipient
                        .as_ref()
                        .map(|x| x.as_str().to_owned())
                        .unwrap_or_default(),
                ),
            ];
            self.fields("SN", &f, 9)?;
        }
        for j in &r.visit_days {
            let mut f = vec![("負担者種別", j.payer_kind.to_string())];
            f.extend(j.days.iter().map(|d| {
                (
                    "受診日等区分",
                    if *d == 0 {
                        String::new()
                    } else {
                        d.to_string()
                    },
                )
            }));
            self.fields("JD", &f, 33)?;
        }
        for d in &r.diagnoses {
            let f = [
                ("傷病名コード", format!("{:07}", d.code)),
                ("診療開始日", ymd(d.start)),
                ("転帰区分", d.outcome.code().to_string()),
                ("修飾語コード", d.modifiers.clone()),
                ("傷病名称", d.name.clone().unwrap_or_default()),
                ("主傷病", if d.main { "01".into() } else { String::new() }),
                ("補足コメント", d.comment.clone().unwrap_or_default()),
            ];
            self.fields("SY", &f, 8)?;
        }
        for item in &r.items {
            self.item(item)?;
        }
        for n in &r.notes {
            self.fields(
                "SJ",
                &[
                    ("症状詳記区分", n.class.clone()),
                    ("症状詳記データ", n.text.clone()),
                ],
                3,
            )?;
        }
        for raw in &r.raw_records {
            let mut text = raw.kind.clone();
            for v in &raw.fields {
                text.push(',');
                text.push_str(v);
            }
            self.raw_line(&text)?;
        }
        Ok(())
    }

    fn raw_line(&mut self, text: &str) -> Result<(), WriteError> {
        if text.contains(['\r', '\n', '\u{1A}']) {
            return Err(WriteError::Separator {
                record: "raw",
                field: "raw",
            });
        }
        let (bytes, _, unmappable) = SHIFT_JIS.encode(text);
        if unmappable {
            return Err(WriteError::Unencodable {
                record: "raw",
                field: "raw",
            });
        }
        self.out.write_all(&bytes)?;
        self.out.write_all(b"\r\n")?;
        Ok(())
    }

    fn fields(
        &mut self,
        kind: &'static str,
        f: &[(&'static str, String)],
        total: usize,
    ) -> Result<(), WriteError> {
        let borrowed: Vec<(&'static str, &str)> = f.iter().map(|(n, v)| (*n, v.as_str())).collect();
        self.record(kind, &borrowed, total)
    }

    fn item(&mut self, item: &LineItem) -> Result<(), WriteError> {
        let kind = item.kind.record().code();
        let class = if item.class_continued {
            String::new()
        } else {
            format!("{:02}", item.service_class)
        };
        let mut f: Vec<(&'static str, String)> = vec![
            ("診療識別", class),
            ("負担区分", item.payer_class.to_string()),
            ("レセ電コード", format!("{:09}", item.code)),
        ];
        if item.kind == ItemKind::Comment {
            f.push(("文字データ", item.text.clone().unwrap_or_default()));
            return self.fields(kind, &f, 5);
        }
        f.push(("数量データ", opt(&item.quantity)));
        f.push((
            "点数",
            item.points.map(|p| p.get().to_string()).unwrap_or_default(),
        ));
        f.push(("回数", item.times.to_string()));
        let total = if let Some(d) = &item.device {
            f.push(("単位コード", opt(&d.unit_code)));
            f.push(("単価", opt(&d.unit_price)));
            f.push(("予備", String::new()));
            f.push((
                "商品名及び規格又はサイズ",
                d.product_name.clone().unwrap_or_default(),
            ));
            48
        } else {
            44
        };
        for c in 0..3 {
            match item.comments.get(c) {
                Some(cm) => {
                    f.push(("コメントコード", format!("{:09}", cm.code)));
                    f.push(("文字データ", cm.text.clone().unwrap_or_default()));
                }
                None => {
                    f.push(("コメントコード", String::new()));
                    f.push(("文字データ", String::new()));
                }
            }
        }
        f.extend(item.days.iter().map(|d| {
            (
                "算定日情報",
                if *d == 0 {
                    String::new()
                } else {
                    d.to_string()
                },
            )
        }));
        self.fields(kind, &f, total)
    }

    /// Writes the GO record (総件数: the HO and KO records written, one per payer of each
    /// receipt; 総合計点数: each receipt's [`Receipt::total_points`]; volume `"99"`) and the 0x1A end mark,
    /// and returns the output.
    pub fn finish(mut self) -> Result<W, WriteError> {
        let f = [
            ("総件数", self.receipts.to_string()),
            ("総合計点数", self.points.get().to_string()),
            ("マルチボリューム識別情報", "99".to_owned()),
        ];
        self.fields("GO", &f, 4)?;
        self.out.write_all(&[0x1A])?;
        self.out.flush()?;
        Ok(self.out)
    }
}
