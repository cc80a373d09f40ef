//! The persisted form of the member master: versioned, validated on load.
//!
//! Version 1 (written by this code):
//!
//! ```json
//! {"format": "kenpo-member-master", "version": 1,
//!  "baseline": [ person records the journal starts from ],
//!  "journal": {"next_seq": 3, "entries": [{"seq": 0, "recorded_at": "2026-04-01T09:00:00",
//!                                          "event": { a member event }}, ...]}}
//! ```
//!
//! The records in force are not stored: loading validates the baseline against every invariant
//! the events enforce ([`validate`]) and replays the journal through
//! [`MemberMaster::apply`], so a loaded master is exactly one the events could have built.
//! Version 0 (releases before the journal) is a bare JSON list of person records; it loads as
//! the baseline of a master with an empty journal (the migration). Any other version is refused
//! ([`MasterLoadError::UnknownVersion`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{
    masked, EligibilityPeriod, Journal, LossReason, MemberError, MemberMaster, PersonRecord,
    Relationship, Role,
};
use crate::age;
use crate::calendar::YearMonth;
use crate::identifiers::{InsuredNumber, InsuredSymbol, MaskedMemberKey};

/// The format name written in a persisted master.
pub const MASTER_FORMAT: &str = "kenpo-member-master";

/// The format version this code writes.
pub const MASTER_FORMAT_VERSION: u32 = 1;

/// Why a persisted master was refused. Names the person by position and masked key, and the
/// rule; never personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MasterLoadError {
    /// Not JSON, or not shaped as a master.
    #[error("not a member master: {detail}")]
    NotAMaster {
        /// What is wrong (line and column for JSON errors).
        detail: String,
    },
    /// A `format` other than [`MASTER_FORMAT`].
    #[error("not a member master: format {format:?}")]
    UnknownFormat {
        /// The format given.
        format: String,
    },
    /// A version this code does not know.
    #[error("member master format version {version} is not known to this version of kenpo (it reads 0 and {MASTER_FORMAT_VERSION})")]
    UnknownVersion {
        /// The version given.
        version: u64,
    },
    /// A baseline record breaks an invariant.
    #[error("person record {index} ({key}): {rule}")]
    Invariant {
        /// Position in the baseline list.
        index: usize,
        /// The key (masked).
        key: MaskedMemberKey,
        /// The rule broken, with its source.
        rule: &'static str,
    },
    /// A journal event is rejected on replay.
    #[error("journal entry {seq}: {error}")]
    JournalRejected {
        /// The entry's sequence number.
        seq: u64,
        /// Why.
        error: MemberError,
    },
    /// Journal sequence numbers out of order.
    #[error("journal sequence numbers are not increasing")]
    JournalOrder,
}

impl MemberMaster {
    /// Loads a persisted master (version 0 or 1), validating it.
    pub fn from_json(text: &str) -> Result<MemberMaster, MasterLoadError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let loaded = Loaded::deserialize(&mut de)
            .and_then(|l| de.end().map(|()| l))
            .map_err(|e| not_a_master(&e))?;
        loaded.0
    }

    /// A master of `records` (the persons as a store keeps them, with no journal), validated
    /// as [`MemberMaster::from_json`] validates a file: a list that breaks an invariant the
    /// events enforce is refused with the record and the rule.
    pub fn from_records(records: Vec<PersonRecord>) -> Result<MemberMaster, MasterLoadError> {
        MemberMaster::assemble(records, Journal::default())
    }

    /// The persisted form (version [`MASTER_FORMAT_VERSION`]). Holds personal data.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    fn assemble(
        baseline: Vec<PersonRecord>,
        journal: Journal,
    ) -> Result<MemberMaster, MasterLoadError> {
        validate(&baseline)?;
        if !journal.is_ordered() {
            return Err(MasterLoadError::JournalOrder);
        }
        let mut master = MemberMaster::from_baseline(baseline.into_iter().map(Arc::new).collect());
        let (next_seq, entries) = journal.take();
        master.journal = Journal::resume(next_seq);
        for entry in entries {
            let staged =
                master
                    .stage(&entry.event)
                    .map_err(|error| MasterLoadError::JournalRejected {
                        seq: entry.seq,
                        error,
                    })?;
            for record in staged {
                master.persons.insert(record.key.clone(), Arc::new(record));
            }
            master.journal.push_replayed(entry);
        }
        Ok(master)
    }
}

fn not_a_master(e: &serde_json::Error) -> MasterLoadError {
    // serde's message may quote a value of the file: keep the part before it.
    let text = e.to_string();
    let head = text.split(['`', '"']).next().unwrap_or("").trim();
    MasterLoadError::NotAMaster {
        detail: format!("{head} (line {}, column {})", e.line(), e.column()),
    }
}

