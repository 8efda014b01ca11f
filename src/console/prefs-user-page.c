/* prefs-user-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-user-page"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-evaluation.h"
#include "prefs-preference-view.h"
#include "prefs-user-page.h"

/* How one change flows: a toggle writes to the working set; the tree marks
 * what differs from the base set; a draft of the working set is kept in
 * the local store so nothing is lost; Save reads the set again, asks if
 * someone else changed it, writes it, keeps the set as it was before in
 * the journal and offers Undo. */

#define DRAFT_DELAY_MS 300

struct _PrefsUserPage
{
  GtkWidget            parent_instance;

  /* template */
  GtkWidget           *box;
  AdwWindowTitle      *window_title;
  GtkDropDown         *set_dropdown;
  GtkStack            *state_stack;
  AdwStatusPage       *error_page;
  GtkSpinner          *spinner;
  PrefsPreferenceView *preference_view;
  GtkListBox          *effective_list;

  /* state */
  PrefsConnection     *connection;
  char                *collection;
  char                *recipient_id;
  char                *set_id;
  GtkStringList       *set_ids;
  PrefsPreferenceSet  *base;
  PrefsPreferenceSet  *working;
  PrefsPreferenceTree *tree;
  GCancellable        *cancellable;       /* everything about the open recipient */
  GCancellable        *load_cancellable;  /* the set being loaded, replaced by the next load */
  gulong               working_changed_id;
  gulong               tree_dirty_id;
  guint                draft_source;
  guint                effective_source;
  char                *problem;
  char                *conflict_answer;
  char                *recipient_name;   /* from the user record, when there is one */
  char                *recipient_email;
  gboolean             busy;
  gboolean             setting_sets;
};

G_DEFINE_FINAL_TYPE (PrefsUserPage, prefs_user_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RECIPIENT_ID,
  PROP_SET_ID,
  PROP_DIRTY,
  PROP_BUSY,
  N_PROPS
};

enum {
  TOAST,
  LOADED,
  SAVED,
  SAVE_AS_PRESET,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void load_set (PrefsUserPage *self);
static void on_undo_clicked (PrefsUserPage *self);

static void
show_toast (PrefsUserPage *self,
            AdwToast      *toast)
{
  g_autoptr(AdwToast) owned = g_object_ref_sink (toast);

  g_signal_emit (self, signals[TOAST], 0, owned);
}

static void
set_problem (PrefsUserPage *self,
             const char    *problem)
{
  g_free (self->problem);
  self->problem = g_strdup (problem);
  if (problem != NULL)
    show_toast (self, adw_toast_new (problem));
}

static void
set_busy (PrefsUserPage *self,
          gboolean       busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
is_dirty (PrefsUserPage *self)
{
  return self->tree != NULL && prefs_preference_tree_get_dirty (self->tree);
}

static void
update_actions (PrefsUserPage *self)
{
  gboolean loaded = self->tree != NULL;
  gboolean dirty = is_dirty (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.save", loaded && dirty && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.revert", loaded && dirty && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.add-key", loaded && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.add-set",
                                 self->connection != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.reload",
                                 self->connection != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.undo", loaded && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.save-as-preset", loaded);
}

static void
update_title (PrefsUserPage *self)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *name;
  g_autofree char *title = NULL;

  if (self->recipient_id == NULL)
    {
      adw_window_title_set_title (self->window_title, "");
      adw_window_title_set_subtitle (self->window_title, "");
      return;
    }

  /* The person's name when the user record has one; the id, email and
   * collection below it, so the header says exactly whose set this is. */
  name = self->recipient_name != NULL && *self->recipient_name != '\0'
         ? self->recipient_name : self->recipient_id;

  /* The title says when there is something to save, as editors do. */
  if (is_dirty (self))
    title = g_strdup_printf ("• %s", name);
  else
    title = g_strdup (name);

  if (self->collection != NULL)
    g_string_append_printf (subtitle, "%s · %s", self->collection, self->recipient_id);
  else if (name != self->recipient_id)
    g_string_append (subtitle, self->recipient_id);
  if (self->recipient_email != NULL && *self->recipient_email != '\0')
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", self->recipient_email);
  if (is_dirty (self))
    /* Translators: appended to the header's subtitle */
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", _("unsaved changes"));

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle->str);
}

