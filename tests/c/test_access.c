/*
 * Purpose-bound access through the contract: the purpose catalog, logged decisions with
 * minimised views, the A8 answer and the C2 clinic inquiry, disclosure, de-identified releases,
 * the provision register, retention and disposal, and the keyed, anchored access log with its
 * tamper cases (an edited entry, a cut tail, a wrong key). The member master is a
 * kenpo_member_master handle loaded from the demo file examples/access/member-master.json (見本
 * 太郎 10-123-00, lost 2026-07-01, with a spouse; 見本 次郎 10-456-00, lost 2020-04-01); the
 * decisions read it in place and the disposal run changes it.
 */
#include <stdbool.h>

#include "kt.h"

static kenpo_purpose_catalog *g_catalog = NULL;
static kenpo_access_log *g_log = NULL;
static kenpo_member_master *g_master = NULL;

#define KEY_A "0123456789abcdef0123456789abcdef"
#define KEY_B "fedcba9876543210fedcba9876543210"

static char *read_file(const char *path, size_t *len) {
    FILE *fp = fopen(path, "rb");
    char *buf;
    long size;
    if (fp == NULL) {
        return NULL;
    }
    fseek(fp, 0, SEEK_END);
    size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)size + 1);
    if (buf != NULL) {
        *len = fread(buf, 1, (size_t)size, fp);
        buf[*len] = '\0';
    }
    fclose(fp);
    return buf;
}

static void write_file(const char *path, const char *data, size_t len) {
    FILE *fp = fopen(path, "wb");
    if (fp != NULL) {
        fwrite(data, 1, len, fp);
        fclose(fp);
    }
}

/* A new handle on the demo member master (NULL when the file cannot be read). */
static kenpo_member_master *load_master(void) {
    size_t len = 0;
    char *text = read_file("examples/access/member-master.json", &len);
    kenpo_member_master *m = NULL;
    if (text != NULL && kenpo_member_master_from_json(text, len, &m) != KENPO_RESULT_OK) {
        m = NULL;
    }
    free(text);
    return m;
}

/* `{TAIL}` (malloc'd). */
static char *braced(const char *tail) {
    size_t n = strlen(tail) + 3;
    char *r = malloc(n);
    if (r != NULL) {
        sprintf(r, "{%s}", tail);
    }
    return r;
}

static kenpo_result decide_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_access_decide(g_catalog, g_log, g_master, r, n, o);
}
static kenpo_result a8_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_answer_eligibility_inquiry(g_catalog, g_log, g_master, r, n, o);
}
static kenpo_result c2_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_clinic_inquiry(g_catalog, g_log, g_master, r, n, o);
}
static kenpo_result disclose_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_disclose(g_catalog, g_log, g_master, r, n, o);
}
static kenpo_result deidentified_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_deidentified_release(g_catalog, g_log, g_master, r, n, o);
}
static kenpo_result provision_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_provision_register(g_catalog, g_log, r, n, o);
}
static kenpo_result dispose_items_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_dispose_items(g_catalog, g_log, r, n, o);
}
static kenpo_result dispose_persons_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_dispose_persons(g_catalog, g_log, g_master, r, n, o);
}

#define STAFF "\"actor\":{\"kind\":\"staff\",\"id\":\"S042\"}"
#define K123 "{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"}"
#define K123S "{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"01\"}"
#define SIX "[\"member_key\",\"name\",\"birth_date\",\"sex\",\"acquisition_date\",\"loss_date\"]"
#define DECIDE(purpose, recipient, subjects, fields, on, confirmed, applied)                 \
    STAFF ",\"purpose\":\"" purpose "\",\"recipient\":\"" recipient "\",\"subjects\":" subjects \
    ",\"fields\":" fields ",\"on\":\"" on "\",\"time\":\"10:30:00\",\"requester_confirmed\":" \
    confirmed ",\"subject_applied\":" applied                                                \
    ",\"my_number_procedure\":null,\"counterparty\":\"大阪市 国民健康保険\",\"explain\":false"
