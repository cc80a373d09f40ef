/* Standard remuneration (標準報酬): the decisions as JSON operations of the contract. */
#include "kt.h"

static void acquisition_decision(void) {
    /* 法42条: a monthly wage of 305,000 falls in grade 22 (290,000–310,000 → 300,000); acquired
     * on 1 April, the grade holds through August of the same year. */
    char *text = kt_json_call(kenpo_decide_at_acquisition,
        "{\"acquired_on\":\"2026-04-01\",\"remuneration\":{\"kind\":\"monthly\",\"amount\":305000},"
        "\"explain\":true}");
    KT_CONTAINS(text, "\"kind\":\"acquisition\"");
    KT_CONTAINS(text, "\"grade\":{\"number\":22,\"standard_monthly\":300000}");
    KT_CONTAINS(text, "\"valid_through\":\"2026-08\"");
    free(text);
    kt_json_bad_inputs(kenpo_decide_at_acquisition);
    kt_json_refused(kenpo_decide_at_acquisition,
        "{\"acquired_on\":\"2026-04-31\",\"remuneration\":{\"kind\":\"monthly\",\"amount\":305000},\"explain\":false}",
        KENPO_RESULT_INVALID_DATE, "acquired_on", "2026-04-31");
    kt_json_refused(kenpo_decide_at_acquisition,
        "{\"acquired_on\":\"2026-04-01\",\"remuneration\":{\"kind\":\"hourly\",\"amount\":305000},\"explain\":false}",
        KENPO_RESULT_INVALID_JSON, "remuneration", "hourly");
    kt_json_refused(kenpo_decide_at_acquisition,
        "{\"acquired_on\":\"2026-04-01\",\"remuneration\":{\"kind\":\"monthly\",\"amount\":-5},\"explain\":false}",
        KENPO_RESULT_INVALID_REMUNERATION, "remuneration", NULL);
}

#define APRIL_TO_JUNE(a, b, c) \
    "[{\"month\":\"2026-04\",\"base_days\":30,\"amount\":" #a ",\"partial_period\":false}," \
    "{\"month\":\"2026-05\",\"base_days\":31,\"amount\":" #b ",\"partial_period\":false}," \
    "{\"month\":\"2026-06\",\"base_days\":30,\"amount\":" #c ",\"partial_period\":false}]"

static void regular_determination(void) {
    /* 法41条: (300,000 + 310,000 + 290,000) / 3 = 300,000 → grade 22 from September. */
    char *text = kt_json_call(kenpo_regular_determination,
        "{\"year\":2026,\"worker\":\"regular\",\"acquired_on\":\"2020-04-01\",\"previous\":null,"
        "\"revision_effective_from\":null,\"explain\":false,\"months\":" APRIL_TO_JUNE(300000, 310000, 290000) "}");
    KT_CONTAINS(text, "\"outcome\":\"decided\"");
    KT_CONTAINS(text, "\"standard_monthly\":300000");
    KT_CONTAINS(text, "\"effective_from\":\"2026-09\"");
    free(text);
    kt_json_bad_inputs(kenpo_regular_determination);
    kt_json_refused(kenpo_regular_determination,
        "{\"year\":2026,\"worker\":\"regular\",\"acquired_on\":\"2020-04-01\",\"previous\":null,"
        "\"revision_effective_from\":null,\"explain\":false,\"months\":"
        "[{\"month\":\"2026-07\",\"base_days\":30,\"amount\":1,\"partial_period\":false}]}",
        KENPO_RESULT_INVALID_REMUNERATION, "months", NULL);
    kt_json_refused(kenpo_regular_determination,
        "{\"year\":2026,\"worker\":\"regular\",\"acquired_on\":\"2020-04-01\",\"previous\":null,"
        "\"revision_effective_from\":null,\"explain\":false,\"months\":"
        "[{\"month\":\"2026-04\",\"base_days\":-3,\"amount\":1,\"partial_period\":false}]}",
        KENPO_RESULT_INVALID_REMUNERATION, "months[0].base_days", NULL);
}

static void regular_determination_batch(void) {
    char *text = kt_json_call(kenpo_regular_determinations,
        "{\"persons\":["
        "{\"year\":2026,\"worker\":\"regular\",\"acquired_on\":\"2020-04-01\",\"previous\":null,"
        "\"revision_effective_from\":null,\"explain\":false,\"months\":" APRIL_TO_JUNE(300000, 310000, 290000) "},"
        "{\"year\":2026,\"worker\":\"regular\",\"acquired_on\":\"2020-04-01\",\"previous\":null,"
        "\"revision_effective_from\":null,\"explain\":false,\"months\":"
        "[{\"month\":\"2026-09\",\"base_days\":30,\"amount\":1,\"partial_period\":false}]}]}");
    KT_CONTAINS(text, "\"outcome\":\"decided\"");
    KT_CONTAINS(text, "null],\"rejected\":[{\"index\":1,\"code\":230");
    free(text);
    kt_json_bad_inputs(kenpo_regular_determinations);
}

