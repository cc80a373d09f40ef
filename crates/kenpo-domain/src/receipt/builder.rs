//! Building one receipt from its records: the parsers of every record of every layout, and the
//! rule that says which records a receipt of a layout takes. The reader ([`super::reader`])
//! decides where receipts start and end and reports errors with their place; this module turns
//! lines into typed values.
//!
//! Each parser reads its record's fields in increasing order from a [`RawCursor`] over the raw
//! line; [`parse_whole`] then checks the rest of the line.

use std::borrow::Cow;

use super::dental::{
    DentalComment, DentalDetail, DentalDevice, DentalDiagnosis, DentalDrug, DentalLine,
    DentalMedicalProcedure, DentalProcedure,
};
use super::dpc::{
    BundledEvaluation, CodingData, DiagnosisGroup, DpcDetail, DpcDisease, DpcProcedure,
    PatientBasics, StayOut, TotalAdjustment,
};
use super::error::{FieldError, Problem};
use super::fields::{RawCursor, RawField};
use super::fund::{
    Correction, CorrectionRecord, EligibilityOperation, FundRecords, Prefixed, ReasonTarget,
    ReceiptManagement, RecordManagement, ReexaminationRequest, ReexaminationResult, RelatedReceipt,
    ReturnReason, ReviewOperation,
};
use super::kind::{ReceiptKind, ReceiptLayout, RecordKind};
use super::model::*;
use super::pharmacy::{
    BasicFees, Dispensing, PharmacyComment, PharmacyDetail, PharmacyDevice, PharmacyDrug,
    PharmacyLine, Prescription, Remark, SplitFee,
};
use super::record::{Cell, DateForm, Digits, LinePrefix, PersonalText, Rest};
use crate::identifiers::{
    BranchNumber, InstitutionCode, InsuredNumber, InsuredSymbol, InsurerNumber,
};
use crate::money::Yen;
use crate::person::{KanaName, PersonName, Sex};

/// Parses a whole record with `parse`, then checks the rest of the line.
pub(super) fn parse_whole<'a, T>(
    raw: &'a [u8],
    parse: impl FnOnce(&mut RawCursor<'a>) -> Result<T, FieldError>,
) -> Result<T, FieldError> {
    let mut c = RawCursor::new(raw);
    let value = parse(&mut c)?;
    c.finish()?;
    Ok(value)
}

// ---- field helpers ----

pub(super) fn missing(i: usize, name: &'static str) -> FieldError {
    FieldError::new(i, name, Problem::MissingField)
}

pub(super) fn malformed(i: usize, name: &'static str, expected: &'static str) -> FieldError {
    FieldError::new(i, name, Problem::Malformed { expected })
}

fn personal(mut e: FieldError) -> FieldError {
    e.personal = true;
    e
}

/// An optional amount in yen.
fn opt_yen(f: RawField<'_>, name: &'static str) -> Result<Option<Yen>, FieldError> {
    Ok(f.opt_signed(name)?.map(Yen::new))
}

