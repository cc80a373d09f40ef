//! The member master as the month's stages read it, built once per run: every person numbered
//! in key order (a [`PersonId`] is an index into vectors), the household each belongs to, and
//! a hash index from 記号・番号 to the household's run of persons.
//!
//! The stages keep what they gather per person or household in vectors indexed by these
//! numbers, or sort records by them, instead of maps keyed by [`MemberKey`] (three strings,
//! compared byte by byte at every step of a search through a map of 580,000 persons); a key is
//! cloned only into the records a stage hands out.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use chrono::NaiveDate;
use kenpo_domain::access::SubjectRecord;
use kenpo_domain::identifiers::{InsuredNumber, InsuredSymbol, MemberKey};

use kenpo_domain::member::{MemberMaster, PersonRecord, PersonView, Role};
use kenpo_domain::receipt::checks::{EligibilityLookup, MemberRecord};

/// A person's number in the [`Roster`]: persons are numbered in key order.
pub(crate) type PersonId = u32;

/// No person.
pub(crate) const NO_PERSON: PersonId = PersonId::MAX;

/// A small, fast hash (the multiply-rotate hash rustc uses) for keys this crate makes itself;
/// no input of an outsider chooses what is hashed into the tables it serves.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub(crate) type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

fn group_hash(symbol: &str, number: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(symbol.as_bytes());
    h.write_u8(0xff);
    h.write(number.as_bytes());
    h.finish()
}

/// The persons under one 記号・番号: a run of ids, where its 記号・番号 is spelled in the
/// roster's `names` (compared there: one place in memory instead of the records' strings),
/// and the next group with the same hash.
#[derive(Clone, Copy)]
struct Group {
    start: PersonId,
    end: PersonId,
    name: u32,
    symbol_len: u16,
    number_len: u16,
    next: u32,
}

/// The member master numbered for the month's stages.
pub(crate) struct Roster<'m> {
    records: Vec<&'m PersonRecord>,
    household: Vec<PersonId>,
    /// Hash of 記号・番号 → the first group with that hash (collisions chained in `groups`).
    heads: FxHashMap<u64, u32>,
    groups: Vec<Group>,
    names: Vec<u8>,
}

impl<'m> Roster<'m> {
    /// Numbers every person of `master`.
    pub(crate) fn new(master: &'m MemberMaster) -> Roster<'m> {
        let records: Vec<&PersonRecord> = master.persons().collect();
        let mut heads: FxHashMap<u64, u32> = FxHashMap::default();
        heads.reserve(records.len() / 2 + 1);
        let mut groups: Vec<Group> = Vec::new();
        let mut names: Vec<u8> = Vec::new();
        let mut i = 0;
        while i < records.len() {
            let k = records[i].key();
            let mut j = i + 1;
            while j < records.len()
                && records[j].key().symbol == k.symbol
                && records[j].key().number == k.number
            {
                j += 1;
            }
            let (symbol, number) = (k.symbol.as_str(), k.number.as_str());
            let h = group_hash(symbol, number);
            let index = u32::try_from(groups.len()).unwrap_or(u32::MAX);
            let next = heads.insert(h, index).unwrap_or(u32::MAX);
            groups.push(Group {
                start: id_of(i),
                end: id_of(j),
                name: u32::try_from(names.len()).unwrap_or(u32::MAX),
                symbol_len: u16::try_from(symbol.len()).unwrap_or(u16::MAX),
                number_len: u16::try_from(number.len()).unwrap_or(u16::MAX),
                next,
            });
            names.extend_from_slice(symbol.as_bytes());
            names.extend_from_slice(number.as_bytes());
            i = j;
        }
        let mut roster = Roster {
            records,
            household: Vec::new(),
            heads,
            groups,
            names,
        };
        let household = (0..roster.records.len())
            .map(|i| match roster.records[i].role() {
                Role::Insured => id_of(i),
                Role::Dependent { insured } => roster.id(insured).unwrap_or(NO_PERSON),
            })
            .collect();
        roster.household = household;
        roster
    }

    /// The number of persons.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    /// The person numbered `id`.
    pub(crate) fn record(&self, id: PersonId) -> &'m PersonRecord {
        self.records[id as usize]
    }

