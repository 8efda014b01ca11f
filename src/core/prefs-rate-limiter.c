/* prefs-rate-limiter.c: token buckets for Knock's rate-limit tiers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-rate-limiter"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "prefs-rate-limiter.h"

typedef struct
{
  double rate;        /* tokens per second; 0 = unlimited */
  double burst;
  double tokens;      /* may go negative: reservations waiting for refill */
  gint64 last_us;     /* monotonic time of the last refill */
  gint64 held_until;  /* monotonic time before which nothing may go */
} Bucket;

struct _PrefsRateLimiter
{
  GObject parent_instance;

  Bucket  buckets[PREFS_N_RATE_TIERS];
};

G_DEFINE_FINAL_TYPE (PrefsRateLimiter, prefs_rate_limiter, G_TYPE_OBJECT)

/* Knock's published limits per tier, in requests per second. */
static const double tier_limits[PREFS_N_RATE_TIERS] = { 1, 5, 60, 200, 1000 };

static void
prefs_rate_limiter_class_init (PrefsRateLimiterClass *klass)
{
}

static void
prefs_rate_limiter_init (PrefsRateLimiter *self)
{
  for (guint i = 0; i < PREFS_N_RATE_TIERS; i++)
    {
      /* Within any one second the client sends at most burst + rate
       * requests (rounded down: tokens are whole). Keeping that under the
       * limit keeps every one-second window under it, whether the server
       * counts in a token bucket or in fixed windows. A token is taken
       * when a request is queued but the server counts it when it
       * arrives: a 5% margin absorbs that lag (50 ms a call on tier 1,
       * which sends every 1.05 s), so the rate stays close to the limit
       * and no call is refused. */
      double limit = tier_limits[i];
      double burst = MAX (1.0, floor (limit * 0.05));
      double rate = limit * 0.95 - (burst - 1.0);

      prefs_rate_limiter_set_rate (self, i + 1, rate, burst);
    }
}

/**
 * prefs_rate_limiter_new:
 *
 * Returns: (transfer full): a limiter paced for Knock's tiers
 */
PrefsRateLimiter *
prefs_rate_limiter_new (void)
{
  return g_object_new (PREFS_TYPE_RATE_LIMITER, NULL);
}

static Bucket *
get_bucket (PrefsRateLimiter *self,
            PrefsRateTier     tier)
{
  if (tier < PREFS_RATE_TIER_1 || tier > PREFS_RATE_TIER_5)
    return NULL;
  return &self->buckets[tier - 1];
}

/**
 * prefs_rate_limiter_set_rate:
 * @self: a #PrefsRateLimiter
 * @tier: the tier
 * @rate: tokens per second, 0 for no pacing
 * @burst: how many tokens may be stored
 *
 * Changes the pace of one tier.
 */
void
prefs_rate_limiter_set_rate (PrefsRateLimiter *self,
                             PrefsRateTier     tier,
                             double            rate,
                             double            burst)
{
  Bucket *bucket;

  g_return_if_fail (PREFS_IS_RATE_LIMITER (self));

  bucket = get_bucket (self, tier);
  g_return_if_fail (bucket != NULL);

  bucket->rate = MAX (0.0, rate);
  bucket->burst = MAX (1.0, burst);
  bucket->tokens = bucket->burst;
  bucket->last_us = g_get_monotonic_time ();
  bucket->held_until = 0;
}

/**
 * prefs_rate_limiter_reserve:
 * @self: a #PrefsRateLimiter
 * @tier: the tier of the request about to be sent
 *
 * Returns: the wait in microseconds before the reserved token may be used
 */