/// A personal text field (name, symbol, number), decoded; `f` applies the type's rules.
fn personal_text<T, E>(
    field: RawField<'_>,
    name: &'static str,
    expected: &'static str,
    make: impl FnOnce(Cow<'_, str>) -> Result<T, E>,
) -> Result<T, FieldError> {
    make(field.text()?).map_err(|_| personal(malformed(field.index(), name, expected)))
}

fn opt_personal_text<T, E>(
    field: RawField<'_>,
    name: &'static str,
    expected: &'static str,
    make: impl FnOnce(Cow<'_, str>) -> Result<T, E>,
) -> Result<Option<T>, FieldError> {
    if field.is_empty() {
        Ok(None)
    } else {
        personal_text(field, name, expected, make).map(Some)
    }
}

/// A typed cell at `index` (see [`Cell`]).
fn cell<T: Cell>(c: &mut RawCursor<'_>, index: usize, name: &'static str) -> Result<T, FieldError> {
    T::read(c, index, name)
}

/// Personal text (カルテ番号, 保険医氏名): errors never quote it.
fn opt_personal(
    c: &mut RawCursor<'_>,
    index: usize,
    name: &'static str,
) -> Result<Option<PersonalText>, FieldError> {
    cell::<Option<PersonalText>>(c, index, name).map_err(personal)
}

// ---- the institution records ----

/// The date form of a 請求年月 field: 5 digits are the era form GYYMM.
fn form_of(field: &RawField<'_>) -> DateForm {
    if field.len() == 5 {
        DateForm::Era
    } else {
        DateForm::Gregorian
    }
}

/// The institution code of a head record from its three fields.
fn institution_code(
    pref: RawField<'_>,
    table: RawField<'_>,
    code: RawField<'_>,
    code_index: usize,
) -> Result<(Option<InstitutionCode>, String), FieldError> {
    let pref = pref.req("都道府県")?;
    let table = table.req("点数表")?;
    let code = code.req("医療機関コード")?;
    if pref.len() != 2 || table.len() != 1 || code.len() != 7 {
        return Err(malformed(
            code_index,
            "医療機関コード",
            "prefecture (2) + score table (1) + code (7)",
        ));
    }
    if !(pref.all_digits() && table.all_digits() && code.all_digits()) {
        return Err(malformed(code_index, "医療機関コード", "digits"));
    }
    let recorded = format!(
        "{}{}{}",
        pref.ascii().unwrap_or_default(),
        table.ascii().unwrap_or_default(),
        code.ascii().unwrap_or_default()
    );
    Ok((InstitutionCode::new(&recorded).ok(), recorded))
}

/// `true` when an IR line is in the dental layout: its 点数表 (position 4) is 3.
fn dental_ir(raw: &[u8]) -> bool {
    let mut c = RawCursor::new(raw);
    matches!(c.field(3), Ok(f) if f.is("3"))
}

/// Parses a head record: IR (medical, or dental when its 点数表 is 3), YK, UK or HI.
pub(super) fn parse_header(raw: &[u8], kind: RecordKind) -> Result<FileHeader, FieldError> {
    let dental = kind == RecordKind::Ir && dental_ir(raw);
    parse_whole(raw, |c| {
        let review_body = c.field(1)?.num::<u8>("審査支払機関")?;
        let mut h = FileHeader {
            kind,
            review_body,
            institution: None,
            institution_recorded: String::new(),
            name: String::new(),
            claim_month: crate::calendar::YearMonth::of(chrono::NaiveDate::MIN),
            volume: String::new(),
            phone: String::new(),
            notifications: None,
            date_form: DateForm::Gregorian,
        };
        let month;
        match kind {
            RecordKind::Hi => {
                month = c.field(2)?;
                h.claim_month = month.month("請求年月")?;
                let (inst, rec) = institution_code(c.field(3)?, c.field(4)?, c.field(5)?, 5)?;
                (h.institution, h.institution_recorded) = (inst, rec);
                h.volume = c.field(7)?.text()?.into_owned();
            }
            _ => {
                let (inst, rec) = institution_code(c.field(2)?, c.field(3)?, c.field(4)?, 4)?;
                (h.institution, h.institution_recorded) = (inst, rec);
                match (kind, dental) {
                    (RecordKind::Yk, _) => {
                        h.name = c.field(5)?.text()?.into_owned();
                        month = c.field(6)?;
                        h.claim_month = month.month("請求年月")?;
                        h.volume = c.field(7)?.text()?.into_owned();
                        h.phone = c.field(8)?.text()?.into_owned();
                    }
                    (RecordKind::Uk, _) => {
                        h.name = c.field(6)?.text()?.into_owned();
                        month = c.field(7)?;
                        h.claim_month = month.month("請求年月")?;
                        h.notifications = c.field(8)?.opt_text()?;
                        h.volume = c.field(9)?.text()?.into_owned();
                    }
                    (_, true) => {
                        month = c.field(6)?;
                        h.claim_month = month.month("請求年月")?;
                        h.phone = c.field(7)?.text()?.into_owned();
                        h.notifications = c.field(8)?.opt_text()?;
                    }
                    _ => {
                        h.name = c.field(6)?.text()?.into_owned();
                        month = c.field(7)?;
                        h.claim_month = month.month("請求年月")?;
                        h.volume = c.field(8)?.text()?.into_owned();
                        h.phone = c.field(9)?.text()?.into_owned();
                    }
                }
            }
        }
        h.date_form = form_of(&month);
        Ok(h)
    })
}

/// GO (and HG, the same layout).
pub(super) fn parse_go(c: &mut RawCursor<'_>) -> Result<ClaimSummary, FieldError> {
    Ok(ClaimSummary {
        receipts: c.field(1)?.num("総件数")?,
        points: Points::new(c.field(2)?.signed("総合計点数")?),
        volume: c.field(3)?.text()?.into_owned(),
    })
}

// ---- RE ----

/// The layout of a receipt from its RE line: the first digit of レセプト種別 (1 医科, 3 歯科,
/// 4 調剤, 6 訪問看護), and for a medical receipt the number of positions (the DPC RE has 30,
/// the medical one 38). `None` when the kind digit is none of these.
pub(super) fn layout_of_re(raw: &[u8]) -> Option<ReceiptLayout> {
    let mut c = RawCursor::new(raw);
    let kind = c.field(2).ok()?;
    let digit = match kind.bytes() {
        b @ [first, ..] if b.is_ascii() => *first,
        _ => return None,
    };
    Some(match digit {
        b'3' => ReceiptLayout::Dental,
        b'4' => ReceiptLayout::Pharmacy,
        b'6' => ReceiptLayout::VisitingNursing,
        _ => {
            // Positions = commas + 1: the DPC RE has 30, the medical one 38.
            if memchr::memchr_iter(b',', raw).count() < 30 {
                ReceiptLayout::Dpc
            } else {
                ReceiptLayout::Medical
            }
        }
    })
}

/// Positions 2–8 of every RE layout: レセプト番号, 種別, 診療年月, 氏名, 男女区分, 生年月日,
/// 給付割合.
struct ReHead {
    number: u32,
    kind: ReceiptKind,
    service_month: crate::calendar::YearMonth,
    name: PersonName,
    sex: Sex,
    birth_date: chrono::NaiveDate,
    benefit_ratio: Option<u8>,
}

fn parse_re_head(c: &mut RawCursor<'_>) -> Result<ReHead, FieldError> {
    let number = c.field(1)?.num::<u32>("レセプト番号")?;
    let kind_field = c.field(2)?.req("レセプト種別")?;
    let kind = kind_field
        .ascii()
        .and_then(|t| ReceiptKind::from_code(t).ok())
        .ok_or_else(|| malformed(2, "レセプト種別", "a receipt kind code of 別表5"))?;
    let service_month = c.field(3)?.month("診療年月")?;
    let name_field = c.field(4)?;
    let name = PersonName::from_compact(name_field.compact()?).map_err(|_| {
        personal(malformed(
            name_field.index(),
            "氏名",
            "a name of 1–100 characters",
        ))
    })?;
    let sex_field = c.field(5)?.req("男女区分")?;
    let sex = match sex_field.bytes() {
        b"1" => Sex::Male,
        b"2" => Sex::Female,
        _ => sex_field
            .ascii()
            .and_then(|t| Sex::from_code(t).ok())
            .ok_or_else(|| malformed(5, "男女区分", "1 or 2"))?,
    };
    let birth_date = c.field(6)?.date("生年月日").map_err(personal)?;
    let benefit_ratio = c.field(7)?.opt_num("給付割合")?;
    Ok(ReHead {
        number,
        kind,
        service_month,
        name,
        sex,
        birth_date,
        benefit_ratio,
    })
}

fn special_notes(f: RawField<'_>) -> Result<String, FieldError> {
    if f.is_empty() {
        return Ok(String::new());
    }
    if !f.all_digits() {
        return Err(malformed(f.index(), "レセプト特記事項", "2-digit codes"));
    }
    Ok(f.ascii().unwrap_or_default().to_owned())
}

fn kana(f: RawField<'_>) -> Result<Option<KanaName>, FieldError> {
    if f.is_empty() {
        return Ok(None);
    }
    KanaName::from_compact(f.compact()?)
        .map(Some)
        .map_err(|_| personal(malformed(f.index(), "カタカナ氏名", "katakana")))
}

/// `sets` 診療科 of five fields from `first`; trailing empty ones are not kept.
fn departments(
    c: &mut RawCursor<'_>,
    first: usize,
    sets: usize,
) -> Result<Vec<Department>, FieldError> {
    let mut out = Vec::new();
    for k in 0..sets {
        let i = first + 5 * k;
        if c.skip_empty(5 * (sets - k)) {
            break;
        }
        out.push(Department {
            name: cell(c, i, "診療科名")?,
            body_part: cell(c, i + 1, "人体の部位等")?,
            sex: cell(c, i + 2, "性別等")?,
            treatment: cell(c, i + 3, "医学的処置")?,
            disease: cell(c, i + 4, "特定疾病")?,
        });
    }
    while out.last().is_some_and(|d| *d == Department::default()) {
        out.pop();
    }
    Ok(out)
}

/// The receipt an RE opens, from its positions 2–8: in `spare`'s box, when there is one (a
/// receipt lent before: its vectors keep their room, everything else is set anew), else in a
/// new box. Filled where it stays, so the large receipt is not moved from parser to reader.
fn open_receipt(
    head: ReHead,
    position: ReceiptPosition,
    (institution, institution_recorded): Institution,
    spare: &mut Option<Box<Receipt>>,
) -> Box<Receipt> {
    let patient = Patient {
        name: head.name,
        kana: None,
        sex: head.sex,
        birth_date: head.birth_date,
    };
    let Some(mut r) = spare.take() else {
        let mut r = Box::new(Receipt {
            position,
            institution,
            institution_recorded,
            number: head.number,
            kind: head.kind,
            service_month: head.service_month,
            patient,
            benefit_ratio: head.benefit_ratio,
            admission_date: None,
            charge_class: None,
            special_notes: String::new(),
            insurance: None,
            public_funds: Vec::new(),
            confirmations: Vec::new(),
            visit_days: Vec::new(),
            diagnoses: Vec::new(),
            items: Vec::new(),
            notes: Vec::new(),
            raw_records: Vec::new(),
            details: ReceiptDetails::default(),
            fund: None,
        });
        r.diagnoses.reserve(4);
        r.items.reserve(8);
        return r;
    };
    // Every field named, so that a field added to `Receipt` must be reset here too.
    let Receipt {
        position: r_position,
        institution: r_institution,
        institution_recorded: r_recorded,
        number,
        kind,
        service_month,
        patient: r_patient,
        benefit_ratio,
        admission_date,
        charge_class,
        special_notes,
        insurance,
        public_funds,
        confirmations,
        visit_days,
        diagnoses,
        items,
        notes,
        raw_records,
        details,
        fund,
    } = &mut *r;
    *r_position = position;
    *r_institution = institution;
    *r_recorded = institution_recorded;
    *number = head.number;
    *kind = head.kind;
    *service_month = head.service_month;
    *r_patient = patient;
    *benefit_ratio = head.benefit_ratio;
    *admission_date = None;
    *charge_class = None;
    special_notes.clear();
    *insurance = None;
    public_funds.clear();
    confirmations.clear();
    visit_days.clear();
    diagnoses.clear();
    items.clear();
    notes.clear();
    raw_records.clear();
    *details = ReceiptDetails::default();
    *fund = None;
    r
}

/// The institution a receipt takes: the code of the last head record when valid, and its digits
/// as recorded.
pub(super) type Institution = (Option<InstitutionCode>, std::sync::Arc<str>);

/// The medical RE (38 positions), the hot path.
fn parse_re_medical(c: &mut RawCursor<'_>, r: &mut Receipt) -> Result<(), FieldError> {
    r.admission_date = c.field(8)?.opt_date("入院年月日")?;
    let d = &mut r.details;
    d.ward = cell(c, 9, "病棟区分")?;
    r.charge_class = c
        .field(10)?
        .opt_num("一部負担金・食事療養費・生活療養費標準負担額区分")?;
    r.special_notes = special_notes(c.field(11)?)?;
    if !c.skip_empty(9) {
        d.beds = cell(c, 12, "病床数")?;
        d.chart_number = opt_personal(c, 13, "カルテ番号等")?;
        d.discount_unit_price = cell(c, 14, "割引点数単価")?;
        d.search_number = cell(c, 18, "検索番号")?;
        d.claim_info = cell(c, 20, "請求情報")?;
    }
    d.departments = departments(c, 21, 3)?;
    r.patient.kana = kana(c.field(36)?)?;
    r.details.patient_state = cell(c, 37, "患者の状態")?;
    Ok(())
}

/// The DPC RE (30 positions).
fn parse_re_dpc(c: &mut RawCursor<'_>, r: &mut Receipt) -> Result<(), FieldError> {
    r.admission_date = c.field(8)?.opt_date("入院年月日")?;
    r.details.ward = cell(c, 9, "病棟区分")?;
    r.charge_class = c
        .field(10)?
        .opt_num("一部負担金・食事療養費・生活療養費標準負担額区分")?;
    r.special_notes = special_notes(c.field(11)?)?;
    let d = &mut r.details;
    d.chart_number = opt_personal(c, 13, "カルテ番号等")?;
    d.discount_unit_price = cell(c, 14, "割引点数単価")?;
    let dpc = DpcDetail {
        summary_class: cell(c, 18, "レセプト総括区分")?,
        detail_count: cell(c, 19, "明細情報数")?,
        ..DpcDetail::default()
    };
    d.search_number = cell(c, 20, "検索番号")?;
    d.claim_info = cell(c, 22, "請求情報")?;
    d.departments = departments(c, 23, 1)?;
    d.dpc = Some(Box::new(dpc));
    r.patient.kana = kana(c.field(28)?)?;
    r.details.patient_state = cell(c, 29, "患者の状態")?;
    Ok(())
}

/// The dental RE (27 positions).
fn parse_re_dental(c: &mut RawCursor<'_>, r: &mut Receipt) -> Result<(), FieldError> {
    r.admission_date = c.field(8)?.opt_date("入院年月日")?;
    let dental = DentalDetail {
        start_date: cell(c, 9, "診療開始日")?,
        outcome: cell(c, 10, "転帰区分")?,
        ..DentalDetail::default()
    };
    r.details.ward = cell(c, 11, "病棟区分")?;
    r.charge_class = c
        .field(12)?
        .opt_num("一部負担金・食事療養費・生活療養費標準負担額区分")?;
    r.special_notes = special_notes(c.field(13)?)?;
    let d = &mut r.details;
    d.chart_number = opt_personal(c, 15, "カルテ番号等")?;
    let mut dental = dental;
    dental.claim_info1 = cell(c, 16, "請求情報1")?;
    dental.not_visited = cell(c, 18, "未来院請求")?;
    d.search_number = cell(c, 19, "検索番号")?;
    d.claim_info = cell(c, 21, "請求情報2")?;
    d.dental = Some(Box::new(dental));
    r.patient.kana = kana(c.field(25)?)?;
    r.details.patient_state = cell(c, 26, "患者の状態")?;
    Ok(())
}

/// The pharmacy RE (42 positions).
fn parse_re_pharmacy(c: &mut RawCursor<'_>, r: &mut Receipt) -> Result<(), FieldError> {
    r.special_notes = special_notes(c.field(8)?)?;
    let mut p = PharmacyDetail::default();
    let (pref, table, code) = (c.field(9)?, c.field(10)?, c.field(11)?);
    if !(pref.is_empty() && table.is_empty() && code.is_empty()) {
        let (inst, recorded) = institution_code(pref, table, code, 11)?;
        p.prescriber = inst;
        p.prescriber_recorded = recorded;
    }
    p.prescriber_name = cell(c, 12, "医療機関名称")?;
    p.prescriber_address = cell(c, 13, "医療機関所在地")?;
    for k in 0..20 {
        if c.skip_empty(20 - k) {
            break;
        }
        p.doctors.push(opt_personal(c, 14 + k, "保険医氏名")?);
    }
    while p.doctors.last().is_some_and(Option::is_none) {
        p.doctors.pop();
    }
    p.narcotics_licence = opt_personal(c, 34, "麻薬免許番号")?;
    r.details.chart_number = opt_personal(c, 35, "調剤録番号等")?;
    r.details.search_number = cell(c, 37, "検索番号")?;
    r.details.claim_info = cell(c, 39, "請求情報")?;
    r.charge_class = c.field(40)?.opt_num("一部負担金区分")?;
    r.patient.kana = kana(c.field(41)?)?;
    r.details.pharmacy = Some(Box::new(p));
    Ok(())
}

/// Parses an RE record of `layout` into a receipt opened in `spare`'s box when there is one
/// (see [`open_receipt`]); on error the spare is left where it was.
pub(super) fn parse_re(
    raw: &[u8],
    layout: ReceiptLayout,
    position: ReceiptPosition,
    institution: Institution,
    spare: &mut Option<Box<Receipt>>,
) -> Result<Box<Receipt>, FieldError> {
    let rest: fn(&mut RawCursor<'_>, &mut Receipt) -> Result<(), FieldError> = match layout {
        ReceiptLayout::Dpc => parse_re_dpc,
        ReceiptLayout::Dental => parse_re_dental,
        ReceiptLayout::Pharmacy => parse_re_pharmacy,
        ReceiptLayout::VisitingNursing => {
            return Err(FieldError::new(
                2,
                "レセプト種別",
                Problem::UnsupportedLayout,
            ))
        }
        _ => parse_re_medical,
    };
    let mut c = RawCursor::new(raw);
    let head = parse_re_head(&mut c)?;
    let mut r = open_receipt(head, position, institution, spare);
    match rest(&mut c, &mut r).and_then(|()| c.finish()) {
        Ok(()) => Ok(r),
        Err(e) => {
            *spare = Some(r);
            Err(e)
        }
    }
}

// ---- HO, KO ----

/// Where a layout's HO record keeps its fields (0-based; the kind is 0).
#[derive(Debug, Clone, Copy)]
pub(super) struct HoLayout {
    pub(super) meal_count: Option<usize>,
    pub(super) meal_yen: Option<usize>,
    pub(super) occupational: usize,
    pub(super) certificate: usize,
    pub(super) charge: usize,
    pub(super) reduction_class: usize,
    pub(super) reduction_rate: usize,
    pub(super) reduction_yen: usize,
    pub(super) standard: Option<usize>,
    pub(super) positions: usize,
}

/// The HO layout of `layout`: 医科 15 positions (予備 at 7), DPC 16 (標準負担額 at 16), 歯科 14
/// (no 予備), 調剤 14 (処方箋受付回数 at 5, no meal fields).
pub(super) fn ho_layout(layout: ReceiptLayout) -> HoLayout {
    match layout {
        ReceiptLayout::Dental => HoLayout {
            meal_count: Some(6),
            meal_yen: Some(7),
            occupational: 8,
            certificate: 9,
            charge: 10,
            reduction_class: 11,
            reduction_rate: 12,
            reduction_yen: 13,
            standard: None,
            positions: 14,
        },
        ReceiptLayout::Pharmacy => HoLayout {
            meal_count: None,
            meal_yen: None,
            occupational: 7,
            certificate: 8,
            charge: 9,
            reduction_class: 11,
            reduction_rate: 12,
            reduction_yen: 13,
            standard: None,
            positions: 14,
        },
        _ => HoLayout {
            meal_count: Some(7),
            meal_yen: Some(8),
            occupational: 9,
            certificate: 10,
            charge: 11,
            reduction_class: 12,
            reduction_rate: 13,
            reduction_yen: 14,
            standard: (layout == ReceiptLayout::Dpc).then_some(15),
            positions: if layout == ReceiptLayout::Dpc { 16 } else { 15 },
        },
    }
}

/// Where a layout's KO record keeps its fields.
#[derive(Debug, Clone, Copy)]
pub(super) struct KoLayout {
    pub(super) charge: usize,
    pub(super) outpatient: Option<usize>,
    pub(super) inpatient: Option<usize>,
    pub(super) meal_count: Option<usize>,
    pub(super) meal_yen: Option<usize>,
    pub(super) standard: Option<usize>,
    pub(super) positions: usize,
}

/// The KO layout of `layout`: 医科 12 positions, DPC 13 (no 外来一部負担金, 標準負担額 at 13),
/// 歯科 10 (one 公費給付対象一部負担金 at 8), 調剤 10 (一部負担金額 at 8, 公費給付対象一部負担金 at
/// 10).
pub(super) fn ko_layout(layout: ReceiptLayout) -> KoLayout {
    match layout {
        ReceiptLayout::Dental => KoLayout {
            charge: 6,
            outpatient: Some(7),
            inpatient: None,
            meal_count: Some(8),
            meal_yen: Some(9),
            standard: None,
            positions: 10,
        },
        ReceiptLayout::Pharmacy => KoLayout {
            charge: 7,
            outpatient: Some(9),
            inpatient: None,
            meal_count: None,
            meal_yen: None,
            standard: None,
            positions: 10,
        },
        ReceiptLayout::Dpc => KoLayout {
            charge: 6,
            outpatient: None,
            inpatient: Some(8),
            meal_count: Some(10),
            meal_yen: Some(11),
            standard: Some(12),
            positions: 13,
        },
        _ => KoLayout {
            charge: 6,
            outpatient: Some(7),
            inpatient: Some(8),
            meal_count: Some(10),
            meal_yen: Some(11),
            standard: None,
            positions: 12,
        },
    }
}

fn at<'a>(c: &mut RawCursor<'a>, i: Option<usize>) -> Result<Option<RawField<'a>>, FieldError> {
    match i {
        Some(i) => c.field(i).map(Some),
        None => Ok(None),
    }
}

