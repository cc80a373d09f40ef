//! Restoring a master from the records a store kept (the inverse of [`PersonRecord`]'s
//! accessors), checked against the invariants the events keep, so that a host's stored copy
//! cannot bring in a master the events could not have built in its shape.

use std::collections::BTreeMap;
use std::fmt;

use super::{masked, Attributes, EligibilityPeriod, MemberMaster, PersonRecord, Role};
use crate::identifiers::{MaskedMemberKey, MemberKey};

/// The parts of one [`PersonRecord`]: its key, its role, every version of its attributes and
/// every eligibility period, oldest first. `Debug` shows the masked key only.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonParts {
    /// 記号・番号・枝番.
    pub key: MemberKey,
    /// Insured or dependant (and of whom).
    pub role: Role,
    /// Every version of the attributes, oldest first.
    pub versions: Vec<Attributes>,
    /// Every eligibility period, oldest first.
    pub periods: Vec<EligibilityPeriod>,
}

impl fmt::Debug for PersonParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonParts({})", self.key.masked())
    }
}

impl From<&PersonRecord> for PersonParts {
    fn from(r: &PersonRecord) -> Self {
        PersonParts {
            key: r.key.clone(),
            role: r.role.clone(),
            versions: r.versions.clone(),
            periods: r.periods.clone(),
        }
    }
}

/// Why stored records could not be restored: which record (its position and masked key) and
/// the invariant it breaks. Never personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("person record {index} ({key}): {rule}")]
pub struct RestoreError {
    /// The record's 0-based position in the list.
    pub index: usize,
    /// The record's key, masked.
    pub key: MaskedMemberKey,
    /// The invariant broken, a stable id with its meaning.
    pub rule: &'static str,
}

impl MemberMaster {
    /// Restores a master from stored records, checking what the events guarantee:
    ///
    /// - a key appears once;
    /// - at least one version, in strictly increasing order of `from`, all with the same date
    ///   of birth (a correction rewrites every version); an insured person's versions carry an
    ///   office and no relationship, a dependant's a relationship and no office;
    /// - at least one period; each loss after its acquisition, with a reason exactly when lost;
    ///   periods in order without overlap, only the last one open (健康保険法 第35条, 第36条);
    /// - a dependant's insured person is an insured person of the list under the same 記号・番号
    ///   (健康保険法 第3条7項).
    ///
    /// # Errors
    /// [`RestoreError`] for the first record that breaks one of them.
    pub fn restore(records: Vec<PersonParts>) -> Result<MemberMaster, RestoreError> {
        let mut persons = BTreeMap::new();
        let roles: BTreeMap<&MemberKey, &Role> =
            records.iter().map(|r| (&r.key, &r.role)).collect();
        for (index, parts) in records.iter().enumerate() {
            let fail = |rule| RestoreError {
                index,
                key: masked(&parts.key),
                rule,
            };
            check(parts, &roles).map_err(fail)?;
            if persons.contains_key(&parts.key) {
                return Err(fail("member.record.duplicate_key: a key names one person"));
            }
            persons.insert(
                parts.key.clone(),
                PersonRecord {
                    key: parts.key.clone(),
                    role: parts.role.clone(),
                    versions: parts.versions.clone(),
                    periods: parts.periods.clone(),
                },
            );
        }
        Ok(MemberMaster { persons })
    }
}

