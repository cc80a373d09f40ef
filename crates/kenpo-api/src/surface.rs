//! The surface: every operation a host system calls, by rule family, with its name in C, Kotlin
//! (and Java) and Swift, and the `kenpo` subcommand where one fits.
//!
//! This table is the one list the bindings are checked against: a test in `kenpo-ffi` fails when
//! an operation has no C function in `bindings/c/kenpo.h`, no Kotlin or Swift function in the
//! generated bindings, or no call in each language's test suite; `docs/SURFACE.md` is rendered
//! from it ([`render_markdown`]) and checked for drift.
//!
//! Naming: an operation `monthly_premium` of the object `Society` is `kenpo_monthly_premium` in
//! C (the object is its first argument, a handle), `society.monthlyPremium(request)` in Kotlin,
//! Java and Swift. Operations taking a request record take it as JSON in C; operations taking
//! only scalars take C scalars.

use schemars::{JsonSchema, Schema, SchemaGenerator};

/// A family of rules, as in the README's "What it covers" table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// 金額・端数処理, 和暦, 年齢計算, identifiers, versions and diagnostics.
    Foundations,
    /// The society configuration (規約).
    Society,
    /// 適用: the member master, eligibility, 被扶養者認定.
    Members,
    /// 標準報酬月額・標準賞与額.
    Remuneration,
    /// 保険料 and 納入告知.
    Premiums,
    /// レセプト.
    Receipts,
    /// 高額療養費, 付加給付, 傷病手当金, 出産, 埋葬, 医療費通知.
    Benefits,
    /// 特定健診・特定保健指導.
    Checkups,
    /// Purpose-bound personal data access.
    Access,
    /// The society's monthly run on its own store (月次処理).
    MonthlyRun,
}

impl Family {
    /// The family's heading.
    pub fn title(self) -> &'static str {
        match self {
            Family::Foundations => "Foundations (versions, 和暦, age, identifiers, diagnostics)",
            Family::Society => "Society configuration (規約)",
            Family::Members => "Members and dependents (適用, 被扶養者認定)",
            Family::Remuneration => "Standard remuneration (標準報酬)",
            Family::Premiums => "Premiums (保険料, 納入告知)",
            Family::Receipts => "Receipts (レセプト)",
            Family::Benefits => "Benefits (給付)",
            Family::Checkups => "Checkups and guidance (特定健診・特定保健指導)",
            Family::Access => {
                "Purpose-bound personal data access (利用目的, 提供, 開示, 匿名化, 保存)"
            }
            Family::MonthlyRun => "The monthly run on a society store (月次処理)",
        }
    }
}

/// The JSON Schema of a record.
pub type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

/// The schema of `T`.
pub fn schema_of<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.root_schema_for::<T>()
}

/// One operation of the surface.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The rule family.
    pub family: Family,
    /// The object it is a method of (`"Society"`), `None` for a function.
    pub object: Option<&'static str>,
    /// The operation's name, snake_case (`"monthly_premium"`); the uniffi name is its camelCase.
    pub name: &'static str,
    /// `true` for a constructor of `object` (a static `fromToml` in Kotlin and Swift).
    pub constructor: bool,
    /// The C function.
    pub c: &'static str,
    /// The `kenpo` subcommand, where one fits.
    pub cli: Option<&'static str>,
    /// The JSON Schema of the request record (C input), when the operation takes one.
    pub request: Option<SchemaFn>,
    /// The JSON Schema of the response record (C output), when it returns one as JSON.
    pub response: Option<SchemaFn>,
    /// What it does, in one line.
    pub summary: &'static str,
}

impl Operation {
    /// The operation's Kotlin and Swift name (`monthlyPremium`).
    pub fn camel_name(&self) -> String {
        camel(self.name)
    }

    /// How a Kotlin / Swift caller reaches it (`Society.monthlyPremium`, `gradeForRemuneration`).
    pub fn uniffi_path(&self) -> String {
        match self.object {
            Some(o) => format!("{o}.{}", self.camel_name()),
            None => self.camel_name(),
        }
    }
}

/// `monthly_premium` → `monthlyPremium`.
pub fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

macro_rules! op {
    ($family:ident, $object:expr, $name:literal, $c:literal, $cli:expr, $req:tt, $resp:tt, $summary:literal $(, $ctor:literal)?) => {
        Operation {
            family: Family::$family,
            object: $object,
            name: $name,
            constructor: false $(|| $ctor)?,
            c: $c,
            cli: $cli,
            request: op!(@schema $req),
            response: op!(@schema $resp),
            summary: $summary,
        }
    };
    (@schema []) => { None };
    (@schema [$t:ty]) => { Some(schema_of::<$t> as SchemaFn) };
}

use crate::access as ac;
use crate::checkup as ck;
use crate::dependent as d;
use crate::member as m;
use crate::month as mo;
use crate::notification as n;
use crate::premium as p;
use crate::receipt as rc;
use crate::remuneration as r;
use crate::{benefit_record as br, burial as bu, childbirth as cb, expense_notice as en};
use crate::{high_cost as hc, sickness as sk, voluntary as vc};