fn opt_yen_at(
    c: &mut RawCursor<'_>,
    i: Option<usize>,
    name: &'static str,
) -> Result<Option<Yen>, FieldError> {
    match at(c, i)? {
        Some(f) => opt_yen(f, name),
        None => Ok(None),
    }
}

/// HO, with what it adds beyond [`InsurancePart`]: (証明書番号, 標準負担額).
pub(super) fn parse_ho(
    c: &mut RawCursor<'_>,
    layout: ReceiptLayout,
    last_insurer: &mut Option<(String, InsurerNumber)>,
) -> Result<(InsurancePart, Option<Digits>, Option<i64>), FieldError> {
    let l = ho_layout(layout);
    let field = c.field(1)?.req("保険者番号")?;
    let bad_insurer = || malformed(1, "保険者番号", "8 digits with a valid check digit");
    let recorded = field.text()?;
    let insurer = match last_insurer {
        Some((text, insurer)) if *text == *recorded => insurer.clone(),
        _ => {
            let insurer = InsurerNumber::new(&recorded).map_err(|_| bad_insurer())?;
            *last_insurer = Some((recorded.into_owned(), insurer.clone()));
            insurer
        }
    };
    let symbol = opt_personal_text(
        c.field(2)?,
        "被保険者証等の記号",
        "a symbol",
        |t| InsuredSymbol::new(&t),
    )?;
    let number = opt_personal_text(
        c.field(3)?,
        "被保険者証等の番号",
        "a number",
        |t| InsuredNumber::new(&t),
    )?;
    let days = c.field(4)?.num("診療実日数")?;
    let points = Points::new(c.field(5)?.signed("合計点数")?);
    let meal_count = match at(c, l.meal_count)? {
        Some(f) => f.opt_num("食事療養・生活療養回数")?,
        None => None,
    };
    let meal_yen = opt_yen_at(c, l.meal_yen, "食事療養・生活療養合計金額")?;
    let occupational = c.field(l.occupational)?.opt_num("職務上の事由")?;
    let certificate: Option<Digits> = cell(c, l.certificate, "証明書番号")?;
    let patient_charge = opt_yen(c.field(l.charge)?, "負担金額 医療保険")?;
    let reduction_class = c.field(l.reduction_class)?.opt_num("減免区分")?;
    let reduction_rate = c.field(l.reduction_rate)?.opt_num("減額割合")?;
    let reduction_yen = opt_yen(c.field(l.reduction_yen)?, "減額金額")?;
    let standard = match l.standard {
        Some(i) => cell::<Option<i64>>(c, i, "標準負担額")?,
        None => None,
    };
    Ok((
        InsurancePart {
            insurer,
            symbol,
            number,
            days,
            points,
            meal_count,
            meal_yen,
            occupational,
            patient_charge,
            reduction_class,
            reduction_rate,
            reduction_yen,
        },
        certificate,
        standard,
    ))
}