const char *
prefs_user_page_get_title (PrefsUserPage *self)
{
  g_return_val_if_fail (PREFS_IS_USER_PAGE (self), NULL);
  return adw_window_title_get_title (self->window_title);
}

const char *
prefs_user_page_get_subtitle (PrefsUserPage *self)
{
  g_return_val_if_fail (PREFS_IS_USER_PAGE (self), NULL);
  return adw_window_title_get_subtitle (self->window_title);
}

static void
on_user_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PrefsUserPage) self = user_data;
  g_autoptr(PrefsUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = prefs_client_get_user_finish (PREFS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A user without a record yet (sets can exist first) keeps its id as
   * the title; any other failure shows on the set's own load. */
  if (user == NULL || g_strcmp0 (prefs_user_get_id (user), self->recipient_id) != 0)
    return;

  g_free (self->recipient_name);
  self->recipient_name = g_strdup (prefs_user_get_name (user));
  g_free (self->recipient_email);
  self->recipient_email = g_strdup (prefs_user_get_email (user));
  update_title (self);
}

/* ---- the effective view ---- */

static const char *
verdict_text (PrefsVerdict verdict)
{
  switch (verdict)
    {
    case PREFS_VERDICT_SEND:
      return _("Sent");
    case PREFS_VERDICT_BLOCKED:
      return _("Not sent");
    case PREFS_VERDICT_CONDITIONAL:
      return _("Depends on conditions");
    default:
      g_assert_not_reached ();
    }
}

static GtkWidget *
effective_row (PrefsPreferenceSet *set,
               const char         *workflow,
               const char         *title)
{
  GtkWidget *expander = adw_expander_row_new ();
  guint blocked = 0;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);

  for (guint t = 0; t < PREFS_N_CHANNEL_TYPES; t++)
    {
      PrefsEvaluation eval = { 0 };
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *verdict;
      g_autofree char *subtitle = NULL;

      prefs_evaluate (set, NULL, NULL, workflow, NULL, t, NULL, &eval);
      if (eval.verdict == PREFS_VERDICT_BLOCKED)
        blocked++;

      if (eval.path != NULL)
        /* Translators: which preference entry decides, e.g. "decided by channel_types.email" */
        subtitle = g_strdup_printf (_("decided by %s"), eval.path);
      else
        subtitle = g_strdup (_("nothing set: sent by default"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), prefs_channel_type_get_title (t));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      verdict = gtk_label_new (verdict_text (eval.verdict));
      gtk_widget_add_css_class (verdict, eval.verdict == PREFS_VERDICT_BLOCKED ? "error"
                                       : eval.verdict == PREFS_VERDICT_SEND ? "success"
                                       : "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), verdict);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

      prefs_evaluation_clear (&eval);
    }

  {
    g_autofree char *summary = NULL;

    if (blocked == 0)
      summary = g_strdup (_("Sent on every channel type"));
    else
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Not sent on %u channel type",
                                              "Not sent on %u channel types", blocked),
                                 blocked);
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), summary);
  }

  return expander;
}

static gboolean
rebuild_effective (gpointer data)
{
  PrefsUserPage *self = data;
  GtkWidget *child;
  PrefsSettingMap *workflows;
  g_autofree const char **keys = NULL;

  self->effective_source = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->effective_list))) != NULL)
    gtk_list_box_remove (self->effective_list, child);

  if (self->working == NULL)
    return G_SOURCE_REMOVE;

  workflows = prefs_preference_set_get_workflows (self->working);
  keys = workflows != NULL ? prefs_setting_map_get_keys (workflows) : NULL;
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    gtk_list_box_append (self->effective_list, effective_row (self->working, keys[i], keys[i]));

  /* Any workflow the set does not name follows the channel types alone. */
  gtk_list_box_append (self->effective_list,
                       effective_row (self->working, "", _("Any other workflow")));

  return G_SOURCE_REMOVE;
}

