/*
 * A tiny test harness for the C test programs: each TEST is one case; the program prints
 * "PASS name" / "FAIL name" lines and a closing "N passed, M failed" line, and exits non-zero
 * when a case failed. run.sh sums the cases of every program.
 */
#ifndef KT_H
#define KT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kenpo.h"

static int kt_passed = 0;
static int kt_failed = 0;
static int kt_current_failed = 0;

#define KT_CHECK(cond)                                                                  \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
            kt_current_failed = 1;                                                      \
        }                                                                               \
    } while (0)

/* Checks that an expression returns the given kenpo_result; prints the detail otherwise. */
#define KT_EXPECT(expected, expr)                                                       \
    do {                                                                                \
        kenpo_result kt_r_ = (expr);                                                    \
        if (kt_r_ != (kenpo_result)(expected)) {                                        \
            char kt_buf_[1024];                                                         \
            size_t kt_n_ = 0;                                                           \
            if (kenpo_last_error_detail(kt_buf_, sizeof kt_buf_, &kt_n_) != KENPO_RESULT_OK) { \
                kt_n_ = 0;                                                              \
            }                                                                           \
            fprintf(stderr, "  %s:%d: %s returned %u, expected %u (%.*s)\n", __FILE__,  \
                    __LINE__, #expr, (unsigned)kt_r_, (unsigned)(expected), (int)kt_n_, \
                    kt_buf_);                                                           \
            kt_current_failed = 1;                                                      \
        }                                                                               \
    } while (0)

#define KT_OK(expr) KT_EXPECT(KENPO_RESULT_OK, expr)

#define KT_RUN(fn)                                                                      \
    do {                                                                                \
        kt_current_failed = 0;                                                          \
        fn();                                                                           \
        if (kt_current_failed) {                                                        \
            kt_failed++;                                                                \
            printf("FAIL %s\n", #fn);                                                   \
        } else {                                                                        \
            kt_passed++;                                                                \
            printf("PASS %s\n", #fn);                                                   \
        }                                                                               \
    } while (0)

/* Every program ends with this: no handle may be left alive (the leak check of handles,
 * which stay reachable from the library's registry and so are not "lost" to valgrind). */
#define KT_FINISH()                                                                     \
    do {                                                                                \
        if (kenpo_debug_live_handles() != 0) {                                          \
            printf("FAIL no_live_handles_left (%zu live)\n", kenpo_debug_live_handles()); \
            kt_failed++;                                                                \
        } else {                                                                        \
            printf("PASS no_live_handles_left\n");                                      \
            kt_passed++;                                                                \
        }                                                                               \
        printf("%d passed, %d failed\n", kt_passed, kt_failed);                         \
        return kt_failed == 0 ? 0 : 1;                                                  \
    } while (0)

/* Copies a kenpo_string's text into a NUL-terminated malloc'd buffer (for strstr checks). */
static inline char *kt_string_text(const kenpo_string *s) {
    const char *data = NULL;
    size_t len = 0;
    char *copy;
    if (kenpo_string_bytes(s, &data, &len) != KENPO_RESULT_OK) {
        return NULL;
    }
    copy = (char *)malloc(len + 1);
    if (copy == NULL) {
        return NULL;
    }
    memcpy(copy, data, len);
    copy[len] = '\0';
    return copy;
}

#endif /* KT_H */