/// KO, with its 標準負担額 (DPC).
pub(super) fn parse_ko(
    c: &mut RawCursor<'_>,
    layout: ReceiptLayout,
) -> Result<(PublicFundPart, Option<i64>), FieldError> {
    let l = ko_layout(layout);
    let payer_field = c.field(1)?.req("公費負担者番号")?;
    let payer = PublicPayerNumber::new(&payer_field.text()?)
        .ok_or_else(|| malformed(1, "公費負担者番号", "8 digits"))?;
    let recipient = opt_personal_text(
        c.field(2)?,
        "公費受給者番号",
        "up to 7 digits",
        |t| RecipientNumber::new(&t).ok_or(()),
    )?;
    let optional_benefit = c.field(3)?.opt_num("任意給付区分")?;
    let days = c.field(4)?.num("診療実日数")?;
    let points = Points::new(c.field(5)?.signed("合計点数")?);
    let charge = opt_yen(c.field(l.charge)?, "負担金額 公費")?;
    let outpatient_copay = opt_yen_at(c, l.outpatient, "公費給付対象外来一部負担金")?;
    let inpatient_copay = opt_yen_at(c, l.inpatient, "公費給付対象入院一部負担金")?;
    let meal_count = match at(c, l.meal_count)? {
        Some(f) => f.opt_num("食事療養・生活療養回数")?,
        None => None,
    };
    let meal_yen = opt_yen_at(c, l.meal_yen, "食事療養・生活療養合計金額")?;
    let standard = match l.standard {
        Some(i) => cell::<Option<i64>>(c, i, "標準負担額")?,
        None => None,
    };
    Ok((
        PublicFundPart {
            payer,
            recipient,
            optional_benefit,
            days,
            points,
            charge,
            outpatient_copay,
            inpatient_copay,
            meal_count,
            meal_yen,
        },
        standard,
    ))
}

