/* Members family, the employers' notifications: SHFD0006 / documented CSV / JSON files read into
 * member events and pay reports, every rejected row with file, line, column and rule. */
#include "kt.h"

/* examples/month/SHFD0006.CSV (Shift_JIS, CR LF: a 資格取得届 and a 賞与支払届) with one more
 * 賞与支払届 paid in month 13, which must be rejected with its line and column. */
static const char SHFD[] =
    "21,01,AB12,001,20261001,22223\r\n"
    "[kanri]\r\n"
    ",001\r\n"
    "21,01,AB12,12345,100,0001,\x93" "\x8C" "\x8B" "\x9E" "\x93" "s\x90" "\xE7" "\x91" "\xE3" "\x93" "c\x8B" "\xE6" ",\x8A" "\x94" "\x8E" "\xAE" "\x89" "\xEF" "\x8E" "\xD0" "\x8C" "\xA9" "\x96" "{,\x8C" "\xA9" "\x96" "{\x81" "@\x91" "\xBE" "\x98" "Y,03,1234,5678\r\n"
    "[data]\r\n"
    "2200700,21,01,AB12,12345,3,\xD0" "\xCE" "\xDD" " \xBB" "\xCC" "\xDE" "\xDB" "\xB3" ",\x8C" "\xA9" "\x96" "{\x81" "@\x8E" "O\x98" "Y,7,020401,1,1,,,,,,9,081001,0,300000,0,300000,,,,,,,,,\x93" "\x8C" "\x8B" "\x9E" "\x93" "s\x90" "V\x8F" "h\x8B" "\xE6" "\x90" "\xBC" "\x90" "V\x8F" "h2-8-1,,\r\n"
    "2265700,21,01,AB12,1,\xD0" "\xCE" "\xDD" " \xC0" "\xDB" "\xB3" ",,5,550502,9,081010,800000,0,800000,,,,,,,\r\n"
    "2265700,21,01,AB12,1,\xD0" "\xCE" "\xDD" " \xC0" "\xDB" "\xB3" ",,5,550502,9,081310,800000,0,800000,,,,,,,\r\n"
    ;

/* The project's JSON form of member events (one per line), a good row and a row whose sex is
 * not a known value. */
static const char MEMBERS_JSONL[] =
    "{\"type\": \"acquisition\", \"key\": {\"symbol\": \"AB12\", \"number\": \"1\", \"branch\": \"00\"}, "
    "\"acquired\": \"2020-04-01\", \"identity\": {\"name\": \"見本 太郎\", \"kana\": \"ミホン タロウ\", "
    "\"birth_date\": \"1980-05-02\", \"sex\": \"male\", \"address\": \"東京都千代田区千代田1-1\"}, \"office\": \"AB12\"}\n"
    "{\"type\": \"acquisition\", \"key\": {\"symbol\": \"AB12\", \"number\": \"2\", \"branch\": \"00\"}, "
    "\"acquired\": \"2020-04-01\", \"identity\": {\"name\": \"見本 次郎\", \"kana\": \"ミホン ジロウ\", "
    "\"birth_date\": \"1960-11-20\", \"sex\": \"見本\", \"address\": \"東京都港区芝公園4-2\"}, \"office\": \"AB12\"}\n";

/* The documented CSV with Japanese headers: a 賞与 row and one whose date does not exist. */
static const char PAY_CSV[] =
    "種別,記号,番号,枝番,年月日,金額\n"
    "bonus,10,123,00,2026-12-10,612345\n"
    "bonus,10,124,00,2026-02-30,500000\n";

static const char NEGATIVE_CSV[] =
    "種別,記号,番号,枝番,年月日,金額\n"
    "bonus,10,123,00,2026-12-10,-612345\n";