#define A8_INQUIRY(confirmed)                                                                 \
    "\"key\":" K123 "," STAFF ",\"recipient\":\"clinic\",\"counterparty\":\"大阪中央クリニック\"," \
    "\"confirmed\":" confirmed ",\"on\":\"2026-07-10\",\"time\":\"09:00:00\""

static bool fresh_log(void) {
    kenpo_access_log_free(g_log);
    g_log = NULL;
    return kenpo_access_log_in_memory(NULL, 0, &g_log) == KENPO_RESULT_OK;
}

/* Runs `op` on `{TAIL}` and returns the answer (malloc'd) or NULL. */
static char *call_with_master(kt_json_op op, const char *tail) {
    char *request = braced(tail);
    char *answer = request != NULL ? kt_json_call(op, request) : NULL;
    free(request);
    return answer;
}

static void refused_with_master(kt_json_op op, const char *tail, kenpo_result code,
                                const char *field, const char *secret) {
    char *request = braced(tail);
    if (request != NULL) {
        kt_json_refused(op, request, code, field, secret);
    }
    free(request);
}

static void catalog_lists_purposes_and_recipients(void) {
    kenpo_string *out = NULL;
    kenpo_purpose_catalog *bad = NULL;
    char *text;
    KT_OK(kenpo_purpose_catalog_purposes(g_catalog, &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"id\":\"A8\"");
    KT_CONTAINS(text, "requester_confirmed");
    free(text);
    kenpo_string_free(out);
    out = NULL;
    KT_OK(kenpo_purpose_catalog_recipients(g_catalog, &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"id\":\"gym_konami\"");
    KT_CONTAINS(text, "\"kind\":\"clinic\"");
    free(text);
    kenpo_string_free(out);
    KT_EXPECT(KENPO_RESULT_INVALID_PURPOSE_CATALOG,
              kenpo_purpose_catalog_from_toml("x = [", 5, "", 0, &bad));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_purpose_catalog_from_toml(NULL, 0, "", 0, &bad));
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8, kenpo_purpose_catalog_from_toml("\xff", 1, "", 0, &bad));
    KT_CHECK(bad == NULL);
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_purpose_catalog_purposes(NULL, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_purpose_catalog_default(NULL));
}

static void decide_gives_minimised_views_or_a_denial(void) {
    char *a;
    KT_CHECK(fresh_log());
    /* A8 to another insurer, confirmed: the six fields of the insured person, none else. */
    a = call_with_master(decide_op, DECIDE("A8", "other_insurer", "[" K123 "]", SIX, "2026-06-01",
                                           "true", "false"));
    KT_CONTAINS(a, "\"permitted\":true");
    KT_CONTAINS(a, "\"log_seq\":0");
    KT_CONTAINS(a, "\"acquisition_date\":\"2020-04-01\"");
    KT_CONTAINS(a, "\"loss_date\":\"2026-07-01\"");
    KT_CHECK(a != NULL && strstr(a, "\"address\":null") != NULL);
    free(a);
    /* A12 (gym) asks for the birth date: denied, naming the field, and logged. */
    a = call_with_master(decide_op, DECIDE("A12", "gym_konami", "[" K123 "]",
                                           "[\"name\",\"birth_date\"]", "2026-06-01", "false", "true"));
    KT_CONTAINS(a, "\"permitted\":false");
    KT_CONTAINS(a, "\"field\":\"birth_date\"");
    KT_CONTAINS(a, "\"views\":[]");
    free(a);
    /* The gym gets the age on the day (46: born 1980-05-02), never the date. */
    a = call_with_master(decide_op, DECIDE("A12", "gym_konami", "[" K123 "]",
                                           "[\"name\",\"age\"]", "2026-06-01", "false", "true"));
    KT_CONTAINS(a, "\"age\":46");
    KT_CONTAINS(a, "\"birth_date\":null");
    free(a);
}