// ---- records every kind shares ----

fn parse_sn(c: &mut RawCursor<'_>) -> Result<EligibilityConfirmation, FieldError> {
    let payer_kind = c.field(1)?.num("負担者種別")?;
    let confirmation_field = c.field(2)?.req("確認区分")?;
    if confirmation_field.len() != 2 {
        return Err(malformed(2, "確認区分", "a 2-digit code"));
    }
    Ok(EligibilityConfirmation {
        payer_kind,
        confirmation: confirmation_field.num("確認区分")?,
        payer: c.field(3)?.opt_text()?,
        symbol: opt_personal_text(c.field(4)?, "記号（資格確認）", "a symbol", |t| {
            InsuredSymbol::new(&t)
        })?,
        number: opt_personal_text(c.field(5)?, "番号（資格確認）", "a number", |t| {
            InsuredNumber::new(&t)
        })?,
        branch: opt_personal_text(c.field(6)?, "枝番", "2 digits", |t| BranchNumber::new(&t))?,
        recipient: opt_personal_text(c.field(7)?, "受給者番号", "up to 7 digits", |t| {
            RecipientNumber::new(&t).ok_or(())
        })?,
    })
}

fn parse_jd(c: &mut RawCursor<'_>) -> Result<VisitDays, FieldError> {
    let payer_kind = c.field(1)?.num("負担者種別")?;
    let days = c
        .days(2)
        .map_err(|i| malformed(i, "受診日等区分", "a code"))?;
    Ok(VisitDays { payer_kind, days })
}