struct Loaded(Result<MemberMaster, MasterLoadError>);

impl<'de> Deserialize<'de> for Loaded {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(MasterVisitor).map(Loaded)
    }
}

struct MasterVisitor;

impl<'de> Visitor<'de> for MasterVisitor {
    type Value = Result<MemberMaster, MasterLoadError>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member master (a versioned object, or a list of person records)")
    }

    /// Version 0: a bare list of person records.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut records = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(r) = seq.next_element::<PersonRecord>()? {
            records.push(r);
        }
        Ok(MemberMaster::assemble(records, Journal::default()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut format: Option<String> = None;
        let mut version: Option<u64> = None;
        let mut baseline: Option<Vec<PersonRecord>> = None;
        let mut journal: Option<Journal> = None;
        let mut refused = None;
        while let Some(key) = map.next_key::<String>()? {
            if refused.is_some() {
                map.next_value::<de::IgnoredAny>()?;
                continue;
            }
            match key.as_str() {
                "format" => {
                    let f: String = map.next_value()?;
                    if f != MASTER_FORMAT {
                        refused = Some(MasterLoadError::UnknownFormat { format: f });
                        continue;
                    }
                    format = Some(f);
                }
                "version" => {
                    let v: u64 = map.next_value()?;
                    if v != u64::from(MASTER_FORMAT_VERSION) {
                        refused = Some(MasterLoadError::UnknownVersion { version: v });
                        continue;
                    }
                    version = Some(v);
                }
                "baseline" if version.is_some() => baseline = Some(map.next_value()?),
                "journal" if version.is_some() => journal = Some(map.next_value()?),
                "baseline" | "journal" => {
                    return Err(de::Error::custom(
                        "`format` and `version` must come before the content",
                    ))
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        if let Some(err) = refused {
            return Ok(Err(err));
        }
        if format.is_none() {
            return Err(de::Error::missing_field("format"));
        }
        if version.is_none() {
            return Err(de::Error::missing_field("version"));
        }
        Ok(MemberMaster::assemble(
            baseline.unwrap_or_default(),
            journal.unwrap_or_default(),
        ))
    }
}

const FIELDS: &[&str] = &["format", "version", "baseline", "journal"];

impl Serialize for MemberMaster {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("format", MASTER_FORMAT)?;
        m.serialize_entry("version", &MASTER_FORMAT_VERSION)?;
        m.serialize_entry("baseline", &self.baseline)?;
        m.serialize_entry("journal", &self.journal)?;
        m.end()
    }
}

/// Validated like [`MemberMaster::from_json`]: an invalid master is a deserialisation error.
impl<'de> Deserialize<'de> for MemberMaster {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Loaded(result) = Loaded::deserialize(d)?;
        result.map_err(de::Error::custom)
    }
}

/// Checks every invariant the events enforce on a list of person records.
pub fn validate(records: &[PersonRecord]) -> Result<(), MasterLoadError> {
    let mut by_key = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if by_key.insert(&r.key, (i, r)).is_some() {
            return Err(broken(i, r, "member.key_clash (a key appears twice)"));
        }
    }
    let mut insured_numbers: BTreeSet<(&InsuredSymbol, &InsuredNumber)> = BTreeSet::new();
    for (i, r) in records.iter().enumerate() {
        check_record(i, r)?;
        if matches!(r.role, Role::Insured)
            && !insured_numbers.insert((&r.key.symbol, &r.key.number))
        {
            return Err(broken(i, r, "member.number_held_by_another_insured"));
        }
    }
    for (i, r) in records.iter().enumerate() {
        let Role::Dependent { insured } = &r.role else {
            continue;
        };
        if insured.symbol != r.key.symbol || insured.number != r.key.number || insured == &r.key {
            return Err(broken(
                i,
                r,
                "member.key_clash (a dependant's key is under its insured person's 記号・番号)",
            ));
        }
        let Some((_, ins)) = by_key.get(insured) else {
            return Err(broken(
                i,
                r,
                "member.dependent_of_unknown_insured (健康保険法 第3条7項)",
            ));
        };
        if !matches!(ins.role, Role::Insured) {
            return Err(broken(
                i,
                r,
                "member.dependent_of_unknown_insured (健康保険法 第3条7項)",
            ));
        }
        for p in &r.periods {
            let Some(q) = ins.period_on(p.acquired) else {
                return Err(broken(
                    i,
                    r,
                    "member.dependent_of_lapsed_insured (健康保険法 第3条7項)",
                ));
            };
            let outlives = match (q.lost, p.lost) {
                (Some(ql), Some(pl)) => pl > ql,
                (Some(_), None) => true,
                (None, _) => false,
            };
            if outlives {
                return Err(broken(i, r, "member.dependent_outlives_insured (健康保険法 第3条7項: 被保険者の資格喪失で被扶養者も喪失)"));
            }
        }
    }
    // At most one dependent spouse at a time per insured person.
    let mut spouses: BTreeMap<&crate::identifiers::MemberKey, Vec<(usize, &EligibilityPeriod)>> =
        BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if let Role::Dependent { insured } = &r.role {
            if r.versions
                .iter()
                .any(|v| v.relationship == Some(Relationship::Spouse))
            {
                spouses
                    .entry(insured)
                    .or_default()
                    .extend(r.periods.iter().map(|p| (i, p)));
            }
        }
    }
    for list in spouses.values() {
        for (n, (i, p)) in list.iter().enumerate() {
            for (j, q) in list.iter().skip(n + 1) {
                let overlap = p.acquired < q.lost.unwrap_or(chrono::NaiveDate::MAX)
                    && q.acquired < p.lost.unwrap_or(chrono::NaiveDate::MAX);
                if overlap && i != j {
                    let (k, r) = (*i.max(j), &records[*i.max(j)]);
                    return Err(broken(k, r, "member.more_than_one_spouse"));
                }
            }
        }
    }
    Ok(())
}

