/* The monthly run on a society store: create and open a store, import members and pay reports
 * (every rejected row reported), run a month (counts and yen per stage, where the results are),
 * check a receipt file against the store's master. The store lives in KENPO_TEST_TMP (set by
 * run.sh) and is removed at the end. */
#include "kt.h"

/* 協会けんぽ 東京 FY2026 rates; 協会けんぽ 東京's insurer number, under which one receipt of the
 * public sample file is claimed. */
static const char CONFIG[] =
    "name = \"見本\"\ninsurer_number = \"01130012\"\n"
    "[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"9.85%\", care = \"1.62%\" }\n";
static const char MEMBERS[] =
    "{\"type\":\"acquisition\",\"key\":{\"symbol\":\"AB12\",\"number\":\"1\",\"branch\":\"00\"},"
    "\"acquired\":\"2020-04-01\",\"identity\":{\"name\":\"見本 太郎\",\"kana\":\"ミホン タロウ\","
    "\"birth_date\":\"1980-05-02\",\"sex\":\"male\",\"address\":\"東京都千代田区千代田1-1\"},\"office\":\"AB12\"}\n";
/* The opening balance of the 標準報酬月額 (従前標準報酬), in the documented CSV. */
static const char PAY[] = "種別,記号,番号,枝番,年月,金額\n従前標準報酬,AB12,1,00,2026-09,410000\n";
/* A month that does not exist, in column 4. */
static const char BAD_PAY[] = "種別,記号,番号,年月,金額\n従前標準報酬,AB12,9,2026-13,300000\n";

static char path[1024];

static const char *store_path(void) {
    const char *dir = getenv("KENPO_TEST_TMP");
    snprintf(path, sizeof path, "%s/kenpo-test-store.sqlite", dir != NULL ? dir : ".");
    return path;
}

static const char *sample_path(void) {
    const char *p = getenv("KENPO_RECEIPT_SAMPLE");
    return p != NULL ? p : "RECEIPTC_GAIRAI_SAMPLE.UKE";
}

static int read_all(const char *file, unsigned char **out, size_t *len) {
    FILE *f = fopen(file, "rb");
    long n;
    unsigned char *buf;
    if (f == NULL) {
        return 0;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return 0;
    }
    buf = (unsigned char *)malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        return 0;
    }
    fclose(f);
    *out = buf;
    *len = (size_t)n;
    return 1;
}

static kenpo_month ym(int32_t y, int32_t m) {
    kenpo_month r;
    r.year = y;
    r.month = m;
    return r;
}

/* Checks `r` and returns the text of `*out` (malloc'd), freeing the string. `out` is read after
 * the call that wrote it (C leaves the order of argument evaluation open). */
static char *call_text(kenpo_result r, kenpo_string **out) {
    char *text;
    KT_OK(r);
    if (*out == NULL) {
        return NULL;
    }
    text = kt_string_text(*out);
    kenpo_string_free(*out);
    *out = NULL;
    return text;
}

static void create_import_and_run(void) {
    kenpo_store *store = NULL;
    kenpo_store *reopened = NULL;
    kenpo_string *out = NULL;
    char *text;
    const char *p = store_path();
    remove(p);
    KT_OK(kenpo_store_create(p, strlen(p), CONFIG, strlen(CONFIG), &store));

    text = call_text(kenpo_store_import_file(store, KENPO_IMPORT_KIND_MEMBERS, "members.jsonl", 13,
                                             (const uint8_t *)MEMBERS, strlen(MEMBERS), false, &out), &out);
    KT_CONTAINS(text, "\"taken\":true,\"events\":1");
    free(text);
    /* A bad row: nothing taken, the row named by line and column, the value not quoted. */
    out = NULL;
    text = call_text(kenpo_store_import_file(store, KENPO_IMPORT_KIND_PAY, "bad.csv", 7,
                                             (const uint8_t *)BAD_PAY, strlen(BAD_PAY), false, &out), &out);
    KT_CONTAINS(text, "\"taken\":false");
    KT_CONTAINS(text, "\"rejected\":[{\"file\":\"bad.csv\",\"line\":2,\"column\":4");
    KT_CHECK(text != NULL && strstr(text, "2026-13") == NULL);
    free(text);
    out = NULL;
    text = call_text(kenpo_store_import_file(store, KENPO_IMPORT_KIND_PAY, "pay.csv", 7,
                                             (const uint8_t *)PAY, strlen(PAY), false, &out), &out);
    KT_CONTAINS(text, "\"taken\":true,\"events\":0,\"pay_reports\":1");
    free(text);

    /* October 2026: 410,000 × (9.85 % + 介護 1.62 % + 支援金 0.23 %) = 47,970, half withheld. */
    out = NULL;
    text = call_text(kenpo_store_run_month(store, ym(2026, 10), NULL, 0, false, &out), &out);
    KT_CONTAINS(text, "\"month\":\"2026-10\",\"status\":\"run\",\"version\":1");
    KT_CONTAINS(text, "{\"name\":\"total_yen\",\"value\":47970}");
    KT_CONTAINS(text, "{\"name\":\"employee_yen\",\"value\":23985}");
    KT_CONTAINS(text, "\"result_tables\":[\"premium_lines\"");
    KT_CONTAINS(text, "kenpo-test-store.sqlite\",\"run_id\":");
    free(text);
    kenpo_store_free(store);

    /* The store reopened: the same month again changes nothing. */
    KT_OK(kenpo_store_open(p, strlen(p), &reopened));
    out = NULL;
    text = call_text(kenpo_store_run_month(reopened, ym(2026, 10), NULL, 0, false, &out), &out);
    KT_CONTAINS(text, "\"status\":\"unchanged\"");
    free(text);
    kenpo_store_free(reopened);
    remove(p);
}