fn parse_mf(c: &mut RawCursor<'_>) -> Result<WindowCharge, FieldError> {
    let class: Digits = cell(c, 1, "窓口負担額区分")?;
    if class.as_str().len() != 2 {
        return Err(malformed(1, "窓口負担額区分", "a 2-digit code"));
    }
    Ok(WindowCharge {
        class,
        reserved: cell::<Rest>(c, 2, "予備")?,
    })
}

fn parse_gr(c: &mut RawCursor<'_>) -> Result<OutsideBundleReason, FieldError> {
    Ok(OutsideBundleReason {
        reason: cell(c, 1, "医科点数表算定理由")?,
        dpc_code: cell(c, 2, "ＤＰＣコード")?,
    })
}

fn parse_sy(c: &mut RawCursor<'_>) -> Result<Diagnosis, FieldError> {
    let code = c.field(1)?.code(7, "傷病名コード", "a 7-digit code")?;
    let start = c.field(2)?.req("診療開始日")?.date("診療開始日")?;
    let outcome = c
        .field(3)?
        .num::<u64>("転帰区分")
        .ok()
        .and_then(Outcome::from_code)
        .ok_or_else(|| malformed(3, "転帰区分", "1, 2, 3 or 4"))?;
    let modifiers = c.field(4)?;
    if !modifiers.len().is_multiple_of(4) || !modifiers.all_digits() {
        return Err(malformed(4, "修飾語コード", "4-digit codes"));
    }
    let modifiers = modifiers.ascii().unwrap_or_default().to_owned();
    let name = c.field(5)?.opt_text()?;
    if code == UNCODED_DIAGNOSIS && name.is_none() {
        return Err(missing(5, "傷病名称"));
    }
    let main_field = c.field(6)?;
    let main = if main_field.is_empty() {
        false
    } else if main_field.is("01") {
        true
    } else {
        return Err(malformed(6, "主傷病", "01 or empty"));
    };
    Ok(Diagnosis {
        code,
        start,
        outcome,
        modifiers,
        name,
        main,
        comment: c.field(7)?.opt_text()?,
    })
}

fn parse_sj(c: &mut RawCursor<'_>) -> Result<SymptomNote, FieldError> {
    let class = c.field(1)?.req("症状詳記区分")?.text()?.into_owned();
    Ok(SymptomNote {
        class,
        text: c.field(2)?.text()?.into_owned(),
    })
}

/// Parses an SI/IY/TO/CO record (medical and DPC layout) onto the end of `items`, in place (a
/// line item is large: it is filled where it will stay rather than moved there).
fn parse_item_into(
    items: &mut Vec<LineItem>,
    kind: ItemKind,
    c: &mut RawCursor<'_>,
    prev_class: &mut Option<u8>,
) -> Result<(), FieldError> {
    items.push(LineItem {
        kind,
        service_class: 0,
        class_continued: false,
        payer_class: '0',
        code: 0,
        quantity: None,
        points: None,
        times: 0,
        comments: Vec::new(),
        days: [0; 31],
        device: None,
        text: None,
    });
    let result = match items.last_mut() {
        Some(item) => parse_item(item, c, prev_class),
        None => Ok(()),
    };
    if result.is_err() {
        items.pop();
    }
    result
}

/// Parses an SI/IY/TO/CO record into `item`, whose `kind` is set.
fn parse_item(
    item: &mut LineItem,
    c: &mut RawCursor<'_>,
    prev_class: &mut Option<u8>,
) -> Result<(), FieldError> {
    let kind = item.kind;
    let class = c.field(1)?;
    let (service_class, class_continued) = if class.is_empty() {
        (prev_class.ok_or_else(|| missing(1, "診療識別"))?, true)
    } else {
        let v = class.code(2, "診療識別", "a 2-digit class")?;
        (
            u8::try_from(v).map_err(|_| malformed(1, "診療識別", "a 2-digit class"))?,
            false,
        )
    };
    *prev_class = Some(service_class);
    let payer_class = match c.field(2)?.req("負担区分")?.single_alphanumeric() {
        Some(b) => char::from(b),
        None => return Err(malformed(2, "負担区分", "one code character")),
    };
    item.code = c.field(3)?.code(9, "レセ電コード", "a 9-digit code")?;
    item.service_class = service_class;
    item.class_continued = class_continued;
    item.payer_class = payer_class;
    if kind == ItemKind::Comment {
        item.text = c.field(4)?.opt_text()?;
        return Ok(());
    }
    item.quantity = c.field(4)?.opt_decimal("数量データ")?;
    item.points = c.field(5)?.opt_signed("点数")?.map(Points::new);
    item.times = c.field(6)?.num("回数")?;
    let comment_first = if kind == ItemKind::Device {
        let unit_code = c.field(7)?.opt_num("単位コード")?;
        let unit_price = c.field(8)?.opt_decimal("単価")?;
        item.device = Some(Box::new(DeviceDetail {
            unit_code,
            unit_price,
            product_name: c.field(10)?.opt_text()?,
        }));
        11
    } else {
        7
    };
    // Three comment pairs (code, text), mostly all six empty.
    for k in 0..3 {
        if k == 0 && c.skip_empty(6) {
            break;
        }
        let ci = comment_first + 2 * k;
        let (code, text) = (c.field(ci)?, c.field(ci + 1)?);
        if code.is_empty() && text.is_empty() {
            continue;
        }
        item.comments.push(ItemComment {
            code: code.code(9, "コメントコード", "a 9-digit code")?,
            text: text.opt_text()?,
        });
    }
    item.days = c
        .days(comment_first + 6)
        .map_err(|i| malformed(i, "算定日情報", "a count of 0–255"))?;
    Ok(())
}

// ---- which records a receipt takes ----