static void occasional_revision(void) {
    /* 法43条: from grade 22 (300,000) to an average of 340,000 (grade 24): two grades, revised
     * from the fourth month (July). One grade (310,000) is not enough. */
    char *text = kt_json_call(kenpo_occasional_revision,
        "{\"worker\":\"regular\",\"current\":{\"number\":22,\"standard_monthly\":300000},"
        "\"current_remuneration\":null,\"change\":\"increase\",\"first_month\":\"2026-04\",\"explain\":false,"
        "\"months\":" APRIL_TO_JUNE(340000, 340000, 340000) "}");
    KT_CONTAINS(text, "\"outcome\":\"revised\"");
    KT_CONTAINS(text, "\"standard_monthly\":340000");
    KT_CONTAINS(text, "\"effective_from\":\"2026-07\"");
    free(text);
    text = kt_json_call(kenpo_occasional_revision,
        "{\"worker\":\"regular\",\"current\":{\"number\":22,\"standard_monthly\":300000},"
        "\"current_remuneration\":null,\"change\":\"increase\",\"first_month\":\"2026-04\",\"explain\":false,"
        "\"months\":" APRIL_TO_JUNE(310000, 310000, 310000) "}");
    KT_CONTAINS(text, "\"outcome\":\"not_revised\"");
    KT_CONTAINS(text, "\"kind\":\"less_than_two_grades\"");
    free(text);
    kt_json_bad_inputs(kenpo_occasional_revision);
    kt_json_refused(kenpo_occasional_revision,
        "{\"worker\":\"regular\",\"current\":{\"number\":21,\"standard_monthly\":300000},"
        "\"current_remuneration\":null,\"change\":\"increase\",\"first_month\":\"2026-04\",\"explain\":false,"
        "\"months\":" APRIL_TO_JUNE(340000, 340000, 340000) "}",
        KENPO_RESULT_INVALID_REMUNERATION, "current.number", "21");
    kt_json_refused(kenpo_occasional_revision,
        "{\"worker\":\"regular\",\"current\":{\"number\":22,\"standard_monthly\":300000},"
        "\"current_remuneration\":null,\"change\":\"sideways\",\"first_month\":\"2026-04\",\"explain\":false,"
        "\"months\":" APRIL_TO_JUNE(340000, 340000, 340000) "}",
        KENPO_RESULT_INVALID_JSON, "change", "sideways");
}

static void leave_end_revision(void) {
    /* 法43条の2: a childcare leave ended on 31 May; June–August average 260,000 (grade 20) against
     * grade 22: one grade is enough, revised from September. */
    char *text = kt_json_call(kenpo_leave_end_revision,
        "{\"leave\":\"childcare\",\"leave_ended_on\":\"2026-05-31\",\"another_leave_follows\":false,"
        "\"worker\":\"regular\",\"current\":{\"number\":22,\"standard_monthly\":300000},\"explain\":false,"
        "\"months\":[{\"month\":\"2026-06\",\"base_days\":30,\"amount\":260000,\"partial_period\":false},"
        "{\"month\":\"2026-07\",\"base_days\":31,\"amount\":260000,\"partial_period\":false},"
        "{\"month\":\"2026-08\",\"base_days\":31,\"amount\":260000,\"partial_period\":false}]}");
    KT_CONTAINS(text, "\"kind\":\"childcare_leave_end\"");
    KT_CONTAINS(text, "\"standard_monthly\":260000");
    KT_CONTAINS(text, "\"effective_from\":\"2026-09\"");
    free(text);
    kt_json_bad_inputs(kenpo_leave_end_revision);
}

static void grade_from_standard(void) {
    kenpo_grade g;
    memset(&g, 0, sizeof g);
    KT_OK(kenpo_grade_from_standard_monthly(300000, &g));
    KT_CHECK(g.number == 22 && g.standard_monthly == 300000);
    KT_EXPECT(KENPO_RESULT_INVALID_REMUNERATION, kenpo_grade_from_standard_monthly(300001, &g));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_grade_from_standard_monthly(300000, NULL));
}

int main(void) {
    KT_RUN(acquisition_decision);
    KT_RUN(regular_determination);
    KT_RUN(regular_determination_batch);
    KT_RUN(occasional_revision);
    KT_RUN(leave_end_revision);
    KT_RUN(grade_from_standard);
    KT_FINISH();
}
