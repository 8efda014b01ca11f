/* prefs-sandbox.h: Knock's preferences API served on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PREFS_SANDBOX_ERROR (prefs_sandbox_error_quark ())

typedef enum
{
  PREFS_SANDBOX_ERROR_STORAGE,   /* SQLite could not open, migrate or write */
  PREFS_SANDBOX_ERROR_LISTEN,    /* the address could not be bound */
  PREFS_SANDBOX_ERROR_CONFIG,    /* a bad option: fault spec, key file, address */
} PrefsSandboxError;

GQuark prefs_sandbox_error_quark (void);

#define PREFS_SANDBOX_DEFAULT_SECRET_KEY "sk_test_sandbox"
#define PREFS_SANDBOX_DEFAULT_PUBLIC_KEY "pk_test_sandbox"
#define PREFS_SANDBOX_DEFAULT_BULK_LIMIT 1000

#define PREFS_TYPE_SANDBOX (prefs_sandbox_get_type ())
G_DECLARE_FINAL_TYPE (PrefsSandbox, prefs_sandbox, PREFS, SANDBOX, GObject)

/* A sandbox runs on the thread-default main context of the thread that
 * starts it; its background work (bulk operations) is driven from there. */

/* @db_path: a file path, or ":memory:". Opens and migrates the database. */
PrefsSandbox *prefs_sandbox_new                  (const char    *db_path,
                                                  GError       **error);

void          prefs_sandbox_set_secret_key       (PrefsSandbox  *self,
                                                  const char    *key);
void          prefs_sandbox_set_public_key       (PrefsSandbox  *self,
                                                  const char    *key);
/* PEM text of the RS256 public key that verifies user tokens. */
gboolean      prefs_sandbox_set_signing_key_pem  (PrefsSandbox  *self,
                                                  const char    *pem,
                                                  GError       **error);
void          prefs_sandbox_set_rate_limits      (PrefsSandbox  *self,
                                                  gboolean       enabled);
void          prefs_sandbox_set_bulk_limit       (PrefsSandbox  *self,
                                                  guint          limit);
/* "latency=MS,error-rate=0.2,rate-limit-rate=0.1,drop-rate=0.05,seed=N";
 * also "bulk-delay=MS" (pause between bulk-operation batches). Faults hit
 * writes only: errors and 429s before anything is applied, dropped
 * connections after the write committed. NULL or "" turns faults off. */
gboolean      prefs_sandbox_set_fault_spec       (PrefsSandbox  *self,
                                                  const char    *spec,
                                                  GError       **error);

gboolean      prefs_sandbox_seed_demo            (PrefsSandbox  *self,
                                                  GError       **error);
gboolean      prefs_sandbox_seed_users           (PrefsSandbox  *self,
                                                  guint          n_users,
                                                  GError       **error);

/* @address: "127.0.0.1:0" picks a free loopback port. */
gboolean      prefs_sandbox_start                (PrefsSandbox  *self,
                                                  const char    *address,
                                                  GError       **error);
/* "http://127.0.0.1:PORT" once started, else NULL. */
const char   *prefs_sandbox_get_base_url         (PrefsSandbox  *self);
guint16       prefs_sandbox_get_port             (PrefsSandbox  *self);
/* Stops listening and background work; the database stays consistent. */
void          prefs_sandbox_stop                 (PrefsSandbox  *self);

G_END_DECLS