static void receipts_against_the_store(void) {
    kenpo_store *store = NULL;
    kenpo_string *out = NULL;
    kenpo_file file;
    unsigned char *data = NULL;
    size_t len = 0;
    char *text;
    const char *p = store_path();
    remove(p);
    KT_CHECK(read_all(sample_path(), &data, &len));
    KT_OK(kenpo_store_create(p, strlen(p), CONFIG, strlen(CONFIG), &store));
    /* The sample's receipt under 01130012 has no member in the store: C1 該当者なし. */
    text = call_text(kenpo_store_check_receipt_file(store, "RECEIPTC.UKE", 12, data, len, false, &out), &out);
    KT_CONTAINS(text, "\"receipts_in_file\":75");
    KT_CONTAINS(text, "\"checked_against_master\":true");
    KT_CONTAINS(text, "\"rule\":\"C1.unknown_member\",\"receipt_index\":2,\"line\":32");
    free(text);
    /* A month's run refuses the file: it holds receipts of other insurers. */
    file.name = "RECEIPTC.UKE";
    file.name_len = 12;
    file.data = data;
    file.data_len = len;
    out = NULL;
    KT_EXPECT(KENPO_RESULT_RECEIPT_FILE_MISMATCH, kenpo_store_run_month(store, ym(2018, 6), &file, 1, false, &out));
    KT_CHECK(out == NULL);
    kenpo_store_free(store);
    free(data);
    remove(p);
}

static void store_errors(void) {
    kenpo_store *store = NULL;
    kenpo_store *other = NULL;
    kenpo_string *out = NULL;
    const char *p = store_path();
    static const char NO_INSURER[] =
        "name = \"見本\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"9.85%\", care = \"1.62%\" }\n";
    const char missing[] = "/nonexistent/kenpo.sqlite";
    const char bad_path[] = {(char)0xff};
    kenpo_file bad_file;
    remove(p);
    KT_EXPECT(KENPO_RESULT_INVALID_SOCIETY_CONFIG, kenpo_store_create(p, strlen(p), NO_INSURER, strlen(NO_INSURER), &store));
    KT_EXPECT(KENPO_RESULT_INVALID_SOCIETY_CONFIG, kenpo_store_create(p, strlen(p), "name = ", 7, &store));
    KT_CHECK(store == NULL);
    KT_EXPECT(KENPO_RESULT_STORE_UNUSABLE, kenpo_store_open(p, strlen(p), &store));
    KT_EXPECT(KENPO_RESULT_STORE_UNUSABLE, kenpo_store_open(missing, strlen(missing), &store));
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8, kenpo_store_open(bad_path, 1, &store));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_store_open(NULL, 0, &store));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_store_open(p, strlen(p), NULL));
    KT_OK(kenpo_store_create(p, strlen(p), CONFIG, strlen(CONFIG), &store));
    /* Created once: a second create on the same path is refused and leaves the store alone. */
    KT_EXPECT(KENPO_RESULT_STORE_UNUSABLE, kenpo_store_create(p, strlen(p), CONFIG, strlen(CONFIG), &other));
    KT_CHECK(other == NULL);
    KT_EXPECT(KENPO_RESULT_INVALID_ARGUMENT,
              kenpo_store_import_file(store, 9, "x", 1, (const uint8_t *)PAY, strlen(PAY), false, &out));
    KT_EXPECT(KENPO_RESULT_INVALID_IMPORT_FILE,
              kenpo_store_import_file(store, KENPO_IMPORT_KIND_MEMBERS, "m.json", 6, (const uint8_t *)"[\xff]", 3, false, &out));
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_store_run_month(store, ym(2026, 13), NULL, 0, false, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_store_run_month(store, ym(2026, 10), NULL, 1, false, &out));
    bad_file.name = bad_path;
    bad_file.name_len = 1;
    bad_file.data = (const uint8_t *)"";
    bad_file.data_len = 0;
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8, kenpo_store_run_month(store, ym(2026, 10), &bad_file, 1, false, &out));
    /* Months run in order. */
    KT_OK(kenpo_store_run_month(store, ym(2026, 10), NULL, 0, false, &out));
    kenpo_string_free(out);
    out = NULL;
    KT_EXPECT(KENPO_RESULT_RULE_REFUSED, kenpo_store_run_month(store, ym(2026, 12), NULL, 0, false, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_store_check_receipt_file(store, "x", 1, NULL, 0, false, &out));
    KT_CHECK(out == NULL);
    kenpo_store_free(store);
    KT_EXPECT(KENPO_RESULT_BAD_HANDLE, kenpo_store_run_month(store, ym(2026, 11), NULL, 0, false, &out));
    kenpo_store_free(store);
    kenpo_store_free(NULL);
    remove(p);
}

int main(void) {
    KT_RUN(create_import_and_run);
    KT_RUN(receipts_against_the_store);
    KT_RUN(store_errors);
    KT_FINISH();
}