static void
schedule_effective (PrefsUserPage *self)
{
  if (self->effective_source == 0)
    self->effective_source = g_idle_add (rebuild_effective, self);
}

/* ---- drafts ---- */

static gboolean
write_draft (gpointer data)
{
  PrefsUserPage *self = data;
  PrefsStore *store;
  g_autoptr(GError) error = NULL;

  self->draft_source = 0;

  if (self->connection == NULL || self->working == NULL)
    return G_SOURCE_REMOVE;

  store = prefs_connection_get_store (self->connection);
  if (is_dirty (self))
    {
      g_autofree char *json = prefs_preference_set_to_string (self->working, FALSE);

      prefs_store_save_draft (store, prefs_connection_get_name (self->connection),
                              self->collection, self->recipient_id, self->set_id, json, &error);
    }
  else
    {
      prefs_store_delete_draft (store, prefs_connection_get_name (self->connection),
                                self->collection, self->recipient_id, self->set_id, &error);
    }

  if (error != NULL && !g_error_matches (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND))
    {
      g_autofree char *message = g_strdup_printf (_("Could not keep a draft: %s"), error->message);
      set_problem (self, message);
    }

  return G_SOURCE_REMOVE;
}

static void
flush_draft (PrefsUserPage *self)
{
  if (self->draft_source != 0)
    {
      g_clear_handle_id (&self->draft_source, g_source_remove);
      write_draft (self);
    }
}

static void
on_working_changed (PrefsUserPage *self)
{
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (DRAFT_DELAY_MS, write_draft, self);
  schedule_effective (self);
}

static void
on_tree_dirty (PrefsUserPage *self)
{
  update_title (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

/* Makes @base the saved state and @working (a copy of it, or a draft)
 * the state being edited. */
static void
set_sets (PrefsUserPage      *self,
          PrefsPreferenceSet *base,
          PrefsPreferenceSet *working)
{
  gboolean was_dirty = is_dirty (self);

  if (self->working != NULL)
    g_clear_signal_handler (&self->working_changed_id, self->working);
  if (self->tree != NULL)
    g_clear_signal_handler (&self->tree_dirty_id, self->tree);

  g_set_object (&self->base, base);
  g_set_object (&self->working, working);
  g_clear_object (&self->tree);

  if (working != NULL)
    {
      self->tree = prefs_preference_tree_new (working, base);
      self->working_changed_id = g_signal_connect_swapped (working, "changed",
                                                           G_CALLBACK (on_working_changed), self);
      self->tree_dirty_id = g_signal_connect_swapped (self->tree, "notify::dirty",
                                                      G_CALLBACK (on_tree_dirty), self);
    }

  prefs_preference_view_set_tree (self->preference_view, self->tree);
  schedule_effective (self);
  update_title (self);
  update_actions (self);
  if (was_dirty != is_dirty (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static void
show_error (PrefsUserPage *self,
            const GError  *error)
{
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->state_stack, "error");
  g_free (self->problem);
  self->problem = g_strdup (error->message);
}

/* ---- loading ---- */

static void
on_set_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PrefsUserPage) self = user_data;
  g_autoptr(PrefsPreferenceSet) set = NULL;
  g_autoptr(PrefsPreferenceSet) working = NULL;
  g_autoptr(PrefsStoredDraft) draft = NULL;
  g_autoptr(GError) error = NULL;

  set = prefs_client_get_set_finish (PREFS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (set == NULL)
    {
      set_sets (self, NULL, NULL);
      show_error (self, error);
      g_signal_emit (self, signals[LOADED], 0);
      return;
    }

  /* Unsaved work from an earlier session comes back over the loaded set. */
  draft = prefs_store_get_draft (prefs_connection_get_store (self->connection),
                                 prefs_connection_get_name (self->connection),
                                 self->collection, self->recipient_id, self->set_id, NULL);
  if (draft != NULL)
    {
      g_autoptr(GError) draft_error = NULL;

      working = prefs_preference_set_new_from_data (draft->json, -1, &draft_error);
      if (working != NULL)
        {
          prefs_preference_set_set_id (working, self->set_id);
          show_toast (self, adw_toast_new (_("Unsaved changes restored")));
        }
      else
        {
          g_autofree char *message =
            g_strdup_printf (_("A saved draft could not be read and was left alone: %s"),
                             draft_error->message);
          set_problem (self, message);
        }
    }

  if (working == NULL)
    working = prefs_preference_set_copy (set);

  g_clear_pointer (&self->problem, g_free);
  set_sets (self, set, working);
  gtk_stack_set_visible_child_name (self->state_stack, "editor");
  g_signal_emit (self, signals[LOADED], 0);
}

static void
load_set (PrefsUserPage *self)
{
  if (self->connection == NULL || self->recipient_id == NULL)
    return;

  flush_draft (self);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  /* Closing the recipient cancels this load too. */
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->load_cancellable, G_CONNECT_SWAPPED);

  set_busy (self, TRUE);
  gtk_stack_set_visible_child_name (self->state_stack, "loading");
  prefs_client_get_set_async (prefs_connection_get_client (self->connection),
                              self->collection, self->recipient_id, self->set_id,
                              self->load_cancellable, on_set_loaded, g_object_ref (self));
}

static void
select_set_in_dropdown (PrefsUserPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->set_ids));

  self->setting_sets = TRUE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->set_ids, i), self->set_id) == 0)
      gtk_drop_down_set_selected (self->set_dropdown, i);
  self->setting_sets = FALSE;
}

