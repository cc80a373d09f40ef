//! The purpose catalog (利用目的の公表, 個人情報保護法 第21条): loading, validation and the
//! compiled decision table.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::condition::{Condition, ConditionSet};
use super::field::{Category, Field, FieldSet};
use super::recipient::{Recipient, RecipientKind, RecipientRef};
use super::retention::{Medium, RetentionFrom, RetentionRule};

/// The default catalog: the notice of 近畿電子産業健康保険組合, item by item.
pub const DEFAULT_CATALOG_TOML: &str = include_str!("../../data/purpose-catalog.toml");

/// The default vendor names (委託先・提供先の名称) of the same notice, kept apart so another
/// society can load its own.
pub const DEFAULT_VENDORS_TOML: &str = include_str!("../../data/purpose-vendors.toml");

/// Why a catalog was rejected. Names the purpose, recipient or item at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The text is not valid TOML or does not have the catalog's shape.
    #[error("{file}: {message}")]
    Syntax {
        /// `"catalog"` or `"vendors"`.
        file: &'static str,
        /// The parser's message.
        message: String,
    },
    /// A purpose lists a field the library does not know.
    #[error("purpose {purpose}: unknown field {field:?}")]
    UnknownField {
        /// The purpose id.
        purpose: String,
        /// The field as written.
        field: String,
    },
    /// A purpose lists a data category the library does not know.
    #[error("purpose {purpose}: unknown data category {category:?}")]
    UnknownCategory {
        /// The purpose id.
        purpose: String,
        /// The category as written.
        category: String,
    },
    /// A purpose lists a condition the library does not know.
    #[error("purpose {purpose}: unknown condition {condition:?}")]
    UnknownCondition {
        /// The purpose id.
        purpose: String,
        /// The condition as written.
        condition: String,
    },
    /// A field of a purpose belongs to a category the purpose does not list.
    #[error("purpose {purpose}: field {field} belongs to category {category}, which the purpose does not list")]
    FieldOutsideCategories {
        /// The purpose id.
        purpose: String,
        /// The field.
        field: Field,
        /// Its category.
        category: Category,
    },
    /// A purpose grants data to a recipient the catalog never defined.
    #[error("purpose {purpose}: recipient {recipient:?} is not defined")]
    UndefinedRecipient {
        /// The purpose id (or `"[disposal]"`).
        purpose: String,
        /// The recipient id as written.
        recipient: String,
    },
    /// A recipient refers to a vendor name the vendor configuration does not define.
    #[error("recipient {recipient}: vendor {vendor:?} is not defined in the vendor configuration")]
    UndefinedVendor {
        /// The recipient id.
        recipient: String,
        /// The vendor key as written.
        vendor: String,
    },
    /// A named outsourcee (委託先) has no vendor name.
    #[error("recipient {recipient}: an outsourcee must be named through the vendor configuration")]
    UnnamedOutsourcee {
        /// The recipient id.
        recipient: String,
    },
    /// Two purposes, recipients, principles or retention rules share an id.
    #[error("duplicate {what} id {id:?}")]
    DuplicateId {
        /// `"purpose"`, `"recipient"`, `"retention"`.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A purpose names the same recipient in two grants.
    #[error("purpose {purpose}: recipient {recipient} appears in more than one grant")]
    DuplicateGrant {
        /// The purpose id.
        purpose: String,
        /// The recipient id.
        recipient: String,
    },
    /// A grant with no field or no recipient.
    #[error("purpose {purpose}: a grant must name at least one recipient and one field")]
    EmptyGrant {
        /// The purpose id.
        purpose: String,
    },
    /// A purpose without grants.
    #[error("purpose {purpose}: no grant")]
    NoGrant {
        /// The purpose id.
        purpose: String,
    },
    /// The Individual Number in a purpose outside H1 (番号法 第9条, 第19条; notice §8).
    #[error("purpose {purpose}: my_number is allowed only in a purpose with the my_number_act_scope condition (H1)")]
    MyNumberOutsideH1 {
        /// The purpose id.
        purpose: String,
    },
    /// Content granted to the employer, which may only carry a sealed notice.
    #[error("purpose {purpose}: field {field} is content; the employer may receive only name and office to deliver a notice")]
    ContentToEmployer {
        /// The purpose id.
        purpose: String,
        /// The field.
        field: Field,
    },
    /// A field that de-identified data cannot carry, in a purpose with the `deidentified`
    /// condition.
    #[error("purpose {purpose}: field {field} cannot be part of de-identified data")]
    NotDeidentifiable {
        /// The purpose id.
        purpose: String,
        /// The field.
        field: Field,
    },
    /// A retention period out of range (1–100 years).
    #[error("retention {record_type}: {years} years is out of range 1–100")]
    RetentionYears {
        /// The record type.
        record_type: String,
        /// The years given.
        years: u32,
    },
    /// The disclosure purpose is missing or lacks the `subject_or_admitted_agent` condition.
    #[error("disclosure purpose {purpose:?} is not defined with the subject_or_admitted_agent condition and a grant to a subject recipient")]
    DisclosurePurpose {
        /// The id given.
        purpose: String,
    },
    /// More purposes or recipients than the compiled table holds (65,535 / 4,096).
    #[error("too many {what}")]
    TooMany {
        /// `"purposes"` or `"recipients"`.
        what: &'static str,
    },
}

