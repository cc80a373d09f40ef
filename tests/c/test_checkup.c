/* Checkups (特定健診・特定保健指導): the XML reader, the stratification of one result and of many,
 * target selection and the E1/E2, F4, F5, D2 lists, through the JSON contract. Figures from the
 * 第4期 criteria (標準的な健診・保健指導プログラム 令和6年度版), as the domain tests cite them. */
#include "kt.h"

#define MEDICATION "\"medication\":{\"hypertension\":false,\"diabetes\":false,\"dyslipidaemia\":false}"
/* A woman's result of 2026-09-10: waist 90.0 cm (the female cut-off 90), lipids and blood pressure
 * normal; `glucose` adds the HbA1c value item. */
#define RESULT(glucose, smoking)                                                                  \
    "{\"date\":\"2026-09-10\",\"sex\":\"female\",\"values\":[{\"item\":\"waist\",\"value\":\"90.0\"}" \
    glucose ",{\"item\":\"triglycerides_fasting\",\"value\":\"90\"},{\"item\":\"hdl\",\"value\":\"60\"}," \
    "{\"item\":\"systolic_bp\",\"value\":\"118\"},{\"item\":\"diastolic_bp\",\"value\":\"72\"}],"        \
    "\"blood_draw\":null,\"smoking\":" smoking "," MEDICATION "}"
#define HBA1C(v) ",{\"item\":\"hba1c\",\"value\":\"" v "\"}"
/* 52 at the end of FY2026. */
#define BORN "\"birth_date\":\"1974-06-01\""

static void stratify_levels_official(void) {
    /* HbA1c 5.6 % reaches the 5.6 cut-off; smoking counts with another risk: 2 → 積極的支援. */
    char *text = kt_json_call(kenpo_stratify_checkup,
        "{\"result\":" RESULT(HBA1C("5.6"), "true") "," BORN ",\"explain\":true}");
    KT_CONTAINS(text, "\"level\":\"active\"");
    KT_CONTAINS(text, "\"risk_count\":2");
    KT_CONTAINS(text, "HbA1c 5.6 %");
    free(text);
    /* Glucose alone: 1 → 動機付け支援; no steps unless asked. */
    text = kt_json_call(kenpo_stratify_checkup,
        "{\"result\":" RESULT(HBA1C("5.6"), "false") "," BORN ",\"explain\":false}");
    KT_CONTAINS(text, "\"level\":\"motivational\"");
    KT_CONTAINS(text, "\"explanation\":null");
    free(text);
    /* HbA1c 5.5 is below the cut-off: no risk → 情報提供. */
    text = kt_json_call(kenpo_stratify_checkup,
        "{\"result\":" RESULT(HBA1C("5.5"), "true") "," BORN ",\"explain\":false}");
    KT_CONTAINS(text, "\"level\":\"information_only\"");
    free(text);
    /* 65–74: 積極的支援 becomes 動機付け支援 (実施基準 第4条). */
    text = kt_json_call(kenpo_stratify_checkup,
        "{\"result\":" RESULT(HBA1C("5.6"), "true") ",\"birth_date\":\"1957-06-01\",\"explain\":false}");
    KT_CONTAINS(text, "\"level\":\"motivational\"");
    free(text);
    /* No glucose measure: the level is open and says why. */
    text = kt_json_call(kenpo_stratify_checkup,
        "{\"result\":" RESULT("", "true") "," BORN ",\"explain\":false}");
    KT_CONTAINS(text, "\"level\":null");
    KT_CONTAINS(text, "\"undecided\":[\"glucose\"]");
    free(text);
}