static void
add_set_id (PrefsUserPage *self,
            const char    *set_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->set_ids));

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->set_ids, i), set_id) == 0)
      return;

  self->setting_sets = TRUE;
  gtk_string_list_append (self->set_ids, set_id);
  self->setting_sets = FALSE;
}

static void
on_sets_listed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PrefsUserPage) self = user_data;
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GError) error = NULL;

  sets = prefs_client_list_sets_finish (PREFS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The set list is a convenience: "default" and the open set are always
   * there, so a failure here only means tenant sets are not offered. */
  for (guint i = 0; sets != NULL && i < sets->len; i++)
    add_set_id (self, prefs_preference_set_get_id (g_ptr_array_index (sets, i)));
  select_set_in_dropdown (self);
}

static void
on_set_selected (PrefsUserPage *self)
{
  guint selected;
  const char *set_id;

  if (self->setting_sets)
    return;

  selected = gtk_drop_down_get_selected (self->set_dropdown);
  if (selected == GTK_INVALID_LIST_POSITION)
    return;

  set_id = gtk_string_list_get_string (self->set_ids, selected);
  if (set_id == NULL || g_strcmp0 (set_id, self->set_id) == 0)
    return;

  /* Unsaved edits of the set being left stay as its draft. */
  flush_draft (self);
  g_free (self->set_id);
  self->set_id = g_strdup (set_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SET_ID]);
  load_set (self);
}

void
prefs_user_page_open (PrefsUserPage   *self,
                      PrefsConnection *connection,
                      const char      *collection,
                      const char      *recipient_id,
                      const char      *set_id)
{
  g_return_if_fail (PREFS_IS_USER_PAGE (self));
  g_return_if_fail (PREFS_IS_CONNECTION (connection));
  g_return_if_fail (recipient_id != NULL);

  flush_draft (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_set_object (&self->connection, connection);
  g_free (self->collection);
  self->collection = g_strdup (collection);
  g_free (self->recipient_id);
  self->recipient_id = g_strdup (recipient_id);
  g_free (self->set_id);
  self->set_id = g_strdup (set_id != NULL ? set_id : "default");
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->recipient_name, g_free);
  g_clear_pointer (&self->recipient_email, g_free);

  set_sets (self, NULL, NULL);

  if (collection == NULL)
    prefs_client_get_user_async (prefs_connection_get_client (connection), recipient_id,
                                 self->cancellable, on_user_loaded, g_object_ref (self));

  self->setting_sets = TRUE;
  gtk_string_list_splice (self->set_ids, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->set_ids)), NULL);
  self->setting_sets = FALSE;
  add_set_id (self, "default");
  add_set_id (self, self->set_id);
  select_set_in_dropdown (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECIPIENT_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SET_ID]);

  prefs_client_list_sets_async (prefs_connection_get_client (connection),
                                collection, recipient_id, self->cancellable,
                                on_sets_listed, g_object_ref (self));
  load_set (self);
}