    /// The key of the person numbered `id`.
    pub(crate) fn key(&self, id: PersonId) -> &'m MemberKey {
        self.records[id as usize].key()
    }

    /// Every person with its number, in key order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (PersonId, &'m PersonRecord)> + '_ {
        self.records.iter().enumerate().map(|(i, r)| (id_of(i), *r))
    }

    /// The persons under a 記号・番号 (a contiguous run of numbers; empty when none).
    pub(crate) fn group(&self, symbol: &str, number: &str) -> Range<PersonId> {
        let mut g = self
            .heads
            .get(&group_hash(symbol, number))
            .copied()
            .unwrap_or(u32::MAX);
        while let Some(group) = self.groups.get(g as usize) {
            let at = group.name as usize;
            let (s, n) = (usize::from(group.symbol_len), usize::from(group.number_len));
            if self.names.get(at..at + s) == Some(symbol.as_bytes())
                && self.names.get(at + s..at + s + n) == Some(number.as_bytes())
            {
                return group.start..group.end;
            }
            g = group.next;
        }
        0..0
    }

    /// The number of the person with `key`.
    pub(crate) fn id(&self, key: &MemberKey) -> Option<PersonId> {
        self.group(key.symbol.as_str(), key.number.as_str())
            .find(|&i| self.records[i as usize].key().branch == key.branch)
    }

    /// The insured person of `id`'s household (`id` itself for an insured person); `None` for
    /// a dependant whose insured person is not in the master.
    pub(crate) fn household(&self, id: PersonId) -> Option<PersonId> {
        let h = self.household[id as usize];
        (h != NO_PERSON).then_some(h)
    }

    /// The person `id` as of `on` ([`MemberMaster::person`]).
    pub(crate) fn view_on(&self, id: PersonId, on: NaiveDate) -> Option<PersonView<'m>> {
        let record = self.record(id);
        let insured = match record.role() {
            Role::Insured => None,
            Role::Dependent { .. } => self.household(id).map(|h| self.record(h)),
        };
        record.view_on(on, insured)
    }

    /// The access record of `id` as of `on`, built by the domain's one subject builder
    /// ([`SubjectRecord::from_person`], the rule of [`SubjectRecord::from_master`]) from the
    /// records already numbered here.
    pub(crate) fn subject_on(&self, id: PersonId, on: NaiveDate) -> Option<SubjectRecord> {
        let record = self.record(id);
        let insured = match record.role() {
            Role::Insured => None,
            Role::Dependent { .. } => self.household(id).map(|h| self.record(h)),
        };
        SubjectRecord::from_person(record, insured, on)
    }

    /// The dependants recorded under the insured person `id` (eligible or not), in key order:
    /// the persons of the same 記号・番号 whose insured person is `id`
    /// ([`MemberMaster::household`] reads the same run).
    pub(crate) fn dependants(&self, id: PersonId) -> impl Iterator<Item = PersonId> + '_ {
        let k = self.key(id);
        self.group(k.symbol.as_str(), k.number.as_str())
            .filter(move |&d| d != id && self.household[d as usize] == id)
    }

    /// The values of `map` by person number (`None` for persons without an entry; entries of
    /// keys not in the master are left out). Both are in key order: one pass over each.
    pub(crate) fn by_id<'a, V>(&self, map: &'a BTreeMap<MemberKey, V>) -> Vec<Option<&'a V>> {
        let mut out: Vec<Option<&V>> = vec![None; self.records.len()];
        let mut entries = map.iter().peekable();
        for (i, r) in self.records.iter().enumerate() {
            while let Some((k, v)) = entries.peek() {
                match (*k).cmp(r.key()) {
                    std::cmp::Ordering::Less => {
                        entries.next();
                    }
                    std::cmp::Ordering::Equal => {
                        out[i] = Some(*v);
                        entries.next();
                        break;
                    }
                    std::cmp::Ordering::Greater => break,
                }
            }
        }
        out
    }
}

fn id_of(i: usize) -> PersonId {
    PersonId::try_from(i).unwrap_or(NO_PERSON)
}

/// The receipt checks read the master through the roster: one hash look-up per receipt
/// instead of a search of the master's key map; the records built are those
/// [`MemberMaster`]'s own lookup builds.
impl EligibilityLookup for Roster<'_> {
    fn members(&self, symbol: &InsuredSymbol, number: &InsuredNumber) -> Vec<MemberRecord> {
        self.group(symbol.as_str(), number.as_str())
            .filter_map(|i| MemberRecord::of(self.records[i as usize]))
            .collect()
    }
}