static void stratify_bad_input(void) {
    kt_json_bad_inputs(kenpo_stratify_checkup);
    /* An implausible value: the item and its range, never the value (health data). */
    kt_json_refused(kenpo_stratify_checkup,
        "{\"result\":" RESULT(HBA1C("65.4"), "true") "," BORN ",\"explain\":false}",
        KENPO_RESULT_INVALID_CHECKUP, "result.values[1].value", "65.4");
    /* A negative measurement. */
    kt_json_refused(kenpo_stratify_checkup,
        "{\"result\":" RESULT(HBA1C("-5.6"), "true") "," BORN ",\"explain\":false}",
        KENPO_RESULT_INVALID_CHECKUP, "result.values[1].value", "-5.6");
    /* An unknown item. */
    kt_json_refused(kenpo_stratify_checkup,
        "{\"result\":" RESULT(",{\"item\":\"cholesterol\",\"value\":\"241\"}", "true") "," BORN ",\"explain\":false}",
        KENPO_RESULT_INVALID_JSON, "result.values[1].item", "cholesterol");
    /* A birth date that does not exist. */
    kt_json_refused(kenpo_stratify_checkup,
        "{\"result\":" RESULT(HBA1C("5.6"), "true") ",\"birth_date\":\"1974-02-30\",\"explain\":false}",
        KENPO_RESULT_INVALID_DATE, "birth_date", "1974-02-30");
    /* 30 in the fiscal year: outside the 40–74 band; the age is not quoted. */
    kt_json_refused(kenpo_stratify_checkup,
        "{\"result\":" RESULT(HBA1C("5.6"), "true") ",\"birth_date\":\"1996-06-01\",\"explain\":false}",
        KENPO_RESULT_RULE_REFUSED, "40–74", "age 30");
    /* Before the 第4期 criteria. */
    kt_json_refused(kenpo_stratify_checkup,
        "{\"result\":{\"date\":\"2023-09-10\",\"sex\":\"female\",\"values\":[],\"blood_draw\":null,"
        "\"smoking\":null," MEDICATION "}," BORN ",\"explain\":false}",
        KENPO_RESULT_RULE_REFUSED, "第4期", NULL);
}

static void stratify_batch_answers_each_subject(void) {
    char *text;
    kt_json_bad_inputs(kenpo_stratify_checkups);
    text = kt_json_call(kenpo_stratify_checkups,
        "{\"explain\":false,\"subjects\":["
        "{\"result\":" RESULT(HBA1C("5.6"), "true") "," BORN "},"
        "{\"result\":" RESULT(HBA1C("65.4"), "true") "," BORN "},"
        "{\"result\":" RESULT(HBA1C("5.6"), "false") "," BORN "}]}");
    KT_CONTAINS(text, "\"stratifications\":[{");
    KT_CONTAINS(text, "},null,{");
    KT_CONTAINS(text, "\"index\":1,\"code\":270,\"field\":\"result.values[1].value\"");
    KT_CHECK(text != NULL && strstr(text, "65.4") == NULL);
    free(text);
    /* Unknown enum, impossible date, negative amount: the request as a whole is refused. */
    kt_json_refused(kenpo_stratify_checkups,
        "{\"explain\":false,\"subjects\":[{\"result\":" RESULT(HBA1C("5.6"), "\"sometimes\"") "," BORN "}]}",
        KENPO_RESULT_INVALID_JSON, "subjects[0].result.smoking", "sometimes");
    kt_json_refused(kenpo_stratify_checkups,
        "{\"explain\":false,\"subjects\":[{\"result\":" RESULT(HBA1C("5.6"), "true") ",\"birth_date\":\"1974-13-01\"}]}",
        KENPO_RESULT_INVALID_DATE, "subjects[0].birth_date", "1974-13-01");
    text = kt_json_call(kenpo_stratify_checkups,
        "{\"explain\":false,\"subjects\":[{\"result\":" RESULT(HBA1C("-1"), "true") "," BORN "}]}");
    KT_CONTAINS(text, "\"stratifications\":[null]");
    KT_CONTAINS(text, "\"code\":270");
    free(text);
}

#define PERIODS "\"periods\":[{\"acquired_on\":\"2010-04-01\",\"lost_on\":null}]"