fn broken(index: usize, r: &PersonRecord, rule: &'static str) -> MasterLoadError {
    MasterLoadError::Invariant {
        index,
        key: masked(&r.key),
        rule,
    }
}

fn check_record(i: usize, r: &PersonRecord) -> Result<(), MasterLoadError> {
    let fail = |rule| Err(broken(i, r, rule));
    let Some(first) = r.versions.first() else {
        return fail("member.no_attributes (a person has at least one version)");
    };
    let birth = first.identity.birth_date;
    if r.versions.windows(2).any(|w| w[0].from >= w[1].from) {
        return fail("member.versions_out_of_order");
    }
    if r.versions.iter().any(|v| v.identity.birth_date != birth) {
        return fail(
            "member.birth_date_differs_between_versions (a correction rewrites every version)",
        );
    }
    for v in &r.versions {
        let fits = match r.role {
            Role::Insured => v.office.is_some() && v.relationship.is_none(),
            Role::Dependent { .. } => v.office.is_none() && v.relationship.is_some(),
        };
        if !fits {
            return fail("member.field_not_applicable (office for insured persons, relationship for dependants)");
        }
    }
    if r.periods.is_empty() {
        return fail("member.no_period (a person has at least one eligibility period)");
    }
    if r.periods.first().is_some_and(|p| first.from < p.acquired) {
        return fail("member.change_before_acquisition");
    }
    for (n, p) in r.periods.iter().enumerate() {
        if birth > p.acquired {
            return fail("member.birth_after_acquisition");
        }
        if age::is_late_elderly_on(birth, p.acquired) {
            return fail("member.aged_75_or_over (健康保険法 第3条1項, 高確法 第50条)");
        }
        match (p.lost, p.reason) {
            (Some(lost), Some(reason)) => {
                if lost <= p.acquired {
                    return fail("member.loss_before_acquisition (健康保険法 第36条)");
                }
                let applies = match r.role {
                    Role::Insured => reason.applies_to_insured(),
                    Role::Dependent { .. } => {
                        reason.applies_to_dependent() || reason == LossReason::InsuredLoss
                    }
                };
                if !applies {
                    return fail("member.reason_not_applicable");
                }
                if reason == LossReason::LateElderly
                    && age::late_elderly_transition_date(birth) != Some(lost)
                {
                    return fail("member.late_elderly_on_75th_birthday (高確法 第52条)");
                }
            }
            (None, None) => {
                if n + 1 != r.periods.len() {
                    return fail("member.duplicate_acquisition (only the last period may be open)");
                }
            }
            _ => return fail("member.loss_reason_without_loss_date"),
        }
        if let Some(next) = r.periods.get(n + 1) {
            if p.lost.is_none_or(|l| next.acquired < l) || next.acquired <= p.acquired {
                return fail("member.overlapping_period");
            }
        }
    }
    if !r.grades.is_empty() {
        if !matches!(r.role, Role::Insured) {
            return fail("member.loss_of_a_dependent (a grade is an insured person's)");
        }
        if r.grades
            .windows(2)
            .any(|w| w[0].effective_from >= w[1].effective_from)
        {
            return fail("member.grades_out_of_order");
        }
        if r.grades.iter().any(|g| !r.is_eligible_in(g.effective_from)) {
            return fail(
                "member.grade_outside_eligibility (健康保険法 第40条: 被保険者の標準報酬月額)",
            );
        }
    }
    let _ = YearMonth::of;
    Ok(())
}
