// A plain Java program calling kenpo through the Kotlin bindings (package jp.kenpo): the monthly
// premium of a few employees and the employer's notice, an error a caller acts on, the
// 高額療養費 of a household-month, and 被扶養者認定 (dependent recognition) for one person and a batch.
// Objects are AutoCloseable: use try-with-resources. Top-level functions are in jp.kenpo.KenpoKt.
// Run by tests/kotlin/run.sh; it prints "java example: ok" as its last line when all is well.
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import jp.kenpo.AgeBand;
import jp.kenpo.AgeStatus;
import jp.kenpo.AnnualCapBasis;
import jp.kenpo.Birthday75Floor;
import jp.kenpo.CareSetting;
import jp.kenpo.CategoryBasis;
import jp.kenpo.CostUnit;
import jp.kenpo.EmployerNotice;
import jp.kenpo.EmployerNoticeRequest;
import jp.kenpo.HighCostDecision;
import jp.kenpo.HighCostMonthRequest;
import jp.kenpo.HighCostOptions;
import jp.kenpo.HouseholdMember;
import jp.kenpo.HouseholdMonth;
import jp.kenpo.HouseholdRelation;
import jp.kenpo.IncomeItem;
import jp.kenpo.KenpoException;
import jp.kenpo.KenpoKt;
import jp.kenpo.MedicalBranch;
import jp.kenpo.MemberKey;
import jp.kenpo.MonthlyPremiumRequest;
import jp.kenpo.PaymentMethod;
import jp.kenpo.PremiumBase;
import jp.kenpo.PremiumBreakdown;
import jp.kenpo.PremiumLine;
import jp.kenpo.PremiumSubject;
import jp.kenpo.RecognitionBatch;
import jp.kenpo.RecognitionBatchRequest;
import jp.kenpo.RecognitionDecision;
import jp.kenpo.RecognitionRequest;
import jp.kenpo.Relationship;
import jp.kenpo.Residence;
import jp.kenpo.Society;
import jp.kenpo.TaxStatus;

public final class PremiumExample {
    private static final String CONFIG = String.join("\n",
            "name = \"見本健康保険組合\"",
            "[[rates]]",
            "effective_from = \"2026-03\"",
            "value = { general = \"9.85%\", care = \"1.62%\" }");

    private static PremiumSubject person(LocalDate born) {
        return new PremiumSubject(born, List.of(), false, PaymentMethod.WAGE_DEDUCTION);
    }

    /** A spouse living with the insured person (annual income 5,000,000), judged on 2026-04-01. */
    private static RecognitionRequest spouse(IncomeItem income) {
        return new RecognitionRequest(LocalDate.of(2026, 4, 1), Relationship.SPOUSE, LocalDate.of(1985, 7, 1),
                false, false, true, Residence.Domestic.INSTANCE, List.of(income), 5_000_000L, false, null, false);
    }

