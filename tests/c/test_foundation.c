/* Foundations: era dates (和暦) and legal age. */
#include "kt.h"

static kenpo_date d(int32_t y, int32_t m, int32_t dd) {
    kenpo_date r;
    r.year = y;
    r.month = m;
    r.day = dd;
    return r;
}

static int text_is(const char *buf, size_t n, const char *expected) {
    return n == strlen(expected) && memcmp(buf, expected, n) == 0;
}

static void wareki_formats_first_year_as_gannen(void) {
    char buf[64];
    size_t n = 0;
    KT_OK(kenpo_wareki_format(d(2019, 5, 1), buf, sizeof buf, &n));
    KT_CHECK(text_is(buf, n, "令和元年5月1日"));
    KT_OK(kenpo_wareki_format(d(2019, 4, 30), buf, sizeof buf, &n));
    KT_CHECK(text_is(buf, n, "平成31年4月30日"));
    KT_OK(kenpo_wareki_format(d(2026, 11, 24), buf, sizeof buf, &n));
    KT_CHECK(text_is(buf, n, "令和8年11月24日"));
}

static void wareki_errors(void) {
    char buf[64];
    char tiny[3];
    size_t n = 77;
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_wareki_format(d(2026, 2, 29), buf, sizeof buf, &n));
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_wareki_format(d(1872, 12, 31), buf, sizeof buf, &n));
    KT_EXPECT(KENPO_RESULT_BUFFER_TOO_SMALL, kenpo_wareki_format(d(2026, 1, 1), tiny, sizeof tiny, &n));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_wareki_format(d(2026, 1, 1), NULL, 0, &n));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_wareki_format(d(2026, 1, 1), buf, sizeof buf, NULL));
    KT_CHECK(n == 77);
}

static void wareki_display_form_parses(void) {
    kenpo_date out = d(0, 0, 0);
    char detail[1024];
    size_t n = 0;
    KT_OK(kenpo_wareki_parse("令和元年5月1日", strlen("令和元年5月1日"), &out));
    KT_CHECK(out.year == 2019 && out.month == 5 && out.day == 1);
    /* Full-width digits, as typed on forms. */
    KT_OK(kenpo_wareki_parse("平成３１年４月３０日", strlen("平成３１年４月３０日"), &out));
    KT_CHECK(out.year == 2019 && out.month == 4 && out.day == 30);
    /* 平成31年5月1日 is already 令和: refused, the detail names the era's days, not the text. */
    out = d(1, 1, 1);
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_wareki_parse("平成31年5月1日", strlen("平成31年5月1日"), &out));
    KT_OK(kenpo_last_error_detail(detail, sizeof detail - 1, &n));
    detail[n] = '\0';
    KT_CHECK(strstr(detail, "text") != NULL && strstr(detail, "1989-01-08") != NULL);
    KT_CHECK(strstr(detail, "5月1日") == NULL);
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_wareki_parse("令和8年2月30日", strlen("令和8年2月30日"), &out));
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_wareki_parse("天平1年1月1日", strlen("天平1年1月1日"), &out));
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8, kenpo_wareki_parse("\xff", 1, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_wareki_parse(NULL, 3, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_wareki_parse("令和元年5月1日", strlen("令和元年5月1日"), NULL));
    KT_CHECK(out.year == 1 && out.month == 1 && out.day == 1);
}

static void receipt_dates_parse_both_forms(void) {
    kenpo_date out = d(0, 0, 0);
    KT_OK(kenpo_parse_receipt_date("5081124", 7, &out));
    KT_CHECK(out.year == 2026 && out.month == 11 && out.day == 24);
    KT_OK(kenpo_parse_receipt_date("20190430", 8, &out));
    KT_CHECK(out.year == 2019 && out.month == 4 && out.day == 30);
}

static void receipt_date_errors(void) {
    kenpo_date out = d(1, 1, 1);
    const char bad_utf8[] = {'5', (char)0xff, '8', '1', '1', '2', '4'};
    char detail[1024];
    size_t n = 0;
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_parse_receipt_date("4310501", 7, &out)); /* 平成31年5月1日 is 令和 */
    KT_OK(kenpo_last_error_detail(detail, sizeof detail - 1, &n));
    detail[n] = '\0';
    KT_CHECK(strstr(detail, "4310501") == NULL); /* a birth date is never echoed */
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_parse_receipt_date("9010101", 7, &out)); /* no era 9 */
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_parse_receipt_date("2026", 4, &out));
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8, kenpo_parse_receipt_date(bad_utf8, sizeof bad_utf8, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_parse_receipt_date(NULL, 7, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_parse_receipt_date("5081124", 7, NULL));
    KT_CHECK(out.year == 1 && out.month == 1 && out.day == 1);
}

static void legal_age_is_reached_the_day_before_the_birthday(void) {
    uint32_t age = 0;
    KT_OK(kenpo_age_on(d(1986, 5, 1), d(2026, 4, 30), &age));
    KT_CHECK(age == 40);
    KT_OK(kenpo_age_on(d(1986, 5, 1), d(2026, 4, 29), &age));
    KT_CHECK(age == 39);
    /* Born 29 February: reaches 1 on 28 February of the next (common) year. */
    KT_OK(kenpo_age_on(d(2000, 2, 29), d(2001, 2, 28), &age));
    KT_CHECK(age == 1);
    KT_EXPECT(KENPO_RESULT_INVALID_ARGUMENT, kenpo_age_on(d(2000, 1, 2), d(2000, 1, 1), &age));
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_age_on(d(2000, 13, 1), d(2001, 1, 1), &age));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_age_on(d(2000, 1, 1), d(2001, 1, 1), NULL));
}

static void milestones_of_a_member_born_on_the_first(void) {
    kenpo_age_milestones m;
    memset(&m, 0, sizeof m);
    KT_OK(kenpo_age_milestones_of(d(1986, 5, 1), &m));
    /* Reaches 40 on 2026-04-30: 介護保険料 from April 2026 to March 2051. */
    KT_CHECK(m.care_first_month.year == 2026 && m.care_first_month.month == 4);
    KT_CHECK(m.care_last_month.year == 2051 && m.care_last_month.month == 3);
    /* Born on the 1st: 高齢受給者 from the birthday month itself. */
    KT_CHECK(m.elderly_first_month.year == 2056 && m.elderly_first_month.month == 5);
    KT_CHECK(m.late_elderly_date.year == 2061 && m.late_elderly_date.month == 5 && m.late_elderly_date.day == 1);
    KT_CHECK(m.preschool_last_day.year == 1993 && m.preschool_last_day.month == 3 && m.preschool_last_day.day == 31);
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_age_milestones_of(d(2026, 2, 30), &m));
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_age_milestones_of(d(9990, 1, 1), &m)); /* 75th birthday after 9999 */
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_age_milestones_of(d(1986, 5, 1), NULL));
}

int main(void) {
    KT_RUN(wareki_formats_first_year_as_gannen);
    KT_RUN(wareki_errors);
    KT_RUN(wareki_display_form_parses);
    KT_RUN(receipt_dates_parse_both_forms);
    KT_RUN(receipt_date_errors);
    KT_RUN(legal_age_is_reached_the_day_before_the_birthday);
    KT_RUN(milestones_of_a_member_born_on_the_first);
    KT_FINISH();
}