/* ---- saving ---- */

static void
finish_save (PrefsUserPage *self,
             gboolean       ok)
{
  set_busy (self, FALSE);
  update_actions (self);
  g_signal_emit (self, signals[SAVED], 0, ok);
}

static void
on_put (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrefsUserPage *self = g_task_get_source_object (task);
  PrefsPreferenceSet *before = g_task_get_task_data (task);
  g_autoptr(PrefsPreferenceSet) stored = NULL;
  g_autoptr(PrefsPreferenceSet) working = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) journal_error = NULL;
  g_autofree char *json_before = NULL;
  AdwToast *toast;

  stored = prefs_client_put_set_finish (PREFS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (stored == NULL)
    {
      const PrefsClientFailure *failure = prefs_client_get_failure (PREFS_CLIENT (source), result);
      g_autofree char *message = NULL;

      /* A 422 names the field: mark the row it belongs to. */
      if (failure != NULL && failure->errors->len > 0)
        {
          PrefsFieldError *field = g_ptr_array_index (failure->errors, 0);

          prefs_preference_tree_set_field_error (self->tree, field->field, field->message);
          message = g_strdup_printf (_("Not saved: %s: %s"), field->field, field->message);
        }
      else
        {
          message = g_strdup_printf (_("Not saved: %s"), error->message);
        }
      set_problem (self, message);
      finish_save (self, FALSE);
      return;
    }

  json_before = prefs_preference_set_to_string (before, FALSE);
  prefs_store_journal_add (prefs_connection_get_store (self->connection),
                           prefs_connection_get_name (self->connection),
                           self->collection, self->recipient_id, self->set_id,
                           json_before, &journal_error);

  g_clear_handle_id (&self->draft_source, g_source_remove);
  prefs_store_delete_draft (prefs_connection_get_store (self->connection),
                            prefs_connection_get_name (self->connection),
                            self->collection, self->recipient_id, self->set_id, NULL);

  working = prefs_preference_set_copy (stored);
  set_sets (self, stored, working);
  g_clear_pointer (&self->problem, g_free);

  if (journal_error != NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Saved, but Undo is not possible: %s"), journal_error->message);
      set_problem (self, message);
    }
  else
    {
      toast = adw_toast_new (_("Preferences saved"));
      adw_toast_set_button_label (toast, _("_Undo"));
      /* The toast lives in the window's overlay, outside this page, so
       * its button reaches the page's action through a signal. */
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self,
                               G_CONNECT_SWAPPED);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      show_toast (self, toast);
    }

  finish_save (self, TRUE);
}

static void
on_undo_clicked (PrefsUserPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "user.undo", NULL);
}

static void
put_working (PrefsUserPage      *self,
             PrefsPreferenceSet *before)
{
  GTask *task = g_task_new (self, self->cancellable, NULL, NULL);

  g_task_set_task_data (task, g_object_ref (before), g_object_unref);
  prefs_preference_tree_set_field_error (self->tree, NULL, NULL);
  prefs_client_put_set_async (prefs_connection_get_client (self->connection),
                              self->collection, self->recipient_id, self->working,
                              FALSE, self->cancellable, on_put, task);
}

static void
resolve_conflict (PrefsUserPage      *self,
                  PrefsPreferenceSet *fresh,
                  const char         *answer)
{
  if (g_strcmp0 (answer, "overwrite") == 0)
    {
      put_working (self, fresh);
    }
  else if (g_strcmp0 (answer, "reload") == 0)
    {
      g_autoptr(PrefsPreferenceSet) working = prefs_preference_set_copy (fresh);

      g_clear_handle_id (&self->draft_source, g_source_remove);
      prefs_store_delete_draft (prefs_connection_get_store (self->connection),
                                prefs_connection_get_name (self->connection),
                                self->collection, self->recipient_id, self->set_id, NULL);
      set_sets (self, fresh, working);
      show_toast (self, adw_toast_new (_("Reloaded; your changes were discarded")));
      finish_save (self, FALSE);
    }
  else
    {
      finish_save (self, FALSE);
    }
}

