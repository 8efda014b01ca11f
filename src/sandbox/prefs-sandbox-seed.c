/* prefs-sandbox-seed.c: demo data and generated users
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-sandbox-seed"

#include "config.h"

#include "prefs-sandbox.h"

#include "prefs-json.h"
#include "prefs-sandbox-private.h"
#include "prefs-sandbox-store.h"

typedef struct
{
  const char *id;
  const char *name;
  const char *email;
} DemoPerson;

/* The first four are the people of Knock's "Setting preferences" documents. */
static const DemoPerson demo_people[] = {
  { "jhammond", "John Hammond", "john.hammond@ingen.example" },
  { "dnedry", "Dennis Nedry", "dennis.nedry@ingen.example" },
  { "imalcolm", "Ian Malcolm", "ian.malcolm@chaos.example" },
  { "esattler", "Ellie Sattler", "ellie.sattler@paleobotany.example" },
  { "agrant", "Alan Grant", "alan.grant@paleontology.example" },
  { "rarnold", "Ray Arnold", "ray.arnold@ingen.example" },
  { "rmuldoon", "Robert Muldoon", "robert.muldoon@ingen.example" },
  { "dgennaro", "Donald Gennaro", "donald.gennaro@counsel.example" },
  { "hwu", "Henry Wu", "henry.wu@ingen.example" },
  { "tmurphy", "Tim Murphy", "tim.murphy@hammond.example" },
  { "lmurphy", "Lex Murphy", "lex.murphy@hammond.example" },
  { "gharding", "Gerry Harding", "gerry.harding@ingen.example" },
  { "ldodgson", "Lewis Dodgson", "lewis.dodgson@biosyn.example" },
  { "eregis", "Ed Regis", "ed.regis@ingen.example" },
  { "mbowman", "Martin Bowman", "martin.bowman@bowman.example" },
  { "tbowman", "Tina Bowman", "tina.bowman@bowman.example" },
};

typedef struct
{
  const char *collection;  /* PREFS_SANDBOX_USERS_COLLECTION or an object collection */
  const char *owner_id;
  const char *set_id;
  const char *json;
} DemoSet;

#define VISITOR_CENTER_CHANNEL "0f8e7a34-3c4b-4d0a-9a51-6f2d8b1c5e90"
#define CONTROL_ROOM_CHANNEL "7c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5"

static const DemoSet demo_sets[] = {
  /* The set of the seed document's setPreferences example. */
  { "", "jhammond", "default",
    "{\"channel_types\": {\"email\": true, \"sms\": false},"
    " \"workflows\": {\"dinosaurs-loose\": {\"channel_types\":"
    " {\"email\": false, \"in_app_feed\": true, \"sms\": true}}}}" },
  { "", "dnedry", "default",
    "{\"channel_types\": {\"email\": true, \"in_app_feed\": true, \"sms\": false},"
    " \"channels\": {\"" CONTROL_ROOM_CHANNEL "\": false,"
    " \"" VISITOR_CENTER_CHANNEL "\": {\"conditions\": [{\"variable\": \"recipient.on_shift\","
    " \"operator\": \"equal_to\", \"argument\": \"true\"}]}},"
    " \"workflows\": {\"dinosaurs-loose\": true, \"fence-power-down\": false},"
    " \"commercial_subscribed\": false}" },
  { "", "imalcolm", "default",
    "{\"categories\": {\"chaos-updates\": true, \"marketing\": false,"
    " \"park-alerts\": {\"channel_types\": {\"email\": true, \"push\": true}}},"
    " \"workflows\": {\"dinosaurs-loose\": {\"channel_types\": {\"sms\": true},"
    " \"conditions\": [{\"variable\": \"data.severity\", \"operator\": \"greater_than\","
    " \"argument\": \"3\"}]}}}" },
  { "", "esattler", "default",
    "{\"channel_types\": {\"email\": true, \"push\": true, \"chat\": false},"
    " \"categories\": {\"botany-digest\": true}}" },
  { "", "esattler", "isla-nublar",
    "{\"workflows\": {\"dinosaurs-loose\": {\"channel_types\": {\"sms\": true, \"push\": true}}},"
    " \"channel_types\": {\"email\": false}}" },
  { "", "agrant", "isla-sorna",
    "{\"workflows\": {\"raptor-sighting\": {\"conditions\": [{\"variable\": \"data.distance_m\","
    " \"operator\": \"less_than\", \"argument\": \"500\"}]}},"
    " \"channel_types\": {\"in_app_feed\": true}}" },
  { "", "rarnold", "default",
    "{\"workflows\": {\"fence-power-down\": {\"channel_types\": {\"sms\": true, \"chat\": true}},"
    " \"dinosaurs-loose\": true}, \"categories\": {\"maintenance\": true}}" },
  { "", "rmuldoon", "default",
    "{\"workflows\": {\"dinosaurs-loose\": {\"channel_types\": {\"sms\": true, \"push\": true}},"
    " \"raptor-sighting\": true}}" },
  /* Tenant defaults and an object: the park itself. */
  { "parks", "isla-nublar", "default",
    "{\"channel_types\": {\"email\": true, \"sms\": true},"
    " \"workflows\": {\"dinosaurs-loose\": {\"channel_types\": {\"sms\": true}}}}" },
  { "parks", "isla-sorna", "default",
    "{\"categories\": {\"park-alerts\": true, \"marketing\": false}}" },
};

