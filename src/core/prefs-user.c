/* prefs-user.c: a Knock user as the API returns it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-user"

#include "config.h"

#include "prefs-user.h"

#include <string.h>

/* The standard nullable string fields, in property order. */
enum {
  FIELD_NAME,
  FIELD_EMAIL,
  FIELD_PHONE_NUMBER,
  FIELD_AVATAR,
  FIELD_TIMEZONE,
  FIELD_LOCALE,
  FIELD_CREATED_AT,
  FIELD_UPDATED_AT,
  N_FIELDS
};

static const struct
{
  const char *key;
  const char *property;
} fields[N_FIELDS] = {
  [FIELD_NAME] = { "name", "name" },
  [FIELD_EMAIL] = { "email", "email" },
  [FIELD_PHONE_NUMBER] = { "phone_number", "phone-number" },
  [FIELD_AVATAR] = { "avatar", "avatar" },
  [FIELD_TIMEZONE] = { "timezone", "timezone" },
  [FIELD_LOCALE] = { "locale", "locale" },
  [FIELD_CREATED_AT] = { "created_at", "created-at" },
  [FIELD_UPDATED_AT] = { "updated_at", "updated-at" },
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_EMAIL,
  PROP_PHONE_NUMBER,
  PROP_AVATAR,
  PROP_TIMEZONE,
  PROP_LOCALE,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_DISPLAY_NAME,
  N_PROPS
};

G_STATIC_ASSERT (PROP_UPDATED_AT - PROP_NAME + 1 == N_FIELDS);

struct _PrefsUser
{
  GObject parent_instance;

  char       *id;
  char       *fields[N_FIELDS];
  JsonObject *extra;
  GHashTable *preferences;  /* (nullable) set id -> PrefsPreferenceSet */
};

G_DEFINE_FINAL_TYPE (PrefsUser, prefs_user, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
prefs_user_finalize (GObject *object)
{
  PrefsUser *self = (PrefsUser *) object;

  g_clear_pointer (&self->id, g_free);
  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&self->fields[i], g_free);
  g_clear_pointer (&self->extra, json_object_unref);
  g_clear_pointer (&self->preferences, g_hash_table_unref);

  G_OBJECT_CLASS (prefs_user_parent_class)->finalize (object);
}

