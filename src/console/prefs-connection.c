/* prefs-connection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-connection"

#include "config.h"

#include "prefs-connection.h"

struct _PrefsConnection
{
  GObject      parent_instance;

  char        *name;
  gboolean     production;
  PrefsClient *client;
  PrefsStore  *store;
};

G_DEFINE_FINAL_TYPE (PrefsConnection, prefs_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_PRODUCTION,
  PROP_CLIENT,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
prefs_connection_finalize (GObject *object)
{
  PrefsConnection *self = PREFS_CONNECTION (object);

  g_free (self->name);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (prefs_connection_parent_class)->finalize (object);
}

static void
prefs_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PrefsConnection *self = PREFS_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PRODUCTION:
      g_value_set_boolean (value, self->production);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_connection_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PrefsConnection *self = PREFS_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_PRODUCTION:
      self->production = g_value_get_boolean (value);
      break;
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_connection_class_init (PrefsConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = prefs_connection_finalize;
  object_class->get_property = prefs_connection_get_property;
  object_class->set_property = prefs_connection_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRODUCTION] =
    g_param_spec_boolean ("production", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PREFS_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PREFS_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
prefs_connection_init (PrefsConnection *self)
{
}

PrefsConnection *
prefs_connection_new (const char  *name,
                      gboolean     production,
                      PrefsClient *client,
                      PrefsStore  *store)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (PREFS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (PREFS_IS_STORE (store), NULL);

  return g_object_new (PREFS_TYPE_CONNECTION,
                       "name", name,
                       "production", production,
                       "client", client,
                       "store", store,
                       NULL);
}

const char *
prefs_connection_get_name (PrefsConnection *self)
{
  g_return_val_if_fail (PREFS_IS_CONNECTION (self), NULL);
  return self->name;
}

gboolean
prefs_connection_get_production (PrefsConnection *self)
{
  g_return_val_if_fail (PREFS_IS_CONNECTION (self), FALSE);
  return self->production;
}

PrefsClient *
prefs_connection_get_client (PrefsConnection *self)
{
  g_return_val_if_fail (PREFS_IS_CONNECTION (self), NULL);
  return self->client;
}

PrefsStore *
prefs_connection_get_store (PrefsConnection *self)
{
  g_return_val_if_fail (PREFS_IS_CONNECTION (self), NULL);
  return self->store;
}