static void target_selection(void) {
    /* Born 1 April 1986: 40 is reached on 31 March 2026, so a target in FY2025; born 2 April,
     * not (年齢計算ニ関スル法律). */
    char *text = kt_json_call(kenpo_checkup_target,
        "{\"fiscal_year\":2025,\"birth_date\":\"1986-04-01\"," PERIODS ",\"exclusions\":[],\"explain\":false}");
    KT_CONTAINS(text, "\"target\":true");
    KT_CONTAINS(text, "\"target_until\":\"2026-03-31\"");
    free(text);
    text = kt_json_call(kenpo_checkup_target,
        "{\"fiscal_year\":2025,\"birth_date\":\"1986-04-02\"," PERIODS ",\"exclusions\":[],\"explain\":false}");
    KT_CONTAINS(text, "\"reason\":{\"kind\":\"under40\"}");
    free(text);
    text = kt_json_call(kenpo_checkup_target,
        "{\"fiscal_year\":2026,\"birth_date\":\"1970-05-01\"," PERIODS ",\"exclusions\":[\"long_hospital_stay\"],\"explain\":false}");
    KT_CONTAINS(text, "\"kind\":\"excluded\",\"exclusion\":\"long_hospital_stay\"");
    free(text);
    kt_json_bad_inputs(kenpo_checkup_target);
    kt_json_refused(kenpo_checkup_target,
        "{\"fiscal_year\":2026,\"birth_date\":\"1970-05-01\"," PERIODS ",\"exclusions\":[\"holiday\"],\"explain\":false}",
        KENPO_RESULT_INVALID_JSON, "exclusions[0]", "holiday");
    kt_json_refused(kenpo_checkup_target,
        "{\"fiscal_year\":2026,\"birth_date\":\"1970-02-29\"," PERIODS ",\"exclusions\":[],\"explain\":false}",
        KENPO_RESULT_INVALID_DATE, "birth_date", "1970-02-29");
    kt_json_refused(kenpo_checkup_target,
        "{\"fiscal_year\":-2026,\"birth_date\":\"1970-05-01\"," PERIODS ",\"exclusions\":[],\"explain\":false}",
        KENPO_RESULT_INVALID_DATE, "fiscal_year", "-2026");
    kt_json_refused(kenpo_checkup_target,
        "{\"fiscal_year\":2026,\"birth_date\":\"1970-05-01\",\"periods\":[{\"acquired_on\":\"2010-04-01\","
        "\"lost_on\":\"2009-04-01\"}],\"exclusions\":[],\"explain\":false}",
        KENPO_RESULT_INVALID_CHECKUP, "periods[0].lost_on", "2009");
}

#define KEY(n) "{\"symbol\":\"10\",\"number\":\"" n "\",\"branch\":\"00\"}"