static void shfd_rows_in_events_and_pay_out(void) {
    kenpo_string *out = NULL;
    char *text;
    KT_OK(kenpo_read_shfd_notifications("SHFD0006.CSV", 12, (const uint8_t *)SHFD, sizeof SHFD - 1, &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"variant\":\"pension_office\"");
    /* 資格取得届 → an acquisition event (and the 報酬月額 at acquisition); 賞与支払届 → a bonus. */
    KT_CONTAINS(text, "\"kind\":\"member\",\"event\":{\"kind\":\"acquisition\"");
    KT_CONTAINS(text, "\"report\":{\"kind\":\"acquisition\"");
    KT_CONTAINS(text, "\"kind\":\"bonus\"");
    KT_CONTAINS(text, "\"paid_on\":\"2026-10-10\",\"amount\":800000");
    /* The bad row: file, line 8, the column of the date, the rule. */
    KT_CONTAINS(text, "\"rejected\":[{\"file\":\"SHFD0006.CSV\",\"line\":8,\"column\":");
    KT_CONTAINS(text, "\"rule\":\"shfd.item\"");
    KT_CHECK(text != NULL && strstr(text, "081310") == NULL);
    free(text);
    kenpo_string_free(out);
}

static void shfd_bad_input(void) {
    kenpo_string *out = NULL;
    const uint8_t not_sjis[] = {0x81, 0x0a};
    char *text;
    /* Not Shift_JIS: the file as a whole is rejected (line 0), the call succeeds. */
    KT_OK(kenpo_read_shfd_notifications("x.csv", 5, not_sjis, sizeof not_sjis, &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"line\":0");
    KT_CONTAINS(text, "\"rule\":\"shfd.encoding\"");
    KT_CONTAINS(text, "\"variant\":null");
    free(text);
    kenpo_string_free(out);
    out = NULL;
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8, kenpo_read_shfd_notifications("\xff", 1, not_sjis, 2, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_read_shfd_notifications("x", 1, NULL, 2, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_read_shfd_notifications(NULL, 1, not_sjis, 2, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_read_shfd_notifications("x", 1, not_sjis, 2, NULL));
    KT_CHECK(out == NULL);
}

static void csv_rows_with_japanese_headers(void) {
    kenpo_string *out = NULL;
    char *text;
    KT_OK(kenpo_read_csv_notifications("pay.csv", 7, (const uint8_t *)PAY_CSV, strlen(PAY_CSV),
                                       KENPO_NOTIFICATION_KIND_PAY_REPORTS, &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"line\":2,\"notification\":{\"kind\":\"pay\",\"report\":{\"kind\":\"bonus\"");
    KT_CONTAINS(text, "\"amount\":612345");
    KT_CONTAINS(text, "{\"file\":\"pay.csv\",\"line\":3,\"column\":5,\"item\":\"date\"");
    KT_CHECK(text != NULL && strstr(text, "2026-02-30") == NULL && strstr(text, "500000") == NULL);
    free(text);
    kenpo_string_free(out);
    out = NULL;
    /* A negative amount: a rejected row naming the column, the value not echoed. */
    KT_OK(kenpo_read_csv_notifications("pay.csv", 7, (const uint8_t *)NEGATIVE_CSV, strlen(NEGATIVE_CSV),
                                       KENPO_NOTIFICATION_KIND_PAY_REPORTS, &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"rows\":[]");
    KT_CONTAINS(text, "{\"file\":\"pay.csv\",\"line\":2,\"column\":6,\"item\":\"amount\"");
    KT_CHECK(text != NULL && strstr(text, "612345") == NULL);
    free(text);
    kenpo_string_free(out);
    out = NULL;
    /* An unknown kind number, a NULL name. */
    KT_EXPECT(KENPO_RESULT_INVALID_ARGUMENT,
              kenpo_read_csv_notifications("pay.csv", 7, (const uint8_t *)PAY_CSV, strlen(PAY_CSV), 9u, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT,
              kenpo_read_csv_notifications(NULL, 7, (const uint8_t *)PAY_CSV, strlen(PAY_CSV),
                                           KENPO_NOTIFICATION_KIND_PAY_REPORTS, &out));
    KT_CHECK(out == NULL);
}

/* 育児休業等終了時報酬月額変更届: a leave ending 31 May gives June–August, revised from September. */
static const char LEAVE_END_CSV[] =
    "種別,記号,番号,年月日,報酬1,日数1,報酬2,日数2,報酬3,日数3\n"
    "育児休業等終了時改定,10,123,2026-05-31,250000,30,250000,31,250000,31\n";

static void csv_leave_end_row(void) {
    kenpo_string *out = NULL;
    char *text;
    KT_OK(kenpo_read_csv_notifications("leave.csv", 9, (const uint8_t *)LEAVE_END_CSV, strlen(LEAVE_END_CSV),
                                       KENPO_NOTIFICATION_KIND_PAY_REPORTS, &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"report\":{\"kind\":\"leave_end\"");
    KT_CONTAINS(text, "\"leave\":\"childcare\",\"leave_ended_on\":\"2026-05-31\"");
    KT_CONTAINS(text, "{\"month\":\"2026-06\",\"base_days\":30,\"amount\":250000");
    KT_CONTAINS(text, "\"rejected\":[]");
    free(text);
    kenpo_string_free(out);
}

static void json_rows_and_an_unknown_value(void) {
    kenpo_string *out = NULL;
    char *text;
    KT_OK(kenpo_read_json_notifications("members.jsonl", 13, MEMBERS_JSONL, strlen(MEMBERS_JSONL),
                                        KENPO_NOTIFICATION_KIND_MEMBER_EVENTS, &out));
    text = kt_string_text(out);
    /* Read into the contract's event form (tagged by kind). */
    KT_CONTAINS(text, "\"line\":1,\"notification\":{\"kind\":\"member\",\"event\":{\"kind\":\"acquisition\"");
    KT_CONTAINS(text, "{\"file\":\"members.jsonl\",\"line\":2,");
    KT_CONTAINS(text, "\"rule\":\"json.record\"");
    KT_CONTAINS(text, "female");                                   /* the values expected */
    KT_CHECK(text != NULL && strstr(text, "次郎") == NULL);       /* no personal data */
    KT_CHECK(text != NULL && strstr(text, "\"見本\"") == NULL); /* the value given is not echoed */
    free(text);
    kenpo_string_free(out);
    out = NULL;
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8,
              kenpo_read_json_notifications("m", 1, "\xff", 1, KENPO_NOTIFICATION_KIND_MEMBER_EVENTS, &out));
    KT_EXPECT(KENPO_RESULT_INVALID_ARGUMENT,
              kenpo_read_json_notifications("m", 1, "{}", 2, 0u, &out));
    KT_CHECK(out == NULL);
}

int main(void) {
    KT_RUN(shfd_rows_in_events_and_pay_out);
    KT_RUN(shfd_bad_input);
    KT_RUN(csv_rows_with_japanese_headers);
    KT_RUN(csv_leave_end_row);
    KT_RUN(json_rows_and_an_unknown_value);
    KT_FINISH();
}
