//! The state one month hands to the next: decisions and amounts kept on record, each written
//! once by the run (or import) that made it.
//!
//! | what | why a later month needs it |
//! | --- | --- |
//! | grade decisions ([`GradeRecord`]) | the grade in force (premiums, 高額療養費 category, 現役並み), the previous grade of a 定時決定 or 随時改定, and the twelve months of 標準報酬月額 for 傷病手当金 ([`CarriedState::standard_monthly_history`]) |
//! | 高額療養費 household-months ([`HighCostMonth`]) | 多数回該当 (the paid months of the last twelve) and the August–July sums of the 年間上限 |
//! | 70–74 outpatient months ([`OutpatientRecord`]) | 外来年間合算 |
//! | standard bonuses ([`BonusRecord`]) | the fiscal-year cap of 標準賞与額 |
//! | benefits paid ([`BenefitRecord`]) | the duplicate-payment check ([`kenpo_domain::benefit_record::find_duplicates`]) |
//! | the access log's last entry | the hash chain continues across months |

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use kenpo_domain::access::LogEntry;
use kenpo_domain::benefit_record::BenefitRecord;
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::high_cost::{ElderlyCategory, PaidMonth};
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::PersonRecord;
use kenpo_domain::premium::PaymentMethod;
use kenpo_domain::sickness_allowance::StandardMonthly;
use kenpo_domain::standard_remuneration::Grade;
use kenpo_domain::Yen;

/// How a grade on record was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GradeSource {
    /// Carried over from the society's earlier system ([`kenpo_domain::notification::PayReport::Opening`]).
    Opening,
    /// 資格取得時決定 (健康保険法 第42条).
    Acquisition,
    /// 定時決定 (第41条).
    Regular,
    /// 随時改定 (第43条).
    Occasional,
    /// 育児休業等終了時改定 (第43条の2).
    ChildcareLeaveEnd,
    /// 産前産後休業終了時改定 (第43条の3).
    MaternityLeaveEnd,
}

impl GradeSource {
    /// The name stored and shown.
    pub const fn id(self) -> &'static str {
        match self {
            GradeSource::Opening => "opening",
            GradeSource::Acquisition => "acquisition",
            GradeSource::Regular => "regular",
            GradeSource::Occasional => "occasional",
            GradeSource::ChildcareLeaveEnd => "childcare_leave_end",
            GradeSource::MaternityLeaveEnd => "maternity_leave_end",
        }
    }

    /// `true` for a revision between the yearly determinations (随時改定 and the leave-end
    /// revisions): one taking effect in July, August or September excludes the person from
    /// that year's 定時決定 (健康保険法 第41条第3項).
    pub const fn is_revision(self) -> bool {
        matches!(
            self,
            GradeSource::Occasional
                | GradeSource::ChildcareLeaveEnd
                | GradeSource::MaternityLeaveEnd
        )
    }

    /// The source named `id`.
    pub fn from_id(id: &str) -> Option<GradeSource> {
        [
            GradeSource::Opening,
            GradeSource::Acquisition,
            GradeSource::Regular,
            GradeSource::Occasional,
            GradeSource::ChildcareLeaveEnd,
            GradeSource::MaternityLeaveEnd,
        ]
        .into_iter()
        .find(|s| s.id() == id)
    }
}

/// A grade decision kept on record (標準報酬月額の決定).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeRecord {
    /// The insured person.
    pub key: MemberKey,
    /// How it was made.
    pub source: GradeSource,
    /// The grade.
    pub grade: Grade,
    /// The 報酬月額 it was looked up with, when known.
    pub remuneration: Option<Yen>,
    /// The first premium month it applies to.
    pub effective_from: YearMonth,
    /// The run month that decided it (for an opening grade, its first month).
    pub decided_in: YearMonth,
    /// How the employee share is paid.
    pub payment: PaymentMethod,
}

/// One household-month of 高額療養費 on record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HighCostMonth {
    /// The household (its insured person).
    pub household: MemberKey,
    /// Treatment month.
    pub month: YearMonth,
    /// 高額療養費 decided for the month.
    pub refund: Yen,
    /// 付加給付 decided for the month.
    pub additional: Yen,
    /// Only the 70–74 outpatient step paid (does not count toward 多数回).
    pub outpatient_only: bool,
    /// What the household bore on the counted charges after 高額療養費 (年間上限).
    pub borne: Yen,
    /// 多数回該当 applied.
    pub many_times: bool,
}

impl HighCostMonth {
    /// The entry for the 多数回 history, when 高額療養費 was paid.
    pub fn paid_month(&self) -> Option<PaidMonth> {
        (self.refund > Yen::ZERO).then(|| PaidMonth {
            month: self.month,
            household: self.household.clone(),
            outpatient_only: self.outpatient_only,
        })
    }
}

/// One month of a 70–74 person's outpatient charges borne (外来年間合算).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutpatientRecord {
    /// The person.
    pub person: MemberKey,
    /// Treatment month.
    pub month: YearMonth,
    /// The person's category in the month.
    pub category: ElderlyCategory,
    /// Outpatient charges borne after 高額療養費.
    pub borne: Yen,
}

