// A plain Java program calling kenpo through the Kotlin bindings (package jp.kenpo): the monthly
// premium of a few employees and the employer's notice, then an error a caller acts on.
// Objects are AutoCloseable: use try-with-resources. Top-level functions are in jp.kenpo.KenpoKt.
// Run by tests/kotlin/run.sh; it prints "java example: ok" as its last line when all is well.
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import jp.kenpo.EmployerNotice;
import jp.kenpo.EmployerNoticeRequest;
import jp.kenpo.KenpoException;
import jp.kenpo.KenpoKt;
import jp.kenpo.MonthlyPremiumRequest;
import jp.kenpo.PaymentMethod;
import jp.kenpo.PremiumBase;
import jp.kenpo.PremiumBreakdown;
import jp.kenpo.PremiumLine;
import jp.kenpo.PremiumSubject;
import jp.kenpo.Society;

public final class PremiumExample {
    private static final String CONFIG = String.join("\n",
            "name = \"見本健康保険組合\"",
            "[[rates]]",
            "effective_from = \"2026-03\"",
            "value = { general = \"9.85%\", care = \"1.62%\" }");

    private static PremiumSubject person(LocalDate born) {
        return new PremiumSubject(born, List.of(), false, PaymentMethod.WAGE_DEDUCTION);
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
        }
        System.out.println("java example: ok");
    }
}