static void decide_bad_input(void) {
    KT_CHECK(fresh_log());
    kt_json_bad_inputs(decide_op);
    /* An unknown enum value (a field), a date that does not exist, an unknown purpose, a
     * subject not in the master: each its code and field, the value not echoed. */
    refused_with_master(decide_op, DECIDE("A8", "clinic", "[" K123 "]", "[\"shoe_size\"]",
                                          "2026-06-01", "true", "false"),
                        KENPO_RESULT_INVALID_JSON, "fields[0]", "shoe_size");
    refused_with_master(decide_op, DECIDE("A8", "clinic", "[" K123 "]", SIX, "2026-02-30", "true",
                                          "false"),
                        KENPO_RESULT_INVALID_DATE, "on", "2026-02-30");
    refused_with_master(decide_op, DECIDE("Z9", "clinic", "[" K123 "]", SIX, "2026-06-01", "true",
                                          "false"),
                        KENPO_RESULT_INVALID_ACCESS_REQUEST, "purpose", "Z9");
    refused_with_master(decide_op,
                        DECIDE("A8", "clinic", "[{\"symbol\":\"10\",\"number\":\"98765\",\"branch\":\"00\"}]",
                               SIX, "2026-06-01", "true", "false"),
                        KENPO_RESULT_UNKNOWN_MEMBER, "subjects[0]", "98765");
    {
        /* The master is a handle: NULL, or another object's handle, is refused before anything
         * is read or logged. */
        static const char request[] = "{" DECIDE("A8", "other_insurer", "[" K123 "]", SIX, "2026-06-01", "true", "false") "}";
        kenpo_string *out = NULL;
        KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT,
                  kenpo_access_decide(g_catalog, g_log, NULL, request, strlen(request), &out));
        KT_EXPECT(KENPO_RESULT_BAD_HANDLE,
                  kenpo_access_decide(g_catalog, g_log, (const kenpo_member_master *)(const void *)g_catalog,
                                      request, strlen(request), &out));
        KT_CHECK(out == NULL);
    }
}

static void a8_and_c2_leave_only_through_the_log(void) {
    char *a;
    kenpo_string *out = NULL;
    KT_CHECK(fresh_log());
    a = call_with_master(a8_op, A8_INQUIRY("true"));
    KT_CONTAINS(a, "\"name\":\"見本 太郎\"");
    KT_CONTAINS(a, "\"lost\":\"2026-07-01\"");
    free(a);
    /* Not confirmed who asks: refused, and the denial is logged too. */
    refused_with_master(a8_op, A8_INQUIRY("false"), KENPO_RESULT_RULE_REFUSED,
                        "requester_confirmed", "見本");
    kt_json_bad_inputs(a8_op);
    refused_with_master(a8_op, "\"key\":" K123 "," STAFF ",\"recipient\":\"clinic\",\"counterparty\":\"x\",\"confirmed\":true,\"on\":\"2026-13-01\",\"time\":\"09:00:00\"",
                        KENPO_RESULT_INVALID_DATE, "on", "2026-13-01");
    a = call_with_master(c2_op, "\"due\":{\"person\":" K123 ",\"boundary\":\"2026-07-01\",\"visit_date\":\"2026-07-15\"},"
                                "\"institution\":\"2711234563\",\"society_name\":\"見本健康保険組合\"," STAFF
                                ",\"counterparty\":\"大阪中央クリニック\",\"confirmed\":true,\"on\":\"2026-09-01\",\"time\":\"09:00:00\"");
    KT_CONTAINS(a, "\"visit_date\":\"2026-07-15\"");
    KT_CONTAINS(a, "\"loss_date\":\"2026-07-01\"");
    free(a);
    kt_json_bad_inputs(c2_op);
    refused_with_master(c2_op, "\"due\":{\"person\":" K123 ",\"boundary\":\"2026-07-01\",\"visit_date\":\"2026-07-15\"},"
                               "\"institution\":\"2711234564\",\"society_name\":\"s\"," STAFF
                               ",\"counterparty\":\"c\",\"confirmed\":true,\"on\":\"2026-09-01\",\"time\":\"09:00:00\"",
                        KENPO_RESULT_INVALID_IDENTIFIER, "institution", "2711234564");
    /* Three entries: the A8 permit, the A8 denial, the C2 permit. */
    KT_OK(kenpo_access_log_verify(g_log, &out));
    a = kt_string_text(out);
    KT_CONTAINS(a, "\"intact\":true");
    KT_CONTAINS(a, "\"entries\":3");
    KT_CONTAINS(a, "\"unkeyed\":3");
    free(a);
    kenpo_string_free(out);
}