static void
on_conflict_response (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  g_autoptr(GTask) task = user_data;

  resolve_conflict (g_task_get_source_object (task), g_task_get_task_data (task), response);
}

static char *
describe_changes (PrefsPreferenceSet *before,
                  PrefsPreferenceSet *after)
{
  g_autoptr(GPtrArray) changes = prefs_preference_set_diff (before, after);
  g_autoptr(GString) text = g_string_new (NULL);
  const guint shown = 8;

  for (guint i = 0; i < changes->len && i < shown; i++)
    {
      PrefsChange *change = g_ptr_array_index (changes, i);
      g_autofree char *old_text = change->old_value != NULL
                                  ? prefs_json_to_string (change->old_value, FALSE)
                                  : g_strdup (_("not set"));
      g_autofree char *new_text = change->new_value != NULL
                                  ? prefs_json_to_string (change->new_value, FALSE)
                                  : g_strdup (_("not set"));

      g_string_append_printf (text, "%s: %s → %s\n", change->path, old_text, new_text);
    }
  if (changes->len > shown)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "and %u more change",
                                               "and %u more changes", changes->len - shown),
                            changes->len - shown);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_fresh_for_save (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PrefsUserPage) self = user_data;
  g_autoptr(PrefsPreferenceSet) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GTask *task;

  fresh = prefs_client_get_set_finish (PREFS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (fresh == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Not saved: could not check the set first: %s"), error->message);

      set_problem (self, message);
      finish_save (self, FALSE);
      return;
    }

  if (prefs_preference_set_equal (fresh, self->base))
    {
      put_working (self, fresh);
      return;
    }

  /* Someone else wrote the set since it was loaded. */
  if (self->conflict_answer != NULL)
    {
      resolve_conflict (self, fresh, self->conflict_answer);
      return;
    }

  changes = describe_changes (self->base, fresh);
  body = g_strdup_printf (_("Since you opened this set, it changed on the server:\n\n%s\n"
                            "Overwriting replaces those changes with yours."),
                          changes);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), _("Changed by Someone Else"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "reload", _("_Discard Mine and Reload"),
                                    "overwrite", _("_Overwrite"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "overwrite", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, g_steal_pointer (&fresh), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_conflict_response), task);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
prefs_user_page_save (PrefsUserPage *self)
{
  g_return_if_fail (PREFS_IS_USER_PAGE (self));

  if (self->tree == NULL || self->busy || !is_dirty (self))
    return;

  set_busy (self, TRUE);
  update_actions (self);
  prefs_client_get_set_async (prefs_connection_get_client (self->connection),
                              self->collection, self->recipient_id, self->set_id,
                              self->cancellable, on_fresh_for_save, g_object_ref (self));
}

void
prefs_user_page_revert (PrefsUserPage *self)
{
  g_autoptr(PrefsPreferenceSet) working = NULL;

  g_return_if_fail (PREFS_IS_USER_PAGE (self));

  if (self->base == NULL)
    return;

  working = prefs_preference_set_copy (self->base);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  prefs_store_delete_draft (prefs_connection_get_store (self->connection),
                            prefs_connection_get_name (self->connection),
                            self->collection, self->recipient_id, self->set_id, NULL);
  set_sets (self, self->base, working);
}

/* ---- undo ---- */