/// Whether `kind` is a claim record the builder types ([`add_record`]): anything but RE, the
/// head records, GO/HG, the payment fund's records and the organ-donor block kept raw.
pub(super) fn claim_kind(kind: RecordKind) -> bool {
    !matches!(
        kind,
        RecordKind::Re
            | RecordKind::Go
            | RecordKind::Hg
            | RecordKind::Ti
            | RecordKind::Tr
            | RecordKind::Ts
    ) && !is_head_kind(kind)
        && !is_fund_kind(kind)
}

/// The records the payment fund adds (insurer, return and re-examination files).
pub(super) fn is_fund_kind(kind: RecordKind) -> bool {
    matches!(
        kind,
        RecordKind::Mn
            | RecordKind::Rc
            | RecordKind::Ex
            | RecordKind::On
            | RecordKind::Jy
            | RecordKind::Hr
            | RecordKind::Md
            | RecordKind::Rt
            | RecordKind::Jr
            | RecordKind::Mk
    )
}

/// The head records: IR, YK, UK (dental), HI (returns), HM (visiting nursing).
pub(super) fn is_head_kind(kind: RecordKind) -> bool {
    matches!(
        kind,
        RecordKind::Ir | RecordKind::Yk | RecordKind::Uk | RecordKind::Hi | RecordKind::Hm
    )
}

/// A claim record that is not typed on a receipt of `layout`.
fn other_layout(layout: ReceiptLayout) -> FieldError {
    malformed(
        0,
        "レコード識別情報",
        match layout {
            ReceiptLayout::Dental => "a record of a 歯科 receipt",
            ReceiptLayout::Pharmacy => "a record of a 調剤 receipt",
            _ => "a record of a 医科 or DPC receipt",
        },
    )
}

/// What the builder of one receipt keeps between its records.
#[derive(Debug, Default)]
pub(super) struct BuildState {
    /// 診療識別 of the last SI/IY/TO/CO line (medical, DPC): an empty one continues it.
    pub(super) prev_class: Option<u8>,
    /// The last insurer number read (HO 保険者番号), as recorded and validated: a file's
    /// receipts mostly share one, so it is validated once and cloned after.
    pub(super) last_insurer: Option<(String, InsurerNumber)>,
    /// The layout of the receipt being read, from its RE.
    pub(super) layout: ReceiptLayout,
}

/// Adds a claim record of kind `kind` (not RE, not a head record, not a fund record) to `r`,
/// read in the receipt's layout, checking the whole line.
pub(super) fn add_record(
    r: &mut Receipt,
    kind: RecordKind,
    raw: &[u8],
    state: &mut BuildState,
) -> Result<(), FieldError> {
    let layout = state.layout;
    match kind {
        RecordKind::Ho => {
            let (ho, certificate, standard) =
                parse_whole(raw, |c| parse_ho(c, layout, &mut state.last_insurer))?;
            if r.insurance.is_some() {
                return Err(malformed(
                    0,
                    "レコード識別情報",
                    "one HO record per receipt",
                ));
            }
            r.insurance = Some(ho);
            r.details.certificate_number = certificate;
            if let Some(dpc) = r.details.dpc.as_mut() {
                dpc.insurance_standard_charge = standard;
            }
        }
        RecordKind::Ko => {
            let (ko, standard) = parse_whole(raw, |c| parse_ko(c, layout))?;
            r.public_funds.push(ko);
            if let Some(dpc) = r.details.dpc.as_mut() {
                dpc.public_standard_charges.push(standard);
            }
        }
        RecordKind::Sn => r.confirmations.push(parse_whole(raw, parse_sn)?),
        RecordKind::Jd => r.visit_days.push(parse_whole(raw, parse_jd)?),
        RecordKind::Mf => r.details.window_charges.push(parse_whole(raw, parse_mf)?),
        RecordKind::Sj => r.notes.push(parse_whole(raw, parse_sj)?),
        _ => match layout {
            ReceiptLayout::Dental => add_dental(r, kind, raw)?,
            ReceiptLayout::Pharmacy => add_pharmacy(r, kind, raw)?,
            _ => add_medical(r, kind, raw, state)?,
        },
    }
    Ok(())
}

fn add_medical(
    r: &mut Receipt,
    kind: RecordKind,
    raw: &[u8],
    state: &mut BuildState,
) -> Result<(), FieldError> {
    let item_kind = match kind {
        RecordKind::Si => ItemKind::Procedure,
        RecordKind::Iy => ItemKind::Drug,
        RecordKind::To => ItemKind::Device,
        RecordKind::Co => ItemKind::Comment,
        RecordKind::Sy => {
            r.diagnoses.push(parse_whole(raw, parse_sy)?);
            return Ok(());
        }
        RecordKind::Gr => {
            r.details.outside_bundle.push(parse_whole(raw, parse_gr)?);
            return Ok(());
        }
        _ => return add_dpc(r, kind, raw),
    };
    let mut c = RawCursor::new(raw);
    parse_item_into(&mut r.items, item_kind, &mut c, &mut state.prev_class)?;
    if let Err(e) = c.finish() {
        r.items.pop();
        return Err(e);
    }
    Ok(())
}

fn add_dpc(r: &mut Receipt, kind: RecordKind, raw: &[u8]) -> Result<(), FieldError> {
    if !matches!(
        kind,
        RecordKind::Bu
            | RecordKind::Sb
            | RecordKind::Kk
            | RecordKind::Sk
            | RecordKind::Ga
            | RecordKind::Hh
            | RecordKind::Gt
            | RecordKind::Cd
    ) {
        return Err(other_layout(ReceiptLayout::Medical));
    }
    let dpc = r.details.dpc.get_or_insert_with(|| {
        // DPC records on a receipt whose RE had the medical layout.
        Box::new(DpcDetail {
            medical_re: true,
            ..DpcDetail::default()
        })
    });
    match kind {
        RecordKind::Bu => dpc.groups.push(parse_whole(raw, DiagnosisGroup::parse)?),
        RecordKind::Sb => dpc.diseases.push(parse_whole(raw, DpcDisease::parse)?),
        RecordKind::Kk => dpc.basics.push(parse_whole(raw, PatientBasics::parse)?),
        RecordKind::Sk => dpc.procedures.push(parse_whole(raw, DpcProcedure::parse)?),
        RecordKind::Ga => dpc.stays_out.push(parse_whole(raw, StayOut::parse)?),
        RecordKind::Hh => dpc
            .bundled
            .push(parse_whole(raw, BundledEvaluation::parse)?),
        RecordKind::Gt => dpc
            .adjustments
            .push(parse_whole(raw, TotalAdjustment::parse)?),
        _ => dpc.coding.push(parse_whole(raw, CodingData::parse)?),
    }
    Ok(())
}