static void disclosure_deidentification_and_provisions(void) {
    char *a;
    KT_CHECK(fresh_log());
    a = call_with_master(disclose_op, "\"actor\":{\"kind\":\"subject\",\"key\":" K123 "},\"subject\":" K123
                                      ",\"on\":\"2026-06-01\",\"time\":\"14:00:00\"");
    KT_CONTAINS(a, "\"to_agent\":false");
    KT_CONTAINS(a, "\"field\":\"address\"");
    free(a);
    refused_with_master(disclose_op, STAFF ",\"subject\":" K123 ",\"on\":\"2026-06-01\",\"time\":\"14:00:00\"",
                        KENPO_RESULT_RULE_REFUSED, "subject_or_admitted_agent", "見本");
    kt_json_bad_inputs(disclose_op);
    /* F3: two subjects of different sex in one office; k = 1 keeps both, k = 2 suppresses both. */
    a = call_with_master(deidentified_op, STAFF ",\"purpose\":\"F3\",\"recipient\":\"report_vendor\",\"subjects\":[" K123 "," K123S
                                          "],\"fields\":[\"age_band\",\"sex\",\"office\"],\"on\":\"2026-06-01\",\"time\":\"11:00:00\",\"k\":1");
    KT_CONTAINS(a, "\"age_band\":\"45-49\"");
    KT_CONTAINS(a, "\"suppressed\":0");
    free(a);
    a = call_with_master(deidentified_op, STAFF ",\"purpose\":\"F3\",\"recipient\":\"report_vendor\",\"subjects\":[" K123 "," K123S
                                          "],\"fields\":[\"age_band\",\"sex\",\"office\"],\"on\":\"2026-06-01\",\"time\":\"11:00:00\",\"k\":2");
    KT_CONTAINS(a, "\"suppressed\":2");
    free(a);
    kt_json_bad_inputs(deidentified_op);
    /* A negative k: its code and field. */
    refused_with_master(deidentified_op, STAFF ",\"purpose\":\"F3\",\"recipient\":\"report_vendor\",\"subjects\":[" K123
                                         "],\"fields\":[\"sex\"],\"on\":\"2026-06-01\",\"time\":\"11:00:00\",\"k\":-5",
                        KENPO_RESULT_INVALID_ARGUMENT, "k", "-5");
    /* An A8 answer to another insurer is a provision the society records (第29条). */
    free(call_with_master(decide_op, DECIDE("A8", "other_insurer", "[" K123 "," K123S "]", SIX, "2026-06-01",
                                            "true", "false")));
    a = kt_json_call(provision_op, "{\"subject\":" K123S ",\"recipient\":null}");
    KT_CONTAINS(a, "\"recipient_name\":\"大阪市 国民健康保険\"");
    KT_CONTAINS(a, "\"branch\":\"01\"");
    KT_CHECK(a != NULL && strstr(a, "\"branch\":\"00\"") == NULL);
    free(a);
    kt_json_bad_inputs(provision_op);
    kt_json_refused(provision_op, "{\"subject\":{\"symbol\":\"10\",\"number\":\"\",\"branch\":\"00\"},\"recipient\":null}",
                    KENPO_RESULT_INVALID_IDENTIFIER, "subject.number", NULL);
}

