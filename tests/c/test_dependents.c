/* Members family, 被扶養者認定 (健康保険法 第3条7項): one person and a batch, as JSON operations
 * of the contract, with the figures of the recognition notices. */
#include "kt.h"

#define REQUEST(relationship, birth, incomes, explain)                                          \
    "{\"recognition_date\":\"2026-04-01\",\"relationship\":\"" relationship "\","                 \
    "\"birth_date\":\"" birth "\",\"disabled\":false,\"late_elderly_certified\":false,"          \
    "\"lives_with_insured\":true,\"residence\":{\"kind\":\"domestic\"},\"incomes\":" incomes "," \
    "\"insured_annual_income\":5000000,\"insured_is_centre_of_living\":false,"                  \
    "\"annual_remittance\":null,\"explain\":" explain "}"

static void threshold_of_130_man(void) {
    char *text;
    /* 130万円 (昭和52年 保発第9号): 1,299,999 a year is below it. */
    text = kt_json_call(kenpo_recognize_dependent,
                        REQUEST("spouse", "1985-07-01", "[{\"kind\":\"annual\",\"amount\":1299999}]", "true"));
    KT_CONTAINS(text, "\"recognized\":true");
    KT_CONTAINS(text, "\"threshold\":1300000");
    KT_CONTAINS(text, "\"rule\":\"income_threshold\",\"outcome\":\"met\"");
    KT_CONTAINS(text, "\"label\":\"annual income\"");
    free(text);
    /* 雇用保険 基本手当日額 × 360: 3,611 → 1,299,960 passes, 3,612 → 1,300,320 does not. */
    text = kt_json_call(kenpo_recognize_dependent,
                        REQUEST("spouse", "1985-07-01", "[{\"kind\":\"daily\",\"amount\":3612}]", "false"));
    KT_CONTAINS(text, "\"recognized\":false");
    KT_CONTAINS(text, "\"annual_income\":\"1300320\"");
    KT_CONTAINS(text, "\"rule\":\"income_threshold\",\"outcome\":\"failed\"");
    KT_CONTAINS(text, "\"explanation\":null");
    free(text);
}

static void labour_contract_rule_from_2026_04(void) {
    /* A child aged 21 on 31 December (150万円), wages only: 1,200 × 20 h × 52 = 1,248,000, the
     * overtime outside the contract left out from 2026-04-01. */
    char *text = kt_json_call(kenpo_recognize_dependent,
        REQUEST("child", "2005-06-01",
                "[{\"kind\":\"labour_contract\",\"pay\":{\"kind\":\"hourly\",\"wage\":1200,\"hours_per_week\":\"20\"},"
                "\"monthly_allowances\":0,\"annual_bonus\":0,\"pay_outside_contract\":50000}]", "false"));
    KT_CONTAINS(text, "\"recognized\":true");
    KT_CONTAINS(text, "\"annual_income\":\"1248000\"");
    KT_CONTAINS(text, "\"threshold\":1500000");
    KT_CONTAINS(text, "\"rule\":\"income_basis\",\"outcome\":\"met\"");
    free(text);
}

static void bad_input_names_the_field(void) {
    kt_json_bad_inputs(kenpo_recognize_dependent);
    /* An unknown enum value. */
    kt_json_refused(kenpo_recognize_dependent,
                    REQUEST("neighbour", "1985-07-01", "[]", "false"),
                    KENPO_RESULT_INVALID_JSON, "relationship", "neighbour");
    /* A date that does not exist (a birth date: never echoed). */
    kt_json_refused(kenpo_recognize_dependent,
                    REQUEST("spouse", "1985-02-30", "[]", "false"),
                    KENPO_RESULT_INVALID_DATE, "birth_date", "1985");
    /* A negative amount. */
    kt_json_refused(kenpo_recognize_dependent,
                    REQUEST("spouse", "1985-07-01", "[{\"kind\":\"monthly\",\"amount\":-100000}]", "false"),
                    KENPO_RESULT_INVALID_AMOUNT, "incomes[0].amount", "100000");
    kt_json_refused(kenpo_recognize_dependent,
                    REQUEST("child", "2005-06-01",
                            "[{\"kind\":\"labour_contract\",\"pay\":{\"kind\":\"hourly\",\"wage\":1200,\"hours_per_week\":\"-20\"},"
                            "\"monthly_allowances\":0,\"annual_bonus\":0,\"pay_outside_contract\":0}]", "false"),
                    KENPO_RESULT_INVALID_AMOUNT, "incomes[0].pay.hours_per_week", NULL);
    /* Born after the recognition date. */
    kt_json_refused(kenpo_recognize_dependent,
                    REQUEST("child", "2026-04-02", "[]", "false"),
                    KENPO_RESULT_INVALID_RECOGNITION_REQUEST, "birth_date", "2026-04-02");
}

static void batch_answers_each_person(void) {
    char *text = kt_json_call(kenpo_recognize_dependents,
        "{\"persons\":["
        REQUEST("spouse", "1985-07-01", "[{\"kind\":\"daily\",\"amount\":3611}]", "false") ","
        REQUEST("spouse", "1985-07-01", "[{\"kind\":\"annual\",\"amount\":-1}]", "false") ","
        REQUEST("spouse", "1985-07-01", "[{\"kind\":\"daily\",\"amount\":3612}]", "false") "]}");
    KT_CONTAINS(text, "\"annual_income\":\"1299960\"");
    KT_CONTAINS(text, "\"recognized\":true");
    KT_CONTAINS(text, "\"recognized\":false");
    KT_CONTAINS(text, "null,{");
    KT_CONTAINS(text, "\"rejected\":[{\"index\":1,\"code\":202,\"field\":\"incomes[0].amount\"");
    free(text);
    kt_json_bad_inputs(kenpo_recognize_dependents);
    kt_json_refused(kenpo_recognize_dependents, "{\"persons\":[{}]}", KENPO_RESULT_INVALID_JSON, "persons[0]", NULL);
    /* Shape errors refuse the whole batch, naming the person and the field. */
    kt_json_refused(kenpo_recognize_dependents,
                    "{\"persons\":[" REQUEST("neighbour", "1985-07-01", "[]", "false") "]}",
                    KENPO_RESULT_INVALID_JSON, "persons[0].relationship", "neighbour");
    kt_json_refused(kenpo_recognize_dependents,
                    "{\"persons\":[" REQUEST("spouse", "1985-02-30", "[]", "false") "]}",
                    KENPO_RESULT_INVALID_DATE, "persons[0].birth_date", "1985");
}

int main(void) {
    KT_RUN(threshold_of_130_man);
    KT_RUN(labour_contract_rule_from_2026_04);
    KT_RUN(bad_input_names_the_field);
    KT_RUN(batch_answers_each_person);
    KT_FINISH();
}