static void
on_undo_put (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrefsUserPage *self = g_task_get_source_object (task);
  gint64 journal_id = GPOINTER_TO_SIZE (g_task_get_task_data (task));
  g_autoptr(PrefsPreferenceSet) stored = NULL;
  g_autoptr(PrefsPreferenceSet) working = NULL;
  g_autoptr(GError) error = NULL;

  stored = prefs_client_put_set_finish (PREFS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (stored == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not undo: %s"), error->message);

      set_problem (self, message);
      finish_save (self, FALSE);
      return;
    }

  prefs_store_journal_delete (prefs_connection_get_store (self->connection), journal_id, NULL);
  working = prefs_preference_set_copy (stored);
  set_sets (self, stored, working);
  g_clear_pointer (&self->problem, g_free);
  show_toast (self, adw_toast_new (_("Save undone")));
  finish_save (self, TRUE);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PrefsUserPage *self = PREFS_USER_PAGE (widget);
  g_autoptr(PrefsJournalEntry) entry = NULL;
  g_autoptr(PrefsPreferenceSet) before = NULL;
  g_autoptr(GError) error = NULL;
  GTask *task;

  if (self->connection == NULL || self->busy)
    return;

  entry = prefs_store_journal_get_latest (prefs_connection_get_store (self->connection),
                                          prefs_connection_get_name (self->connection),
                                          self->collection, self->recipient_id, self->set_id,
                                          &error);
  if (entry == NULL)
    {
      set_problem (self, _("Nothing to undo for this set"));
      return;
    }

  before = prefs_preference_set_new_from_data (entry->json_before, -1, &error);
  if (before == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not undo: %s"), error->message);

      set_problem (self, message);
      return;
    }
  prefs_preference_set_set_id (before, self->set_id);

  set_busy (self, TRUE);
  update_actions (self);
  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_task_data (task, GSIZE_TO_POINTER ((gsize) entry->id), NULL);
  prefs_client_put_set_async (prefs_connection_get_client (self->connection),
                              self->collection, self->recipient_id, before, FALSE,
                              self->cancellable, on_undo_put, task);
}

/* ---- actions ---- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  prefs_user_page_save (PREFS_USER_PAGE (widget));
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  prefs_user_page_revert (PREFS_USER_PAGE (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load_set (PREFS_USER_PAGE (widget));
}

static void
add_key_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PrefsUserPage *self = PREFS_USER_PAGE (widget);

  gtk_widget_activate_action_variant (GTK_WIDGET (self->preference_view), "preferences.add",
                                      parameter);
}

static void
save_as_preset_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PrefsUserPage *self = PREFS_USER_PAGE (widget);

  if (self->working != NULL)
    g_signal_emit (self, signals[SAVE_AS_PRESET], 0, self->working);
}

static void
on_add_set_response (AdwMessageDialog *dialog,
                     const char       *response,
                     PrefsUserPage    *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  g_autofree char *set_id = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;

  set_id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  if (*set_id == '\0')
    return;

  add_set_id (self, set_id);
  g_free (self->set_id);
  self->set_id = g_steal_pointer (&set_id);
  select_set_in_dropdown (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SET_ID]);
  load_set (self);
}

static void
add_set_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PrefsUserPage *self = PREFS_USER_PAGE (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_WINDOW (gtk_widget_get_root (widget)), _("Add Tenant Set"),
    _("The id of the tenant whose preference set to open. It is created when saved.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Open"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tenant id"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_add_set_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_view_message (PrefsUserPage *self,
                 const char    *message)
{
  set_problem (self, message);
}

/* ---- GObject ---- */

static void
prefs_user_page_dispose (GObject *object)
{
  PrefsUserPage *self = PREFS_USER_PAGE (object);

  /* Whatever was typed in the last moments still becomes a draft. */
  flush_draft (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->effective_source, g_source_remove);

  if (self->working != NULL)
    g_clear_signal_handler (&self->working_changed_id, self->working);
  if (self->tree != NULL)
    g_clear_signal_handler (&self->tree_dirty_id, self->tree);

  gtk_widget_dispose_template (GTK_WIDGET (self), PREFS_TYPE_USER_PAGE);

  g_clear_object (&self->tree);
  g_clear_object (&self->working);
  g_clear_object (&self->base);
  g_clear_object (&self->set_ids);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (prefs_user_page_parent_class)->dispose (object);
}

static void
prefs_user_page_finalize (GObject *object)
{
  PrefsUserPage *self = PREFS_USER_PAGE (object);

  g_free (self->collection);
  g_free (self->recipient_id);
  g_free (self->set_id);
  g_free (self->problem);
  g_free (self->conflict_answer);
  g_free (self->recipient_name);
  g_free (self->recipient_email);

  G_OBJECT_CLASS (prefs_user_page_parent_class)->finalize (object);
}

static void
prefs_user_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PrefsUserPage *self = PREFS_USER_PAGE (object);

  switch (prop_id)
    {
    case PROP_RECIPIENT_ID:
      g_value_set_string (value, self->recipient_id);
      break;
    case PROP_SET_ID:
      g_value_set_string (value, self->set_id);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, is_dirty (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_user_page_class_init (PrefsUserPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = prefs_user_page_dispose;
  object_class->finalize = prefs_user_page_finalize;
  object_class->get_property = prefs_user_page_get_property;

  properties[PROP_RECIPIENT_ID] =
    g_param_spec_string ("recipient-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SET_ID] =
    g_param_spec_string ("set-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SAVE_AS_PRESET] = g_signal_new ("save-as-preset", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          1, PREFS_TYPE_PREFERENCE_SET);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/prefs-user-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PrefsUserPage, box);
  gtk_widget_class_bind_template_child (widget_class, PrefsUserPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, PrefsUserPage, set_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PrefsUserPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PrefsUserPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PrefsUserPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PrefsUserPage, preference_view);
  gtk_widget_class_bind_template_child (widget_class, PrefsUserPage, effective_list);
  gtk_widget_class_bind_template_callback (widget_class, on_view_message);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "user.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "user.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "user.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "user.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "user.add-set", NULL, add_set_action);
  gtk_widget_class_install_action (widget_class, "user.add-key", "i", add_key_action);
  gtk_widget_class_install_action (widget_class, "user.save-as-preset", NULL,
                                   save_as_preset_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "user.save", NULL);

  g_type_ensure (PREFS_TYPE_PREFERENCE_VIEW);
}

static void
prefs_user_page_init (PrefsUserPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->set_ids = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->set_dropdown, G_LIST_MODEL (self->set_ids));
  g_signal_connect_swapped (self->set_dropdown, "notify::selected",
                            G_CALLBACK (on_set_selected), self);
  gtk_spinner_start (self->spinner);
  update_actions (self);
}

GtkWidget *
prefs_user_page_new (void)
{
  return g_object_new (PREFS_TYPE_USER_PAGE, NULL);
}

const char *
prefs_user_page_get_recipient_id (PrefsUserPage *self)
{
  g_return_val_if_fail (PREFS_IS_USER_PAGE (self), NULL);
  return self->recipient_id;
}

const char *
prefs_user_page_get_set_id (PrefsUserPage *self)
{
  g_return_val_if_fail (PREFS_IS_USER_PAGE (self), NULL);
  return self->set_id;
}

gboolean
prefs_user_page_get_dirty (PrefsUserPage *self)
{
  g_return_val_if_fail (PREFS_IS_USER_PAGE (self), FALSE);
  return is_dirty (self);
}

gboolean
prefs_user_page_get_busy (PrefsUserPage *self)
{
  g_return_val_if_fail (PREFS_IS_USER_PAGE (self), FALSE);
  return self->busy;
}

PrefsPreferenceTree *
prefs_user_page_get_tree (PrefsUserPage *self)
{
  g_return_val_if_fail (PREFS_IS_USER_PAGE (self), NULL);
  return self->tree;
}

const char *
prefs_user_page_get_problem (PrefsUserPage *self)
{
  g_return_val_if_fail (PREFS_IS_USER_PAGE (self), NULL);
  return self->problem;
}

void
prefs_user_page_set_conflict_answer (PrefsUserPage *self,
                                     const char    *answer)
{
  g_return_if_fail (PREFS_IS_USER_PAGE (self));

  g_free (self->conflict_answer);
  self->conflict_answer = g_strdup (answer);
}
