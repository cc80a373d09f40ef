//! The member master in the SQLite store, one typed column per field: a row per person
//! (`members`), its versions of attributes (`member_versions`) and its eligibility periods
//! (`member_periods`), read back with three prepared statements walked side by side in key
//! order. Dates are integers `YYYYMMDD`, sex its code (1, 2), the enums their JSON names. The
//! grades a master records ([`PersonRecord::grades`], rare in a society's master: the month's
//! decisions are kept in the run's tables) are one JSON list per person in `members.grades`,
//! `NULL` when there are none. The master read back is validated
//! ([`MemberMaster::from_records`]): a store edited into a master the events could not have
//! built is refused as damaged.
//!
//! Schema 2 kept each person as a JSON document; reading 580,000 of them took most of the time
//! of opening a store (and the documents most of its bytes). Migration 3 moves them here.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};
use serde::de::DeserializeOwned;
use serde::Serialize;

use kenpo_domain::identifiers::{MemberKey, OfficeCode};
use kenpo_domain::member::{
    Attributes, EligibilityPeriod, Identity, MemberMaster, PersonRecord, Role,
};
use kenpo_domain::person::{Address, KanaName, PersonName, Sex};

use crate::error::StoreError;

/// The tables (migration 3).
pub(super) const SCHEMA: &str = "
    CREATE TABLE members (id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, number TEXT NOT NULL,
        branch TEXT NOT NULL, insured_symbol TEXT, insured_number TEXT, insured_branch TEXT,
        grades TEXT, UNIQUE (symbol, number, branch));
    CREATE TABLE member_versions (member_id INTEGER NOT NULL REFERENCES members(id),
        seq INTEGER NOT NULL, effective_from INTEGER NOT NULL, name TEXT NOT NULL,
        kana TEXT NOT NULL, birth_date INTEGER NOT NULL, sex INTEGER NOT NULL,
        address TEXT NOT NULL, office TEXT, relationship TEXT,
        PRIMARY KEY (member_id, seq)) WITHOUT ROWID;
    CREATE TABLE member_periods (member_id INTEGER NOT NULL REFERENCES members(id),
        seq INTEGER NOT NULL, acquired INTEGER NOT NULL, lost INTEGER, reason TEXT,
        PRIMARY KEY (member_id, seq)) WITHOUT ROWID;
";

fn corrupt(what: &'static str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        what,
        problem: e.to_string(),
    }
}

/// A date as stored: `YYYYMMDD`.
pub(crate) fn date_int(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// The date of a stored `YYYYMMDD`.
pub(crate) fn int_date(what: &'static str, v: i64) -> Result<NaiveDate, StoreError> {
    let (y, m, d) = (v / 10_000, (v / 100) % 100, v % 100);
    i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?))
        .ok_or_else(|| corrupt(what, format!("not a date: {v}")))
}

/// The JSON name of a unit enum variant (`"spouse"`, `"retirement"`).
pub(crate) fn enum_text<T: Serialize>(v: &T) -> Result<String, StoreError> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Err(StoreError::Backend(format!("not a name: {other}"))),
        Err(e) => Err(StoreError::Backend(e.to_string())),
    }
}

/// Names read back into enum values, each distinct name parsed once.
pub(crate) struct Names<T> {
    what: &'static str,
    seen: Vec<(String, T)>,
}

impl<T: DeserializeOwned + Copy> Names<T> {
    pub(crate) fn new(what: &'static str) -> Self {
        Names {
            what,
            seen: Vec::new(),
        }
    }

    pub(crate) fn get(&mut self, text: &str) -> Result<T, StoreError> {
        if let Some((_, v)) = self.seen.iter().find(|(t, _)| t == text) {
            return Ok(*v);
        }
        let v: T = serde_json::from_value(serde_json::Value::String(text.to_owned()))
            .map_err(|e| corrupt(self.what, e))?;
        self.seen.push((text.to_owned(), v));
        Ok(v)
    }

