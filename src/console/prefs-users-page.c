/* prefs-users-page.c: the users of one environment, paged as they scroll
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-users-page"

#include "config.h"

#include "prefs-users-page.h"

#include <glib/gi18n.h>

struct _PrefsUsersPage
{
  GtkWidget           parent_instance;

  /* Template children */
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkRevealer        *message_revealer;
  GtkLabel           *message_label;
  GtkStack           *stack;
  AdwStatusPage      *offline_page;
  AdwStatusPage      *unauthorized_page;
  AdwStatusPage      *error_page;
  AdwStatusPage      *no_matches_page;
  GtkScrolledWindow  *scroller;
  GtkColumnView      *column_view;
  GtkSpinner         *footer_spinner;
  GtkLabel           *footer_label;
  GtkWidget          *load_more_button;
  GtkMultiSelection  *selection;
  GtkFilterListModel *filter_model;
  GtkStringFilter    *id_filter;
  GtkStringFilter    *name_filter;
  GtkStringFilter    *email_filter;

  PrefsConnection    *connection;
  PrefsUserList      *user_list;
  GCancellable       *lookup_cancellable;
  char               *lookup_id;
  char               *state;
};

G_DEFINE_FINAL_TYPE (PrefsUsersPage, prefs_users_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_STATE,
  N_PROPS
};

enum {
  USER_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
get_search_text (PrefsUsersPage *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

static gboolean
is_filtering (PrefsUsersPage *self)
{
  return gtk_string_filter_get_search (self->id_filter) != NULL;
}

static void
set_state (PrefsUsersPage *self,
           const char     *state)
{
  gtk_stack_set_visible_child_name (self->stack, state);

  if (g_strcmp0 (self->state, state) == 0)
    return;
  g_free (self->state);
  self->state = g_strdup (state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
update_footer (PrefsUsersPage *self)
{
  g_autofree char *text = NULL;
  const GError *error = NULL;
  gboolean loading = FALSE;
  gboolean has_more = FALSE;
  guint n_loaded = 0;
  guint n_shown;

  if (self->user_list != NULL)
    {
      error = prefs_user_list_get_error (self->user_list);
      loading = prefs_user_list_get_loading (self->user_list);
      has_more = prefs_user_list_get_has_more (self->user_list);
      n_loaded = g_list_model_get_n_items (G_LIST_MODEL (self->user_list));
    }
  n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  gtk_spinner_set_spinning (self->footer_spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->footer_spinner), loading);

  if (self->user_list == NULL)
    text = NULL;
  else if (loading)
    text = g_strdup (_("Loading…"));
  else if (error != NULL && n_loaded > 0)
    /* Translators: %s is why the next page of users could not be loaded */
    text = g_strdup_printf (_("Could not load more users: %s"), error->message);
  else if (is_filtering (self))
    /* Translators: how many of the users loaded so far match the search */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u of %u loaded user matches",
                                         "%u of %u loaded users match",
                                         n_loaded),
                            n_shown, n_loaded);
  else if (has_more)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u user loaded",
                                         "%u users loaded",
                                         n_loaded),
                            n_loaded);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u user",
                                         "%u users",
                                         n_loaded),
                            n_loaded);

  gtk_label_set_text (self->footer_label, text != NULL ? text : "");

  /* Scrolling loads pages by itself, except while filtering (each page may
   * add nothing visible, so it would load the whole list) and after an
   * error (which waits for a person to ask again). */
  gtk_widget_set_visible (self->load_more_button,
                          self->user_list != NULL && n_loaded > 0 && !loading && has_more
                          && (error != NULL || is_filtering (self)));
}