/// A standard bonus on record (標準賞与額, for the fiscal-year cap).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BonusRecord {
    /// The insured person.
    pub key: MemberKey,
    /// The day paid.
    pub paid_on: chrono::NaiveDate,
    /// 標準賞与額.
    pub standard: Yen,
    /// Fiscal-year cumulative after it.
    pub cumulative: Yen,
}

/// The grade in force in `month` among one person's decisions `records` (in the order made):
/// the one with the latest `effective_from` on or before it, and of two for the same first
/// month the one made last (a decision made again replaces the earlier one).
pub fn latest_grade(records: &[GradeRecord], month: YearMonth) -> Option<&GradeRecord> {
    // `max_by_key` gives the last of equal maxima: the one made last.
    records
        .iter()
        .filter(|g| g.effective_from <= month)
        .max_by_key(|g| g.effective_from)
}

/// The payment method of the last of one person's decisions `records` (wage deduction when
/// there is none).
pub fn last_payment(records: Option<&Vec<GradeRecord>>) -> PaymentMethod {
    records
        .and_then(|v| v.last())
        .map_or(PaymentMethod::WageDeduction, |g| g.payment)
}

/// Everything a month run reads from earlier months.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarriedState {
    /// The last month run, if any.
    pub last_month: Option<YearMonth>,
    /// Grade decisions by insured person, in the order made.
    pub grades: BTreeMap<MemberKey, Vec<GradeRecord>>,
    /// 高額療養費 household-months, by household, in month order.
    pub high_cost: BTreeMap<MemberKey, Vec<HighCostMonth>>,
    /// 70–74 outpatient months, by person.
    pub outpatient: BTreeMap<MemberKey, Vec<OutpatientRecord>>,
    /// Standard bonuses, by person.
    pub bonuses: BTreeMap<MemberKey, Vec<BonusRecord>>,
    /// Cash benefits paid.
    pub benefits: Vec<BenefitRecord>,
    /// The access log's last entry (read from the store; the log is continued after it).
    #[serde(skip_deserializing)]
    pub log_head: Option<LogEntry>,
}

/// What one month adds to the state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateDelta {
    /// The month run.
    pub month: Option<YearMonth>,
    /// New grade decisions.
    pub grades: Vec<GradeRecord>,
    /// New 高額療養費 household-months.
    pub high_cost: Vec<HighCostMonth>,
    /// New 70–74 outpatient months.
    pub outpatient: Vec<OutpatientRecord>,
    /// New standard bonuses.
    pub bonuses: Vec<BonusRecord>,
    /// Cash benefits paid this month.
    pub benefits: Vec<BenefitRecord>,
    /// Access log entries appended this month.
    #[serde(skip_deserializing)]
    pub log: Vec<LogEntry>,
}

impl CarriedState {
    /// The grade decision in force in `month` for `key`: the latest made with `effective_from`
    /// on or before it.
    pub fn grade_in(&self, key: &MemberKey, month: YearMonth) -> Option<&GradeRecord> {
        latest_grade(self.grades.get(key)?, month)
    }

    /// The payment method on record for `key`.
    pub fn payment_of(&self, key: &MemberKey) -> PaymentMethod {
        last_payment(self.grades.get(key))
    }

    /// 標準報酬月額 month by month, from the first month with a grade up to `through` (at most
    /// the twelve months 傷病手当金 averages), for months where `insured(month)` holds.
    pub fn standard_monthly_history(
        &self,
        key: &MemberKey,
        through: YearMonth,
        insured: impl Fn(YearMonth) -> bool,
    ) -> Vec<StandardMonthly> {
        let mut out = Vec::new();
        let mut month = through.add_months(-11);
        while month <= through {
            if insured(month) {
                if let Some(g) = self.grade_in(key, month) {
                    out.push(StandardMonthly {
                        month,
                        amount: g.grade.standard_monthly,
                    });
                }
            }
            month = month.next();
        }
        out
    }

    /// Adds what one month decided.
    pub fn apply(&mut self, delta: &StateDelta) {
        if delta.month.is_some() {
            self.last_month = delta.month;
        }
        for g in &delta.grades {
            self.grades
                .entry(g.key.clone())
                .or_default()
                .push(g.clone());
        }
        for h in &delta.high_cost {
            self.high_cost
                .entry(h.household.clone())
                .or_default()
                .push(h.clone());
        }
        for o in &delta.outpatient {
            self.outpatient
                .entry(o.person.clone())
                .or_default()
                .push(o.clone());
        }
        for b in &delta.bonuses {
            self.bonuses
                .entry(b.key.clone())
                .or_default()
                .push(b.clone());
        }
        self.benefits.extend(delta.benefits.iter().cloned());
        if let Some(last) = delta.log.last() {
            self.log_head = Some(last.clone());
        }
    }
}

/// The member master's records by key: what the store keeps of the master (the journal of
/// events beside it).
pub type PersonRecords = Vec<PersonRecord>;