static void
set_field (PrefsUser  *self,
           guint       field,
           const char *value)
{
  const char *old_display;
  g_autofree char *old_display_copy = NULL;

  if (g_strcmp0 (self->fields[field], value) == 0)
    return;

  old_display = prefs_user_get_display_name (self);
  old_display_copy = g_strdup (old_display);

  g_free (self->fields[field]);
  self->fields[field] = g_strdup (value);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME + field]);

  if (g_strcmp0 (old_display_copy, prefs_user_get_display_name (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

static void
prefs_user_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PrefsUser *self = PREFS_USER (object);

  if (prop_id == PROP_ID)
    g_value_set_string (value, self->id);
  else if (prop_id >= PROP_NAME && prop_id <= PROP_UPDATED_AT)
    g_value_set_string (value, self->fields[prop_id - PROP_NAME]);
  else if (prop_id == PROP_DISPLAY_NAME)
    g_value_set_string (value, prefs_user_get_display_name (self));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
prefs_user_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PrefsUser *self = PREFS_USER (object);

  if (prop_id == PROP_ID)
    {
      g_free (self->id);
      self->id = g_value_dup_string (value);
    }
  else if (prop_id >= PROP_NAME && prop_id <= PROP_UPDATED_AT)
    {
      set_field (self, prop_id - PROP_NAME, g_value_get_string (value));
    }
  else
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_user_class_init (PrefsUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = prefs_user_finalize;
  object_class->get_property = prefs_user_get_property;
  object_class->set_property = prefs_user_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  for (guint i = 0; i < N_FIELDS; i++)
    properties[PROP_NAME + i] =
      g_param_spec_string (fields[i].property, NULL, NULL,
                           NULL,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS));

  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
prefs_user_init (PrefsUser *self)
{
  self->extra = json_object_new ();
}

/**
 * prefs_user_new:
 * @id: the user's id, not empty
 *
 * Returns: (transfer full): a user with no other field set.
 */
PrefsUser *
prefs_user_new (const char *id)
{
  g_return_val_if_fail (id != NULL && id[0] != '\0', NULL);

  return g_object_new (PREFS_TYPE_USER,
                       "id", id,
                       NULL);
}

static gboolean
is_standard_key (const char *key)
{
  if (strcmp (key, "id") == 0 || strcmp (key, "__typename") == 0 ||
      strcmp (key, "preferences") == 0)
    return TRUE;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (strcmp (key, fields[i].key) == 0)
        return TRUE;
    }

  return FALSE;
}

static GHashTable *
read_preferences (JsonNode      *member,
                  const char    *path,
                  PrefsProblems *problems)
{
  g_autoptr(GHashTable) sets = NULL;
  g_autofree char *sets_path = prefs_path_join (path, "preferences");
  JsonObjectIter iter;
  const char *set_id;
  JsonNode *set_node;

  if (!JSON_NODE_HOLDS_OBJECT (member))
    {
      prefs_problems_add (problems, sets_path, PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected an object, got %s", prefs_json_describe_type (member));
      return NULL;
    }

  sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  json_object_iter_init (&iter, json_node_get_object (member));
  while (json_object_iter_next (&iter, &set_id, &set_node))
    {
      g_autofree char *set_path = prefs_path_join (sets_path, set_id);
      PrefsPreferenceSet *set;

      set = prefs_preference_set_new_from_json_full (set_node, set_path, problems);
      if (set != NULL)
        g_hash_table_insert (sets, g_strdup (set_id), set);
    }

  return g_steal_pointer (&sets);
}

/**
 * prefs_user_new_from_json_full:
 * @node: a User object
 * @path: (nullable): where @node sits in its document, e.g. "entries.3"
 * @problems: where problems go
 *
 * Reads a User: "id" a non-empty string, each standard field a string or
 * null, "preferences" (when present) an object of PreferenceSets keyed by
 * set id. "__typename" is accepted; every other key is a custom property
 * and kept verbatim.
 *
 * Returns: (transfer full) (nullable): the user, or %NULL if any problem
 *   was added.
 */
PrefsUser *
prefs_user_new_from_json_full (JsonNode      *node,
                               const char    *path,
                               PrefsProblems *problems)
{
  g_autoptr(PrefsUser) self = NULL;
  g_autoptr(GHashTable) preferences = NULL;
  g_autofree char *id = NULL;
  g_autofree char *typename = NULL;
  char *values[N_FIELDS] = { NULL, };
  JsonObject *object;
  JsonNode *member;
  JsonObjectIter iter;
  const char *key;
  guint n_problems;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      prefs_problems_add (problems, path, PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected an object, got %s", prefs_json_describe_type (node));
      return NULL;
    }

  object = json_node_get_object (node);
  n_problems = prefs_problems_get_count (problems);

  if (prefs_json_read_string (object, path, "id", PREFS_JSON_REQUIRED, &id, problems) &&
      id != NULL && id[0] == '\0')
    {
      g_autofree char *id_path = prefs_path_join (path, "id");

      prefs_problems_add (problems, id_path, PREFS_PARSE_ERROR_INVALID_VALUE,
                          "must not be empty");
    }

  prefs_json_read_string (object, path, "__typename", PREFS_JSON_OPTIONAL, &typename, problems);

  for (guint i = 0; i < N_FIELDS; i++)
    prefs_json_read_string (object, path, fields[i].key, PREFS_JSON_NULLABLE, &values[i],
                            problems);

  member = json_object_get_member (object, "preferences");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    preferences = read_preferences (member, path, problems);

  if (prefs_problems_get_count (problems) != n_problems)
    {
      for (guint i = 0; i < N_FIELDS; i++)
        g_free (values[i]);
      return NULL;
    }

  self = prefs_user_new (id);
  for (guint i = 0; i < N_FIELDS; i++)
    self->fields[i] = values[i];
  self->preferences = g_steal_pointer (&preferences);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &member))
    {
      if (!is_standard_key (key))
        json_object_set_member (self->extra, key, json_node_copy (member));
    }

  return g_steal_pointer (&self);
}

/**
 * prefs_user_new_from_json:
 * @node: a User object
 * @error: return location for a %PREFS_PARSE_ERROR
 *
 * Returns: (transfer full) (nullable): the user, or %NULL with @error
 *   listing every problem.
 */
PrefsUser *
prefs_user_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(PrefsUser) self = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  self = prefs_user_new_from_json_full (node, "", problems);
  if (!prefs_problems_to_error (problems, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * prefs_user_to_json:
 * @self: a user
 *
 * Returns: (transfer full): the User with "__typename": "User", null for
 *   unset standard fields, the custom properties, and "preferences" when
 *   the user carries sets; keys sorted.
 */
JsonNode *
prefs_user_to_json (PrefsUser *self)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  g_return_val_if_fail (PREFS_IS_USER (self), NULL);

  object = json_object_new ();
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  /* Custom properties first, so that one added by hand under a standard
   * name cannot shadow the real field. */
  json_object_iter_init (&iter, self->extra);
  while (json_object_iter_next (&iter, &key, &member))
    json_object_set_member (object, key, json_node_copy (member));

  json_object_set_string_member (object, "__typename", "User");
  json_object_set_string_member (object, "id", self->id);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (self->fields[i] != NULL)
        json_object_set_string_member (object, fields[i].key, self->fields[i]);
      else
        json_object_set_null_member (object, fields[i].key);
    }

  if (self->preferences != NULL)
    {
      JsonObject *sets = json_object_new ();
      GHashTableIter set_iter;
      gpointer set_id, set;

      g_hash_table_iter_init (&set_iter, self->preferences);
      while (g_hash_table_iter_next (&set_iter, &set_id, &set))
        json_object_set_member (sets, set_id, prefs_preference_set_to_json (set));
      json_object_set_object_member (object, "preferences", sets);
    }
  else
    {
      json_object_remove_member (object, "preferences");
    }

  return prefs_json_sorted_copy (node);
}

/**
 * prefs_user_get_id:
 * @self: a user
 *
 * Returns: the user's id.
 */
const char *
prefs_user_get_id (PrefsUser *self)
{
  g_return_val_if_fail (PREFS_IS_USER (self), NULL);

  return self->id;
}

/**
 * prefs_user_get_name:
 * @self: a user
 *
 * Returns: (nullable): the display name the user has in Knock.
 */
const char *
prefs_user_get_name (PrefsUser *self)
{
  g_return_val_if_fail (PREFS_IS_USER (self), NULL);

  return self->fields[FIELD_NAME];
}

/**
 * prefs_user_set_name:
 * @self: a user
 * @name: (nullable): the new name
 *
 * Sets the name; notifies only when it changes.
 */
void
prefs_user_set_name (PrefsUser  *self,
                     const char *name)
{
  g_return_if_fail (PREFS_IS_USER (self));

  set_field (self, FIELD_NAME, name);
}

/**
 * prefs_user_get_email:
 * @self: a user
 *
 * Returns: (nullable): the primary email address.
 */
const char *
prefs_user_get_email (PrefsUser *self)
{
  g_return_val_if_fail (PREFS_IS_USER (self), NULL);

  return self->fields[FIELD_EMAIL];
}

/**
 * prefs_user_set_email:
 * @self: a user
 * @email: (nullable): the new email address
 *
 * Sets the email; notifies only when it changes.
 */
void
prefs_user_set_email (PrefsUser  *self,
                      const char *email)
{
  g_return_if_fail (PREFS_IS_USER (self));

  set_field (self, FIELD_EMAIL, email);
}

/**
 * prefs_user_get_phone_number:
 * @self: a user
 *
 * Returns: (nullable): the E.164 phone number.
 */
const char *
prefs_user_get_phone_number (PrefsUser *self)
{
  g_return_val_if_fail (PREFS_IS_USER (self), NULL);

  return self->fields[FIELD_PHONE_NUMBER];
}

/**
 * prefs_user_set_phone_number:
 * @self: a user
 * @phone_number: (nullable): the new phone number
 *
 * Sets the phone number; notifies only when it changes.
 */
void
prefs_user_set_phone_number (PrefsUser  *self,
                             const char *phone_number)
{
  g_return_if_fail (PREFS_IS_USER (self));

  set_field (self, FIELD_PHONE_NUMBER, phone_number);
}

/**
 * prefs_user_get_avatar:
 * @self: a user
 *
 * Returns: (nullable): the URL of the user's avatar.
 */
const char *
prefs_user_get_avatar (PrefsUser *self)
{
  g_return_val_if_fail (PREFS_IS_USER (self), NULL);

  return self->fields[FIELD_AVATAR];
}

/**
 * prefs_user_set_avatar:
 * @self: a user
 * @avatar: (nullable): the new avatar URL
 *
 * Sets the avatar; notifies only when it changes.
 */
void
prefs_user_set_avatar (PrefsUser  *self,
                       const char *avatar)
{
  g_return_if_fail (PREFS_IS_USER (self));

  set_field (self, FIELD_AVATAR, avatar);
}

/**
 * prefs_user_get_timezone:
 * @self: a user
 *
 * Returns: (nullable): the tz database name of the user's time zone.
 */
const char *
prefs_user_get_timezone (PrefsUser *self)
{
  g_return_val_if_fail (PREFS_IS_USER (self), NULL);

  return self->fields[FIELD_TIMEZONE];
}

/**
 * prefs_user_set_timezone:
 * @self: a user
 * @timezone: (nullable): the new time zone
 *
 * Sets the time zone; notifies only when it changes.
 */
void
prefs_user_set_timezone (PrefsUser  *self,
                         const char *timezone)
{
  g_return_if_fail (PREFS_IS_USER (self));

  set_field (self, FIELD_TIMEZONE, timezone);
}

/**
 * prefs_user_get_locale:
 * @self: a user
 *
 * Returns: (nullable): the user's locale.
 */
const char *
prefs_user_get_locale (PrefsUser *self)
{
  g_return_val_if_fail (PREFS_IS_USER (self), NULL);

  return self->fields[FIELD_LOCALE];
}

/**
 * prefs_user_set_locale:
 * @self: a user
 * @locale: (nullable): the new locale
 *
 * Sets the locale; notifies only when it changes.
 */
void
prefs_user_set_locale (PrefsUser  *self,
                       const char *locale)
{
  g_return_if_fail (PREFS_IS_USER (self));

  set_field (self, FIELD_LOCALE, locale);
}

/**
 * prefs_user_get_created_at:
 * @self: a user
 *
 * Returns: (nullable): the creation time in the customer's system
 *   (ISO 8601, as sent).
 */
const char *
prefs_user_get_created_at (PrefsUser *self)
{
  g_return_val_if_fail (PREFS_IS_USER (self), NULL);

  return self->fields[FIELD_CREATED_AT];
}

/**
 * prefs_user_set_created_at:
 * @self: a user
 * @created_at: (nullable): the new creation time
 *
 * Sets the creation time; notifies only when it changes.
 */
void
prefs_user_set_created_at (PrefsUser  *self,
                           const char *created_at)
{
  g_return_if_fail (PREFS_IS_USER (self));

  set_field (self, FIELD_CREATED_AT, created_at);
}

/**
 * prefs_user_get_updated_at:
 * @self: a user
 *
 * Returns: (nullable): when Knock last updated the user (ISO 8601, as sent).
 */
const char *
prefs_user_get_updated_at (PrefsUser *self)
{
  g_return_val_if_fail (PREFS_IS_USER (self), NULL);

  return self->fields[FIELD_UPDATED_AT];
}

/**
 * prefs_user_set_updated_at:
 * @self: a user
 * @updated_at: (nullable): the new update time
 *
 * Sets the update time; notifies only when it changes.
 */
void
prefs_user_set_updated_at (PrefsUser  *self,
                           const char *updated_at)
{
  g_return_if_fail (PREFS_IS_USER (self));

  set_field (self, FIELD_UPDATED_AT, updated_at);
}

/**
 * prefs_user_get_display_name:
 * @self: a user
 *
 * Returns: a name for lists: the name, else the email, else the id.
 */
const char *
prefs_user_get_display_name (PrefsUser *self)
{
  const char *name;
  const char *email;

  g_return_val_if_fail (PREFS_IS_USER (self), NULL);

  name = self->fields[FIELD_NAME];
  email = self->fields[FIELD_EMAIL];

  if (name != NULL && name[0] != '\0')
    return name;
  if (email != NULL && email[0] != '\0')
    return email;

  return self->id;
}

/**
 * prefs_user_get_extra:
 * @self: a user
 *
 * Returns: (transfer none): the custom properties, keyed as sent; never
 *   %NULL, possibly empty.
 */
JsonObject *
prefs_user_get_extra (PrefsUser *self)
{
  g_return_val_if_fail (PREFS_IS_USER (self), NULL);

  return self->extra;
}

/**
 * prefs_user_get_preferences:
 * @self: a user
 *
 * Returns: (nullable) (element-type utf8 PrefsPreferenceSet) (transfer none):
 *   the sets sent with the user, or %NULL when the response had none.
 */
GHashTable *
prefs_user_get_preferences (PrefsUser *self)
{
  g_return_val_if_fail (PREFS_IS_USER (self), NULL);

  return self->preferences;
}

/**
 * prefs_user_get_preference_set:
 * @self: a user
 * @set_id: "default" or a tenant id
 *
 * Returns: (nullable) (transfer none): the set sent with the user under
 *   @set_id, if any.
 */
PrefsPreferenceSet *
prefs_user_get_preference_set (PrefsUser  *self,
                               const char *set_id)
{
  g_return_val_if_fail (PREFS_IS_USER (self), NULL);
  g_return_val_if_fail (set_id != NULL, NULL);

  if (self->preferences == NULL)
    return NULL;

  return g_hash_table_lookup (self->preferences, set_id);
}