gboolean
prefs_sandbox_seed_demo (PrefsSandbox  *self,
                         GError       **error)
{
  PrefsSandboxStore *store;
  g_autofree char *now = prefs_sandbox_now_string ();

  g_return_val_if_fail (PREFS_IS_SANDBOX (self), FALSE);

  store = prefs_sandbox_get_store (self);
  if (!prefs_sandbox_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_people); i++)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *props = json_object_new ();
      g_autofree char *text = NULL;

      json_object_set_string_member (props, "name", demo_people[i].name);
      json_object_set_string_member (props, "email", demo_people[i].email);
      json_object_set_string_member (props, "timezone", "Pacific/Galapagos");
      json_node_take_object (node, props);
      text = prefs_json_to_string (node, FALSE);
      if (!prefs_sandbox_store_put_user (store, demo_people[i].id, text, now, error))
        goto failed;
    }

  for (guint i = 0; i < G_N_ELEMENTS (demo_sets); i++)
    if (!prefs_sandbox_store_set_text (self, demo_sets[i].collection, demo_sets[i].owner_id,
                                       demo_sets[i].set_id, demo_sets[i].json, now, error))
      goto failed;

  return prefs_sandbox_store_commit (store, error);

failed:
  prefs_sandbox_store_rollback (store);
  return FALSE;
}

static const char * const first_names[] = {
  "Alan", "Ellie", "Ian", "John", "Dennis", "Ray", "Robert", "Donald", "Henry", "Tim",
  "Lex", "Gerry", "Lewis", "Ed", "Martin", "Tina", "Sarah", "Nick", "Kelly", "Owen",
  "Claire", "Zach", "Gray", "Maisie", "Franklin", "Zia", "Barry", "Vic", "Simon", "Karen",
};

static const char * const last_names[] = {
  "Grant", "Sattler", "Malcolm", "Hammond", "Nedry", "Arnold", "Muldoon", "Gennaro", "Wu",
  "Murphy", "Harding", "Dodgson", "Regis", "Bowman", "Harding", "Van Owen", "Curtis",
  "Grady", "Dearing", "Mitchell", "Lockwood", "Webb", "Rodriguez", "Masrani", "Hoskins",
};

gboolean
prefs_sandbox_seed_users (PrefsSandbox  *self,
                          guint          n_users,
                          GError       **error)
{
  PrefsSandboxStore *store;
  g_autofree char *now = prefs_sandbox_now_string ();
  GString *props = g_string_new (NULL);
  gboolean ok = FALSE;

  g_return_val_if_fail (PREFS_IS_SANDBOX (self), FALSE);

  store = prefs_sandbox_get_store (self);
  prefs_sandbox_store_set_bulk_load (store, TRUE);
  if (!prefs_sandbox_store_begin (store, error))
    goto out;

  for (guint i = 1; i <= n_users; i++)
    {
      char id[32];
      const char *first = first_names[i % G_N_ELEMENTS (first_names)];
      const char *last = last_names[(i / G_N_ELEMENTS (first_names)) % G_N_ELEMENTS (last_names)];

      g_snprintf (id, sizeof id, "user-%07u", i);
      /* The names are plain ASCII without quotes, so the text is valid
       * canonical JSON (keys in byte order) without a serializer. */
      g_string_printf (props, "{\"email\":\"%s@example.com\",\"name\":\"%s %s\"}",
                       id, first, last);
      if (!prefs_sandbox_store_put_user (store, id, props->str, now, error))
        {
          prefs_sandbox_store_rollback (store);
          goto out;
        }
    }

  ok = prefs_sandbox_store_commit (store, error);
  if (!ok)
    prefs_sandbox_store_rollback (store);

out:
  prefs_sandbox_store_set_bulk_load (store, FALSE);
  g_string_free (props, TRUE);
  return ok;
}
