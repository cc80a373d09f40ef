//! De-identification (個人を特定されない形式への変換; F3, C13): the only path by which
//! per-employer report data and training receipts leave.
//!
//! 1. Direct identifiers (記号番号, 氏名, カナ氏名, 生年月日, 住所, 個人番号) are removed: a
//!    [`DeidentifiedRow`] has no place for them.
//! 2. Quasi-identifiers are generalised: age → 5-year band ([`AgeBand`]), address → prefecture
//!    ([`Address::prefecture`](crate::person::Address::prefecture)), dates → month (receipts,
//!    checkups, acquisition and loss).
//! 3. k-anonymity over the quasi-identifiers present (age band, sex, prefecture, office,
//!    acquisition and loss months): groups of fewer than k rows are suppressed, and the dataset
//!    reports how many rows were.
//!
//! k is configurable ([`KAnonymity::new`]); the default [`DEFAULT_K`] = 5 is our choice: no
//! statute fixes a k. The APPI's 仮名加工情報/匿名加工情報 rules (第41条, 第43条, and the
//! 加工基準 of its enforcement rules) require removing identifiers and generalisation without a
//! figure; 5 is a common choice for small-cell suppression in health statistics, and public
//! statistics often use larger cells (a society wanting 10 sets k = 10). Doubt recorded.

use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroU32;

use serde::{Serialize, Serializer};

use super::decision::DeidentifiedPermit;
use super::field::Field;
use super::record::CheckupItem;
use crate::age::age_reached_on;
use crate::calendar::YearMonth;
use crate::identifiers::OfficeCode;
use crate::person::Sex;

/// The default k of k-anonymity.
pub const DEFAULT_K: u32 = 5;

/// The width of an age band, in years.
pub const AGE_BAND_WIDTH: u32 = 5;

/// A 5-year age band (年齢階級): 40–44, 45–49, ….
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AgeBand {
    lower: u32,
}

impl AgeBand {
    /// The band containing `age`.
    pub const fn of(age: u32) -> AgeBand {
        AgeBand {
            lower: age - age % AGE_BAND_WIDTH,
        }
    }

    /// The first age of the band.
    pub const fn lower(self) -> u32 {
        self.lower
    }

    /// The last age of the band.
    pub const fn upper(self) -> u32 {
        self.lower.saturating_add(AGE_BAND_WIDTH - 1)
    }
}

/// `40-44`.
impl fmt::Display for AgeBand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.lower, self.upper())
    }
}

impl fmt::Debug for AgeBand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AgeBand({self})")
    }
}

impl Serialize for AgeBand {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The k of k-anonymity (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KAnonymity(NonZeroU32);

/// k must be at least 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("k of k-anonymity must be at least 1")]
pub struct InvalidK;

impl KAnonymity {
    /// k (≥ 1).
    pub fn new(k: u32) -> Result<KAnonymity, InvalidK> {
        NonZeroU32::new(k).map(KAnonymity).ok_or(InvalidK)
    }

    /// The value.
    pub fn get(self) -> u32 {
        self.0.get()
    }
}

impl Default for KAnonymity {
    fn default() -> Self {
        KAnonymity(NonZeroU32::MIN.saturating_add(DEFAULT_K - 1))
    }
}

/// A receipt without identifiers: month, days and points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeidentifiedReceipt {
    /// 診療年月.
    pub service_month: YearMonth,
    /// 実日数 (number of visit days).
    pub days: usize,
    /// 合計点数.
    pub points: u64,
}

/// A checkup generalised to its month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeidentifiedCheckup {
    /// 受診年月.
    pub month: YearMonth,
    /// Result values.
    pub items: Vec<CheckupItem>,
}

/// One de-identified row: quasi-identifiers generalised, content with dates as months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeidentifiedRow {
    /// 年齢階級.
    pub age_band: Option<AgeBand>,
    /// 性別.
    pub sex: Option<Sex>,
    /// 都道府県.
    pub prefecture: Option<&'static str>,
    /// 事業所記号.
    pub office: Option<OfficeCode>,
    /// 資格取得年月.
    pub acquisition_month: Option<YearMonth>,
    /// 資格喪失年月.
    pub loss_month: Option<YearMonth>,
    /// レセプト.
    pub receipts: Option<Vec<DeidentifiedReceipt>>,
    /// 健診結果.
    pub checkups: Option<Vec<DeidentifiedCheckup>>,
}

