/* prefs-sandbox-faults.h: injected faults and rate limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PREFS_SANDBOX_FAULT_NONE,
  PREFS_SANDBOX_FAULT_ERROR,       /* answer 500 or 503 */
  PREFS_SANDBOX_FAULT_RATE_LIMIT,  /* answer 429 with Retry-After */
  PREFS_SANDBOX_FAULT_DROP,        /* close the connection without answering */
} PrefsSandboxFault;

typedef struct _PrefsSandboxFaults PrefsSandboxFaults;

/* "latency=MS,error-rate=R,rate-limit-rate=R,drop-rate=R,seed=N,bulk-delay=MS";
 * rates are in [0, 1] and are tried in that order on each write request. */
PrefsSandboxFaults *prefs_sandbox_faults_new_from_spec (const char          *spec,
                                                        GError             **error);
void                prefs_sandbox_faults_free          (PrefsSandboxFaults  *faults);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsSandboxFaults, prefs_sandbox_faults_free)

guint               prefs_sandbox_faults_get_latency   (PrefsSandboxFaults  *faults);
/* Pause between two batches of a bulk operation, in milliseconds. */
guint               prefs_sandbox_faults_get_bulk_delay (PrefsSandboxFaults *faults);
/* Draws the fault of one write request; @out_status is 500 or 503 for ERROR. */
PrefsSandboxFault   prefs_sandbox_faults_roll          (PrefsSandboxFaults  *faults,
                                                        guint               *out_status);

/* Knock's rate-limit tiers, in requests per second. */
typedef enum
{
  PREFS_SANDBOX_TIER_1 = 1,
  PREFS_SANDBOX_TIER_2 = 5,
  PREFS_SANDBOX_TIER_3 = 60,
  PREFS_SANDBOX_TIER_4 = 200,
  PREFS_SANDBOX_TIER_5 = 1000,
} PrefsSandboxTier;

typedef struct _PrefsSandboxLimiter PrefsSandboxLimiter;

PrefsSandboxLimiter *prefs_sandbox_limiter_new   (void);
void                 prefs_sandbox_limiter_free  (PrefsSandboxLimiter *limiter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsSandboxLimiter, prefs_sandbox_limiter_free)
/* Takes one token from the bucket of (@key, @tier) at monotonic time @now_us.
 * Returns TRUE if the request may go on; otherwise sets @out_retry_after to
 * the whole seconds (>= 1) until a token is back. */
gboolean             prefs_sandbox_limiter_take  (PrefsSandboxLimiter *limiter,
                                                  const char          *key,
                                                  PrefsSandboxTier     tier,
                                                  gint64               now_us,
                                                  guint               *out_retry_after);

G_END_DECLS