// ------------------------------------------------------------------ raw file shapes

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    catalog: RawHeader,
    #[serde(default)]
    recipient: Vec<RawRecipient>,
    #[serde(default)]
    purpose: Vec<RawPurpose>,
    #[serde(default)]
    principle: Vec<Principle>,
    #[serde(default)]
    retention: Vec<RawRetention>,
    #[serde(default)]
    disposal: Option<RawDisposal>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    society: String,
    source: String,
    effective: NaiveDate,
    disclosure_purpose: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecipient {
    id: String,
    kind: RecipientKind,
    title_ja: String,
    #[serde(default)]
    vendor: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPurpose {
    id: String,
    notice: String,
    title_ja: String,
    title_en: String,
    categories: Vec<String>,
    #[serde(default)]
    conditions: Vec<String>,
    #[serde(default)]
    grants: Vec<RawGrant>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrant {
    to: Vec<String>,
    fields: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRetention {
    record_type: String,
    title_ja: String,
    medium: Medium,
    years: u32,
    from: RetentionFrom,
    #[serde(default)]
    or_after_loss_fiscal_years: Option<u32>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDisposal {
    bulk_paper_by: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVendors {
    #[serde(default)]
    vendor: BTreeMap<String, RawVendor>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVendor {
    name: String,
}

// ------------------------------------------------------------------ validated catalog

/// A compiled handle on a purpose of one [`Catalog`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PurposeRef(pub(crate) u16);

/// One grant of a purpose: these recipients may receive these fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Grant {
    /// Recipient ids.
    pub recipients: Vec<String>,
    /// The fields.
    pub fields: FieldSet,
}

/// A purpose of use (利用目的), as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Purpose {
    /// Our reference (`"A8"`).
    pub id: String,
    /// Where it is in the notice (`"１・第8項"`).
    pub notice: String,
    /// Japanese title.
    pub title_ja: String,
    /// English title.
    pub title_en: String,
    /// The data categories it uses.
    pub categories: Vec<Category>,
    /// Its conditions.
    #[serde(serialize_with = "ser_conditions")]
    pub conditions: ConditionSet,
    /// Who may receive which fields.
    pub grants: Vec<Grant>,
}

fn ser_conditions<S: serde::Serializer>(c: &ConditionSet, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(c.iter())
}

/// A rule of the whole notice that is not a use (H2, R4), with where the code enforces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Principle {
    /// Our reference (`"H2"`).
    pub id: String,
    /// Where it is in the notice.
    pub notice: String,
    /// Japanese title.
    pub title_ja: String,
    /// English title.
    pub title_en: String,
}

/// A validated purpose catalog, compiled into a purpose × recipient table of allowed fields.
///
/// ```
/// use kenpo_domain::access::{Catalog, Field};
///
/// let catalog = Catalog::default_catalog();
/// let a12 = catalog.purpose("A12").unwrap();
/// let gym = catalog.recipient("gym_konami").unwrap();
/// let allowed = catalog.allowed_fields(a12, gym).unwrap();
/// assert!(allowed.contains(Field::Age) && !allowed.contains(Field::BirthDate));
/// ```
#[derive(Debug, Clone)]
pub struct Catalog {
    pub(crate) society: String,
    pub(crate) source: String,
    pub(crate) effective: NaiveDate,
    pub(crate) recipients: Vec<Recipient>,
    pub(crate) purposes: Vec<Purpose>,
    pub(crate) principles: Vec<Principle>,
    pub(crate) retention: Vec<RetentionRule>,
    pub(crate) bulk_paper_by: Option<RecipientRef>,
    pub(crate) disclosure: PurposeRef,
    purpose_index: HashMap<String, PurposeRef>,
    recipient_index: HashMap<String, RecipientRef>,
    /// `purposes.len() × recipients.len()` cells: the allowed field bits, or `NO_GRANT`.
    pub(crate) table: Vec<u32>,
    /// Per purpose, its conditions.
    pub(crate) conditions: Vec<ConditionSet>,
}

pub(crate) const NO_GRANT: u32 = u32::MAX;

impl Catalog {
    /// The default catalog (the seed notice) with its vendor names. Validated by the tests of
    /// this crate, so it cannot fail at run time.
    pub fn default_catalog() -> Catalog {
        match Catalog::from_toml(DEFAULT_CATALOG_TOML, DEFAULT_VENDORS_TOML) {
            Ok(c) => c,
            // The two texts are constants of this crate, validated by its tests.
            Err(e) => unreachable!("the default purpose catalog is invalid: {e}"),
        }
    }

    /// Loads and validates a catalog and its vendor configuration (both TOML).
    ///
    /// ```
    /// use kenpo_domain::access::{Catalog, CatalogError, DEFAULT_CATALOG_TOML, DEFAULT_VENDORS_TOML};
    ///
    /// // Another society's vendor file that forgets the system vendor.
    /// let vendors = DEFAULT_VENDORS_TOML.replace("[vendor.system_vendor]", "[vendor.other]");
    /// let err = Catalog::from_toml(DEFAULT_CATALOG_TOML, &vendors).unwrap_err();
    /// assert!(matches!(err, CatalogError::UndefinedVendor { .. }));
    /// ```
    pub fn from_toml(catalog: &str, vendors: &str) -> Result<Catalog, CatalogError> {
        let raw: RawCatalog = toml::from_str(catalog).map_err(|e| CatalogError::Syntax {
            file: "catalog",
            message: e.message().to_owned(),
        })?;
        let vendors: RawVendors = toml::from_str(vendors).map_err(|e| CatalogError::Syntax {
            file: "vendors",
            message: e.message().to_owned(),
        })?;
        Self::build(raw, vendors)
    }

    fn build(raw: RawCatalog, vendors: RawVendors) -> Result<Catalog, CatalogError> {
        if raw.recipient.len() > 4096 {
            return Err(CatalogError::TooMany { what: "recipients" });
        }
        if raw.purpose.len() > usize::from(u16::MAX) {
            return Err(CatalogError::TooMany { what: "purposes" });
        }
        let mut recipients = Vec::with_capacity(raw.recipient.len());
        let mut recipient_index = HashMap::new();
        for (i, r) in raw.recipient.into_iter().enumerate() {
            let name = match &r.vendor {
                Some(v) => Some(
                    vendors
                        .vendor
                        .get(v)
                        .ok_or_else(|| CatalogError::UndefinedVendor {
                            recipient: r.id.clone(),
                            vendor: v.clone(),
                        })?
                        .name
                        .clone(),
                ),
                None if r.kind.needs_name() => {
                    return Err(CatalogError::UnnamedOutsourcee { recipient: r.id })
                }
                None => None,
            };
            let idx = u16::try_from(i).map_err(|_| CatalogError::TooMany { what: "recipients" })?;
            if recipient_index
                .insert(r.id.clone(), RecipientRef(idx))
                .is_some()
            {
                return Err(CatalogError::DuplicateId {
                    what: "recipient",
                    id: r.id,
                });
            }
            recipients.push(Recipient {
                id: r.id,
                kind: r.kind,
                title_ja: r.title_ja,
                name,
            });
        }

        let nrec = recipients.len();
        let mut purposes = Vec::with_capacity(raw.purpose.len());
        let mut purpose_index = HashMap::new();
        let mut table = vec![NO_GRANT; raw.purpose.len().saturating_mul(nrec)];
        let mut conditions = Vec::with_capacity(raw.purpose.len());
        for (pi, p) in raw.purpose.into_iter().enumerate() {
            let purpose = validate_purpose(p, &recipients, &recipient_index)?;
            let pref = PurposeRef(
                u16::try_from(pi).map_err(|_| CatalogError::TooMany { what: "purposes" })?,
            );
            if purpose_index.insert(purpose.id.clone(), pref).is_some() {
                return Err(CatalogError::DuplicateId {
                    what: "purpose",
                    id: purpose.id,
                });
            }
            for g in &purpose.grants {
                for rid in &g.recipients {
                    if let Some(RecipientRef(r)) = recipient_index.get(rid) {
                        if let Some(cell) = table.get_mut(pi * nrec + usize::from(*r)) {
                            *cell = g.fields.bits();
                        }
                    }
                }
            }
            conditions.push(purpose.conditions);
            purposes.push(purpose);
        }

        let mut seen = HashSet::new();
        for p in &raw.principle {
            if !seen.insert(p.id.clone()) || purpose_index.contains_key(&p.id) {
                return Err(CatalogError::DuplicateId {
                    what: "principle",
                    id: p.id.clone(),
                });
            }
        }

        let mut retention = Vec::with_capacity(raw.retention.len());
        let mut seen = HashSet::new();
        for r in raw.retention {
            if !seen.insert(r.record_type.clone()) {
                return Err(CatalogError::DuplicateId {
                    what: "retention",
                    id: r.record_type,
                });
            }
            for y in std::iter::once(r.years).chain(r.or_after_loss_fiscal_years) {
                if !(1..=100).contains(&y) {
                    return Err(CatalogError::RetentionYears {
                        record_type: r.record_type,
                        years: y,
                    });
                }
            }
            retention.push(RetentionRule {
                record_type: r.record_type,
                title_ja: r.title_ja,
                medium: r.medium,
                years: r.years,
                from: r.from,
                or_after_loss_fiscal_years: r.or_after_loss_fiscal_years,
                source: r.source,
            });
        }

        let bulk_paper_by = match raw.disposal {
            Some(d) => Some(*recipient_index.get(&d.bulk_paper_by).ok_or_else(|| {
                CatalogError::UndefinedRecipient {
                    purpose: "[disposal]".to_owned(),
                    recipient: d.bulk_paper_by.clone(),
                }
            })?),
            None => None,
        };

        let disclosure_err = || CatalogError::DisclosurePurpose {
            purpose: raw.catalog.disclosure_purpose.clone(),
        };
        let disclosure = *purpose_index
            .get(&raw.catalog.disclosure_purpose)
            .ok_or_else(disclosure_err)?;
        let dp = purposes
            .get(usize::from(disclosure.0))
            .ok_or_else(disclosure_err)?;
        let to_subject = dp.grants.iter().flat_map(|g| &g.recipients).any(|r| {
            recipient_index
                .get(r)
                .and_then(|i| recipients.get(usize::from(i.0)))
                .is_some_and(|r| r.kind == RecipientKind::Subject)
        });
        if !dp.conditions.contains(Condition::SubjectOrAdmittedAgent) || !to_subject {
            return Err(disclosure_err());
        }

        Ok(Catalog {
            society: raw.catalog.society,
            source: raw.catalog.source,
            effective: raw.catalog.effective,
            recipients,
            purposes,
            principles: raw.principle,
            retention,
            bulk_paper_by,
            disclosure,
            purpose_index,
            recipient_index,
            table,
            conditions,
        })
    }

    /// The society whose notice this is.
    pub fn society(&self) -> &str {
        &self.society
    }

    /// The title of the published notice.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The date from which the catalog applies.
    pub fn effective(&self) -> NaiveDate {
        self.effective
    }

    /// The handle on purpose `id` (`"A8"`), resolved once and reused for fast decisions.
    pub fn purpose(&self, id: &str) -> Option<PurposeRef> {
        self.purpose_index.get(id).copied()
    }

    /// The handle on recipient `id` (`"clinic"`).
    pub fn recipient(&self, id: &str) -> Option<RecipientRef> {
        self.recipient_index.get(id).copied()
    }

    /// Every purpose, in catalog order.
    pub fn purposes(&self) -> &[Purpose] {
        &self.purposes
    }

    /// Every recipient, in catalog order.
    pub fn recipients(&self) -> &[Recipient] {
        &self.recipients
    }

    /// The rules of the whole notice that are not uses (H2, R4).
    pub fn principles(&self) -> &[Principle] {
        &self.principles
    }

    /// The retention rules (R1–R3).
    pub fn retention_rules(&self) -> &[RetentionRule] {
        &self.retention
    }

    /// The purpose behind a handle.
    pub fn purpose_info(&self, p: PurposeRef) -> Option<&Purpose> {
        self.purposes.get(usize::from(p.0))
    }

    /// The recipient behind a handle.
    pub fn recipient_info(&self, r: RecipientRef) -> Option<&Recipient> {
        self.recipients.get(usize::from(r.0))
    }

    /// The fields purpose `p` allows recipient `r`, or `None` if it grants `r` nothing.
    pub fn allowed_fields(&self, p: PurposeRef, r: RecipientRef) -> Option<FieldSet> {
        if usize::from(r.0) >= self.recipients.len() {
            return None;
        }
        let cell = *self
            .table
            .get(usize::from(p.0) * self.recipients.len() + usize::from(r.0))?;
        (cell != NO_GRANT).then(|| FieldSet::from_bits(cell))
    }

    /// The disclosure purpose (C9).
    pub fn disclosure_purpose(&self) -> PurposeRef {
        self.disclosure
    }

    /// The recipient that dissolves bulk paper (R3), if the catalog names one.
    pub fn bulk_paper_disposer(&self) -> Option<&Recipient> {
        self.bulk_paper_by.and_then(|r| self.recipient_info(r))
    }
}

fn validate_purpose(
    p: RawPurpose,
    recipients: &[Recipient],
    index: &HashMap<String, RecipientRef>,
) -> Result<Purpose, CatalogError> {
    let id = p.id;
    let mut categories = Vec::new();
    for c in &p.categories {
        let cat = Category::from_id(c).ok_or_else(|| CatalogError::UnknownCategory {
            purpose: id.clone(),
            category: c.clone(),
        })?;
        if !categories.contains(&cat) {
            categories.push(cat);
        }
    }
    let mut conditions = ConditionSet::default();
    for c in &p.conditions {
        let cond = Condition::from_id(c).ok_or_else(|| CatalogError::UnknownCondition {
            purpose: id.clone(),
            condition: c.clone(),
        })?;
        conditions = conditions.with(cond);
    }
    if p.grants.is_empty() {
        return Err(CatalogError::NoGrant { purpose: id });
    }
    let mut granted = HashSet::new();
    let mut grants = Vec::with_capacity(p.grants.len());
    for g in p.grants {
        if g.to.is_empty() || g.fields.is_empty() {
            return Err(CatalogError::EmptyGrant { purpose: id });
        }
        let mut fields = FieldSet::EMPTY;
        for f in &g.fields {
            let field = Field::from_id(f).ok_or_else(|| CatalogError::UnknownField {
                purpose: id.clone(),
                field: f.clone(),
            })?;
            if !categories.contains(&field.category()) {
                return Err(CatalogError::FieldOutsideCategories {
                    purpose: id,
                    field,
                    category: field.category(),
                });
            }
            if field == Field::MyNumber && !conditions.contains(Condition::MyNumberActScope) {
                return Err(CatalogError::MyNumberOutsideH1 { purpose: id });
            }
            if conditions.contains(Condition::Deidentified) && !field.deidentifiable() {
                return Err(CatalogError::NotDeidentifiable { purpose: id, field });
            }
            fields = fields.with(field);
        }
        for r in &g.to {
            let rr = index
                .get(r)
                .ok_or_else(|| CatalogError::UndefinedRecipient {
                    purpose: id.clone(),
                    recipient: r.clone(),
                })?;
            if !granted.insert(*rr) {
                return Err(CatalogError::DuplicateGrant {
                    purpose: id,
                    recipient: r.clone(),
                });
            }
            let is_employer = recipients
                .get(usize::from(rr.0))
                .is_some_and(|x| x.kind == RecipientKind::Employer);
            if is_employer {
                if let Some(field) = fields.iter().find(|f| !f.is_delivery()) {
                    return Err(CatalogError::ContentToEmployer { purpose: id, field });
                }
            }
        }
        grants.push(Grant {
            recipients: g.to,
            fields,
        });
    }
    Ok(Purpose {
        id,
        notice: p.notice,
        title_ja: p.title_ja,
        title_en: p.title_en,
        categories,
        conditions,
        grants,
    })
}
