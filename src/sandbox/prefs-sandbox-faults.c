/* prefs-sandbox-faults.c: injected faults and rate limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-sandbox-faults"

#include "config.h"

#include "prefs-sandbox-faults.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "prefs-sandbox.h"

struct _PrefsSandboxFaults
{
  guint   latency_ms;
  guint   bulk_delay_ms;
  double  error_rate;
  double  rate_limit_rate;
  double  drop_rate;
  GRand  *rand;
};

static gboolean
parse_rate (const char  *key,
            const char  *value,
            double      *out,
            GError     **error)
{
  char *end = NULL;
  double rate = g_ascii_strtod (value, &end);

  if (end == value || *end != '\0' || !isfinite (rate) || rate < 0.0 || rate > 1.0)
    {
      g_set_error (error, PREFS_SANDBOX_ERROR, PREFS_SANDBOX_ERROR_CONFIG,
                   "Fault “%s” needs a rate between 0 and 1, not “%s”", key, value);
      return FALSE;
    }
  *out = rate;
  return TRUE;
}

static gboolean
parse_uint (const char  *key,
            const char  *value,
            guint64      max,
            guint64     *out,
            GError     **error)
{
  if (!g_ascii_string_to_unsigned (value, 10, 0, max, out, NULL))
    {
      g_set_error (error, PREFS_SANDBOX_ERROR, PREFS_SANDBOX_ERROR_CONFIG,
                   "Fault “%s” needs a whole number up to %" G_GUINT64_FORMAT ", not “%s”",
                   key, max, value);
      return FALSE;
    }
  return TRUE;
}

PrefsSandboxFaults *
prefs_sandbox_faults_new_from_spec (const char  *spec,
                                    GError     **error)
{
  g_autoptr(PrefsSandboxFaults) faults = g_new0 (PrefsSandboxFaults, 1);
  g_auto(GStrv) parts = g_strsplit (spec != NULL ? spec : "", ",", -1);
  guint64 seed = 0;
  gboolean have_seed = FALSE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));
      char *eq;
      const char *value;
      guint64 number;

      if (*part == '\0')
        continue;
      eq = strchr (part, '=');
      if (eq == NULL)
        {
          g_set_error (error, PREFS_SANDBOX_ERROR, PREFS_SANDBOX_ERROR_CONFIG,
                       "Fault “%s” needs a value (KEY=VALUE)", part);
          return NULL;
        }
      *eq = '\0';
      value = eq + 1;

      if (g_str_equal (part, "latency"))
        {
          if (!parse_uint (part, value, 60000, &number, error))
            return NULL;
          faults->latency_ms = (guint) number;
        }
      else if (g_str_equal (part, "bulk-delay"))
        {
          if (!parse_uint (part, value, 60000, &number, error))
            return NULL;
          faults->bulk_delay_ms = (guint) number;
        }
      else if (g_str_equal (part, "seed"))
        {
          if (!parse_uint (part, value, G_MAXUINT32, &seed, error))
            return NULL;
          have_seed = TRUE;
        }
      else if (g_str_equal (part, "error-rate"))
        {
          if (!parse_rate (part, value, &faults->error_rate, error))
            return NULL;
        }
      else if (g_str_equal (part, "rate-limit-rate"))
        {
          if (!parse_rate (part, value, &faults->rate_limit_rate, error))
            return NULL;
        }
      else if (g_str_equal (part, "drop-rate"))
        {
          if (!parse_rate (part, value, &faults->drop_rate, error))
            return NULL;
        }
      else
        {
          g_set_error (error, PREFS_SANDBOX_ERROR, PREFS_SANDBOX_ERROR_CONFIG,
                       "Unknown fault “%s” (known: latency, error-rate, rate-limit-rate, "
                       "drop-rate, seed, bulk-delay)", part);
          return NULL;
        }
    }

  faults->rand = have_seed ? g_rand_new_with_seed ((guint32) seed) : g_rand_new ();
  return g_steal_pointer (&faults);
}

void
prefs_sandbox_faults_free (PrefsSandboxFaults *faults)
{
  if (faults == NULL)
    return;
  g_clear_pointer (&faults->rand, g_rand_free);
  g_free (faults);
}

guint
prefs_sandbox_faults_get_latency (PrefsSandboxFaults *faults)
{
  return faults != NULL ? faults->latency_ms : 0;
}

guint
prefs_sandbox_faults_get_bulk_delay (PrefsSandboxFaults *faults)
{
  return faults != NULL ? faults->bulk_delay_ms : 0;
}

PrefsSandboxFault
prefs_sandbox_faults_roll (PrefsSandboxFaults *faults,
                           guint              *out_status)
{
  double draw;

  *out_status = 0;
  if (faults == NULL)
    return PREFS_SANDBOX_FAULT_NONE;

  /* One draw split into bands keeps the configured rates exact and the
   * sequence reproducible for a given seed. */
  draw = g_rand_double (faults->rand);
  if (draw < faults->error_rate)
    {
      *out_status = g_rand_boolean (faults->rand) ? 500 : 503;
      return PREFS_SANDBOX_FAULT_ERROR;
    }
  draw -= faults->error_rate;
  if (draw < faults->rate_limit_rate)
    return PREFS_SANDBOX_FAULT_RATE_LIMIT;
  draw -= faults->rate_limit_rate;
  if (draw < faults->drop_rate)
    return PREFS_SANDBOX_FAULT_DROP;
  return PREFS_SANDBOX_FAULT_NONE;
}

typedef struct
{
  double tokens;
  gint64 last_us;
} Bucket;

struct _PrefsSandboxLimiter
{
  /* "TIER:KEY" -> Bucket */
  GHashTable *buckets;
};

PrefsSandboxLimiter *
prefs_sandbox_limiter_new (void)
{
  PrefsSandboxLimiter *limiter = g_new0 (PrefsSandboxLimiter, 1);

  limiter->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return limiter;
}

void
prefs_sandbox_limiter_free (PrefsSandboxLimiter *limiter)
{
  if (limiter == NULL)
    return;
  g_clear_pointer (&limiter->buckets, g_hash_table_unref);
  g_free (limiter);
}

gboolean
prefs_sandbox_limiter_take (PrefsSandboxLimiter *limiter,
                            const char          *key,
                            PrefsSandboxTier     tier,
                            gint64               now_us,
                            guint               *out_retry_after)
{
  g_autofree char *name = g_strdup_printf ("%d:%s", (int) tier, key != NULL ? key : "");
  double rate = (double) tier;
  Bucket *bucket = g_hash_table_lookup (limiter->buckets, name);

  *out_retry_after = 0;
  if (bucket == NULL)
    {
      /* A full bucket holds one second of requests: bursts up to the tier pass. */
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = rate;
      bucket->last_us = now_us;
      g_hash_table_insert (limiter->buckets, g_steal_pointer (&name), bucket);
    }
  else
    {
      double elapsed = (double) (now_us - bucket->last_us) / G_USEC_PER_SEC;

      bucket->tokens = MIN (rate, bucket->tokens + MAX (elapsed, 0.0) * rate);
      bucket->last_us = now_us;
    }

  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      return TRUE;
    }

  *out_retry_after = (guint) MAX (1.0, ceil ((1.0 - bucket->tokens) / rate));
  return FALSE;
}