const SOCIETY: Option<&str> = Some("Society");
const STORE: Option<&str> = Some("SocietyStore");
const CATALOG: Option<&str> = Some("PurposeCatalog");
const LOG: Option<&str> = Some("AccessLog");
const MASTER: Option<&str> = Some("MemberMaster");

/// Every operation, by family.
#[rustfmt::skip]
pub const OPERATIONS: &[Operation] = &[
    // Foundations
    op!(Foundations, None, "kenpo_version", "kenpo_version", None, [], [], "the library version"),
    op!(Foundations, None, "abi_version", "kenpo_abi_version", None, [], [], "the contract version (header, JSON forms, uniffi records)"),
    op!(Foundations, None, "debug_force_panic", "kenpo_debug_force_panic", None, [], [], "proves a panic never crosses the boundary"),
    op!(Foundations, None, "wareki_format", "kenpo_wareki_format", None, [], [], "a date in the era form (令和8年11月24日, 令和元年5月1日)"),
    op!(Foundations, None, "wareki_parse", "kenpo_wareki_parse", None, [], [], "reads an era date in its display form (平成31年4月30日)"),
    op!(Foundations, None, "parse_receipt_date", "kenpo_parse_receipt_date", None, [], [], "reads a receipt date, GYYMMDD (5081124) or YYYYMMDD"),
    op!(Foundations, None, "age_on", "kenpo_age_on", None, [], [], "the legal age on a date (年齢計算ニ関スル法律)"),
    op!(Foundations, None, "age_milestones_of", "kenpo_age_milestones_of", None, [], [], "介護 40/65 months, the 70 month, the 75th birthday, the last 未就学 day"),
    op!(Foundations, None, "identifier_normalize", "kenpo_identifier_normalize", None, [], [], "checks and normalises an identifier (check digits; 個人番号 answered masked)"),
    // Society
    op!(Society, SOCIETY, "from_toml", "kenpo_society_from_toml", None, [], [], "reads and validates a TOML configuration", true),
    op!(Society, SOCIETY, "from_json", "kenpo_society_from_json", None, [], [], "reads and validates a JSON configuration", true),
    op!(Society, SOCIETY, "name", "kenpo_society_name", None, [], [], "the society's name"),
    op!(Society, SOCIETY, "rates_for", "kenpo_society_rates_for", None, [], [Option<crate::society::PremiumRates>], "the premium rates in force in a month"),
    // Members
    op!(Members, MASTER, "empty", "kenpo_member_master_new", None, [], [], "an empty member master", true),
    op!(Members, MASTER, "from_json", "kenpo_member_master_from_json", None, [], [], "a member master from its versioned stored form (or the version 0 list), every record checked, the journal replayed", true),
    op!(Members, MASTER, "to_json", "kenpo_member_master_to_json", None, [], [], "the versioned stored form of the master: baseline and journal (personal data)"),
    op!(Members, MASTER, "apply", "kenpo_member_master_apply", None, [m::MemberEvent], [], "applies one member event (資格取得・喪失, 被扶養者異動, 変更, 訂正)"),
    op!(Members, MASTER, "apply_batch", "kenpo_member_master_apply_batch", None, [m::MemberEventBatch], [m::EventBatchReport], "applies events in order, every refused event reported (batch)"),
    op!(Members, MASTER, "is_eligible", "kenpo_member_master_is_eligible", None, [], [], "whether a person is eligible on a date (the society's own use; A8 answers go through the access log)"),
    op!(Members, MASTER, "household", "kenpo_member_master_household", None, [], [m::Household], "an insured person's household in a month"),
    op!(Members, MASTER, "grade_in_force", "kenpo_member_master_grade_in_force", None, [], [Option<m::GradeRecord>], "the 標準報酬月額 in force for an insured person in a month"),
    op!(Members, MASTER, "grade_history", "kenpo_member_master_grade_history", None, [], [Vec<m::GradeRecord>], "every grade decision of an insured person, by first month"),
    op!(Members, MASTER, "birthday_rules_due", "kenpo_member_master_birthday_rules_due", None, [], [Vec<m::BirthdayRuleDue>], "the persons reaching 40, 65, 70 or 75 in a month"),
    op!(Members, MASTER, "late_elderly_losses", "kenpo_member_master_late_elderly_losses", None, [], [Vec<m::MemberEvent>], "the 75th-birthday losses due in a month (後期高齢者医療)"),
    op!(Members, MASTER, "len", "kenpo_member_master_len", None, [], [], "the number of persons ever enrolled"),
    op!(Members, MASTER, "journal_len", "kenpo_member_master_journal_len", None, [], [], "the number of events in the master's journal"),
    op!(Members, None, "recognize_dependent", "kenpo_recognize_dependent", Some("kenpo calc dependent"), [d::RecognitionRequest], [d::RecognitionDecision], "被扶養者認定 for one person (法3条7項; 130/180/150万, 2026-04 contract rule)"),
    op!(Members, None, "recognize_dependents", "kenpo_recognize_dependents", None, [d::RecognitionBatchRequest], [d::RecognitionBatch], "被扶養者認定 for many persons (batch)"),
    op!(Members, None, "read_shfd_notifications", "kenpo_read_shfd_notifications", None, [], [n::NotificationBatch], "reads an employer's SHFD0006/KPFD0006 file into events and pay reports"),
    op!(Members, None, "read_csv_notifications", "kenpo_read_csv_notifications", None, [], [n::NotificationBatch], "reads the documented notification CSV into events or pay reports"),
    op!(Members, None, "read_json_notifications", "kenpo_read_json_notifications", None, [], [n::NotificationBatch], "reads a notification JSON file into events or pay reports"),
    // Remuneration
    op!(Remuneration, None, "grade_for_remuneration", "kenpo_grade_for_remuneration", Some("kenpo calc grade"), [], [], "the grade a 報酬月額 falls in (法40条)"),
    op!(Remuneration, None, "grade_from_standard_monthly", "kenpo_grade_from_standard_monthly", None, [], [], "the grade of a 標準報酬月額"),
    op!(Remuneration, None, "standard_bonus", "kenpo_standard_bonus", None, [], [], "標準賞与額 with the annual cap (法45条)"),
    op!(Remuneration, None, "decide_at_acquisition", "kenpo_decide_at_acquisition", None, [r::AcquisitionDecisionRequest], [r::StandardDecision], "資格取得時決定 (法42条)"),
    op!(Remuneration, None, "regular_determination", "kenpo_regular_determination", None, [r::RegularDeterminationRequest], [r::RegularOutcome], "定時決定 (法41条)"),
    op!(Remuneration, None, "regular_determinations", "kenpo_regular_determinations", None, [r::RegularDeterminationBatchRequest], [r::RegularDeterminationBatch], "定時決定 for many persons (batch)"),
    op!(Remuneration, None, "occasional_revision", "kenpo_occasional_revision", None, [r::OccasionalRevisionRequest], [r::RevisionOutcome], "随時改定 (法43条)"),
    op!(Remuneration, None, "leave_end_revision", "kenpo_leave_end_revision", None, [r::LeaveEndRevisionRequest], [r::RevisionOutcome], "育児休業等・産前産後休業終了時改定 (法43条の2, 43条の3)"),
    // Premiums
    op!(Premiums, SOCIETY, "monthly_premium", "kenpo_monthly_premium", Some("kenpo calc premium"), [p::MonthlyPremiumRequest], [p::PremiumBreakdown], "one person's monthly premium (法156条, 160条, 161条)"),
    op!(Premiums, SOCIETY, "bonus_premium", "kenpo_bonus_premium", None, [p::BonusPremiumRequest], [p::PremiumBreakdown], "one person's bonus premium"),
    op!(Premiums, SOCIETY, "premiums", "kenpo_premiums", None, [p::PremiumBatchRequest], [p::PremiumBatch], "many premiums of one month (batch)"),
    op!(Premiums, SOCIETY, "employer_notice", "kenpo_employer_notice", None, [p::EmployerNoticeRequest], [p::EmployerNotice], "an office's monthly notice (納入告知, 法161条, 164条)"),
    op!(Premiums, None, "month_charge", "kenpo_month_charge", None, [p::MonthChargeRequest], [p::ChargeDecision], "whether a month carries a premium (同月得喪, 産休・育休, 75th birthday)"),
    op!(Premiums, None, "bonus_charge", "kenpo_bonus_charge", None, [p::BonusChargeRequest], [p::ChargeDecision], "whether a bonus carries a premium"),
    // Receipts
    op!(Receipts, None, "read_receipt_file", "kenpo_read_receipt_file", Some("kenpo receipts check"), [], [rc::ReceiptFileReport], "reads a receipt file of any kind and form: counts by layout and kind, returns, re-examinations, 点検 candidates, C0"),
    op!(Receipts, STORE, "check_receipt_file", "kenpo_store_check_receipt_file", Some("kenpo receipts check --store"), [], [rc::ReceiptFileReport], "checks a receipt file against the store's member master (C0, C1, C2, C5) with the 点検 candidates"),
    op!(Receipts, None, "pseudonymise_receipt_file", "kenpo_pseudonymise_receipt_file", Some("kenpo receipts pseudonymise"), [], [rc::PseudonymisedReceiptFile], "a pseudonymised copy of a receipt file under the host's key (仮名加工情報, 法41条)"),
    // Checkups
    op!(Checkups, None, "read_checkup_xml", "kenpo_read_checkup_xml", None, [], [ck::CheckupDocument], "reads a 特定健診情報ファイル (HL7 CDA XML bytes): result, subject, skipped items"),
    op!(Checkups, None, "stratify_checkup", "kenpo_stratify_checkup", Some("kenpo calc stratify"), [ck::StratifyCheckupRequest], [ck::Stratification], "階層化 of one result (実施基準 第4条, 第4期)"),
    op!(Checkups, None, "stratify_checkups", "kenpo_stratify_checkups", None, [ck::StratifyCheckupsRequest], [ck::StratificationBatch], "階層化 of many results (batch)"),
    op!(Checkups, None, "checkup_target", "kenpo_checkup_target", None, [ck::CheckupTargetRequest], [ck::CheckupTargetDecision], "whether a person is a 特定健診 target in a fiscal year (高確法 第20条, 告示第3号)"),
    op!(Checkups, None, "guidance_candidates", "kenpo_guidance_candidates", None, [ck::GuidanceCandidatesRequest], [ck::GuidanceList], "E1/E2: 積極的支援 and 動機付け支援 candidates"),
    op!(Checkups, None, "senior_risk_report", "kenpo_senior_risk_report", None, [ck::SeniorRiskReportRequest], [ck::SeniorRiskReport], "F4: members aged 65 and over, with their age"),
    op!(Checkups, None, "severe_case_prevention", "kenpo_severe_case_prevention", None, [ck::SevereCasePreventionRequest], [ck::SevereCaseList], "F5: at a 受診勧奨判定値 with no diagnosis in 12 months"),
    op!(Checkups, None, "year_on_year", "kenpo_year_on_year", None, [ck::YearOnYearRequest], [ck::Comparison], "D2: two results of a member compared item by item"),
    // The monthly run
    op!(MonthlyRun, STORE, "create", "kenpo_store_create", Some("kenpo init"), [], [], "creates a store for a society configuration", true),
    op!(MonthlyRun, STORE, "open", "kenpo_store_open", None, [], [], "opens a store", true),
    op!(MonthlyRun, STORE, "import_file", "kenpo_store_import_file", Some("kenpo import"), [], [mo::ImportReport], "imports members, notifications or pay reports; every rejected row reported"),
    op!(MonthlyRun, STORE, "run_month", "kenpo_store_run_month", Some("kenpo run"), [], [mo::MonthRunReport], "runs a month: counts and yen per stage, and where the results are"),
    op!(MonthlyRun, STORE, "set_log_key", "kenpo_store_set_log_key", Some("kenpo run --key-file"), [], [], "seals the access log of the following runs with the host's key (HMAC-SHA-256)"),
    // Benefits
    op!(Benefits, SOCIETY, "high_cost_month", "kenpo_high_cost_month", Some("kenpo calc household"), [hc::HighCostMonthRequest], [hc::HighCostDecision], "高額療養費 and 付加給付 for one household-month (法115条, 53条; 令41条–43条)"),
    op!(Benefits, SOCIETY, "high_cost_months", "kenpo_high_cost_months", None, [hc::HighCostMonthsRequest], [hc::HighCostBatch], "高額療養費 and 付加給付 for many household-months (batch)"),
    op!(Benefits, None, "high_cost_age_status", "kenpo_high_cost_age_status", None, [], [], "a person's age band and 75th-birthday halving in a treatment month"),
    op!(Benefits, None, "high_cost_dependant_age_status", "kenpo_high_cost_dependant_age_status", None, [], [], "a dependant's age status, halved when the insured person turns 75 in the month"),
    op!(Benefits, None, "high_cost_outpatient_year", "kenpo_high_cost_outpatient_year", None, [hc::OutpatientYearRequest], [hc::YearlyDecision], "70–74 外来年間合算 (令41条7項, 42条10項)"),
    op!(Benefits, None, "high_cost_annual_cap", "kenpo_high_cost_annual_cap", None, [hc::AnnualCapRequest], [hc::YearlyDecision], "年間上限 of a household (from August 2026)"),
    op!(Benefits, None, "build_cost_units", "kenpo_build_cost_units", None, [hc::CostUnitsRequest], [hc::CostUnits], "高額療養費 units from receipt rows (令41条1項, 院外処方 joined)"),
    op!(Benefits, None, "cost_units_from_receipts", "kenpo_cost_units_from_receipts", None, [hc::ReceiptCostUnitsRequest], [hc::ReceiptCostUnits], "高額療養費 units from a receipts file, every skipped receipt reported"),
    op!(Benefits, SOCIETY, "sickness_daily_amount", "kenpo_sickness_daily_amount", None, [sk::SicknessDailyAmountRequest], [sk::DailyAmount], "傷病手当金 daily amount (法99条2項)"),
    op!(Benefits, SOCIETY, "sickness_allowance", "kenpo_sickness_allowance", None, [sk::SicknessAllowanceRequest], [sk::SicknessSchedule], "傷病手当金 day by day with the society's 付加金 (法99条, 103条, 104条, 108条)"),
    op!(Benefits, SOCIETY, "maternity_allowance", "kenpo_maternity_allowance", None, [sk::MaternityAllowanceRequest], [sk::MaternitySchedule], "出産手当金 day by day (法102条)"),
    op!(Benefits, SOCIETY, "childbirth_lump_sum", "kenpo_childbirth_lump_sum", None, [cb::ChildbirthRequest], [cb::ChildbirthDecision], "出産育児一時金 with the society's 付加金 (法101条, 114条; 令36条)"),
    op!(Benefits, SOCIETY, "burial_benefit", "kenpo_burial_benefit", None, [bu::BurialRequest], [bu::BurialDecision], "埋葬料・埋葬費・家族埋葬料 with the society's 付加金 (法100条, 113条)"),
    op!(Benefits, None, "expense_notices", "kenpo_expense_notices", None, [en::ExpenseNoticeRequest], [en::ExpenseNotices], "医療費通知 per household, with its printed text"),
    op!(Benefits, None, "find_duplicate_payments", "kenpo_find_duplicate_payments", None, [br::DuplicateCheckRequest], [br::DuplicateCheck], "duplicate-payment check of benefit records (B2, B4)"),
    op!(Benefits, None, "voluntary_application", "kenpo_voluntary_application", None, [vc::VoluntaryApplicationRequest], [vc::ApplicationDecision], "任意継続: the application (法3条4項, 37条)"),
    op!(Benefits, None, "voluntary_loss", "kenpo_voluntary_loss", None, [vc::VoluntaryLossRequest], [vc::LossDecision], "任意継続: when and why the status ends (法37条2項, 38条)"),
    op!(Benefits, SOCIETY, "voluntary_standard", "kenpo_voluntary_standard", None, [vc::VoluntaryStandardRequest], [vc::VoluntaryStandard], "任意継続: the 標準報酬月額 (法47条)"),
    op!(Benefits, SOCIETY, "voluntary_premium", "kenpo_voluntary_premium", None, [vc::VoluntaryPremiumRequest], [vc::VoluntaryPremium], "任意継続: the monthly premium, paid wholly (法157条, 161条, 164条)"),
    op!(Benefits, SOCIETY, "voluntary_prepayment", "kenpo_voluntary_prepayment", None, [vc::VoluntaryPrepaymentRequest], [vc::Prepayment], "任意継続: 前納 at 4 % a year (法165条, 令49条)"),
    // Purpose-bound access
    op!(Access, CATALOG, "default_catalog", "kenpo_purpose_catalog_default", None, [], [], "the catalog of the society's published notice (A1–H1, H2, R1–R4)", true),
    op!(Access, CATALOG, "from_toml", "kenpo_purpose_catalog_from_toml", None, [], [], "loads and validates a purpose catalog and its vendors (TOML)", true),
    op!(Access, CATALOG, "purposes", "kenpo_purpose_catalog_purposes", None, [], [Vec<ac::PurposeInfo>], "the published purposes with their categories, conditions and grants"),
    op!(Access, CATALOG, "recipients", "kenpo_purpose_catalog_recipients", None, [], [Vec<ac::RecipientInfo>], "the recipients (roles, outsourcees, third parties) of the catalog"),
    op!(Access, LOG, "open", "kenpo_access_log_open", Some("kenpo access decide --log --anchor --key-file"), [], [], "opens a keyed, anchored JSON-lines access log, verifying it first", true),
    op!(Access, LOG, "in_memory", "kenpo_access_log_in_memory", None, [], [], "an access log in memory, keyed or unkeyed", true),
    op!(Access, LOG, "verify", "kenpo_access_log_verify", None, [], [ac::LogVerification], "verifies the log against its key and anchor: the first bad entry"),
    op!(Access, LOG, "anchor", "kenpo_access_log_anchor", None, [], [ac::LogAnchor], "the log's anchor (entries, last MAC, key fingerprint)"),
    op!(Access, LOG, "to_json_lines", "kenpo_access_log_to_json_lines", None, [], [], "every entry, one JSON object per line"),
    op!(Access, None, "verify_access_log_file", "kenpo_verify_access_log_file", Some("kenpo log verify"), [], [ac::LogVerification], "verifies a log file against its anchor file and key (edit, cut tail, reorder, wrong key)"),
    op!(Access, CATALOG, "decide", "kenpo_access_decide", Some("kenpo access decide"), [ac::AccessRequest], [ac::AccessDecision], "a logged decision: minimised views or a denial (個人情報保護法 第18条, 第27条)"),
    op!(Access, CATALOG, "answer_eligibility_inquiry", "kenpo_answer_eligibility_inquiry", None, [ac::EligibilityInquiryRequest], [ac::EligibilityAnswer], "A8: the logged eligibility answer to a confirmed clinic or insurer"),
    op!(Access, CATALOG, "clinic_inquiry", "kenpo_clinic_inquiry", None, [ac::ClinicInquiryRequest], [ac::ClinicInquiry], "C2: the logged inquiry to a clinic from a receipt finding's inquiry due"),
    op!(Access, CATALOG, "disclose", "kenpo_disclose", None, [ac::DisclosureRequest], [ac::DisclosureExport], "C9: a disclosure request by the subject or an admitted agent (第33条)"),
    op!(Access, CATALOG, "deidentified_release", "kenpo_deidentified_release", None, [ac::DeidentifiedReleaseRequest], [ac::DeidentifiedDataset], "F3, C13: a logged k-anonymous release"),
    op!(Access, CATALOG, "provision_register", "kenpo_provision_register", None, [ac::ProvisionRegisterRequest], [ac::ProvisionRegister], "第三者提供の記録 derived from the log (第29条)"),
    op!(Access, CATALOG, "dispose_items", "kenpo_dispose_items", None, [ac::DisposeItemsRequest], [ac::DueItems], "R1–R3: held items due for disposal, the method, the disposal recorded"),
    op!(Access, CATALOG, "households_due_for_disposal", "kenpo_households_due_for_disposal", None, [], [Vec<ac::DueHousehold>], "R1–R3: the households of the master whose retention period ended on a day (read only)"),
    op!(Access, CATALOG, "dispose_persons", "kenpo_dispose_persons", None, [ac::DisposePersonsRequest], [ac::PersonsDisposal], "the disposal run: households whose period ended leave the master (changed in place), keys pseudonymised in the log"),
];