gint64
prefs_rate_limiter_reserve (PrefsRateLimiter *self,
                            PrefsRateTier     tier)
{
  Bucket *bucket;
  gint64 now;
  gint64 wait = 0;

  g_return_val_if_fail (PREFS_IS_RATE_LIMITER (self), 0);

  bucket = get_bucket (self, tier);
  g_return_val_if_fail (bucket != NULL, 0);

  now = g_get_monotonic_time ();

  if (bucket->rate > 0)
    {
      double elapsed = (double) (now - bucket->last_us) / G_USEC_PER_SEC;

      bucket->tokens = MIN (bucket->burst, bucket->tokens + elapsed * bucket->rate);
      bucket->last_us = now;
      bucket->tokens -= 1.0;
      if (bucket->tokens < 0)
        wait = (gint64) (-bucket->tokens / bucket->rate * G_USEC_PER_SEC) + 1;
    }

  if (bucket->held_until > now)
    wait = MAX (wait, bucket->held_until - now);

  return wait;
}

/**
 * prefs_rate_limiter_hold:
 * @self: a #PrefsRateLimiter
 * @tier: the tier
 * @delay_us: how long from now nothing of @tier may be sent
 *
 * Holds a tier back, as a server's Retry-After asks.
 */
void
prefs_rate_limiter_hold (PrefsRateLimiter *self,
                         PrefsRateTier     tier,
                         gint64            delay_us)
{
  Bucket *bucket;
  gint64 until;

  g_return_if_fail (PREFS_IS_RATE_LIMITER (self));

  bucket = get_bucket (self, tier);
  g_return_if_fail (bucket != NULL);

  until = g_get_monotonic_time () + MAX (0, delay_us);
  bucket->held_until = MAX (bucket->held_until, until);
}

typedef struct
{
  guint  timeout_id;
  gulong cancelled_id;
} AcquireData;

static void
acquire_data_free (AcquireData *data)
{
  g_assert (data->timeout_id == 0);
  g_assert (data->cancelled_id == 0);
  g_free (data);
}

static void
acquire_finish_task (GTask  *task,
                     GError *error)
{
  AcquireData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_clear_handle_id (&data->timeout_id, g_source_remove);
  if (data->cancelled_id != 0)
    {
      /* Disconnecting from inside the handler would deadlock; the handler
       * defers to an idle instead, so this is safe. */
      g_cancellable_disconnect (cancellable, data->cancelled_id);
      data->cancelled_id = 0;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
acquire_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  AcquireData *data = g_task_get_task_data (task);

  data->timeout_id = 0;
  acquire_finish_task (task, NULL);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static gboolean
acquire_cancelled_idle_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  AcquireData *data = g_task_get_task_data (task);

  /* The timeout may have fired in between. */
  if (data->timeout_id == 0)
    return G_SOURCE_REMOVE;

  acquire_finish_task (task,
                       g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                            _("Operation was cancelled")));
  /* The reference the timeout held. */
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static void
acquire_cancelled_cb (GCancellable *cancellable,
                      GTask        *task)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, acquire_cancelled_idle_cb,
                   g_object_ref (task), NULL);
}

/**
 * prefs_rate_limiter_acquire_async:
 * @self: a #PrefsRateLimiter
 * @tier: the tier of the request about to be sent
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the token may be used
 * @user_data: data for @callback
 *
 * Reserves a token and waits for it without blocking.
 */
void
prefs_rate_limiter_acquire_async (PrefsRateLimiter    *self,
                                  PrefsRateTier        tier,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AcquireData *data;
  gint64 wait;

  g_return_if_fail (PREFS_IS_RATE_LIMITER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, prefs_rate_limiter_acquire_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  data = g_new0 (AcquireData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) acquire_data_free);

  wait = prefs_rate_limiter_reserve (self, tier);
  if (wait == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Millisecond timers: rounding up keeps the pace under the limit. */
  data->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                         (guint) ((wait + 999) / 1000),
                                         acquire_timeout_cb,
                                         g_object_ref (task), NULL);
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable,
                                                G_CALLBACK (acquire_cancelled_cb),
                                                task, NULL);
}

/**
 * prefs_rate_limiter_acquire_finish:
 * @self: a #PrefsRateLimiter
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the token may be used, %FALSE if cancelled
 */
gboolean
prefs_rate_limiter_acquire_finish (PrefsRateLimiter  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