    /// The value of a JSON text (`"\"cash\""`), each distinct text parsed once.
    pub(crate) fn get_json(&mut self, text: &str) -> Result<T, StoreError> {
        if let Some((_, v)) = self.seen.iter().find(|(t, _)| t == text) {
            return Ok(*v);
        }
        let v: T = serde_json::from_str(text).map_err(|e| corrupt(self.what, e))?;
        self.seen.push((text.to_owned(), v));
        Ok(v)
    }
}

/// Writes `records` as they are now (a person already stored is replaced).
pub(super) fn save(conn: &Connection, records: &[&PersonRecord]) -> Result<(), StoreError> {
    let mut upsert = conn.prepare_cached(
        "INSERT INTO members (symbol, number, branch, insured_symbol, insured_number, insured_branch,
           grades)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (symbol, number, branch) DO UPDATE SET insured_symbol = excluded.insured_symbol,
           insured_number = excluded.insured_number, insured_branch = excluded.insured_branch,
           grades = excluded.grades
         RETURNING id",
    )?;
    let mut drop_versions =
        conn.prepare_cached("DELETE FROM member_versions WHERE member_id = ?1")?;
    let mut drop_periods =
        conn.prepare_cached("DELETE FROM member_periods WHERE member_id = ?1")?;
    let mut version = conn.prepare_cached(
        "INSERT INTO member_versions (member_id, seq, effective_from, name, kana, birth_date, sex,
           address, office, relationship) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut period = conn.prepare_cached(
        "INSERT INTO member_periods (member_id, seq, acquired, lost, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for r in records {
        let k = r.key();
        let insured = match r.role() {
            Role::Insured => None,
            Role::Dependent { insured } => Some(insured),
        };
        let grades = if r.grades().is_empty() {
            None
        } else {
            Some(
                serde_json::to_string(r.grades())
                    .map_err(|e| StoreError::Backend(e.to_string()))?,
            )
        };
        let id: i64 = upsert.query_row(
            params![
                k.symbol.as_str(),
                k.number.as_str(),
                k.branch.as_str(),
                insured.map(|i| i.symbol.as_str()),
                insured.map(|i| i.number.as_str()),
                insured.map(|i| i.branch.as_str()),
                grades,
            ],
            |row| row.get(0),
        )?;
        drop_versions.execute([id])?;
        drop_periods.execute([id])?;
        for (seq, v) in r.versions().iter().enumerate() {
            let relationship = v.relationship.as_ref().map(enum_text).transpose()?;
            version.execute(params![
                id,
                i64::try_from(seq).unwrap_or(i64::MAX),
                date_int(v.from),
                v.identity.name.as_str(),
                v.identity.kana.as_str(),
                date_int(v.identity.birth_date),
                v.identity.sex.code(),
                v.identity.address.as_str(),
                v.office.as_ref().map(OfficeCode::as_str),
                relationship,
            ])?;
        }
        for (seq, p) in r.periods().iter().enumerate() {
            let reason = p.reason.as_ref().map(enum_text).transpose()?;
            period.execute(params![
                id,
                i64::try_from(seq).unwrap_or(i64::MAX),
                date_int(p.acquired),
                p.lost.map(date_int),
                reason,
            ])?;
        }
    }
    Ok(())
}

fn text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str, StoreError> {
    Ok(row.get_ref(i)?.as_str()?)
}

fn opt_text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r str>, StoreError> {
    Ok(row.get_ref(i)?.as_str_or_null()?)
}

fn key(what: &'static str, s: &str, n: &str, b: &str) -> Result<MemberKey, StoreError> {
    MemberKey::parse(s, n, b).map_err(|e| corrupt(what, e))
}