/// A public operation of `kenpo-domain` deliberately left without a binding, and why.
#[derive(Debug, Clone, Copy)]
pub struct NotBound {
    /// The rule family it belongs to.
    pub family: Family,
    /// Its path in `kenpo-domain` (`member::MemberMaster::as_known_on`).
    pub domain: &'static str,
    /// Why it is not bound, and how a host reaches the rule instead (if it can).
    pub reason: &'static str,
}

/// The domain operations a host cannot call directly, each with its reason (rendered at the end
/// of `docs/SURFACE.md`).
#[rustfmt::skip]
pub const NOT_BOUND: &[NotBound] = &[
    NotBound { family: Family::Members, domain: "member::MemberMaster::apply_at", reason: "records an event with the time the society received it (the journal's `recorded_at`, which \"as known on\" questions read). kenpo-api has no date-time scalar yet (dates are `PlainDate`, a legal date, never an instant), and one is a contract-wide choice (a uniffi custom type for Kotlin `LocalDateTime` and a Swift value type, a C struct, a JSON form) for the lead rather than one family. Until then `MemberMaster.apply` records events without a time, as `kenpo import` does." },
    NotBound { family: Family::Members, domain: "member::MemberMaster::as_known_on", reason: "the master as it was known at an instant (events recorded later, corrections included, left out). Needs the same date-time scalar as `apply_at`, and answers only for events recorded with a time, which no binding can record yet: binding it alone would always return the whole journal." },
    NotBound { family: Family::Members, domain: "member::MemberMaster::record_grade", reason: "a shorthand for applying the `grade_decided` event with a recording time; a host applies `MemberEvent.GradeDecided` (C: `{\"kind\": \"grade_decided\", ...}`) with `MemberMaster.apply` and reads the grades back with `grade_in_force` and `grade_history`." },
    NotBound { family: Family::Receipts, domain: "receipt::review::testgen::ReceiptBuilder::beds", reason: "a test-data generator (receipts with planted 点検 cases for tests, benches and the demo), not a rule a host runs; a host tests against its own files." },
    NotBound { family: Family::Receipts, domain: "receipt::review::testgen::ReceiptBuilder::build", reason: "a test-data generator (receipts with planted 点検 cases for tests, benches and the demo), not a rule a host runs; a host tests against its own files." },
    NotBound { family: Family::Receipts, domain: "receipt::review::testgen::ReceiptBuilder::days_of_treatment", reason: "a test-data generator (receipts with planted 点検 cases for tests, benches and the demo), not a rule a host runs; a host tests against its own files." },
    NotBound { family: Family::Receipts, domain: "receipt::review::testgen::ReceiptBuilder::dispensing", reason: "a test-data generator (receipts with planted 点検 cases for tests, benches and the demo), not a rule a host runs; a host tests against its own files." },
    NotBound { family: Family::Receipts, domain: "receipt::review::testgen::ReceiptBuilder::inpatient", reason: "a test-data generator (receipts with planted 点検 cases for tests, benches and the demo), not a rule a host runs; a host tests against its own files." },
    NotBound { family: Family::Receipts, domain: "receipt::review::testgen::ReceiptBuilder::medical", reason: "a test-data generator (receipts with planted 点検 cases for tests, benches and the demo), not a rule a host runs; a host tests against its own files." },
    NotBound { family: Family::Receipts, domain: "receipt::review::testgen::ReceiptBuilder::occupational", reason: "a test-data generator (receipts with planted 点検 cases for tests, benches and the demo), not a rule a host runs; a host tests against its own files." },
    NotBound { family: Family::Receipts, domain: "receipt::review::testgen::ReceiptBuilder::special_notes", reason: "a test-data generator (receipts with planted 点検 cases for tests, benches and the demo), not a rule a host runs; a host tests against its own files." },
    NotBound { family: Family::Receipts, domain: "receipt::review::testgen::ReceiptBuilder::times", reason: "a test-data generator (receipts with planted 点検 cases for tests, benches and the demo), not a rule a host runs; a host tests against its own files." },
    NotBound { family: Family::Receipts, domain: "receipt::review::testgen::ReceiptBuilder::uncoded", reason: "a test-data generator (receipts with planted 点検 cases for tests, benches and the demo), not a rule a host runs; a host tests against its own files." },
    NotBound { family: Family::Receipts, domain: "receipt::review::testgen::planted_months", reason: "a test-data generator (receipts with planted 点検 cases for tests, benches and the demo), not a rule a host runs; a host tests against its own files." },
    NotBound { family: Family::Receipts, domain: "receipt::testgen::GeneratorOptions::era_dates", reason: "a test-data generator (receipts with planted 点検 cases for tests, benches and the demo), not a rule a host runs; a host tests against its own files." },
    NotBound { family: Family::Receipts, domain: "receipt::model::Receipt::as_claimed", reason: "the receipt as the institution claimed it, before the fund's corrections; a read accessor of a typed receipt; `read_receipt_file` returns the same data as records (JSON in C), so a host reads the field instead of calling back into the library." },
    NotBound { family: Family::Receipts, domain: "receipt::model::Receipt::service_days", reason: "a read accessor of a typed receipt; `read_receipt_file` returns the same data as records (JSON in C), so a host reads the field instead of calling back into the library." },
    NotBound { family: Family::Receipts, domain: "receipt::pharmacy::PharmacyDetail::dispensings", reason: "a read accessor of a typed receipt; `read_receipt_file` returns the same data as records (JSON in C), so a host reads the field instead of calling back into the library." },
    NotBound { family: Family::Receipts, domain: "receipt::pharmacy::PharmacyDetail::drugs", reason: "a read accessor of a typed receipt; `read_receipt_file` returns the same data as records (JSON in C), so a host reads the field instead of calling back into the library." },
    NotBound { family: Family::Receipts, domain: "receipt::fund::FundRecords::management_number", reason: "a read accessor of a typed receipt; `read_receipt_file` returns the same data as records (JSON in C), so a host reads the field instead of calling back into the library." },
    NotBound { family: Family::Receipts, domain: "receipt::fund::CorrectionRecord::reason_codes", reason: "a read accessor of a typed receipt; `read_receipt_file` returns the same data as records (JSON in C), so a host reads the field instead of calling back into the library." },
    NotBound { family: Family::Receipts, domain: "receipt::fund::ReceiptManagement::search_number", reason: "a read accessor of a typed receipt; `read_receipt_file` returns the same data as records (JSON in C), so a host reads the field instead of calling back into the library." },
    NotBound { family: Family::Receipts, domain: "receipt::returns::ReceiptIndex::add_all", reason: "linking returns and re-examinations to their receipts is part of reading the file: `read_receipt_file` reports the returns and re-examination cases with the receipt each names." },
    NotBound { family: Family::Receipts, domain: "receipt::returns::ReceiptIndex::find_search_number", reason: "linking returns and re-examinations to their receipts is part of reading the file: `read_receipt_file` reports the returns and re-examination cases with the receipt each names." },
    NotBound { family: Family::Receipts, domain: "receipt::returns::returned_receipts", reason: "linking returns and re-examinations to their receipts is part of reading the file: `read_receipt_file` reports the returns and re-examination cases with the receipt each names." },
    NotBound { family: Family::Receipts, domain: "receipt::returns::reexamination_cases", reason: "linking returns and re-examinations to their receipts is part of reading the file: `read_receipt_file` reports the returns and re-examination cases with the receipt each names." },
    NotBound { family: Family::Receipts, domain: "receipt::review::Reviewer::finish", reason: "a step of the 点検 review, which hosts run whole through `read_receipt_file` (candidates as records or JSON) or `kenpo receipts check --candidates` (CSV); the master files are passed as paths to that check." },
    NotBound { family: Family::Receipts, domain: "receipt::review::ReviewOutcome::to_csv", reason: "a step of the 点検 review, which hosts run whole through `read_receipt_file` (candidates as records or JSON) or `kenpo receipts check --candidates` (CSV); the master files are passed as paths to that check." },
    NotBound { family: Family::Receipts, domain: "receipt::review::master::Masters::codes_in", reason: "a step of the 点検 review, which hosts run whole through `read_receipt_file` (candidates as records or JSON) or `kenpo receipts check --candidates` (CSV); the master files are passed as paths to that check." },
    NotBound { family: Family::Receipts, domain: "receipt::review::master::AgeLimit::reached_on", reason: "a step of the 点検 review, which hosts run whole through `read_receipt_file` (candidates as records or JSON) or `kenpo receipts check --candidates` (CSV); the master files are passed as paths to that check." },
    NotBound { family: Family::Receipts, domain: "receipt::review::codes::embedded", reason: "a step of the 点検 review, which hosts run whole through `read_receipt_file` (candidates as records or JSON) or `kenpo receipts check --candidates` (CSV); the master files are passed as paths to that check." },
    NotBound { family: Family::Receipts, domain: "receipt::reader::ReaderOptions::strict", reason: "a reader option that refuses the payment fund's own records (MN, RC, JY…) as a clinic-form checker would; a host reads what the fund delivers, so the bindings read both forms, and the strict reading stays with `kenpo receipts check --strict` for checking a clinic's file." },
    NotBound { family: Family::Receipts, domain: "receipt::writer::ReceiptWriter::insurer_form", reason: "the writer's options for producing files (the demo and test generators); hosts receive receipt files, they do not write them, and `pseudonymise_receipt_file` writes the one file a host needs." },
    NotBound { family: Family::Receipts, domain: "receipt::writer::ReceiptWriter::set_date_form", reason: "the writer's options for producing files (the demo and test generators); hosts receive receipt files, they do not write them, and `pseudonymise_receipt_file` writes the one file a host needs." },
    NotBound { family: Family::Receipts, domain: "receipt::pseudonymise::pseudonymise_file", reason: "bound under the name `pseudonymise_receipt_file` (C `kenpo_pseudonymise_receipt_file`), which takes the key from the host." },
    NotBound { family: Family::Receipts, domain: "receipt::pseudonymise::pseudonymise_receipt", reason: "one receipt of `pseudonymise_file`; a host pseudonymises whole files (`pseudonymise_receipt_file`), the unit the output layout is valid for." },
    NotBound { family: Family::Premiums, domain: "premium::notice::NoticeSums::add", reason: "a step of the monthly run (kenpo-month), which hosts call whole (`run_month`, `kenpo run`); its results carry what the step computes." },
    NotBound { family: Family::Premiums, domain: "premium::MonthPremiums::distinct", reason: "a step of the monthly run (kenpo-month), which hosts call whole (`run_month`, `kenpo run`); its results carry what the step computes." },
    NotBound { family: Family::Members, domain: "member::PersonRecord::from_stored", reason: "rebuilds a person from the store's typed columns: the store's own loader (`SocietyStore`), not a host call; a host loads a master with `MemberMaster.fromJson` or a store." },
    NotBound { family: Family::Members, domain: "member::PersonRecord::view_on", reason: "the person's record as in force on a day, used by the subject builder and the month run; a host asks the bound `MemberMaster` questions (eligibility, grade, household) instead." },
    NotBound { family: Family::Checkups, domain: "checkup::lists::Provision::decide_guidance_candidates", reason: "the logged variant the month run uses (decision recorded in the access log); hosts call the bound list operation and log through `PurposeCatalog.decide` with their own log." },
    NotBound { family: Family::Checkups, domain: "checkup::lists::Provision::decide_senior_risk_report", reason: "the logged variant the month run uses (decision recorded in the access log); hosts call the bound list operation and log through `PurposeCatalog.decide` with their own log." },
    NotBound { family: Family::Checkups, domain: "checkup::lists::Provision::decide_severe_case_prevention", reason: "the logged variant the month run uses (decision recorded in the access log); hosts call the bound list operation and log through `PurposeCatalog.decide` with their own log." },
    NotBound { family: Family::Checkups, domain: "checkup::lists::guidance_candidates_with", reason: "the same list as `guidance_candidates` with the explanation chosen by the caller; the bound operation takes `explain` in its request." },
    NotBound { family: Family::Access, domain: "access::record::SubjectRecord::from_person", reason: "the one subject builder, from a person record; the bound decisions build the subject from the `MemberMaster` and key the host passes." },
];

