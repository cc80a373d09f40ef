/* Receipts: read the payment fund's file (kenpo_read_receipt_file, the contract report), ingest it
 * against a member master (path and buffer), read summary and findings.
 * The file is the public sample RECEIPTC_GAIRAI_SAMPLE.UKE (yokenzan/receiptisan, MIT), path in
 * KENPO_RECEIPT_SAMPLE (set by run.sh). */
#include "kt.h"

/* 協会けんぽ 東京 (01130012) stands in as the society: one sample receipt is under it. */
static const char SOCIETY[] =
    "name = \"見本\"\ninsurer_number = \"01130012\"\n"
    "[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"92‰\", care = \"18‰\" }\n";
static const char NO_INSURER[] =
    "name = \"見本\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"92‰\", care = \"18‰\" }\n";

/* A member under the sample receipt's symbol and number, with another name and birth date. */
static const char MEMBER[] =
    "{\"kind\":\"acquisition\",\"key\":{\"symbol\":\"64440718\",\"number\":\"7\",\"branch\":\"00\"},"
    "\"acquired\":\"2015-04-01\",\"identity\":{\"name\":\"試験 太郎\",\"kana\":\"シケン タロウ\","
    "\"birth_date\":\"1970-01-01\",\"sex\":\"male\",\"address\":\"東京都千代田区千代田1-1\"},\"office\":\"A01\"}";

static const char *sample_path(void) {
    const char *p = getenv("KENPO_RECEIPT_SAMPLE");
    return p != NULL ? p : "RECEIPTC_GAIRAI_SAMPLE.UKE";
}