fn add_dental(r: &mut Receipt, kind: RecordKind, raw: &[u8]) -> Result<(), FieldError> {
    let d = r.details.dental.get_or_insert_with(Box::default);
    match kind {
        RecordKind::Hs => d.diagnoses.push(parse_whole(raw, DentalDiagnosis::parse)?),
        RecordKind::Ss => d.body.push(DentalLine::Procedure(parse_whole(
            raw,
            DentalProcedure::parse,
        )?)),
        RecordKind::Si => d.body.push(DentalLine::MedicalProcedure(parse_whole(
            raw,
            DentalMedicalProcedure::parse,
        )?)),
        RecordKind::Iy => d
            .body
            .push(DentalLine::Drug(parse_whole(raw, DentalDrug::parse)?)),
        RecordKind::To => d
            .body
            .push(DentalLine::Device(parse_whole(raw, DentalDevice::parse)?)),
        RecordKind::Co => d
            .body
            .push(DentalLine::Comment(parse_whole(raw, DentalComment::parse)?)),
        _ => return Err(other_layout(ReceiptLayout::Dental)),
    }
    Ok(())
}

fn add_pharmacy(r: &mut Receipt, kind: RecordKind, raw: &[u8]) -> Result<(), FieldError> {
    let p = r.details.pharmacy.get_or_insert_with(Box::default);
    let line = match kind {
        RecordKind::Sh => PharmacyLine::Prescription(parse_whole(raw, Prescription::parse)?),
        RecordKind::Cz => PharmacyLine::Dispensing(parse_whole(raw, Dispensing::parse)?),
        RecordKind::Iy => PharmacyLine::Drug(parse_whole(raw, PharmacyDrug::parse)?),
        RecordKind::To => PharmacyLine::Device(parse_whole(raw, PharmacyDevice::parse)?),
        RecordKind::Co => PharmacyLine::Comment(parse_whole(raw, PharmacyComment::parse)?),
        RecordKind::Tk => PharmacyLine::Remark(parse_whole(raw, Remark::parse)?),
        RecordKind::Ki => PharmacyLine::BasicFees(parse_whole(raw, BasicFees::parse)?),
        RecordKind::St => PharmacyLine::SplitFee(parse_whole(raw, SplitFee::parse)?),
        _ => return Err(other_layout(ReceiptLayout::Pharmacy)),
    };
    p.body.push(line);
    Ok(())
}

/// Adds a payment-fund record (MN excepted) to `fund`, checking the whole line.
pub(super) fn add_fund(
    fund: &mut FundRecords,
    kind: RecordKind,
    raw: &[u8],
    prefix: Option<LinePrefix>,
) -> Result<(), FieldError> {
    fn p<T>(prefix: Option<LinePrefix>, record: T) -> Prefixed<T> {
        Prefixed { prefix, record }
    }
    match kind {
        RecordKind::Mn => {
            let mn = parse_whole(raw, ReceiptManagement::parse)?;
            if fund.management.is_some() {
                return Err(malformed(
                    0,
                    "レコード識別情報",
                    "one MN record per receipt",
                ));
            }
            fund.management = Some(p(prefix, mn));
        }
        RecordKind::Rc => fund
            .record_management
            .push(p(prefix, parse_whole(raw, RecordManagement::parse)?)),
        RecordKind::Ex => fund
            .review
            .push(p(prefix, parse_whole(raw, ReviewOperation::parse)?)),
        RecordKind::On => fund
            .eligibility
            .push(p(prefix, parse_whole(raw, EligibilityOperation::parse)?)),
        RecordKind::Jy => {
            let jy = parse_whole(raw, CorrectionRecord::parse)?;
            if jy.correction().is_none() {
                return Err(malformed(1, "補正区分", "1, 2 or 3"));
            }
            fund.corrections.push(Correction {
                record: p(prefix, jy),
                replacement: None,
            });
        }
        RecordKind::Hr => fund
            .returns
            .push(p(prefix, parse_whole(raw, ReturnReason::parse)?)),
        RecordKind::Md => fund
            .requests
            .push(p(prefix, parse_whole(raw, ReexaminationRequest::parse)?)),
        RecordKind::Rt => fund
            .request_targets
            .push(p(prefix, parse_whole(raw, ReasonTarget::parse)?)),
        RecordKind::Jr => fund
            .related
            .push(p(prefix, parse_whole(raw, RelatedReceipt::parse)?)),
        RecordKind::Mk => fund
            .results
            .push(p(prefix, parse_whole(raw, ReexaminationResult::parse)?)),
        _ => return Err(malformed(0, "レコード識別情報", "a payment-fund record")),
    }
    Ok(())
}

/// The 3 history-management columns at the start of `raw`, and the rest of the line; `None`
/// when the line does not start with a digit (a line without them). On error, the column.
pub(super) fn split_prefix(raw: &[u8]) -> Option<Result<(LinePrefix, &[u8]), FieldError>> {
    if !raw.first()?.is_ascii_digit() {
        return None;
    }
    let mut rest = raw;
    let mut values = [0u64; 3];
    const NAMES: [&str; 3] = ["データ識別", "行番号", "枝番号"];
    for (k, v) in values.iter_mut().enumerate() {
        let end = memchr::memchr(b',', rest);
        let field = rest.get(..end.unwrap_or(rest.len())).unwrap_or_default();
        let ok = !field.is_empty() && field.len() <= 9 && field.iter().all(u8::is_ascii_digit);
        if !ok || end.is_none() {
            return Some(Err(malformed(
                0,
                NAMES.get(k).copied().unwrap_or("履歴管理情報"),
                "three numeric history-management columns before the record kind",
            )));
        }
        *v = field.iter().fold(0u64, |a, d| a * 10 + u64::from(d - b'0'));
        rest = rest.get(end.unwrap_or(0) + 1..).unwrap_or_default();
    }
    let [di, line, branch] = values;
    match (u8::try_from(di), u32::try_from(line), u16::try_from(branch)) {
        (Ok(data_ident), Ok(line), Ok(branch)) => Some(Ok((
            LinePrefix {
                data_ident,
                line,
                branch,
            },
            rest,
        ))),
        _ => Some(Err(malformed(
            0,
            "履歴管理情報",
            "history-management columns in range",
        ))),
    }
}