    public static void main(String[] args) throws Exception {
        YearMonth month = YearMonth.of(2026, 3);
        try (Society society = Society.Companion.fromToml(CONFIG)) {
            // 報酬月額 135,000 falls in grade 10 (標準報酬月額 134,000).
            long standard = KenpoKt.gradeForRemuneration(month, 135_000L).getStandardMonthly();
            PremiumBreakdown p = society.monthlyPremium(
                    new MonthlyPremiumRequest(month, standard, person(LocalDate.of(1980, 6, 15)), false));
            System.out.printf("%s: standard %,d yen, employee %,d yen, employer %s yen%n",
                    month, p.getBase(), p.getEmployee(), p.getEmployer().toPlainString());
            if (p.getEmployee() != 7_685L || p.getEmployer().compareTo(new BigDecimal("7684.8")) != 0) {
                throw new AssertionError("unexpected premium " + p.getEmployee() + " / " + p.getEmployer());
            }

            List<PremiumLine> lines = List.of(
                    new PremiumLine(PremiumBase.MONTHLY, standard, person(LocalDate.of(1980, 6, 15))),
                    new PremiumLine(PremiumBase.MONTHLY, 300_000L, person(LocalDate.of(1990, 1, 1))));
            EmployerNotice notice = society.employerNotice(new EmployerNoticeRequest("A01", month, lines, false));
            System.out.printf("notice %s %s: total %,d yen (employees %,d, employer %,d)%n",
                    notice.getOffice(), notice.getMonth(), notice.getTotal(),
                    notice.getEmployeeTotal(), notice.getEmployerTotal());

            try {
                society.monthlyPremium(
                        new MonthlyPremiumRequest(month, 134_001L, person(LocalDate.of(1980, 6, 15)), false));
                throw new AssertionError("134,001 is no grade's amount");
            } catch (KenpoException.InvalidInput e) {
                System.out.println("refused as expected: code " + e.getCode() + ", field " + e.getField()
                        + ": " + e.getDetail());
            }

            // 高額療養費 (健康保険法 第115条) for one household-month: 区分ウ (標準報酬月額 300,000), one
            // inpatient receipt of 医療費 1,000,000 in July 2026 with 300,000 paid at the window. The
            // limit is 80,100 + (1,000,000 − 267,000) × 1 % = 87,430 (施行令 第42条).
            YearMonth july = YearMonth.of(2026, 7);
            MemberKey insured = new MemberKey("1234", "567", "00");
            HouseholdMonth household = new HouseholdMonth(july, insured,
                    new CategoryBasis(300_000L, TaxStatus.TAXED, false),
                    List.of(new HouseholdMember(insured, HouseholdRelation.INSURED, new AgeStatus(AgeBand.UNDER70, false))),
                    List.of(new CostUnit(insured, july, "0110113719", CareSetting.INPATIENT, MedicalBranch.MEDICAL,
                            1_000_000L, 300_000L, null)),
                    null, List.of());
            HighCostOptions options = new HighCostOptions(false, Birthday75Floor.UNCHANGED, AnnualCapBasis.HOUSEHOLD_ALL_MONTHS);
            HighCostDecision d = society.highCostMonth(new HighCostMonthRequest(household, options, false));
            long borne = d.getTotalCharges() - d.getRefund();
            System.out.printf("%s: charges %,d yen, 高額療養費 %,d yen, borne %,d yen (区分%s)%n",
                    d.getMonth(), d.getTotalCharges(), d.getRefund(), borne, d.getUnder70Category());
            if (borne != 87_430L || d.getRefund() != 212_570L) {
                throw new AssertionError("unexpected 高額療養費 " + d.getRefund());
            }
        }

        // 被扶養者認定 (健康保険法 第3条7項; 昭和52年4月6日 保発第9号・庁保発第9号): income below
        // 1,300,000 a year. 雇用保険 基本手当日額 3,612 yen × 360 = 1,300,320 is not below it; 3,611
        // yen (1,299,960) is.
        RecognitionDecision refused = KenpoKt.recognizeDependent(spouse(new IncomeItem.Daily(3_612L)));
        System.out.printf("基本手当日額 3,612: annual %s yen, threshold %,d, recognised: %s%n",
                refused.getAnnualIncome().toPlainString(), refused.getThreshold(), refused.getRecognized());
        if (refused.getRecognized() || refused.getAnnualIncome().compareTo(new BigDecimal("1300320")) != 0) {
            throw new AssertionError("3,612 a day is 1,300,320 a year: not recognised");
        }
        // A batch (an employer's 被扶養者異動届 of the month): one answer per person, a refused request
        // reported by index and field, never failing the call.
        RecognitionBatch batch = KenpoKt.recognizeDependents(new RecognitionBatchRequest(List.of(
                spouse(new IncomeItem.Daily(3_611L)), spouse(new IncomeItem.Annual(-1L)),
                spouse(new IncomeItem.Daily(3_612L)))));
        System.out.printf("batch: recognised %s, %s, %s; refused #%d (%s)%n",
                batch.getDecisions().get(0).getRecognized(), batch.getDecisions().get(1),
                batch.getDecisions().get(2).getRecognized(), batch.getRejected().get(0).getIndex(),
                batch.getRejected().get(0).getField());
        if (!batch.getDecisions().get(0).getRecognized() || batch.getDecisions().get(1) != null
                || batch.getDecisions().get(2).getRecognized() || batch.getRejected().size() != 1
                || !batch.getRejected().get(0).getField().equals("incomes[0].amount")) {
            throw new AssertionError("unexpected batch " + batch.getRejected());
        }
        System.out.println("java example: ok");
    }
}