static void
update_state (PrefsUsersPage *self)
{
  const GError *error;
  guint n_loaded;

  update_footer (self);

  if (self->user_list == NULL)
    {
      set_state (self, "disconnected");
      return;
    }

  error = prefs_user_list_get_error (self->user_list);
  n_loaded = g_list_model_get_n_items (G_LIST_MODEL (self->user_list));

  if (n_loaded == 0 && error != NULL)
    {
      if (g_error_matches (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_TRANSPORT)
          || g_error_matches (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_TIMEOUT))
        {
          adw_status_page_set_description (self->offline_page, error->message);
          set_state (self, "offline");
        }
      else if (g_error_matches (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_UNAUTHORIZED))
        {
          g_autofree char *text = NULL;

          text = g_strdup_printf (_("The server did not accept the secret key of “%s”. "
                                    "Edit the environment to enter a valid key, then "
                                    "try again."),
                                  prefs_connection_get_name (self->connection));
          adw_status_page_set_description (self->unauthorized_page, text);
          set_state (self, "unauthorized");
        }
      else
        {
          adw_status_page_set_description (self->error_page, error->message);
          set_state (self, "error");
        }
      return;
    }

  if (n_loaded == 0)
    {
      if (prefs_user_list_get_has_more (self->user_list))
        set_state (self, "loading");
      else
        set_state (self, "empty");
      return;
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the search text */
      text = g_strdup_printf (_("No loaded user matches “%s”. Press Enter to look up "
                                "this exact id on the server."),
                              get_search_text (self));
      adw_status_page_set_description (self->no_matches_page, text);
      set_state (self, "no-matches");
      return;
    }

  set_state (self, "list");
}

/* Asks the list for the rows near the bottom of what shows. Positions are
 * estimated from the adjustment: rows have one height. */
static void
check_scroll (PrefsUsersPage *self)
{
  GtkAdjustment *adjustment;
  double upper, value, page_size;
  guint n_items, position;

  if (self->user_list == NULL || is_filtering (self))
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->user_list));
  if (n_items == 0)
    return;

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  upper = gtk_adjustment_get_upper (adjustment);
  value = gtk_adjustment_get_value (adjustment);
  page_size = gtk_adjustment_get_page_size (adjustment);
  if (upper <= 0.0 || page_size <= 0.0)
    return;

  position = (guint) MIN ((double) n_items - 1, (value + page_size) / upper * n_items);
  prefs_user_list_ensure_loaded (self->user_list, position);
}

static void
on_adjustment_changed (PrefsUsersPage *self)
{
  check_scroll (self);
}

static void
on_list_changed (PrefsUsersPage *self)
{
  update_state (self);
}

static void
on_items_changed (PrefsUsersPage *self,
                  guint           position,
                  guint           removed,
                  guint           added)
{
  update_state (self);
}

static void
show_message (PrefsUsersPage *self,
              const char     *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

static void
on_search_changed (PrefsUsersPage *self)
{
  const char *text = get_search_text (self);
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  const char *search = stripped[0] != '\0' ? stripped : NULL;

  /* The entry reports a change late, maybe after Enter already showed
   * what the lookup found: only a real change hides that. */
  if (g_strcmp0 (search, gtk_string_filter_get_search (self->id_filter)) == 0)
    return;

  show_message (self, NULL);
  gtk_string_filter_set_search (self->id_filter, search);
  gtk_string_filter_set_search (self->name_filter, search);
  gtk_string_filter_set_search (self->email_filter, search);
  update_state (self);
  check_scroll (self);
}

static void
on_lookup (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PrefsUsersPage) self = user_data;
  g_autoptr(PrefsUser) user = NULL;
  g_autoptr(GError) error = NULL;
  const char *user_id;

  user = prefs_user_list_lookup_finish (PREFS_USER_LIST (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Any newer lookup cancelled this one, so the id is still this one's. */
  user_id = self->lookup_id;
  if (user != NULL)
    {
      show_message (self, NULL);
      g_signal_emit (self, signals[USER_ACTIVATED], 0, user);
    }
  else if (g_error_matches (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_NOT_FOUND))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the id that was searched for */
      text = g_strdup_printf (_("No user with the id “%s”"), user_id);
      show_message (self, text);
    }
  else
    {
      g_autofree char *text = NULL;

      /* Translators: the first %s is a user id, the second why the lookup failed */
      text = g_strdup_printf (_("Could not look up “%s”: %s"), user_id, error->message);
      show_message (self, text);
    }
}

static void
on_search_activate (PrefsUsersPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (get_search_text (self)));

  if (text[0] != '\0')
    prefs_users_page_lookup (self, text);
}