static int read_all(const char *path, unsigned char **out, size_t *len) {
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 16;
    size_t n = 0;
    size_t got;
    unsigned char *buf = (unsigned char *)malloc(cap);
    if (f == NULL || buf == NULL) {
        free(buf);
        if (f != NULL) {
            fclose(f);
        }
        return 0;
    }
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *bigger = (unsigned char *)realloc(buf, cap * 2);
            if (bigger == NULL) {
                free(buf);
                fclose(f);
                return 0;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    *out = buf;
    *len = n;
    return 1;
}

/* Finds the first finding of `rule`; returns its index or -1. */
static long find_rule(const kenpo_receipt_batch *b, uint32_t rule, kenpo_receipt_finding *out) {
    kenpo_receipt_summary s;
    size_t i;
    if (kenpo_receipt_batch_summary(b, &s) != KENPO_RESULT_OK) {
        return -1;
    }
    for (i = 0; i < s.findings; i++) {
        if (kenpo_receipt_batch_finding(b, i, out) == KENPO_RESULT_OK && out->rule == rule) {
            return (long)i;
        }
    }
    return -1;
}

static void ingest_path_counts_and_checks(void) {
    kenpo_society *society = NULL;
    kenpo_member_master *master = NULL;
    kenpo_receipt_batch *batch = NULL;
    kenpo_receipt_summary s;
    kenpo_receipt_finding f;
    const char *path = sample_path();
    char text[512];
    size_t n = 0;
    long i;
    memset(&s, 0, sizeof s);
    KT_OK(kenpo_society_from_toml(SOCIETY, strlen(SOCIETY), &society));
    KT_OK(kenpo_member_master_new(&master));
    KT_OK(kenpo_receipts_ingest_path(society, master, path, strlen(path), false, &batch));
    KT_OK(kenpo_receipt_batch_summary(batch, &s));
    KT_CHECK(s.receipts_in_file == 75 && s.parsed == 75 && s.rejected == 0);
    KT_CHECK(s.points_read == 86392);
    /* The one receipt under 01130012 has no member: C1 該当者なし at line 32, receipt 2. */
    i = find_rule(batch, KENPO_RECEIPT_RULE_UNKNOWN_MEMBER, &f);
    KT_CHECK(i >= 0 && f.line == 32 && f.receipt_index == 2 && !f.has_inquiry);
    KT_OK(kenpo_receipt_batch_finding_text(batch, (size_t)(i < 0 ? 0 : i), false, text, sizeof text, &n));
    KT_CHECK(n > 17 && memcmp(text, "C1.unknown_member", 17) == 0);
    KT_OK(kenpo_receipt_batch_finding_text(batch, (size_t)(i < 0 ? 0 : i), true, text, sizeof text, &n));
    KT_CHECK(n > 17 && memcmp(text, "C1.unknown_member: ", 19) == 0);
    kenpo_receipt_batch_free(batch);
    kenpo_member_master_free(master);
    kenpo_society_free(society);
}

static void ingest_buffer_matches_path(void) {
    kenpo_society *society = NULL;
    kenpo_member_master *master = NULL;
    kenpo_receipt_batch *batch = NULL;
    kenpo_receipt_summary s;
    kenpo_receipt_finding f;
    kenpo_string *json = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    char *text;
    memset(&s, 0, sizeof s);
    KT_CHECK(read_all(sample_path(), &data, &len));
    KT_OK(kenpo_society_from_toml(SOCIETY, strlen(SOCIETY), &society));
    KT_OK(kenpo_member_master_new(&master));
    KT_OK(kenpo_member_master_apply(master, MEMBER, strlen(MEMBER)));
    KT_OK(kenpo_receipts_ingest_buffer(society, master, "RECEIPTC.UKE", 12, data, len, false, &batch));
    KT_OK(kenpo_receipt_batch_summary(batch, &s));
    KT_CHECK(s.receipts_in_file == 75 && s.parsed == 75 && s.points_read == 86392);
    /* Now a member holds the number, under another name and birth date. */
    KT_CHECK(find_rule(batch, KENPO_RECEIPT_RULE_UNKNOWN_MEMBER, &f) < 0);
    KT_CHECK(find_rule(batch, KENPO_RECEIPT_RULE_IDENTITY_MISMATCH, &f) >= 0 && f.line == 32);
    KT_OK(kenpo_receipt_batch_to_json(batch, &json));
    text = kt_string_text(json);
    /* The contract form (read_receipt_file.response.json): rules by their stable id. */
    KT_CONTAINS(text, "\"file\":\"RECEIPTC.UKE\"");
    KT_CONTAINS(text, "\"checked_against_master\":true");
    KT_CONTAINS(text, "\"rule\":\"C1.identity_mismatch\",\"receipt_index\":2,\"line\":32");
    /* The member's name and birth date are not in any finding. */
    KT_CHECK(text != NULL && strstr(text, "試験") == NULL && strstr(text, "1970-01-01") == NULL);
    free(text);
    kenpo_string_free(json);
    kenpo_receipt_batch_free(batch);
    kenpo_member_master_free(master);
    kenpo_society_free(society);
    free(data);
}

static void damaged_input_is_counted_not_an_error(void) {
    static const char junk[] = "XX,1,2\r\nRE,1\r\n";
    kenpo_society *society = NULL;
    kenpo_member_master *master = NULL;
    kenpo_receipt_batch *batch = NULL;
    kenpo_receipt_summary s;
    memset(&s, 0, sizeof s);
    KT_OK(kenpo_society_from_toml(SOCIETY, strlen(SOCIETY), &society));
    KT_OK(kenpo_member_master_new(&master));
    KT_OK(kenpo_receipts_ingest_buffer(society, master, "junk.UKE", 8, (const uint8_t *)junk, strlen(junk), false, &batch));
    KT_OK(kenpo_receipt_batch_summary(batch, &s));
    KT_CHECK(s.parsed == 0 && s.rejected == s.receipts_in_file && (s.rejected > 0 || s.file_errors > 0));
    kenpo_receipt_batch_free(batch);
    kenpo_member_master_free(master);
    kenpo_society_free(society);
}

static void receipt_errors(void) {
    kenpo_society *society = NULL;
    kenpo_society *no_insurer = NULL;
    kenpo_member_master *master = NULL;
    kenpo_receipt_batch *batch = NULL;
    kenpo_receipt_finding f;
    kenpo_receipt_summary s;
    const char *path = sample_path();
    const char missing[] = "/nonexistent/RECEIPTC.UKE";
    const char bad_name[] = {(char)0xff};
    char tiny[4];
    size_t n = 0;
    KT_OK(kenpo_society_from_toml(SOCIETY, strlen(SOCIETY), &society));
    KT_OK(kenpo_society_from_toml(NO_INSURER, strlen(NO_INSURER), &no_insurer));
    KT_OK(kenpo_member_master_new(&master));
    KT_EXPECT(KENPO_RESULT_RECEIPT_FILE_IO, kenpo_receipts_ingest_path(society, master, missing, strlen(missing), false, &batch));
    KT_EXPECT(KENPO_RESULT_INVALID_SOCIETY_CONFIG, kenpo_receipts_ingest_path(no_insurer, master, path, strlen(path), false, &batch));
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8, kenpo_receipts_ingest_buffer(society, master, bad_name, 1, (const uint8_t *)"", 0, false, &batch));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_receipts_ingest_buffer(society, master, "x", 1, NULL, 0, false, &batch));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_receipts_ingest_path(society, NULL, path, strlen(path), false, &batch));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_receipts_ingest_path(society, master, path, strlen(path), false, NULL));
    KT_CHECK(batch == NULL);
    KT_OK(kenpo_receipts_ingest_path(society, master, path, strlen(path), true, &batch));
    KT_OK(kenpo_receipt_batch_summary(batch, &s));
    KT_EXPECT(KENPO_RESULT_INVALID_ARGUMENT, kenpo_receipt_batch_finding(batch, s.findings, &f));
    KT_EXPECT(KENPO_RESULT_BUFFER_TOO_SMALL, kenpo_receipt_batch_finding_text(batch, 0, false, tiny, sizeof tiny, &n));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_receipt_batch_summary(batch, NULL));
    kenpo_receipt_batch_free(batch);
    KT_EXPECT(KENPO_RESULT_BAD_HANDLE, kenpo_receipt_batch_summary(batch, &s));
    kenpo_receipt_batch_free(batch);
    kenpo_receipt_batch_free(NULL);
    kenpo_member_master_free(master);
    kenpo_society_free(no_insurer);
    kenpo_society_free(society);
}