/// Renders the table as Markdown (`docs/SURFACE.md`).
pub fn render_markdown() -> String {
    let mut out = String::from(
        "# The surface: every operation, in every language\n\n\
         Generated from `crates/kenpo-api/src/surface.rs` (`OPERATIONS`); a test fails when this \
         file, the C header, the Kotlin or Swift bindings or a language's test suite falls \
         behind it. Regenerate with `KENPO_BLESS=1 cargo test -p kenpo-ffi --test surface`.\n\n\
         Kotlin and Java call `Object.method(request)` on an instance (constructors are static \
         `Object.fromToml(...)`); Swift the same with labelled arguments. In C, an operation \
         taking a request record takes it as JSON (schema in `bindings/c/schema/NAME.request.json`) \
         and returns JSON (`NAME.response.json`); an object is a handle passed first.\n",
    );
    let mut family = None;
    for op in OPERATIONS {
        if family != Some(op.family) {
            family = Some(op.family);
            out.push_str(&format!(
                "\n## {}\n\n| operation | C | Kotlin / Java / Swift | `kenpo` | JSON | what |\n| --- | --- | --- | --- | --- | --- |\n",
                op.family.title()
            ));
        }
        let json = match (op.request.is_some(), op.response.is_some()) {
            (true, true) => "request, response",
            (true, false) => "request",
            (false, true) => "response",
            (false, false) => "",
        };
        out.push_str(&format!(
            "| `{}` | `{}` | `{}` | {} | {} | {} |\n",
            op.name,
            op.c,
            op.uniffi_path(),
            op.cli.map(|c| format!("`{c}`")).unwrap_or_default(),
            json,
            op.summary
        ));
    }
    out.push_str(
        "\n## Not bound\n\n\
         Public operations of `kenpo-domain` a host does not call directly, and why.\n\n\
         | domain operation | family | why |\n| --- | --- | --- |\n",
    );
    for n in NOT_BOUND {
        out.push_str(&format!(
            "| `kenpo_domain::{}` | {} | {} |\n",
            n.domain,
            n.family.title(),
            n.reason
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for op in OPERATIONS {
            assert!(seen.insert(op.c), "C name {} twice", op.c);
            assert!(op.c.starts_with("kenpo_"), "{}", op.c);
            assert!(
                op.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()),
                "{}",
                op.name
            );
        }
        assert_eq!(camel("monthly_premium"), "monthlyPremium");
        assert!(render_markdown().contains("`kenpo_monthly_premium`"));
    }

    #[test]
    fn an_operation_not_bound_is_not_also_in_the_table() {
        for n in NOT_BOUND {
            let mut path = n.domain.rsplit("::");
            let (name, object) = (path.next().unwrap_or_default(), path.next());
            assert!(
                !OPERATIONS
                    .iter()
                    .any(|op| op.name == name && op.object == object),
                "{} is both bound and listed as not bound",
                n.domain
            );
            assert!(!n.reason.is_empty(), "{}: no reason", n.domain);
        }
        assert!(render_markdown().contains("`kenpo_domain::member::MemberMaster::as_known_on`"));
    }
}