static void
on_row_activated (PrefsUsersPage *self,
                  guint           position)
{
  g_autoptr(PrefsUser) user = NULL;

  user = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (user != NULL)
    g_signal_emit (self, signals[USER_ACTIVATED], 0, user);
}

static char *
format_updated_at (GtkListItem *item,
                   const char  *updated_at)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (updated_at == NULL)
    return NULL;

  utc = g_date_time_new_from_iso8601 (updated_at, NULL);
  if (utc == NULL)
    return g_strdup (updated_at);

  local = g_date_time_to_local (utc);
  /* Translators: how the users list shows when a user was updated; see
   * g_date_time_format() for the codes */
  return g_date_time_format (local, C_("updated date", "%x %R"));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  prefs_users_page_refresh (PREFS_USERS_PAGE (widget));
}

static void
load_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PrefsUsersPage *self = PREFS_USERS_PAGE (widget);

  if (self->user_list != NULL)
    prefs_user_list_load_more (self->user_list);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  prefs_users_page_focus_search (PREFS_USERS_PAGE (widget));
}

static void
dismiss_message_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  show_message (PREFS_USERS_PAGE (widget), NULL);
}

static void
prefs_users_page_dispose (GObject *object)
{
  PrefsUsersPage *self = PREFS_USERS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);

  if (self->user_list != NULL)
    g_signal_handlers_disconnect_by_data (self->user_list, self);
  g_clear_object (&self->user_list);
  g_clear_object (&self->connection);

  if (self->search_bar != NULL)
    gtk_search_bar_set_key_capture_widget (self->search_bar, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PREFS_TYPE_USERS_PAGE);
  /* The template's box is not a bound child, so nothing else unparents it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (prefs_users_page_parent_class)->dispose (object);
}

static void
prefs_users_page_finalize (GObject *object)
{
  PrefsUsersPage *self = PREFS_USERS_PAGE (object);

  g_free (self->state);
  g_free (self->lookup_id);

  G_OBJECT_CLASS (prefs_users_page_parent_class)->finalize (object);
}

static void
prefs_users_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PrefsUsersPage *self = PREFS_USERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_users_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PrefsUsersPage *self = PREFS_USERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      prefs_users_page_set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_users_page_class_init (PrefsUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = prefs_users_page_dispose;
  object_class->finalize = prefs_users_page_finalize;
  object_class->get_property = prefs_users_page_get_property;
  object_class->set_property = prefs_users_page_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, PREFS_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[USER_ACTIVATED] =
    g_signal_new ("user-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PREFS_TYPE_USER);

  /* The row factories name the type in their own builders, which look
   * types up by name only. */
  g_type_ensure (PREFS_TYPE_USER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/Preferences/prefs-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, offline_page);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, unauthorized_page);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, no_matches_page);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, footer_spinner);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, footer_label);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, load_more_button);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, selection);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, filter_model);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, id_filter);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, name_filter);
  gtk_widget_class_bind_template_child (widget_class, PrefsUsersPage, email_filter);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, format_updated_at);

  gtk_widget_class_install_action (widget_class, "users.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "users.load-more", NULL, load_more_action);
  gtk_widget_class_install_action (widget_class, "users.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "users.dismiss-message", NULL,
                                   dismiss_message_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "users.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "users.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "users.refresh", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
prefs_users_page_init (PrefsUsersPage *self)
{
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Users"),
                                  -1);

  /* Typing anywhere in the page starts a search. */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "value-changed",
                           G_CALLBACK (on_adjustment_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed",
                           G_CALLBACK (on_adjustment_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);

  update_state (self);
}

GtkWidget *
prefs_users_page_new (void)
{
  return g_object_new (PREFS_TYPE_USERS_PAGE, NULL);
}

PrefsConnection *
prefs_users_page_get_connection (PrefsUsersPage *self)
{
  g_return_val_if_fail (PREFS_IS_USERS_PAGE (self), NULL);
  return self->connection;
}

void
prefs_users_page_set_connection (PrefsUsersPage  *self,
                                 PrefsConnection *connection)
{
  g_return_if_fail (PREFS_IS_USERS_PAGE (self));
  g_return_if_fail (connection == NULL || PREFS_IS_CONNECTION (connection));

  if (!g_set_object (&self->connection, connection))
    return;

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  show_message (self, NULL);

  if (self->user_list != NULL)
    g_signal_handlers_disconnect_by_data (self->user_list, self);
  g_clear_object (&self->user_list);

  if (connection != NULL)
    {
      self->user_list = prefs_user_list_new (prefs_connection_get_client (connection));
      g_signal_connect_swapped (self->user_list, "notify::loading",
                                G_CALLBACK (on_list_changed), self);
      g_signal_connect_swapped (self->user_list, "notify::error",
                                G_CALLBACK (on_list_changed), self);
      g_signal_connect_swapped (self->user_list, "notify::has-more",
                                G_CALLBACK (on_list_changed), self);
    }

  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->user_list));
  update_state (self);

  if (self->user_list != NULL)
    prefs_user_list_refresh (self->user_list);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

PrefsUserList *
prefs_users_page_get_user_list (PrefsUsersPage *self)
{
  g_return_val_if_fail (PREFS_IS_USERS_PAGE (self), NULL);
  return self->user_list;
}

GtkSelectionModel *
prefs_users_page_get_model (PrefsUsersPage *self)
{
  g_return_val_if_fail (PREFS_IS_USERS_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

GStrv
prefs_users_page_get_selected_ids (PrefsUsersPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (PREFS_IS_USERS_PAGE (self), NULL);

  builder = g_strv_builder_new ();
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(PrefsUser) user = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                         position);

      if (user != NULL)
        g_strv_builder_add (builder, prefs_user_get_id (user));
    }

  return g_strv_builder_end (builder);
}

void
prefs_users_page_refresh (PrefsUsersPage *self)
{
  g_return_if_fail (PREFS_IS_USERS_PAGE (self));

  show_message (self, NULL);
  if (self->user_list != NULL)
    prefs_user_list_refresh (self->user_list);
  update_state (self);
}

void
prefs_users_page_focus_search (PrefsUsersPage *self)
{
  g_return_if_fail (PREFS_IS_USERS_PAGE (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
prefs_users_page_set_search_text (PrefsUsersPage *self,
                                  const char     *text)
{
  g_return_if_fail (PREFS_IS_USERS_PAGE (self));

  gtk_search_bar_set_search_mode (self->search_bar, text != NULL && text[0] != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* The entry reports changes after a delay; apply them now. */
  on_search_changed (self);
}

void
prefs_users_page_lookup (PrefsUsersPage *self,
                         const char     *user_id)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PREFS_IS_USERS_PAGE (self));
  g_return_if_fail (user_id != NULL);

  if (self->user_list == NULL)
    return;

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  self->lookup_cancellable = g_cancellable_new ();
  g_free (self->lookup_id);
  self->lookup_id = g_strdup (user_id);

  prefs_user_list_lookup_async (self->user_list, user_id, self->lookup_cancellable,
                                on_lookup, g_object_ref (self));
}

const char *
prefs_users_page_get_state (PrefsUsersPage *self)
{
  g_return_val_if_fail (PREFS_IS_USERS_PAGE (self), NULL);
  return self->state;
}

const char *
prefs_users_page_get_message (PrefsUsersPage *self)
{
  g_return_val_if_fail (PREFS_IS_USERS_PAGE (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->message_revealer))
    return NULL;
  return gtk_label_get_text (self->message_label);
}

const char *
prefs_users_page_get_status_text (PrefsUsersPage *self)
{
  GtkWidget *child;

  g_return_val_if_fail (PREFS_IS_USERS_PAGE (self), NULL);

  child = gtk_stack_get_visible_child (self->stack);
  if (!ADW_IS_STATUS_PAGE (child))
    return NULL;
  return adw_status_page_get_description (ADW_STATUS_PAGE (child));
}
