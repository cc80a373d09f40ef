//! Foundations every legacy system needs: era dates (和暦, [`kenpo_domain::era`]), the legal age
//! and the months it decides ([`kenpo_domain::age`]), and the identifiers (保険者番号, 記号・番号・
//! 枝番, 事業所記号, 医療機関コード, 個人番号, [`kenpo_domain::identifiers`]).
//!
//! Every operation here takes scalars only; in C they keep their struct and buffer forms
//! (`kenpo_wareki_format` writes into the caller's buffer, `kenpo_age_milestones_of` fills a
//! `kenpo_age_milestones`).
//!
//! **個人番号** (My Number) is specific personal information (番号法 第2条8項): only a purpose of
//! the My Number Act (第9条) may reveal it, and no operation of this API is one. Validating a My
//! Number therefore answers the mask (`************`), never the digits, and no error quotes
//! them.
use chrono::{Datelike, NaiveDate};
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::identifiers as ids;
use kenpo_domain::{age, era};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::code::ResultCode;
use crate::error::{KenpoError, KenpoResult};
use crate::scalar::{PlainDate, PlainMonth};

mirror_enum! {
    /// Which identifier to check (識別子の種類).
    pub enum IdentifierKind => ids::IdentifierKind {
        /// 保険者番号: 8 digits with 検証番号 (保険者番号設定要領).
        InsurerNumber,
        /// 被保険者等記号 (記号): 1–20 letters, digits, kanji or kana.
        InsuredSymbol,
        /// 被保険者等番号 (番号): 1–20 letters, digits, kanji or kana.
        InsuredNumber,
        /// 枝番: 2 digits.
        BranchNumber,
        /// 事業所記号: 1–10 ASCII letters and digits.
        OfficeCode,
        /// 医療機関コード: 10 digits with a check digit.
        InstitutionCode,
        /// 個人番号 (My Number): 12 digits with 検査用数字 (番号法施行令 第8条). Answered masked.
        MyNumber,
    }
}

/// The dates and months a person's age decides, by the legal rule of reaching an age on the day
/// before the birthday (年齢計算ニ関スル法律, 民法 第143条). Derived from a birth date: personal
/// data, no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AgeMilestones {
    /// First month of 介護保険 第2号被保険者 (the month of reaching 40; 介護保険法 第9条2号).
    pub care_first_month: PlainMonth,
    /// Last month of 介護保険 第2号被保険者 (the month before the month of reaching 65).
    pub care_last_month: PlainMonth,
    /// First month as 高齢受給者 (70–74 co-payment, 健康保険法 第74条1項): the month after the
    /// month of reaching 70 (born on the 1st: the birthday month).
    pub elderly_first_month: PlainMonth,
    /// The 75th birthday: eligibility ends that day for 後期高齢者医療 (高齢者の医療の確保に関する
    /// 法律 第50条, 第52条).
    pub late_elderly_date: PlainDate,
    /// The last day of 未就学 (the first 31 March on or after reaching 6; 健康保険法 第74条1項1号).
    pub preschool_last_day: PlainDate,
}

/// The era form (和暦) of `date`: `令和8年11月24日`, `令和元年5月1日`.
///
/// # Errors
/// [`KenpoError::InvalidInput`] (code 200, field `date`) before 1873-01-01, the first day of the
/// solar calendar (明治6年).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn wareki_format(date: PlainDate) -> KenpoResult<String> {
    era::WarekiDate::from_gregorian(date.0)
        .map(|w| w.to_string())
        .map_err(|e| KenpoError::from(e).within("date"))
}

/// Reads an era date in its display form (`令和8年11月24日`, `令和元年5月1日`, `平成31年4月30日`;
/// full-width digits accepted).
///
/// # Errors
/// [`KenpoError::InvalidInput`] (code 200, field `text`): an unknown era name, a date that does not
/// exist, or one outside its era (平成31年5月1日 is already 令和).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn wareki_parse(text: String) -> KenpoResult<PlainDate> {
    text.parse::<era::WarekiDate>()
        .map(|w| PlainDate(w.to_gregorian()))
        .map_err(|e| KenpoError::from(e).within("text"))
}

/// Reads a date as receipts write it: the era form `GYYMMDD` (`5081124` = 令和8年11月24日, era
/// codes 1 明治 … 5 令和 of the レセプト電算処理システム) or the Gregorian `YYYYMMDD`.
///
/// # Errors
/// [`KenpoError::InvalidInput`] (code 200, field `text`): malformed, an unknown era code, no such
/// date, or a date outside its era.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn parse_receipt_date(text: String) -> KenpoResult<PlainDate> {
    era::parse_receipt_date(&text)
        .map(PlainDate)
        .map_err(|e| KenpoError::from(e).within("text"))
}

/// The age reached on `on` by a person born on `birth_date`, by the legal rule (an age is
/// reached at the end of the day before the birthday; 年齢計算ニ関スル法律, 民法 第143条).
///
/// # Errors
/// [`KenpoError::InvalidInput`] (code 104, field `on`) when `on` is before the birth date.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn age_on(birth_date: PlainDate, on: PlainDate) -> KenpoResult<i32> {
    let age = age::age_reached_on(birth_date.0, on.0).ok_or_else(|| {
        KenpoError::input(
            ResultCode::InvalidArgument,
            "on",
            "the date is before the birth date",
        )
    })?;
    i32::try_from(age).map_err(|_| KenpoError::internal("an age beyond i32"))
}

