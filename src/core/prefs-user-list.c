/* prefs-user-list.c: the cursor-paged user list as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-user-list"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-user-list.h"

struct _PrefsUserList
{
  GObject       parent_instance;

  PrefsClient  *client;
  GPtrArray    *users;        /* (element-type PrefsUser) */
  char         *after;        /* cursor of the next page; NULL before the first */
  GCancellable *cancellable;  /* of the page being loaded */
  GError       *error;
  guint         page_size;
  guint         loading : 1;
  guint         has_more : 1;
  guint         include_preferences : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PrefsUserList, prefs_user_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PAGE_SIZE,
  PROP_INCLUDE_PREFERENCES,
  PROP_LOADING,
  PROP_HAS_MORE,
  PROP_ERROR,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return PREFS_TYPE_USER;
}

static guint
get_n_items (GListModel *model)
{
  return PREFS_USER_LIST (model)->users->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  PrefsUserList *self = PREFS_USER_LIST (model);

  if (position >= self->users->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->users, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
prefs_user_list_dispose (GObject *object)
{
  PrefsUserList *self = PREFS_USER_LIST (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (prefs_user_list_parent_class)->dispose (object);
}

static void
prefs_user_list_finalize (GObject *object)
{
  PrefsUserList *self = PREFS_USER_LIST (object);

  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->after, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (prefs_user_list_parent_class)->finalize (object);
}

static void
prefs_user_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PrefsUserList *self = PREFS_USER_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_INCLUDE_PREFERENCES:
      g_value_set_boolean (value, self->include_preferences);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_HAS_MORE:
      g_value_set_boolean (value, self->has_more);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->users->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_user_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PrefsUserList *self = PREFS_USER_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_PAGE_SIZE:
      prefs_user_list_set_page_size (self, g_value_get_uint (value));
      break;
    case PROP_INCLUDE_PREFERENCES:
      prefs_user_list_set_include_preferences (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_user_list_class_init (PrefsUserListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = prefs_user_list_dispose;
  object_class->finalize = prefs_user_list_finalize;
  object_class->get_property = prefs_user_list_get_property;
  object_class->set_property = prefs_user_list_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PREFS_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, 50, PREFS_USER_LIST_DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCLUDE_PREFERENCES] =
    g_param_spec_boolean ("include-preferences", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_HAS_MORE] = g_param_spec_boolean ("has-more", NULL, NULL, TRUE, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
prefs_user_list_init (PrefsUserList *self)
{
  self->users = g_ptr_array_new_with_free_func (g_object_unref);
  self->page_size = PREFS_USER_LIST_DEFAULT_PAGE_SIZE;
  self->has_more = TRUE;
}

/**
 * prefs_user_list_new:
 * @client: the client pages are loaded through
 *
 * Returns: (transfer full): an empty list; call prefs_user_list_load_more()
 */
PrefsUserList *
prefs_user_list_new (PrefsClient *client)
{
  g_return_val_if_fail (PREFS_IS_CLIENT (client), NULL);

  return g_object_new (PREFS_TYPE_USER_LIST, "client", client, NULL);
}

/**
 * prefs_user_list_get_client:
 * @self: a #PrefsUserList
 *
 * Returns: (transfer none): the client
 */
PrefsClient *
prefs_user_list_get_client (PrefsUserList *self)
{
  g_return_val_if_fail (PREFS_IS_USER_LIST (self), NULL);
  return self->client;
}

/**
 * prefs_user_list_get_page_size:
 * @self: a #PrefsUserList
 *
 * Returns: users asked for per page
 */
guint
prefs_user_list_get_page_size (PrefsUserList *self)
{
  g_return_val_if_fail (PREFS_IS_USER_LIST (self), 0);
  return self->page_size;
}

/**
 * prefs_user_list_set_page_size:
 * @self: a #PrefsUserList
 * @page_size: 1 to 50
 *
 * Changes the size of the pages loaded from now on.
 */
void
prefs_user_list_set_page_size (PrefsUserList *self,
                               guint          page_size)
{
  g_return_if_fail (PREFS_IS_USER_LIST (self));

  page_size = CLAMP (page_size, 1, 50);
  if (self->page_size == page_size)
    return;
  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

/**
 * prefs_user_list_get_include_preferences:
 * @self: a #PrefsUserList
 *
 * Returns: whether users are loaded with their preference sets
 */
gboolean
prefs_user_list_get_include_preferences (PrefsUserList *self)
{
  g_return_val_if_fail (PREFS_IS_USER_LIST (self), FALSE);
  return self->include_preferences;
}

/**
 * prefs_user_list_set_include_preferences:
 * @self: a #PrefsUserList
 * @include: whether to load users with their preference sets
 *
 * Applies to pages loaded from now on.
 */
void
prefs_user_list_set_include_preferences (PrefsUserList *self,
                                         gboolean       include)
{
  g_return_if_fail (PREFS_IS_USER_LIST (self));

  include = !!include;
  if (self->include_preferences == (guint) include)
    return;
  self->include_preferences = include;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCLUDE_PREFERENCES]);
}

/**
 * prefs_user_list_get_loading:
 * @self: a #PrefsUserList
 *
 * Returns: whether a page is being loaded
 */
gboolean
prefs_user_list_get_loading (PrefsUserList *self)
{
  g_return_val_if_fail (PREFS_IS_USER_LIST (self), FALSE);
  return self->loading;
}

/**
 * prefs_user_list_get_has_more:
 * @self: a #PrefsUserList
 *
 * Returns: %FALSE once the last page was loaded
 */
gboolean
prefs_user_list_get_has_more (PrefsUserList *self)
{
  g_return_val_if_fail (PREFS_IS_USER_LIST (self), FALSE);
  return self->has_more;
}

/**
 * prefs_user_list_get_error:
 * @self: a #PrefsUserList
 *
 * Returns: (nullable) (transfer none): why the last load failed
 */
const GError *
prefs_user_list_get_error (PrefsUserList *self)
{
  g_return_val_if_fail (PREFS_IS_USER_LIST (self), NULL);
  return self->error;
}

static void
set_loading (PrefsUserList *self,
             gboolean       loading)
{
  if (self->loading == (guint) !!loading)
    return;
  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_has_more (PrefsUserList *self,
              gboolean       has_more)
{
  if (self->has_more == (guint) !!has_more)
    return;
  self->has_more = !!has_more;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
}

/* Takes ownership of @error. */
static void
set_error (PrefsUserList *self,
           GError        *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PrefsUserList) self = user_data;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(PrefsPageInfo) page_info = NULL;
  GError *error = NULL;
  guint position;

  users = prefs_client_list_users_finish (PREFS_CLIENT (object), result, &page_info, &error);

  if (users == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* A refresh or dispose replaced this load; it owns the state now. */
      g_error_free (error);
      return;
    }

  g_clear_object (&self->cancellable);

  if (users == NULL)
    {
      set_error (self, error);
      set_loading (self, FALSE);
      return;
    }

  g_free (self->after);
  self->after = g_strdup (prefs_page_info_get_after (page_info));

  position = self->users->len;
  for (guint i = 0; i < users->len; i++)
    g_ptr_array_add (self->users, g_object_ref (g_ptr_array_index (users, i)));

  g_object_freeze_notify (G_OBJECT (self));
  set_error (self, NULL);
  /* An empty page with a cursor would loop forever: treat it as the end. */
  set_has_more (self, self->after != NULL && users->len > 0);
  set_loading (self, FALSE);
  if (users->len > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, users->len);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * prefs_user_list_load_more:
 * @self: a #PrefsUserList
 *
 * Loads the next page, if there is one and none is loading.
 */
void
prefs_user_list_load_more (PrefsUserList *self)
{
  g_return_if_fail (PREFS_IS_USER_LIST (self));

  if (self->loading || !self->has_more || self->client == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  prefs_client_list_users_async (self->client, self->page_size, self->after,
                                 self->include_preferences, self->cancellable,
                                 on_page, g_object_ref (self));
}

/**
 * prefs_user_list_ensure_loaded:
 * @self: a #PrefsUserList
 * @position: a position the view shows
 *
 * Loads the next page when @position is near the end of what is loaded.
 * Does not retry after an error: that is prefs_user_list_load_more()'s job,
 * so a failing server is not hammered by scrolling.
 */
void
prefs_user_list_ensure_loaded (PrefsUserList *self,
                               guint          position)
{
  g_return_if_fail (PREFS_IS_USER_LIST (self));

  if (self->error != NULL)
    return;
  if ((guint64) position + self->page_size >= self->users->len)
    prefs_user_list_load_more (self);
}

/**
 * prefs_user_list_refresh:
 * @self: a #PrefsUserList
 *
 * Forgets what was loaded and loads the first page again.
 */
void
prefs_user_list_refresh (PrefsUserList *self)
{
  guint removed;

  g_return_if_fail (PREFS_IS_USER_LIST (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  g_object_freeze_notify (G_OBJECT (self));

  removed = self->users->len;
  g_ptr_array_set_size (self->users, 0);
  g_clear_pointer (&self->after, g_free);
  set_loading (self, FALSE);
  set_has_more (self, TRUE);
  set_error (self, NULL);
  if (removed > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  prefs_user_list_load_more (self);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_lookup (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  PrefsUser *user = prefs_client_get_user_finish (PREFS_CLIENT (object), result, &error);

  if (user == NULL)
    {
      if (g_error_matches (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_NOT_FOUND))
        {
          const char *id = g_task_get_task_data (task);

          g_clear_error (&error);
          error = g_error_new (PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_NOT_FOUND,
                               _("No user has the id “%s”"), id);
        }
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, user, g_object_unref);
}

/**
 * prefs_user_list_lookup_async:
 * @self: a #PrefsUserList
 * @user_id: the exact id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Looks a user up on the server by exact id.
 */
void
prefs_user_list_lookup_async (PrefsUserList       *self,
                              const char          *user_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PREFS_IS_USER_LIST (self));
  g_return_if_fail (user_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, prefs_user_list_lookup_async);
  g_task_set_task_data (task, g_strdup (user_id), g_free);

  prefs_client_get_user_async (self->client, user_id, cancellable, on_lookup,
                               g_steal_pointer (&task));
}

/**
 * prefs_user_list_lookup_finish:
 * @self: a #PrefsUserList
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the user
 */
PrefsUser *
prefs_user_list_lookup_finish (PrefsUserList  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (PREFS_IS_USER_LIST (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
