//! The writer: receipts back to the record format they were read from (Shift_JIS/CP932, CR LF),
//! in each receipt's layout (医科, DPC, 歯科, 調剤), with the file's date form, and, for the
//! payment fund's insurer files, with the history-management columns and the fund's records.

use std::io::Write;

use encoding_rs::SHIFT_JIS;

use super::builder::{ho_layout, ko_layout};
use super::dental::DentalLine;
use super::error::WriteError;
use super::fund::{FundRecords, PrefixedLine};
use super::kind::{ReceiptLayout, RecordKind};
use super::model::*;
use super::pharmacy::PharmacyLine;
use super::record::{Cell, DateForm, LineOut, LinePrefix};

/// Writes a receipt file: [`ReceiptWriter::header`], then [`ReceiptWriter::receipt`] for each
/// receipt, then [`ReceiptWriter::finish`], which writes the GO record (HG in a return file) from
/// the counts.
///
/// A receipt read from an insurer file (its [`FundRecords::claim_prefixes`] are set) is written
/// in that form: every line with its three history-management columns, the claim records as
/// claimed ([`Receipt::as_claimed`]) numbered as they were, the fund's records and corrected
/// lines with their own columns, all in the order of their line numbers.
/// [`ReceiptWriter::insurer_form`] writes every receipt so, and no GO record (none was seen in
/// an insurer file).
#[derive(Debug)]
pub struct ReceiptWriter<W: Write> {
    out: W,
    line: LineOut,
    /// Payer records (HO, KO) written: the GO record's 総件数.
    receipts: u64,
    points: Points,
    header: Option<FileHeader>,
    /// The institution of the last head record written.
    last_institution: Option<String>,
    insurer_form: bool,
    /// The lines of the prefixed receipt being written, sorted before they go out.
    collected: Vec<(LinePrefix, Vec<u8>)>,
    collecting: bool,
}

fn prefixes_from(first: u32) -> impl Iterator<Item = LinePrefix> {
    (first..).map(|line| LinePrefix {
        data_ident: LinePrefix::CLAIM,
        line,
        branch: 0,
    })
}

/// The history-management columns of the claim lines of a receipt being written (none in a
/// clinic file).
struct Numbering {
    prefixes: Option<Box<dyn Iterator<Item = LinePrefix>>>,
    /// The last line number given.
    last: u32,
}

impl Numbering {
    fn next(&mut self) -> Option<LinePrefix> {
        let p = self.prefixes.as_mut()?.next()?;
        self.last = self.last.max(p.line);
        Some(p)
    }
}

impl<W: Write> ReceiptWriter<W> {
    /// A writer into `out`.
    pub fn new(out: W) -> Self {
        ReceiptWriter {
            out,
            line: LineOut::new(DateForm::Gregorian),
            receipts: 0,
            points: Points::ZERO,
            header: None,
            last_institution: None,
            insurer_form: false,
            collected: Vec::new(),
            collecting: false,
        }
    }

    /// Writes dates in `form` (the file header's form otherwise).
    pub fn set_date_form(&mut self, form: DateForm) {
        self.line.form = form;
    }

    /// The output, without a GO record or end mark (for writing receipts on their own).
    pub fn into_inner(self) -> W {
        self.out
    }

    /// The same writer writing every receipt in the insurer files' form (レセ電コード情報ファイル):
    /// lines with history-management columns, no file-level head record, no GO record.
    pub fn insurer_form(mut self) -> Self {
        self.insurer_form = true;
        self
    }