/// The age milestones of a person born on `birth_date`: the 介護保険 第2号 months, the first
/// 高齢受給者 month, the 75th birthday and the last day of 未就学.
///
/// # Errors
/// [`KenpoError::InvalidInput`] (code 200, field `birth_date`) for a birth date so late that a
/// milestone falls after 9999-12-31.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn age_milestones_of(birth_date: PlainDate) -> KenpoResult<AgeMilestones> {
    let b = birth_date.0;
    // The contract's dates end with the year 9999 (chrono's go further).
    fn month(m: Option<YearMonth>) -> KenpoResult<PlainMonth> {
        m.filter(|m| m.year() <= 9999)
            .map(PlainMonth)
            .ok_or_else(out_of_range)
    }
    fn day(d: Option<NaiveDate>) -> KenpoResult<PlainDate> {
        d.filter(|d| d.year() <= 9999)
            .map(PlainDate)
            .ok_or_else(out_of_range)
    }
    Ok(AgeMilestones {
        care_first_month: month(age::care_insurance_first_month(b))?,
        care_last_month: month(age::care_insurance_last_month(b))?,
        elderly_first_month: month(age::elderly_recipient_first_month(b))?,
        late_elderly_date: day(age::late_elderly_transition_date(b))?,
        preschool_last_day: day(age::preschool_last_day(b))?,
    })
}

fn out_of_range() -> KenpoError {
    KenpoError::input(
        ResultCode::InvalidDate,
        "birth_date",
        "too close to the end of the supported calendar (9999-12-31)",
    )
}

/// Checks an identifier of `kind` and answers its normal form: spaces trimmed, full-width ASCII
/// made half-width (`"１２３４"` → `"1234"`), the check digit verified where the identifier has
/// one (保険者番号, 医療機関コード, 個人番号). A 個人番号 is answered masked (`************`): the
/// binding never returns its digits.
///
/// # Errors
/// [`KenpoError::InvalidInput`] (code 201, field `text`): empty, wrong length, a character not
/// allowed (with its position), a part out of range or a check digit that does not match. The
/// error never quotes the text.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn identifier_normalize(kind: IdentifierKind, text: String) -> KenpoResult<String> {
    let t = text.as_str();
    let normal = match kind {
        IdentifierKind::InsurerNumber => ids::InsurerNumber::new(t).map(|v| v.as_str().to_owned()),
        IdentifierKind::InsuredSymbol => ids::InsuredSymbol::new(t).map(|v| v.as_str().to_owned()),
        IdentifierKind::InsuredNumber => ids::InsuredNumber::new(t).map(|v| v.as_str().to_owned()),
        IdentifierKind::BranchNumber => ids::BranchNumber::new(t).map(|v| v.as_str().to_owned()),
        IdentifierKind::OfficeCode => ids::OfficeCode::new(t).map(|v| v.as_str().to_owned()),
        IdentifierKind::InstitutionCode => {
            ids::InstitutionCode::new(t).map(|v| v.as_str().to_owned())
        }
        // as_str() is the mask: the digits never leave the library.
        IdentifierKind::MyNumber => ids::MyNumber::new(t).map(|v| v.as_str().to_owned()),
    };
    normal.map_err(|e| KenpoError::from(e).within("text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: i32, d: i32) -> PlainDate {
        PlainDate::from_parts(y, m, d).unwrap()
    }

    fn field_and_detail(e: KenpoError) -> (i32, String, String) {
        match e {
            KenpoError::InvalidInput {
                code,
                field,
                detail,
            } => (code, field, detail),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn era_dates_both_ways_and_errors_without_the_text() {
        assert_eq!(wareki_format(date(2019, 5, 1)).unwrap(), "令和元年5月1日");
        assert_eq!(
            wareki_parse("平成31年4月30日".into()).unwrap(),
            date(2019, 4, 30)
        );
        assert_eq!(
            parse_receipt_date("5081124".into()).unwrap(),
            date(2026, 11, 24)
        );
        let (code, field, detail) =
            field_and_detail(parse_receipt_date("4310501".into()).unwrap_err());
        assert_eq!((code, field.as_str()), (200, "text"));
        assert!(
            detail.contains("平成") && !detail.contains("4310501"),
            "{detail}"
        );
        let (_, _, detail) = field_and_detail(wareki_parse("令和8年2月30日".into()).unwrap_err());
        assert!(!detail.contains("30"), "{detail}");
        let (code, field, _) = field_and_detail(wareki_format(date(1872, 12, 31)).unwrap_err());
        assert_eq!((code, field.as_str()), (200, "date"));
    }

    #[test]
    fn my_number_is_answered_masked() {
        assert_eq!(
            identifier_normalize(IdentifierKind::MyNumber, "１２３４５６７８９０１８".into())
                .unwrap(),
            ids::MY_NUMBER_MASK
        );
        let (code, field, detail) = field_and_detail(
            identifier_normalize(IdentifierKind::MyNumber, "123456789019".into()).unwrap_err(),
        );
        assert_eq!((code, field.as_str()), (201, "text"));
        assert!(detail.contains("check digit") && !detail.contains("1234"));
    }

    #[test]
    fn ages() {
        assert_eq!(age_on(date(1986, 5, 1), date(2026, 4, 30)).unwrap(), 40);
        assert!(age_on(date(1986, 5, 1), date(1986, 4, 30)).is_err());
        let m = age_milestones_of(date(1986, 5, 1)).unwrap();
        assert_eq!(m.care_first_month.to_string(), "2026-04");
        assert_eq!(m.late_elderly_date, date(2061, 5, 1));
        let (code, field, _) = field_and_detail(age_milestones_of(date(9990, 1, 1)).err().unwrap());
        assert_eq!((code, field.as_str()), (200, "birth_date"));
    }
}