static void program_lists(void) {
    char *text = kt_json_call(kenpo_guidance_candidates,
        "{\"records\":["
        "{\"member\":" KEY("1") "," BORN ",\"result\":" RESULT(HBA1C("5.6"), "true") "},"
        "{\"member\":" KEY("2") "," BORN ",\"result\":" RESULT(HBA1C("5.5"), "true") "},"
        "{\"member\":" KEY("3") "," BORN ",\"result\":" RESULT("", "true") "},"
        "{\"member\":" KEY("4") "," BORN ",\"result\":" RESULT(HBA1C("-5.6"), "true") "}]}");
    KT_CONTAINS(text, "\"candidates\":[{\"member\":{\"symbol\":\"10\",\"number\":\"1\",\"branch\":\"00\"},\"level\":\"active\"");
    KT_CONTAINS(text, "\"undecided\":[{\"member\":{\"symbol\":\"10\",\"number\":\"3\"");
    KT_CONTAINS(text, "\"rejected\":[{\"index\":3,\"code\":270,\"field\":\"result.values[1].value\"");
    free(text);
    kt_json_bad_inputs(kenpo_guidance_candidates);
    kt_json_refused(kenpo_guidance_candidates,
        "{\"records\":[{\"member\":" KEY("1") "," BORN ",\"result\":{\"date\":\"2026-09-10\",\"sex\":\"unknown\","
        "\"values\":[],\"blood_draw\":null,\"smoking\":null," MEDICATION "}}]}",
        KENPO_RESULT_INVALID_JSON, "records[0].result.sex", "unknown\"");

    /* F4: 68 on 2026-10-01, with the age and never the birth date. */
    text = kt_json_call(kenpo_senior_risk_report,
        "{\"on\":\"2026-10-01\",\"records\":["
        "{\"member\":" KEY("1") "," BORN ",\"result\":" RESULT(HBA1C("5.6"), "true") "},"
        "{\"member\":" KEY("2") ",\"birth_date\":\"1958-04-10\",\"result\":" RESULT(HBA1C("5.6"), "true") "}]}");
    KT_CONTAINS(text, "\"rows\":[{\"member\":{\"symbol\":\"10\",\"number\":\"2\",\"branch\":\"00\"},\"age\":68");
    KT_CHECK(text != NULL && strstr(text, "1958") == NULL);
    free(text);
    kt_json_bad_inputs(kenpo_senior_risk_report);
    kt_json_refused(kenpo_senior_risk_report, "{\"on\":\"2026-02-30\",\"records\":[]}",
        KENPO_RESULT_INVALID_DATE, "on", "2026-02-30");

    /* F5: HbA1c 7.0 % and 165/100 mmHg reach the 受診勧奨判定値 (6.5 %, 160/100): member 1 has no
     * diagnosis in the 12 months; member 2's E11.9 covers the diabetes. */
    text = kt_json_call(kenpo_severe_case_prevention,
        "{\"last_month\":\"2026-08\",\"disease_names\":[],\"records\":["
        "{\"member\":" KEY("1") "," BORN ",\"result\":" RESULT(HBA1C("7.0"), "false") "},"
        "{\"member\":" KEY("2") "," BORN ",\"result\":" RESULT(HBA1C("7.0"), "false") "}],"
        "\"diagnoses\":[{\"member\":" KEY("2") ",\"month\":\"2026-05\",\"code\":{\"kind\":\"icd10\",\"code\":\"E11.9\"}},"
        "{\"member\":" KEY("1") ",\"month\":\"2026-05\",\"code\":{\"kind\":\"disease_name\",\"code\":\"2500013\"}}]}");
    KT_CONTAINS(text, "\"rows\":[{\"member\":{\"symbol\":\"10\",\"number\":\"1\",\"branch\":\"00\"},\"conditions\":[\"diabetes\"]");
    KT_CONTAINS(text, "\"unmapped\":[\"2500013\"]");
    free(text);
    kt_json_bad_inputs(kenpo_severe_case_prevention);
    kt_json_refused(kenpo_severe_case_prevention,
        "{\"last_month\":\"2026-08\",\"disease_names\":[],\"records\":[],"
        "\"diagnoses\":[{\"member\":" KEY("2") ",\"month\":\"2026-05\",\"code\":{\"kind\":\"snomed\",\"code\":\"x\"}}]}",
        KENPO_RESULT_INVALID_JSON, "diagnoses[0].code", "snomed");
    kt_json_refused(kenpo_severe_case_prevention,
        "{\"last_month\":\"2026-13\",\"disease_names\":[],\"records\":[],\"diagnoses\":[]}",
        KENPO_RESULT_INVALID_DATE, "last_month", "2026-13");

    /* D2: the later HbA1c 6.5 reaches the 受診勧奨判定値, the earlier 5.9 the 保健指導判定値. */
    text = kt_json_call(kenpo_year_on_year,
        "{\"first\":" RESULT(HBA1C("6.5"), "false") ",\"second\":{\"date\":\"2025-06-12\",\"sex\":\"female\","
        "\"values\":[{\"item\":\"hba1c\",\"value\":\"5.9\"}],\"blood_draw\":null,\"smoking\":false," MEDICATION "}}");
    KT_CONTAINS(text, "\"before_date\":\"2025-06-12\"");
    KT_CONTAINS(text, "{\"item\":\"hba1c\",\"before\":\"5.9\",\"after\":\"6.5\",\"change\":\"0.6\",\"flag_before\":\"guidance\",\"flag_after\":\"referral\"}");
    free(text);
    kt_json_bad_inputs(kenpo_year_on_year);
    kt_json_refused(kenpo_year_on_year,
        "{\"first\":" RESULT(HBA1C("-6.5"), "false") ",\"second\":" RESULT(HBA1C("5.9"), "false") "}",
        KENPO_RESULT_INVALID_CHECKUP, "first.values[1].value", "-6.5");
}