    /// Sends the line built in `self.line` (kind `record`), or keeps it when collecting.
    fn emit(&mut self, record: &'static str, prefix: Option<LinePrefix>) -> Result<(), WriteError> {
        if let Some(field) = self.line.bad {
            return Err(WriteError::Separator { record, field });
        }
        self.line.text.push_str("\r\n");
        let bytes: std::borrow::Cow<'_, [u8]> = if self.line.text.is_ascii() {
            std::borrow::Cow::Borrowed(self.line.text.as_bytes())
        } else {
            let (bytes, _, unmappable) = SHIFT_JIS.encode(&self.line.text);
            if unmappable {
                return Err(WriteError::Unencodable {
                    record,
                    field: "text",
                });
            }
            bytes
        };
        match (self.collecting, prefix) {
            (true, Some(p)) => self.collected.push((p, bytes.into_owned())),
            _ => self.out.write_all(&bytes)?,
        }
        Ok(())
    }

    /// Writes the institution record (IR, YK, UK or HI) that heads the file. A receipt of
    /// another institution later makes the writer repeat it with that institution (IR, or YK
    /// for a pharmacy), as files bundling several institutions do. In the insurer form it is
    /// only remembered (each receipt carries its own).
    pub fn header(&mut self, h: &FileHeader) -> Result<(), WriteError> {
        self.header = Some(h.clone());
        self.line.form = h.date_form;
        self.last_institution = Some(h.institution_recorded.clone());
        if self.insurer_form {
            return Ok(());
        }
        self.head_line(h, None)
    }

    fn head_line(&mut self, h: &FileHeader, prefix: Option<LinePrefix>) -> Result<(), WriteError> {
        let code = h.institution_recorded.as_str();
        let (pref, rest) = code.split_at(2.min(code.len()));
        let (table, number) = rest.split_at(1.min(rest.len()));
        let l = &mut self.line;
        let form = l.form;
        l.form = h.date_form;
        let kind = h.kind.code();
        l.start(prefix, kind);
        let review = h.review_body.to_string();
        let name = "医療機関情報";
        match h.kind {
            RecordKind::Hi => {
                l.put(1, name, &review);
                l.put_month(2, name, h.claim_month);
                l.put(3, name, pref);
                l.put(4, name, table);
                l.put(5, name, number);
                l.put(7, name, &h.volume);
                l.pad_to(8);
            }
            RecordKind::Yk => {
                l.put(1, name, &review);
                l.put(2, name, pref);
                l.put(3, name, table);
                l.put(4, name, number);
                l.put(5, name, &h.name);
                l.put_month(6, name, h.claim_month);
                l.put(7, name, &h.volume);
                l.put(8, name, &h.phone);
                l.pad_to(9);
            }
            RecordKind::Uk => {
                l.put(1, name, &review);
                l.put(2, name, pref);
                l.put(3, name, table);
                l.put(4, name, number);
                l.put(6, name, &h.name);
                l.put_month(7, name, h.claim_month);
                l.put(8, name, h.notifications.as_deref().unwrap_or(""));
                l.put(9, name, &h.volume);
                l.pad_to(10);
            }
            _ if table == "3" => {
                // The dental IR (one per receipt of a dental file).
                l.put(1, name, &review);
                l.put(2, name, pref);
                l.put(3, name, table);
                l.put(4, name, number);
                l.put_month(6, name, h.claim_month);
                l.put(7, name, &h.phone);
                l.put(8, name, h.notifications.as_deref().unwrap_or(""));
                l.pad_to(9);
            }
            _ => {
                l.put(1, name, &review);
                l.put(2, name, pref);
                l.put(3, name, table);
                l.put(4, name, number);
                l.put(6, name, &h.name);
                l.put_month(7, name, h.claim_month);
                l.put(8, name, &h.volume);
                l.put(9, name, &h.phone);
                l.pad_to(10);
            }
        }
        let result = self.emit(kind, prefix);
        self.line.form = form;
        result
    }

    /// Writes one receipt in its layout: the head record it carries (or the file's, repeated
    /// when the institution changes), RE, HO, KO, SN, JD, MF, the kind's records, SJ, the raw
    /// records, then the payment fund's records.
    pub fn receipt(&mut self, r: &Receipt) -> Result<(), WriteError> {
        let fund = r.fund.as_deref();
        let prefixed = self.insurer_form || fund.is_some_and(|f| !f.claim_prefixes.is_empty());
        let claim = r.as_claimed();
        self.receipts += u64::from(r.insurance.is_some()) + r.public_funds.len() as u64;
        self.points = self.points.saturating_add(r.total_points());
        let numbers: Box<dyn Iterator<Item = LinePrefix>> = match fund {
            Some(f) if prefixed && !f.claim_prefixes.is_empty() => {
                let first = f.claim_prefixes.last().map_or(1, |p| p.line + 1);
                Box::new(
                    f.claim_prefixes
                        .clone()
                        .into_iter()
                        .chain(prefixes_from(first)),
                )
            }
            _ => {
                let after_mn = fund
                    .and_then(|f| f.management.as_ref())
                    .and_then(|m| m.prefix)
                    .map_or(1, |p| p.line + 1);
                Box::new(prefixes_from(after_mn))
            }
        };
        let mut next = Numbering {
            prefixes: prefixed.then_some(numbers),
            last: 0,
        };
        self.collecting = prefixed;
        self.collected.clear();

        // The head record.
        match &claim.details.head {
            Some(h) => {
                let p = next.next();
                self.head_line(h, p)?;
            }
            None if !prefixed => self.repeat_header(claim)?,
            None => {
                // Each receipt of an insurer file carries its head record: the file's, with the
                // receipt's institution.
                if let Some(h) = self.header_for(claim) {
                    let p = next.next();
                    self.head_line(&h, p)?;
                }
            }
        }
        self.claim_records(claim, &mut next)?;
        if let Some(f) = fund {
            self.fund_records(f, prefixed, next.last)?;
        }
        if prefixed {
            self.collecting = false;
            let mut lines = std::mem::take(&mut self.collected);
            lines.sort_by_key(|(p, _)| (p.line, p.branch));
            for (_, bytes) in &lines {
                self.out.write_all(bytes)?;
            }
            self.collected = lines;
            self.collected.clear();
        }
        Ok(())
    }

    /// In a clinic file, repeats the file's head record when `r` is of another institution.
    fn repeat_header(&mut self, r: &Receipt) -> Result<(), WriteError> {
        if self.last_institution.as_deref() == Some(&*r.institution_recorded) {
            return Ok(());
        }
        let Some(h) = self.header_for(r) else {
            return Ok(());
        };
        self.last_institution = Some(h.institution_recorded.clone());
        self.head_line(&h, None)
    }

    /// The file's head record with the institution of `r` (IR, or YK for a pharmacy).
    fn header_for(&self, r: &Receipt) -> Option<FileHeader> {
        let mut h = self.header.clone()?;
        h.kind = if r.institution_recorded.get(2..3) == Some("4") {
            RecordKind::Yk
        } else {
            RecordKind::Ir
        };
        h.institution = r.institution.clone();
        h.institution_recorded = r.institution_recorded.to_string();
        Some(h)
    }

    fn claim_records(&mut self, r: &Receipt, next: &mut Numbering) -> Result<(), WriteError> {
        let layout = if r.details.dpc.as_ref().is_some_and(|d| d.medical_re) {
            ReceiptLayout::Medical
        } else {
            r.layout()
        };
        let p = next.next();
        self.re(r, layout, p)?;
        if let Some(h) = &r.insurance {
            let p = next.next();
            self.ho(r, h, layout, p)?;
        }
        for (i, k) in r.public_funds.iter().enumerate() {
            let p = next.next();
            let standard = r
                .details
                .dpc
                .as_ref()
                .and_then(|d| d.public_standard_charges.get(i).copied().flatten());
            self.ko(k, standard, layout, p)?;
        }
        for s in &r.confirmations {
            let p = next.next();
            self.sn(s, p)?;
        }
        for j in &r.visit_days {
            let p = next.next();
            let l = &mut self.line;
            l.start(p, "JD");
            j.payer_kind.write(l, 1, "負担者種別");
            super::record::DayCounts(j.days).write(l, 2, "受診日等区分");
            l.pad_to(33);
            self.emit("JD", p)?;
        }
        for m in &r.details.window_charges {
            let p = next.next();
            let l = &mut self.line;
            l.start(p, "MF");
            m.class.write(l, 1, "窓口負担額区分");
            m.reserved.write(l, 2, "予備");
            l.pad_to(2);
            self.emit("MF", p)?;
        }
        for g in &r.details.outside_bundle {
            let p = next.next();
            let l = &mut self.line;
            l.start(p, "GR");
            g.reason.write(l, 1, "医科点数表算定理由");
            g.dpc_code.write(l, 2, "ＤＰＣコード");
            l.pad_to(3);
            self.emit("GR", p)?;
        }
        match layout {
            ReceiptLayout::Dental => {
                if let Some(d) = &r.details.dental {
                    for hs in &d.diagnoses {
                        let p = next.next();
                        hs.write_into(&mut self.line, p);
                        self.emit("HS", p)?;
                    }
                    for line in &d.body {
                        let p = next.next();
                        let code = match line {
                            DentalLine::Procedure(x) => {
                                x.write_into(&mut self.line, p);
                                "SS"
                            }
                            DentalLine::MedicalProcedure(x) => {
                                x.write_into(&mut self.line, p);
                                "SI"
                            }
                            DentalLine::Drug(x) => {
                                x.write_into(&mut self.line, p);
                                "IY"
                            }
                            DentalLine::Device(x) => {
                                x.write_into(&mut self.line, p);
                                "TO"
                            }
                            DentalLine::Comment(x) => {
                                x.write_into(&mut self.line, p);
                                "CO"
                            }
                        };
                        self.emit(code, p)?;
                    }
                }
            }
            ReceiptLayout::Pharmacy => {
                if let Some(ph) = &r.details.pharmacy {
                    for line in &ph.body {
                        let p = next.next();
                        let l = &mut self.line;
                        let code = match line {
                            PharmacyLine::Prescription(x) => {
                                x.write_into(l, p);
                                "SH"
                            }
                            PharmacyLine::Dispensing(x) => {
                                x.write_into(l, p);
                                "CZ"
                            }
                            PharmacyLine::Drug(x) => {
                                x.write_into(l, p);
                                "IY"
                            }
                            PharmacyLine::Device(x) => {
                                x.write_into(l, p);
                                "TO"
                            }
                            PharmacyLine::Comment(x) => {
                                x.write_into(l, p);
                                "CO"
                            }
                            PharmacyLine::Remark(x) => {
                                x.write_into(l, p);
                                "TK"
                            }
                            PharmacyLine::BasicFees(x) => {
                                x.write_into(l, p);
                                "KI"
                            }
                            PharmacyLine::SplitFee(x) => {
                                x.write_into(l, p);
                                "ST"
                            }
                        };
                        self.emit(code, p)?;
                    }
                }
            }
            _ => {
                let dpc = r.details.dpc.as_deref();
                if let Some(d) = dpc {
                    for x in &d.groups {
                        let p = next.next();
                        x.write_into(&mut self.line, p);
                        self.emit("BU", p)?;
                    }
                    for x in &d.diseases {
                        let p = next.next();
                        x.write_into(&mut self.line, p);
                        self.emit("SB", p)?;
                    }
                }
                for d in &r.diagnoses {
                    let p = next.next();
                    self.sy(d, p)?;
                }
                if let Some(d) = dpc {
                    for x in &d.basics {
                        let p = next.next();
                        x.write_into(&mut self.line, p);
                        self.emit("KK", p)?;
                    }
                    for x in &d.procedures {
                        let p = next.next();
                        x.write_into(&mut self.line, p);
                        self.emit("SK", p)?;
                    }
                    for x in &d.stays_out {
                        let p = next.next();
                        x.write_into(&mut self.line, p);
                        self.emit("GA", p)?;
                    }
                    for x in &d.bundled {
                        let p = next.next();
                        x.write_into(&mut self.line, p);
                        self.emit("HH", p)?;
                    }
                    for x in &d.adjustments {
                        let p = next.next();
                        x.write_into(&mut self.line, p);
                        self.emit("GT", p)?;
                    }
                }
                for item in &r.items {
                    let p = next.next();
                    self.item(item, p)?;
                }
                for n in &r.notes {
                    let p = next.next();
                    self.sj(n, p)?;
                }
                if let Some(d) = dpc {
                    for x in &d.coding {
                        let p = next.next();
                        x.write_into(&mut self.line, p);
                        self.emit("CD", p)?;
                    }
                }
                return self.raw_records(r, next);
            }
        }
        for n in &r.notes {
            let p = next.next();
            self.sj(n, p)?;
        }
        self.raw_records(r, next)
    }

    fn raw_records(&mut self, r: &Receipt, next: &mut Numbering) -> Result<(), WriteError> {
        for raw in &r.raw_records {
            let p = next.next();
            self.raw_line(p, raw)?;
        }
        Ok(())
    }

    fn re(
        &mut self,
        r: &Receipt,
        layout: ReceiptLayout,
        prefix: Option<LinePrefix>,
    ) -> Result<(), WriteError> {
        let d = &r.details;
        let l = &mut self.line;
        l.start(prefix, "RE");
        r.number.write(l, 1, "レセプト番号");
        l.put(2, "レセプト種別", &r.kind.code());
        l.put_month(3, "診療年月", r.service_month);
        l.put(4, "氏名", r.patient.name.as_str());
        l.put(5, "男女区分", &r.patient.sex.code().to_string());
        l.put_date(6, "生年月日", r.patient.birth_date);
        r.benefit_ratio.write(l, 7, "給付割合");
        let kana = r.patient.kana.as_ref().map(|k| k.as_str()).unwrap_or("");
        let departments = |l: &mut LineOut, first: usize, sets: usize| {
            for (k, dep) in d.departments.iter().take(sets).enumerate() {
                let i = first + 5 * k;
                dep.name.write(l, i, "診療科名");
                dep.body_part.write(l, i + 1, "人体の部位等");
                dep.sex.write(l, i + 2, "性別等");
                dep.treatment.write(l, i + 3, "医学的処置");
                dep.disease.write(l, i + 4, "特定疾病");
            }
        };
        match layout {
            ReceiptLayout::Dpc => {
                r.admission_date.write(l, 8, "入院年月日");
                d.ward.write(l, 9, "病棟区分");
                r.charge_class.write(l, 10, "一部負担金区分");
                l.put(11, "レセプト特記事項", &r.special_notes);
                d.chart_number.write(l, 13, "カルテ番号等");
                d.discount_unit_price.write(l, 14, "割引点数単価");
                if let Some(dpc) = &d.dpc {
                    dpc.summary_class.write(l, 18, "レセプト総括区分");
                    dpc.detail_count.write(l, 19, "明細情報数");
                }
                d.search_number.write(l, 20, "検索番号");
                d.claim_info.write(l, 22, "請求情報");
                departments(l, 23, 1);
                l.put(28, "カタカナ氏名", kana);
                d.patient_state.write(l, 29, "患者の状態");
                l.pad_to(30);
            }
            ReceiptLayout::Dental => {
                r.admission_date.write(l, 8, "入院年月日");
                if let Some(dental) = &d.dental {
                    dental.start_date.write(l, 9, "診療開始日");
                    dental.outcome.write(l, 10, "転帰区分");
                }
                d.ward.write(l, 11, "病棟区分");
                r.charge_class.write(l, 12, "一部負担金区分");
                l.put(13, "レセプト特記事項", &r.special_notes);
                d.chart_number.write(l, 15, "カルテ番号等");
                if let Some(dental) = &d.dental {
                    dental.claim_info1.write(l, 16, "請求情報1");
                    dental.not_visited.write(l, 18, "未来院請求");
                }
                d.search_number.write(l, 19, "検索番号");
                d.claim_info.write(l, 21, "請求情報2");
                l.put(25, "カタカナ氏名", kana);
                d.patient_state.write(l, 26, "患者の状態");
                l.pad_to(27);
            }
            ReceiptLayout::Pharmacy => {
                l.put(8, "レセプト特記事項", &r.special_notes);
                if let Some(p) = &d.pharmacy {
                    let code = p.prescriber_recorded.as_str();
                    if !code.is_empty() {
                        let (pref, rest) = code.split_at(2.min(code.len()));
                        let (table, number) = rest.split_at(1.min(rest.len()));
                        l.put(9, "都道府県", pref);
                        l.put(10, "点数表", table);
                        l.put(11, "医療機関コード", number);
                    }
                    p.prescriber_name.write(l, 12, "医療機関名称");
                    p.prescriber_address.write(l, 13, "医療機関所在地");
                    for (k, doctor) in p.doctors.iter().take(20).enumerate() {
                        doctor.write(l, 14 + k, "保険医氏名");
                    }
                    p.narcotics_licence.write(l, 34, "麻薬免許番号");
                }
                d.chart_number.write(l, 35, "調剤録番号等");
                d.search_number.write(l, 37, "検索番号");
                d.claim_info.write(l, 39, "請求情報");
                r.charge_class.write(l, 40, "一部負担金区分");
                l.put(41, "カタカナ氏名", kana);
                l.pad_to(42);
            }
            _ => {
                r.admission_date.write(l, 8, "入院年月日");
                d.ward.write(l, 9, "病棟区分");
                r.charge_class.write(l, 10, "一部負担金区分");
                l.put(11, "レセプト特記事項", &r.special_notes);
                d.beds.write(l, 12, "病床数");
                d.chart_number.write(l, 13, "カルテ番号等");
                d.discount_unit_price.write(l, 14, "割引点数単価");
                d.search_number.write(l, 18, "検索番号");
                d.claim_info.write(l, 20, "請求情報");
                departments(l, 21, 3);
                l.put(36, "カタカナ氏名", kana);
                d.patient_state.write(l, 37, "患者の状態");
                l.pad_to(38);
            }
        }
        self.emit("RE", prefix)
    }

    fn ho(
        &mut self,
        r: &Receipt,
        h: &InsurancePart,
        layout: ReceiptLayout,
        prefix: Option<LinePrefix>,
    ) -> Result<(), WriteError> {
        let lo = ho_layout(layout);
        let l = &mut self.line;
        l.start(prefix, "HO");
        l.put(1, "保険者番号", h.insurer.as_str());
        l.put(2, "記号", h.symbol.as_ref().map_or("", |s| s.as_str()));
        l.put(3, "番号", h.number.as_ref().map_or("", |s| s.as_str()));
        h.days.write(l, 4, "診療実日数");
        h.points.get().write(l, 5, "合計点数");
        if let Some(i) = lo.meal_count {
            h.meal_count.write(l, i, "食事療養・生活療養回数");
        }
        if let Some(i) = lo.meal_yen {
            h.meal_yen
                .map(|y| y.get())
                .write(l, i, "食事療養・生活療養合計金額");
        }
        h.occupational.write(l, lo.occupational, "職務上の事由");
        r.details
            .certificate_number
            .write(l, lo.certificate, "証明書番号");
        h.patient_charge
            .map(|y| y.get())
            .write(l, lo.charge, "負担金額");
        h.reduction_class.write(l, lo.reduction_class, "減免区分");
        h.reduction_rate.write(l, lo.reduction_rate, "減額割合");
        h.reduction_yen
            .map(|y| y.get())
            .write(l, lo.reduction_yen, "減額金額");
        if let Some(i) = lo.standard {
            r.details
                .dpc
                .as_ref()
                .and_then(|d| d.insurance_standard_charge)
                .write(l, i, "標準負担額");
        }
        l.pad_to(lo.positions);
        self.emit("HO", prefix)
    }

    fn ko(
        &mut self,
        k: &PublicFundPart,
        standard: Option<i64>,
        layout: ReceiptLayout,
        prefix: Option<LinePrefix>,
    ) -> Result<(), WriteError> {
        let lo = ko_layout(layout);
        let l = &mut self.line;
        l.start(prefix, "KO");
        l.put(1, "公費負担者番号", k.payer.as_str());
        l.put(
            2,
            "公費受給者番号",
            k.recipient.as_ref().map_or("", |x| x.as_str()),
        );
        k.optional_benefit.write(l, 3, "任意給付区分");
        k.days.write(l, 4, "診療実日数");
        k.points.get().write(l, 5, "合計点数");
        k.charge.map(|y| y.get()).write(l, lo.charge, "負担金額");
        if let Some(i) = lo.outpatient {
            k.outpatient_copay
                .map(|y| y.get())
                .write(l, i, "外来一部負担金");
        }
        if let Some(i) = lo.inpatient {
            k.inpatient_copay
                .map(|y| y.get())
                .write(l, i, "入院一部負担金");
        }
        if let Some(i) = lo.meal_count {
            k.meal_count.write(l, i, "食事療養・生活療養回数");
        }
        if let Some(i) = lo.meal_yen {
            k.meal_yen
                .map(|y| y.get())
                .write(l, i, "食事療養・生活療養合計金額");
        }
        if let Some(i) = lo.standard {
            standard.write(l, i, "標準負担額");
        }
        l.pad_to(lo.positions);
        self.emit("KO", prefix)
    }

    fn sn(
        &mut self,
        s: &EligibilityConfirmation,
        prefix: Option<LinePrefix>,
    ) -> Result<(), WriteError> {
        let l = &mut self.line;
        l.start(prefix, "SN");
        s.payer_kind.write(l, 1, "負担者種別");
        l.put(2, "確認区分", &format!("{:02}", s.confirmation));
        s.payer.write(l, 3, "保険者番号等");
        l.put(4, "記号", s.symbol.as_ref().map_or("", |x| x.as_str()));
        l.put(5, "番号", s.number.as_ref().map_or("", |x| x.as_str()));
        l.put(6, "枝番", s.branch.as_ref().map_or("", |x| x.as_str()));
        l.put(
            7,
            "受給者番号",
            s.recipient.as_ref().map_or("", |x| x.as_str()),
        );
        l.pad_to(9);
        self.emit("SN", prefix)
    }

    fn sy(&mut self, d: &Diagnosis, prefix: Option<LinePrefix>) -> Result<(), WriteError> {
        let l = &mut self.line;
        l.start(prefix, "SY");
        l.put(1, "傷病名コード", &format!("{:07}", d.code));
        l.put_date(2, "診療開始日", d.start);
        d.outcome.code().write(l, 3, "転帰区分");
        l.put(4, "修飾語コード", &d.modifiers);
        d.name.write(l, 5, "傷病名称");
        l.put(6, "主傷病", if d.main { "01" } else { "" });
        d.comment.write(l, 7, "補足コメント");
        l.pad_to(8);
        self.emit("SY", prefix)
    }

    fn sj(&mut self, n: &SymptomNote, prefix: Option<LinePrefix>) -> Result<(), WriteError> {
        let l = &mut self.line;
        l.start(prefix, "SJ");
        l.put(1, "症状詳記区分", &n.class);
        l.put(2, "症状詳記データ", &n.text);
        l.pad_to(3);
        self.emit("SJ", prefix)
    }

    fn raw_line(&mut self, prefix: Option<LinePrefix>, raw: &RawRecord) -> Result<(), WriteError> {
        let l = &mut self.line;
        l.start(prefix, &raw.kind);
        for (i, v) in raw.fields.iter().enumerate() {
            l.put(i + 1, "raw", v);
        }
        if l.text.contains(['\r', '\n', '\u{1A}']) {
            l.bad.get_or_insert("raw");
        }
        self.emit("raw", prefix)
    }

    fn item(&mut self, item: &LineItem, prefix: Option<LinePrefix>) -> Result<(), WriteError> {
        let kind = item.kind.record().code();
        let l = &mut self.line;
        l.start(prefix, kind);
        if !item.class_continued {
            l.put(1, "診療識別", &format!("{:02}", item.service_class));
        }
        l.put(2, "負担区分", item.payer_class.encode_utf8(&mut [0; 4]));
        l.put(3, "レセ電コード", &format!("{:09}", item.code));
        if item.kind == ItemKind::Comment {
            item.text.write(l, 4, "文字データ");
            l.pad_to(5);
            return self.emit(kind, prefix);
        }
        item.quantity.write(l, 4, "数量データ");
        item.points.map(|p| p.get()).write(l, 5, "点数");
        item.times.write(l, 6, "回数");
        let (first, total) = if let Some(d) = &item.device {
            d.unit_code.write(l, 7, "単位コード");
            d.unit_price.write(l, 8, "単価");
            d.product_name.write(l, 10, "商品名及び規格又はサイズ");
            (11, 48)
        } else {
            (7, 44)
        };
        for (c, cm) in item.comments.iter().take(3).enumerate() {
            l.put(first + 2 * c, "コメントコード", &format!("{:09}", cm.code));
            cm.text.write(l, first + 2 * c + 1, "文字データ");
        }
        super::record::DayCounts(item.days).write(l, first + 6, "算定日情報");
        l.pad_to(total);
        self.emit(kind, prefix)
    }

    /// The fund's records of a receipt: in an insurer file, with their own columns (MN, the
    /// corrected lines, JY, EX, RC, ON, …; numbered after the claim lines when they have none);
    /// in a return file, HR and the history block after the claim records.
    fn fund_records(
        &mut self,
        f: &FundRecords,
        prefixed: bool,
        last_claim: u32,
    ) -> Result<(), WriteError> {
        let mut last = f
            .claim_prefixes
            .iter()
            .chain(f.management.as_ref().and_then(|m| m.prefix.as_ref()))
            .map(|p| p.line)
            .chain(std::iter::once(last_claim))
            .max()
            .unwrap_or(0);
        let mut own = |p: Option<LinePrefix>| -> Option<LinePrefix> {
            if !prefixed {
                return p;
            }
            Some(p.unwrap_or_else(|| {
                last += 1;
                LinePrefix {
                    data_ident: LinePrefix::FUND,
                    line: last,
                    branch: 0,
                }
            }))
        };
        macro_rules! each {
            ($list:expr, $code:literal) => {
                for x in $list {
                    let p = own(x.prefix);
                    x.record.write_into(&mut self.line, p);
                    self.emit($code, p)?;
                }
            };
        }
        if let Some(m) = &f.management {
            let p = own(m.prefix);
            m.record.write_into(&mut self.line, p);
            self.emit("MN", p)?;
        }
        each!(&f.returns, "HR");
        each!(&f.requests, "MD");
        each!(&f.request_targets, "RT");
        each!(&f.related, "JR");
        each!(&f.results, "MK");
        for c in &f.corrections {
            if let Some(line) = &c.replacement {
                self.prefixed_line(line)?;
            }
            let p = own(c.record.prefix);
            c.record.record.write_into(&mut self.line, p);
            self.emit("JY", p)?;
        }
        each!(&f.review, "EX");
        each!(&f.record_management, "RC");
        each!(&f.eligibility, "ON");
        for line in f.unreferenced.iter().chain(&f.history) {
            self.prefixed_line(line)?;
        }
        Ok(())
    }

    fn prefixed_line(&mut self, line: &PrefixedLine) -> Result<(), WriteError> {
        self.raw_line(Some(line.prefix), &line.record)
    }

    /// Writes the GO record (HG in a return file: 総件数, the HO and KO records written, one
    /// per payer of each receipt; 総合計点数, each receipt's [`Receipt::total_points`]; volume
    /// `"99"`), except in the insurer form, and the 0x1A end mark, and returns the output.
    pub fn finish(mut self) -> Result<W, WriteError> {
        if !self.insurer_form {
            let code = if self
                .header
                .as_ref()
                .is_some_and(|h| h.kind == RecordKind::Hi)
            {
                "HG"
            } else {
                "GO"
            };
            let l = &mut self.line;
            l.start(None, code);
            self.receipts.write(l, 1, "総件数");
            self.points.get().write(l, 2, "総合計点数");
            l.put(3, "マルチボリューム識別情報", "99");
            self.emit(code, None)?;
        }
        self.out.write_all(&[0x1A])?;
        self.out.flush()?;
        Ok(self.out)
    }
}