type QuasiKey = (
    Option<AgeBand>,
    Option<Sex>,
    Option<&'static str>,
    Option<OfficeCode>,
    Option<YearMonth>,
    Option<YearMonth>,
);

impl DeidentifiedRow {
    fn quasi_key(&self) -> QuasiKey {
        (
            self.age_band,
            self.sex,
            self.prefecture,
            self.office.clone(),
            self.acquisition_month,
            self.loss_month,
        )
    }
}

/// A k-anonymous dataset and what it took to make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeidentifiedDataset {
    /// The rows kept, in input order.
    pub rows: Vec<DeidentifiedRow>,
    /// How many rows were suppressed (in groups smaller than k).
    pub suppressed: usize,
    /// The k applied.
    pub k: u32,
    /// The number of quasi-identifier groups kept.
    pub groups: usize,
}

impl DeidentifiedPermit<'_> {
    /// De-identifies the permitted subjects and enforces k-anonymity.
    ///
    /// ```
    /// use kenpo_domain::access::{Actor, Catalog, Field, FieldSet, KAnonymity, MemoryLog, Request};
    /// use kenpo_domain::calendar::date;
    ///
    /// let catalog = Catalog::default_catalog();
    /// let (f3, vendor) = (catalog.purpose("F3").unwrap(), catalog.recipient("report_vendor").unwrap());
    /// let at = date(2026, 6, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// let staff = Actor::staff("S001");
    /// let req = Request::new(&staff, f3, vendor, &[], FieldSet::of(&[Field::AgeBand, Field::Sex]), at);
    /// let mut log = MemoryLog::new();
    /// // F3 never yields identified views...
    /// assert!(catalog.decide(&req, &mut log).is_err());
    /// // ...only a de-identified dataset.
    /// let permit = catalog.decide_deidentified(&req, &mut log).unwrap();
    /// let data = permit.dataset(KAnonymity::default());
    /// assert_eq!((data.rows.len(), data.suppressed, data.k), (0, 0, 5));
    /// ```
    pub fn dataset(&self, k: KAnonymity) -> DeidentifiedDataset {
        let f = self.fields;
        let rows: Vec<DeidentifiedRow> = self
            .subjects
            .iter()
            .map(|r| DeidentifiedRow {
                age_band: f
                    .contains(Field::AgeBand)
                    .then(|| age_reached_on(r.birth_date, self.on).map(AgeBand::of))
                    .flatten(),
                sex: f.contains(Field::Sex).then_some(r.sex),
                prefecture: f
                    .contains(Field::Prefecture)
                    .then(|| r.address.as_ref().and_then(|a| a.prefecture()))
                    .flatten(),
                office: f
                    .contains(Field::Office)
                    .then(|| r.office.clone())
                    .flatten(),
                acquisition_month: f
                    .contains(Field::AcquisitionMonth)
                    .then(|| r.acquisition_date.map(YearMonth::of))
                    .flatten(),
                loss_month: f
                    .contains(Field::LossMonth)
                    .then(|| r.loss_date.map(YearMonth::of))
                    .flatten(),
                receipts: f.contains(Field::Receipts).then(|| {
                    r.receipts
                        .iter()
                        .map(|x| DeidentifiedReceipt {
                            service_month: x.service_month,
                            days: x.visit_dates.len(),
                            points: x.points,
                        })
                        .collect()
                }),
                checkups: f.contains(Field::CheckupResults).then(|| {
                    r.checkups
                        .iter()
                        .map(|c| DeidentifiedCheckup {
                            month: YearMonth::of(c.date),
                            items: c.items.clone(),
                        })
                        .collect()
                }),
            })
            .collect();
        let mut sizes: HashMap<QuasiKey, usize> = HashMap::new();
        for row in &rows {
            *sizes.entry(row.quasi_key()).or_insert(0) += 1;
        }
        let k_usize = usize::try_from(k.get()).unwrap_or(usize::MAX);
        let total = rows.len();
        let kept: Vec<DeidentifiedRow> = rows
            .into_iter()
            .filter(|row| sizes.get(&row.quasi_key()).is_some_and(|n| *n >= k_usize))
            .collect();
        DeidentifiedDataset {
            suppressed: total - kept.len(),
            groups: sizes.values().filter(|n| **n >= k_usize).count(),
            rows: kept,
            k: k.get(),
        }
    }
}