static void read_without_master(void) {
    kenpo_string *out = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    char *text;
    static const char junk[] = "XX,1,2\r\nRE,1\r\n";
    const char bad_name[] = {(char)0xff};
    KT_CHECK(read_all(sample_path(), &data, &len));
    KT_OK(kenpo_read_receipt_file("RECEIPTC.UKE", 12, data, len, false, &out));
    text = kt_string_text(out);
    /* The public sample: 75 receipts, 86,392 points, every one read. */
    KT_CONTAINS(text, "\"receipts_in_file\":75,\"parsed\":75,\"rejected\":0,\"accounted\":true,\"points_read\":86392");
    KT_CONTAINS(text, "\"kinds\":[{\"layout\":\"medical\",\"branch\":\"medical\"");
    KT_CONTAINS(text, "\"checked_against_master\":false");
    free(text);
    kenpo_string_free(out);
    out = NULL;
    /* Damaged input is reported, not thrown: every receipt accounted for, line and field named. */
    KT_OK(kenpo_read_receipt_file("junk.UKE", 8, (const uint8_t *)junk, strlen(junk), false, &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"parsed\":0");
    KT_CONTAINS(text, "\"rejected_receipts\":[{\"line\":2,\"record\":\"RE\"");
    free(text);
    kenpo_string_free(out);
    out = NULL;
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8, kenpo_read_receipt_file(bad_name, 1, data, len, false, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_read_receipt_file("x", 1, NULL, 0, false, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_read_receipt_file("x", 1, data, len, false, NULL));
    KT_CHECK(out == NULL);
    free(data);
}

/* Reads a fixture of tests/contract/read_receipt_file (every kind and form, generated from the
 * layouts; folder in KENPO_RECEIPT_FIXTURES, set by run.sh). */
static int read_fixture(const char *name, unsigned char **out, size_t *len) {
    char path[1024];
    const char *dir = getenv("KENPO_RECEIPT_FIXTURES");
    snprintf(path, sizeof path, "%s/%s", dir != NULL ? dir : "tests/contract/read_receipt_file", name);
    return read_all(path, out, len);
}

/* Reads fixture `name` and returns the report's text (malloc'd), or NULL. */
static char *report_of(const char *name) {
    kenpo_string *out = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    char *text = NULL;
    KT_CHECK(read_fixture(name, &data, &len));
    if (data == NULL) {
        return NULL;
    }
    KT_OK(kenpo_read_receipt_file(name, strlen(name), data, len, false, &out));
    if (out != NULL) {
        text = kt_string_text(out);
        kenpo_string_free(out);
    }
    free(data);
    return text;
}

static void every_kind_and_form(void) {
    char *text = report_of("mixed.UKE");
    /* 医科, 歯科 and 調剤 under one IR: counted by layout and by kind. */
    KT_CONTAINS(text, "\"parsed\":60,\"rejected\":0");
    KT_CONTAINS(text, "\"layouts\":[{\"layout\":\"medical\"");
    KT_CONTAINS(text, "{\"layout\":\"dental\"");
    KT_CONTAINS(text, "{\"layout\":\"pharmacy\"");
    KT_CONTAINS(text, "\"insurer_form\":{\"mn_records\":0");
    free(text);
    text = report_of("dpc.UKE");
    KT_CONTAINS(text, "\"layouts\":[{\"layout\":\"dpc\",\"parsed\":6,\"rejected\":0");
    free(text);
    /* The fund's insurer form: 10 MN records, two receipts corrected (as paid), no GO finding. */
    text = report_of("insurer.CSV");
    KT_CONTAINS(text, "\"insurer_form\":{\"mn_records\":10,\"prefixed_lines\":");
    KT_CONTAINS(text, "\"corrected_receipts\":2}");
    KT_CONTAINS(text, "\"findings\":[]");
    free(text);
    /* Returns (返戻) with their reasons; re-examination cases with requests and answers. */
    text = report_of("returns.HEN");
    KT_CONTAINS(text, "\"returns\":[{\"receipt_index\":1");
    KT_CONTAINS(text, "\"reasons\":[{\"processed\":");
    free(text);
    text = report_of("reexamination.CSV");
    KT_CONTAINS(text, "\"reexaminations\":[{\"receipt_index\":1");
    KT_CONTAINS(text, "\"answered\":true");
    KT_CONTAINS(text, "\"targets\":[{\"class\":\"1\"");
    free(text);
}

static void review_candidates(void) {
    char *text = report_of("review.UKE");
    kenpo_store *store = NULL;
    kenpo_string *out = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    char path[1024];
    const char *tmp = getenv("KENPO_TEST_TMP");
    /* 突合 (MATCH-1: a pharmacy receipt without its prescriber's), 縦覧 (LONG-4, LONG-5),
     * single-receipt checks (SGL-1), each with receipts and points; master checks skipped. */
    KT_CONTAINS(text, "{\"check\":\"MATCH-1\"");
    KT_CONTAINS(text, "{\"check\":\"LONG-4\"");
    KT_CONTAINS(text, "{\"check\":\"LONG-5\"");
    KT_CONTAINS(text, "{\"check\":\"SGL-1\"");
    KT_CONTAINS(text, "\"review_notices\":[{\"check\":\"");
    free(text);
    /* With a store's member master: the same candidates next to C1 findings. */
    snprintf(path, sizeof path, "%s/receipts-review.sqlite", tmp != NULL ? tmp : ".");
    remove(path);
    KT_OK(kenpo_store_create(path, strlen(path), SOCIETY, strlen(SOCIETY), &store));
    KT_CHECK(read_fixture("review.UKE", &data, &len));
    KT_OK(kenpo_store_check_receipt_file(store, "review.UKE", 10, data, len, false, &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"checked_against_master\":true");
    KT_CONTAINS(text, "{\"check\":\"MATCH-1\"");
    free(text);
    kenpo_string_free(out);
    free(data);
    kenpo_store_free(store);
    remove(path);
}

static const char KEY[] = "the contract fixtures' key, 32 b";

static void pseudonymise(void) {
    kenpo_string *file = NULL;
    kenpo_string *report = NULL;
    kenpo_string *again = NULL;
    kenpo_string *report2 = NULL;
    kenpo_string *back = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    const char *copy;
    size_t copy_len = 0;
    const char *copy2;
    size_t copy2_len = 0;
    char *text;
    char detail[1024];
    size_t n = 0;
    const char bad_name[] = {(char)0xff};
    KT_CHECK(read_fixture("mixed.UKE", &data, &len));
    KT_OK(kenpo_pseudonymise_receipt_file("mixed.UKE", 9, data, len, (const uint8_t *)KEY, strlen(KEY), &file, &report));
    text = kt_string_text(report);
    KT_CONTAINS(text, "\"receipts\":60");
    free(text);
    KT_OK(kenpo_string_bytes(file, &copy, &copy_len));
    KT_CHECK(copy_len > 0 && (copy_len != len || memcmp(copy, data, len) != 0));
    /* The copy reads back with the same counts and points. */
    KT_OK(kenpo_read_receipt_file("copy.UKE", 8, (const uint8_t *)copy, copy_len, false, &back));
    text = kt_string_text(back);
    KT_CONTAINS(text, "\"parsed\":60,\"rejected\":0");
    free(text);
    kenpo_string_free(back);
    /* The same key gives the same copy. */
    KT_OK(kenpo_pseudonymise_receipt_file("mixed.UKE", 9, data, len, (const uint8_t *)KEY, strlen(KEY), &again, &report2));
    KT_OK(kenpo_string_bytes(again, &copy2, &copy2_len));
    KT_CHECK(copy2_len == copy_len && memcmp(copy, copy2, copy_len) == 0);
    kenpo_string_free(again);
    kenpo_string_free(report2);
    kenpo_string_free(file);
    kenpo_string_free(report);
    file = NULL;
    report = NULL;
    /* Bad input: a short key (the key not echoed), a damaged file, NULLs, a bad name. */
    KT_EXPECT(KENPO_RESULT_INVALID_PSEUDONYM_KEY,
              kenpo_pseudonymise_receipt_file("mixed.UKE", 9, data, len, (const uint8_t *)"SECRETSECRET", 12, &file, &report));
    KT_OK(kenpo_last_error_detail(detail, sizeof detail - 1, &n));
    detail[n] = '\0';
    KT_CONTAINS(detail, "key");
    KT_CHECK(strstr(detail, "SECRET") == NULL);
    KT_EXPECT(KENPO_RESULT_RECEIPT_FILE_NOT_PSEUDONYMISABLE,
              kenpo_pseudonymise_receipt_file("junk.UKE", 8, (const uint8_t *)"XX,1\r\nRE,1\r\n", 13, (const uint8_t *)KEY, strlen(KEY), &file, &report));
    KT_OK(kenpo_last_error_detail(detail, sizeof detail - 1, &n));
    detail[n] = '\0';
    KT_CONTAINS(detail, "data");
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8,
              kenpo_pseudonymise_receipt_file(bad_name, 1, data, len, (const uint8_t *)KEY, strlen(KEY), &file, &report));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT,
              kenpo_pseudonymise_receipt_file("x", 1, NULL, 0, (const uint8_t *)KEY, strlen(KEY), &file, &report));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT,
              kenpo_pseudonymise_receipt_file("x", 1, data, len, NULL, 0, &file, &report));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT,
              kenpo_pseudonymise_receipt_file("x", 1, data, len, (const uint8_t *)KEY, strlen(KEY), NULL, &report));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT,
              kenpo_pseudonymise_receipt_file("x", 1, data, len, (const uint8_t *)KEY, strlen(KEY), &file, NULL));
    KT_CHECK(file == NULL && report == NULL);
    free(data);
}

int main(void) {
    KT_RUN(read_without_master);
    KT_RUN(every_kind_and_form);
    KT_RUN(review_candidates);
    KT_RUN(pseudonymise);
    KT_RUN(ingest_path_counts_and_checks);
    KT_RUN(ingest_buffer_matches_path);
    KT_RUN(damaged_input_is_counted_not_an_error);
    KT_RUN(receipt_errors);
    KT_FINISH();
}