fn check(parts: &PersonParts, roles: &BTreeMap<&MemberKey, &Role>) -> Result<(), &'static str> {
    let first = parts
        .versions
        .first()
        .ok_or("member.record.no_version: a person has at least one version")?;
    if parts.versions.windows(2).any(|w| w[0].from >= w[1].from) {
        return Err("member.record.versions_out_of_order: versions in increasing order of `from`");
    }
    if parts
        .versions
        .iter()
        .any(|v| v.identity.birth_date != first.identity.birth_date)
    {
        return Err("member.record.birth_date_differs: one date of birth in every version");
    }
    let dependent = match &parts.role {
        Role::Insured => false,
        Role::Dependent { insured } => {
            let same_number =
                insured.symbol == parts.key.symbol && insured.number == parts.key.number;
            if !same_number || roles.get(insured) != Some(&&Role::Insured) || insured == &parts.key
            {
                return Err(
                    "member.record.dependent_of_unknown_insured: the insured person is an insured record under the same 記号・番号 (健康保険法 第3条7項)",
                );
            }
            true
        }
    };
    let fields_fit = parts.versions.iter().all(|v| {
        if dependent {
            v.office.is_none() && v.relationship.is_some()
        } else {
            v.office.is_some() && v.relationship.is_none()
        }
    });
    if !fields_fit {
        return Err("member.record.role_fields: an insured person has an office and no relationship, a dependant a relationship and no office");
    }
    if parts.periods.is_empty() {
        return Err("member.record.no_period: a person has at least one eligibility period");
    }
    for (i, p) in parts.periods.iter().enumerate() {
        if p.lost.is_some() != p.reason.is_some() {
            return Err("member.record.loss_reason: a reason exactly when lost");
        }
        if p.lost.is_some_and(|l| l <= p.acquired) {
            return Err("member.loss_before_acquisition (健康保険法 第36条)");
        }
        if let Some(next) = parts.periods.get(i + 1) {
            if p.lost.is_none_or(|l| next.acquired < l) {
                return Err("member.overlapping_period: periods in order, only the last one open");
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::date;
    use crate::identifiers::OfficeCode;
    use crate::member::{Identity, LossReason, MemberEvent, Relationship};
    use crate::person::{Address, KanaName, PersonName, Sex};
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        date(y, m, day).unwrap()
    }

    fn identity(birth: NaiveDate) -> Identity {
        Identity {
            name: PersonName::new("山田 太郎").unwrap(),
            kana: KanaName::new("ヤマダ タロウ").unwrap(),
            birth_date: birth,
            sex: Sex::Male,
            address: Address::new("東京都千代田区千代田1-1").unwrap(),
        }
    }

    fn key(branch: &str) -> MemberKey {
        MemberKey::parse("10", "98765", branch).unwrap()
    }

    fn master() -> MemberMaster {
        let mut m = MemberMaster::new();
        let report = m.apply_all(&[
            MemberEvent::Acquisition {
                key: key("00"),
                acquired: d(2026, 4, 1),
                identity: identity(d(1980, 5, 2)),
                office: OfficeCode::new("A01").unwrap(),
            },
            MemberEvent::DependentAdded {
                key: key("01"),
                recognized: d(2026, 4, 1),
                identity: identity(d(1982, 8, 1)),
                relationship: Relationship::Spouse,
            },
            MemberEvent::loss_after(key("00"), LossReason::Retirement, d(2026, 6, 30)),
            MemberEvent::Acquisition {
                key: key("00"),
                acquired: d(2026, 9, 1),
                identity: identity(d(1980, 5, 2)),
                office: OfficeCode::new("B02").unwrap(),
            },
        ]);
        assert!(report.rejected.is_empty(), "{report:?}");
        m
    }

    fn parts(m: &MemberMaster) -> Vec<PersonParts> {
        m.persons().map(PersonParts::from).collect()
    }

    #[test]
    fn a_master_restores_from_its_parts() {
        let m = master();
        assert_eq!(MemberMaster::restore(parts(&m)).unwrap(), m);
    }

    #[test]
    fn broken_records_are_refused_with_their_index_and_rule() {
        let m = master();
        let refused = |edit: &dyn Fn(&mut Vec<PersonParts>)| {
            let mut p = parts(&m);
            edit(&mut p);
            MemberMaster::restore(p).unwrap_err()
        };
        let e = refused(&|p| p[1].periods[0].lost = Some(d(2026, 3, 1)));
        assert_eq!(e.index, 1);
        assert!(e.rule.starts_with("member.loss_before_acquisition"), "{e}");
        assert!(!e.to_string().contains("98765"), "{e}");
        let e = refused(&|p| p[0].periods.swap(0, 1));
        assert!(e.rule.starts_with("member.overlapping_period"), "{e}");
        let e = refused(&|p| p[0].periods[0].reason = None);
        assert!(e.rule.starts_with("member.record.loss_reason"), "{e}");
        let e = refused(&|p| p[0].versions.clear());
        assert!(e.rule.starts_with("member.record.no_version"), "{e}");
        let e = refused(&|p| p[0].versions.swap(0, 1));
        assert!(
            e.rule.starts_with("member.record.versions_out_of_order"),
            "{e}"
        );
        let e = refused(&|p| p[0].versions[1].identity.birth_date = d(1980, 5, 3));
        assert!(
            e.rule.starts_with("member.record.birth_date_differs"),
            "{e}"
        );
        let e = refused(&|p| p[1].versions[0].office = Some(OfficeCode::new("A01").unwrap()));
        assert!(e.rule.starts_with("member.record.role_fields"), "{e}");
        let e = refused(&|p| {
            p.remove(0);
        });
        assert!(
            e.rule
                .starts_with("member.record.dependent_of_unknown_insured"),
            "{e}"
        );
        let e = refused(&|p| p.push(p[0].clone()));
        assert_eq!(e.index, 2);
        assert!(e.rule.starts_with("member.record.duplicate_key"), "{e}");
        let e = refused(&|p| p[0].periods.clear());
        assert!(e.rule.starts_with("member.record.no_period"), "{e}");
    }
}