/// `true` when a version or period row of `owner` belongs to the person `id` being read,
/// `false` when it belongs to a later one; a row of no person is a damaged store.
fn belongs(owner: i64, id: i64) -> Result<bool, StoreError> {
    match owner.cmp(&id) {
        std::cmp::Ordering::Equal => Ok(true),
        std::cmp::Ordering::Greater => Ok(false),
        std::cmp::Ordering::Less => Err(corrupt("member", "a version or period of no person")),
    }
}

/// The whole master. The three tables are read in the order they are stored (by the person's
/// row id), each one pass with no search; the master orders the persons by key.
pub(super) fn load(conn: &Connection) -> Result<MemberMaster, StoreError> {
    let mut members = conn.prepare(
        "SELECT id, symbol, number, branch, insured_symbol, insured_number, insured_branch, grades
         FROM members ORDER BY id",
    )?;
    let mut versions = conn.prepare(
        "SELECT member_id, effective_from, name, kana, birth_date, sex, address, office,
                relationship
         FROM member_versions ORDER BY member_id, seq",
    )?;
    let mut periods = conn.prepare(
        "SELECT member_id, acquired, lost, reason FROM member_periods ORDER BY member_id, seq",
    )?;
    let mut relationships = Names::new("relationship");
    let mut reasons = Names::new("loss reason");
    let mut m_rows = members.query([])?;
    let mut v_rows = versions.query([])?;
    let mut p_rows = periods.query([])?;
    let mut v_next = v_rows.next()?;
    let mut p_next = p_rows.next()?;
    let mut records = Vec::new();
    while let Some(m) = m_rows.next()? {
        let id: i64 = m.get(0)?;
        let k = key("member key", text(m, 1)?, text(m, 2)?, text(m, 3)?)?;
        let role = match (opt_text(m, 4)?, opt_text(m, 5)?, opt_text(m, 6)?) {
            (Some(s), Some(n), Some(b)) => Role::Dependent {
                insured: key("insured person's key", s, n, b)?,
            },
            _ => Role::Insured,
        };
        let mut attrs = Vec::with_capacity(1);
        while let Some(v) = v_next {
            if !belongs(v.get(0)?, id)? {
                break;
            }
            let sex = match v.get::<_, i64>(5)? {
                1 => Sex::Male,
                2 => Sex::Female,
                other => return Err(corrupt("sex", format!("code {other}"))),
            };
            attrs.push(Attributes {
                from: int_date("version date", v.get(1)?)?,
                identity: Identity {
                    name: PersonName::new(text(v, 2)?).map_err(|e| corrupt("name", e))?,
                    kana: KanaName::new(text(v, 3)?).map_err(|e| corrupt("kana", e))?,
                    birth_date: int_date("birth date", v.get(4)?)?,
                    sex,
                    address: Address::new(text(v, 6)?).map_err(|e| corrupt("address", e))?,
                },
                office: opt_text(v, 7)?
                    .map(OfficeCode::new)
                    .transpose()
                    .map_err(|e| corrupt("office", e))?,
                relationship: opt_text(v, 8)?.map(|t| relationships.get(t)).transpose()?,
            });
            v_next = v_rows.next()?;
        }
        let mut spans = Vec::with_capacity(1);
        while let Some(p) = p_next {
            if !belongs(p.get(0)?, id)? {
                break;
            }
            spans.push(EligibilityPeriod {
                acquired: int_date("acquisition date", p.get(1)?)?,
                lost: p
                    .get::<_, Option<i64>>(2)?
                    .map(|d| int_date("loss date", d))
                    .transpose()?,
                reason: opt_text(p, 3)?.map(|t| reasons.get(t)).transpose()?,
            });
            p_next = p_rows.next()?;
        }
        let grades = match opt_text(m, 7)? {
            Some(t) => serde_json::from_str(t).map_err(|e| corrupt("grades", e))?,
            None => Vec::new(),
        };
        records.push(PersonRecord::from_stored(k, role, attrs, spans, grades));
    }
    MemberMaster::from_records(records).map_err(|e| corrupt("member master", e))
}
