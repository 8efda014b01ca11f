/* test-rate-limiter.c: the token buckets that pace the client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-rate-limiter"

#include "config.h"

#include "prefs-rate-limiter.h"

static void
test_burst_then_pace (void)
{
  PrefsRateLimiter *limiter = prefs_rate_limiter_new ();
  gint64 wait;

  /* 10 per second, 2 stored. */
  prefs_rate_limiter_set_rate (limiter, PREFS_RATE_TIER_3, 10, 2);
  g_assert_cmpint (prefs_rate_limiter_reserve (limiter, PREFS_RATE_TIER_3), ==, 0);
  g_assert_cmpint (prefs_rate_limiter_reserve (limiter, PREFS_RATE_TIER_3), ==, 0);

  /* Then reservations queue a tenth of a second apart. */
  wait = prefs_rate_limiter_reserve (limiter, PREFS_RATE_TIER_3);
  g_assert_cmpint (wait, >, 50000);
  g_assert_cmpint (wait, <=, 100001);
  wait = prefs_rate_limiter_reserve (limiter, PREFS_RATE_TIER_3);
  g_assert_cmpint (wait, >, 150000);
  g_assert_cmpint (wait, <=, 200001);

  /* Tiers are independent. */
  g_assert_cmpint (prefs_rate_limiter_reserve (limiter, PREFS_RATE_TIER_4), ==, 0);

  g_assert_finalize_object (limiter);
}

static void
test_default_tiers_stay_under_limits (void)
{
  PrefsRateLimiter *limiter = prefs_rate_limiter_new ();
  const struct { PrefsRateTier tier; guint limit; } tiers[] = {
    { PREFS_RATE_TIER_1, 1 }, { PREFS_RATE_TIER_3, 60 }, { PREFS_RATE_TIER_4, 200 },
  };

  for (guint t = 0; t < G_N_ELEMENTS (tiers); t++)
    {
      guint within_one_second = 0;

      /* Reserving a burst: count how many may go in the first second. */
      for (guint i = 0; i < tiers[t].limit * 3; i++)
        if (prefs_rate_limiter_reserve (limiter, tiers[t].tier) < G_USEC_PER_SEC)
          within_one_second++;

      g_assert_cmpuint (within_one_second, >=, 1);
      g_assert_cmpuint (within_one_second, <=, tiers[t].limit);
    }

  g_assert_finalize_object (limiter);
}

static void
test_hold (void)
{
  PrefsRateLimiter *limiter = prefs_rate_limiter_new ();

  prefs_rate_limiter_set_rate (limiter, PREFS_RATE_TIER_2, 0, 1);
  g_assert_cmpint (prefs_rate_limiter_reserve (limiter, PREFS_RATE_TIER_2), ==, 0);
  prefs_rate_limiter_hold (limiter, PREFS_RATE_TIER_2, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (prefs_rate_limiter_reserve (limiter, PREFS_RATE_TIER_2), >,
                   G_USEC_PER_SEC);
  /* A shorter hold does not shorten the longer one. */
  prefs_rate_limiter_hold (limiter, PREFS_RATE_TIER_2, 1000);
  g_assert_cmpint (prefs_rate_limiter_reserve (limiter, PREFS_RATE_TIER_2), >,
                   G_USEC_PER_SEC);

  g_assert_finalize_object (limiter);
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_acquire_and_cancel (void)
{
  PrefsRateLimiter *limiter = prefs_rate_limiter_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *first = NULL;
  GAsyncResult *second = NULL;

  prefs_rate_limiter_set_rate (limiter, PREFS_RATE_TIER_1, 0.01, 1);

  prefs_rate_limiter_acquire_async (limiter, PREFS_RATE_TIER_1, NULL, on_result, &first);
  while (first == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (prefs_rate_limiter_acquire_finish (limiter, first, &error));
  g_assert_no_error (error);

  /* The next token is 100 s away: a cancel ends the wait at once. */
  prefs_rate_limiter_acquire_async (limiter, PREFS_RATE_TIER_1, cancellable, on_result, &second);
  g_main_context_iteration (NULL, FALSE);
  g_assert_null (second);
  g_cancellable_cancel (cancellable);
  while (second == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (prefs_rate_limiter_acquire_finish (limiter, second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_object (&first);
  g_clear_object (&second);
  g_assert_finalize_object (limiter);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/rate-limiter/burst-then-pace", test_burst_then_pace);
  g_test_add_func ("/core/rate-limiter/default-tiers", test_default_tiers_stay_under_limits);
  g_test_add_func ("/core/rate-limiter/hold", test_hold);
  g_test_add_func ("/core/rate-limiter/acquire-and-cancel", test_acquire_and_cancel);

  return g_test_run ();
}