static void retention_and_disposal(void) {
    char *a;
    kenpo_string *out = NULL;
    KT_CHECK(fresh_log());
    /* Paper receipts completed 2019-03-31 (5 years from the next day: due 2024-04-01), in bulk:
     * dissolved by the named company; electronic receipts of 2025-01-31 are kept. */
    a = kt_json_call(dispose_items_op,
                     "{\"items\":[{\"reference\":\"box-2019-07\",\"record_type\":\"receipts_paper\",\"completed_on\":\"2019-03-31\","
                     "\"subject_lost_on\":null,\"bulk\":true,\"subjects\":[]},{\"reference\":\"file-2025-01\",\"record_type\":"
                     "\"receipts_electronic\",\"completed_on\":\"2025-01-31\",\"subject_lost_on\":null,\"bulk\":false,\"subjects\":[]}],"
                     "\"on\":\"2026-06-01\",\"time\":\"17:00:00\",\"record_disposals\":true}");
    KT_CONTAINS(a, "\"reference\":\"box-2019-07\"");
    KT_CONTAINS(a, "\"due_on\":\"2024-04-01\"");
    KT_CONTAINS(a, "\"method\":\"dissolution\"");
    KT_CHECK(a != NULL && strstr(a, "file-2025-01") == NULL);
    free(a);
    kt_json_bad_inputs(dispose_items_op);
    kt_json_refused(dispose_items_op,
                    "{\"items\":[{\"reference\":\"b\",\"record_type\":\"receipts_paper\",\"completed_on\":\"2019-02-29\","
                    "\"subject_lost_on\":null,\"bulk\":true,\"subjects\":[]}],\"on\":\"2026-06-01\",\"time\":\"17:00:00\",\"record_disposals\":false}",
                    KENPO_RESULT_INVALID_DATE, "items[0].completed_on", "2019-02-29");
    /* The household of 10-456 left on 2020-04-01: its record was completed then, and kept 5
     * years from the next day (member_master), so it is due from 2025-04-02; 10-123 is still
     * insured on 2026-06-01. */
    a = NULL;
    KT_OK(kenpo_households_due_for_disposal(g_catalog, g_master, (kenpo_date){2026, 6, 1}, &out));
    a = kt_string_text(out);
    kenpo_string_free(out);
    out = NULL;
    KT_CONTAINS(a, "\"number\":\"456\"");
    KT_CONTAINS(a, "\"completed_on\":\"2020-04-01\"");
    KT_CONTAINS(a, "\"due_on\":\"2025-04-02\"");
    KT_CHECK(a != NULL && strstr(a, "\"number\":\"123\"") == NULL);
    free(a);
    KT_OK(kenpo_households_due_for_disposal(g_catalog, g_master, (kenpo_date){2025, 4, 1}, &out));
    a = kt_string_text(out);
    kenpo_string_free(out);
    out = NULL;
    KT_CONTAINS(a, "[]"); /* the day before: not yet */
    free(a);
    KT_EXPECT(KENPO_RESULT_INVALID_DATE,
              kenpo_households_due_for_disposal(g_catalog, g_master, (kenpo_date){2026, 2, 30}, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT,
              kenpo_households_due_for_disposal(g_catalog, NULL, (kenpo_date){2026, 6, 1}, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT,
              kenpo_households_due_for_disposal(g_catalog, g_master, (kenpo_date){2026, 6, 1}, NULL));
    KT_CHECK(out == NULL);
    /* The run: 10-456 leaves the master in place, the log keeps verifying. */
    a = call_with_master(dispose_persons_op, "\"on\":\"2026-06-01\",\"time\":\"18:00:00\"");
    KT_CONTAINS(a, "\"households\":1");
    KT_CHECK(a != NULL && strstr(a, "見本") == NULL); /* pseudonyms, never names */
    free(a);
    {
        size_t persons = 0;
        KT_OK(kenpo_member_master_len(g_master, &persons));
        KT_CHECK(persons == 2);
    }
    KT_OK(kenpo_member_master_to_json(g_master, &out));
    a = kt_string_text(out);
    kenpo_string_free(out);
    out = NULL;
    KT_CHECK(a != NULL && strstr(a, "見本 次郎") == NULL && strstr(a, "見本 太郎") != NULL);
    free(a);
    KT_OK(kenpo_access_log_verify(g_log, &out));
    a = kt_string_text(out);
    KT_CONTAINS(a, "\"intact\":true");
    KT_CONTAINS(a, "\"entries\":2");
    free(a);
    kenpo_string_free(out);
    out = NULL;
    /* Run again: nobody is due any more, nothing is written. */
    a = call_with_master(dispose_persons_op, "\"on\":\"2026-06-01\",\"time\":\"18:30:00\"");
    KT_CONTAINS(a, "\"households\":0");
    KT_CONTAINS(a, "\"log_seq\":null");
    free(a);
    refused_with_master(dispose_persons_op, "\"on\":\"2026-06-01\",\"time\":\"24:00:00\"",
                        KENPO_RESULT_INVALID_DATE, "time", NULL);
    refused_with_master(dispose_persons_op, "\"on\":\"2026-02-29\",\"time\":\"18:00:00\"",
                        KENPO_RESULT_INVALID_DATE, "on", "2026-02-29");
    /* An empty master: a run on the wrong file, refused (nothing written). */
    {
        kenpo_member_master *kept = g_master;
        KT_OK(kenpo_member_master_new(&g_master));
        refused_with_master(dispose_persons_op, "\"on\":\"2026-06-01\",\"time\":\"18:00:00\"",
                            KENPO_RESULT_RULE_REFUSED, "empty_master", NULL);
        KT_EXPECT(KENPO_RESULT_RULE_REFUSED,
                  kenpo_households_due_for_disposal(g_catalog, g_master, (kenpo_date){2026, 6, 1}, &out));
        kenpo_member_master_free(g_master);
        g_master = kept;
    }
    kt_json_bad_inputs(dispose_persons_op);
    /* The later tests read the whole demo master again. */
    kenpo_member_master_free(g_master);
    g_master = load_master();
    KT_CHECK(g_master != NULL);
}

static char *verify_file(const char *path, const char *anchor, const char *key) {
    kenpo_string *out = NULL;
    char *text;
    KT_OK(kenpo_verify_access_log_file(path, strlen(path), anchor, strlen(anchor),
                                       (const uint8_t *)key, key != NULL ? strlen(key) : 0, &out));
    text = out != NULL ? kt_string_text(out) : NULL;
    kenpo_string_free(out);
    return text;
}

static void keyed_file_log_finds_every_tamper_case(void) {
    char path[1024], anchor[1024];
    const char *dir = getenv("KENPO_TEST_TMP");
    kenpo_access_log *file_log = NULL, *saved = g_log;
    kenpo_string *out = NULL;
    char *a, *content, *hit, *request;
    size_t n = 0;
    sprintf(path, "%.900s/access-log-test.jsonl", dir != NULL ? dir : ".");
    sprintf(anchor, "%.900s/access-log-test.anchor", dir != NULL ? dir : ".");
    remove(path);
    remove(anchor);
    KT_EXPECT(KENPO_RESULT_INVALID_ACCESS_LOG,
              kenpo_access_log_open(path, strlen(path), anchor, strlen(anchor), (const uint8_t *)"short", 5, &file_log));
    KT_OK(kenpo_access_log_open(path, strlen(path), anchor, strlen(anchor), (const uint8_t *)KEY_A, 32, &file_log));
    g_log = file_log;
    request = braced(DECIDE("A8", "other_insurer", "[" K123 "]", SIX, "2026-06-01", "true", "false"));
    free(kt_json_call(decide_op, request));
    free(kt_json_call(decide_op, request));
    free(request);
    g_log = saved;
    KT_OK(kenpo_access_log_verify(file_log, &out));
    a = kt_string_text(out);
    KT_CONTAINS(a, "\"intact\":true");
    KT_CONTAINS(a, "\"keyed\":2");
    KT_CONTAINS(a, "\"is_keyed\":true");
    free(a);
    kenpo_string_free(out);
    out = NULL;
    KT_OK(kenpo_access_log_anchor(file_log, &out));
    a = kt_string_text(out);
    KT_CONTAINS(a, "\"entries\":2");
    free(a);
    kenpo_string_free(out);
    out = NULL;
    KT_OK(kenpo_access_log_to_json_lines(file_log, &out));
    a = kt_string_text(out);
    KT_CONTAINS(a, "\"sealing\":\"hmac_sha256\"");
    KT_CHECK(a != NULL && strstr(a, "見本") == NULL); /* keys, never names */
    free(a);
    kenpo_string_free(out);
    kenpo_access_log_free(file_log);
    file_log = NULL;

    /* A wrong key: refused on open, reported by the verifier. */
    KT_EXPECT(KENPO_RESULT_ACCESS_LOG_TAMPERED,
              kenpo_access_log_open(path, strlen(path), anchor, strlen(anchor), (const uint8_t *)KEY_B, 32, &file_log));
    KT_EXPECT(KENPO_RESULT_INVALID_ACCESS_LOG,
              kenpo_access_log_open(path, strlen(path), anchor, strlen(anchor), NULL, 0, &file_log));
    KT_CHECK(file_log == NULL);
    a = verify_file(path, anchor, KEY_B);
    KT_CONTAINS(a, "\"intact\":false");
    KT_CONTAINS(a, "\"problem\":\"wrong_key\"");
    free(a);

    content = read_file(path, &n);
    KT_CHECK(content != NULL);
    if (content == NULL) {
        return;
    }
    /* Cut the tail: the second entry removed, the anchor still records two. */
    hit = strchr(content, '\n');
    write_file(path, content, hit != NULL ? (size_t)(hit - content + 1) : n);
    a = verify_file(path, anchor, KEY_A);
    KT_CONTAINS(a, "\"problem\":\"tail_removed\"");
    KT_CONTAINS(a, "\"first_bad_entry\":1");
    free(a);
    /* Edit the first entry: the staff id S042 becomes S043. */
    hit = strstr(content, "S042");
    KT_CHECK(hit != NULL);
    if (hit != NULL) {
        hit[3] = '3';
    }
    write_file(path, content, n);
    a = verify_file(path, anchor, KEY_A);
    KT_CONTAINS(a, "\"problem\":\"edited\"");
    KT_CONTAINS(a, "\"first_bad_entry\":0");
    free(a);
    KT_EXPECT(KENPO_RESULT_ACCESS_LOG_TAMPERED,
              kenpo_access_log_open(path, strlen(path), anchor, strlen(anchor), (const uint8_t *)KEY_A, 32, &file_log));
    free(content);
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_verify_access_log_file(NULL, 0, anchor, strlen(anchor), NULL, 0, &out));
    KT_EXPECT(KENPO_RESULT_INVALID_ACCESS_LOG,
              kenpo_verify_access_log_file(path, strlen(path), "/nonexistent/anchor", 19, NULL, 0, &out));
    remove(path);
    remove(anchor);
}

static void a_store_seals_its_log_with_the_hosts_key(void) {
    static const char config[] =
        "name = \"見本\"\ninsurer_number = \"06139992\"\n[[rates]]\neffective_from = \"2026-03\"\n"
        "value = { general = \"9.85%\", care = \"1.62%\" }\n";
    char path[1024];
    const char *dir = getenv("KENPO_TEST_TMP");
    kenpo_store *store = NULL;
    sprintf(path, "%.900s/access-store-test.sqlite", dir != NULL ? dir : ".");
    remove(path);
    KT_OK(kenpo_store_create(path, strlen(path), config, strlen(config), &store));
    KT_EXPECT(KENPO_RESULT_INVALID_ACCESS_LOG, kenpo_store_set_log_key(store, (const uint8_t *)"short", 5));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_store_set_log_key(store, NULL, 0));
    KT_OK(kenpo_store_set_log_key(store, (const uint8_t *)KEY_A, 32));
    kenpo_store_free(store);
    remove(path);
}

int main(void) {
    g_master = load_master();
    if (g_master == NULL || kenpo_purpose_catalog_default(&g_catalog) != KENPO_RESULT_OK) {
        printf("FAIL setup (run from the repository root)\n");
        return 1;
    }
    KT_RUN(catalog_lists_purposes_and_recipients);
    KT_RUN(decide_gives_minimised_views_or_a_denial);
    KT_RUN(decide_bad_input);
    KT_RUN(a8_and_c2_leave_only_through_the_log);
    KT_RUN(disclosure_deidentification_and_provisions);
    KT_RUN(retention_and_disposal);
    KT_RUN(keyed_file_log_finds_every_tamper_case);
    KT_RUN(a_store_seals_its_log_with_the_hosts_key);
    kenpo_access_log_free(g_log);
    kenpo_purpose_catalog_free(g_catalog);
    kenpo_member_master_free(g_master);
    KT_FINISH();
}