/* A 特定健診情報ファイル written from the specification's structure (the module example). */
static const char XML[] =
    "<ClinicalDocument xmlns=\"urn:hl7-org:v3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
    "<recordTarget><patientRole><patient><administrativeGenderCode code=\"1\" codeSystem=\"1.2.392.200119.6.1104\"/>"
    "</patient></patientRole></recordTarget>"
    "<documentationOf><serviceEvent><effectiveTime value=\"20260610\"/></serviceEvent></documentationOf>"
    "<component><structuredBody><component><section>"
    "<entry><observation classCode=\"OBS\" moodCode=\"EVN\"><code code=\"9N016160100000001\" codeSystem=\"1.2.392.200119.6.1005\"/>"
    "<value xsi:type=\"PQ\" value=\"86.5\" unit=\"cm\"/></observation></entry>"
    "<entry><observation classCode=\"OBS\" moodCode=\"EVN\" negationInd=\"true\"><code code=\"3D046000001920402\" codeSystem=\"1.2.392.200119.6.1005\"/>"
    "</observation></entry>"
    "</section></component></structuredBody></component></ClinicalDocument>";

static void read_checkup_xml(void) {
    kenpo_string *out = NULL;
    char *text;
    char detail[1024];
    size_t n = 0;
    static const char bad_value[] =
        "<ClinicalDocument xmlns=\"urn:hl7-org:v3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        "<recordTarget><patientRole><patient><administrativeGenderCode code=\"2\"/></patient></patientRole></recordTarget>"
        "<documentationOf><serviceEvent><effectiveTime value=\"20260610\"/></serviceEvent></documentationOf>"
        "<entry><observation><code code=\"9N016160100000001\"/><value xsi:type=\"PQ\" value=\"912.5\" unit=\"cm\"/>"
        "</observation></entry></ClinicalDocument>";
    static const unsigned char not_utf8[] = {'<', 'a', '>', 0xff, '<', '/', 'a', '>'};
    KT_OK(kenpo_read_checkup_xml((const uint8_t *)XML, strlen(XML), &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"date\":\"2026-06-10\",\"sex\":\"male\"");
    KT_CONTAINS(text, "{\"item\":\"waist\",\"value\":\"86.5\"}");
    KT_CONTAINS(text, "\"skipped\":[{\"code\":\"3D046000001920402\",\"reason\":\"not_measured\"}]");
    free(text);
    kenpo_string_free(out);
    out = NULL;
    /* A waist of 912.5 cm: the item code and the range, never the value. */
    KT_EXPECT(KENPO_RESULT_INVALID_CHECKUP, kenpo_read_checkup_xml((const uint8_t *)bad_value, strlen(bad_value), &out));
    KT_OK(kenpo_last_error_detail(detail, sizeof detail - 1, &n));
    detail[n] = '\0';
    KT_CHECK(strstr(detail, "9N016160100000001") != NULL && strstr(detail, "912") == NULL);
    KT_EXPECT(KENPO_RESULT_INVALID_CHECKUP, kenpo_read_checkup_xml((const uint8_t *)"<a><b></a>", 10, &out));
    KT_EXPECT(KENPO_RESULT_INVALID_CHECKUP, kenpo_read_checkup_xml(not_utf8, sizeof not_utf8, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_read_checkup_xml(NULL, 0, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_read_checkup_xml((const uint8_t *)XML, strlen(XML), NULL));
    KT_CHECK(out == NULL);
}

int main(void) {
    KT_RUN(stratify_levels_official);
    KT_RUN(stratify_bad_input);
    KT_RUN(stratify_batch_answers_each_subject);
    KT_RUN(target_selection);
    KT_RUN(program_lists);
    KT_RUN(read_checkup_xml);
    KT_FINISH();
}
