/* prefs-rate-limiter.h: token buckets for Knock's rate-limit tiers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Knock's tiers: 1 = 1/s (bulk), 2 = 5/s, 3 = 60/s (writes), 4 = 200/s (reads),
 * 5 = 1,000/s. */
typedef enum
{
  PREFS_RATE_TIER_1 = 1,
  PREFS_RATE_TIER_2,
  PREFS_RATE_TIER_3,
  PREFS_RATE_TIER_4,
  PREFS_RATE_TIER_5,
} PrefsRateTier;

#define PREFS_N_RATE_TIERS 5

#define PREFS_TYPE_RATE_LIMITER (prefs_rate_limiter_get_type ())
G_DECLARE_FINAL_TYPE (PrefsRateLimiter, prefs_rate_limiter, PREFS, RATE_LIMITER, GObject)

/* A limiter with every tier paced a little under Knock's published limit,
 * with a small burst, so that no window of one second ever holds more
 * requests than the server allows. */
PrefsRateLimiter *prefs_rate_limiter_new            (void);

/* Changes a tier's pace: @rate tokens per second (0 turns pacing off for
 * the tier), at most @burst stored. */
void              prefs_rate_limiter_set_rate       (PrefsRateLimiter  *self,
                                                     PrefsRateTier      tier,
                                                     double             rate,
                                                     double             burst);

/* Takes a token now and returns how many microseconds the caller must wait
 * before using it (0: go). Tokens are reserved in order, so waiting callers
 * are served first come, first served. */
gint64            prefs_rate_limiter_reserve        (PrefsRateLimiter  *self,
                                                     PrefsRateTier      tier);

/* Holds a tier back until @delay_us from now (a server's Retry-After). */
void              prefs_rate_limiter_hold           (PrefsRateLimiter  *self,
                                                     PrefsRateTier      tier,
                                                     gint64             delay_us);

/* Waits for a token of @tier on the thread-default main context, through a
 * timeout source, never blocking. */
void              prefs_rate_limiter_acquire_async  (PrefsRateLimiter     *self,
                                                     PrefsRateTier         tier,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean          prefs_rate_limiter_acquire_finish (PrefsRateLimiter     *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
