/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-window.h"

#include <glib/gi18n.h>

#include "rlx-fit-panel.h"
#include "rlx-plot-view.h"
#include "rlx-sidebar.h"
#include "rlx-window-private.h"

G_DEFINE_FINAL_TYPE (RlxWindow, rlx_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_FIT_PANEL_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
rlx_window_show_toast (RlxWindow  *self,
                       const char *message)
{
  AdwToast *toast;

  g_return_if_fail (RLX_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
rlx_window_show_error (RlxWindow  *self,
                       const char *heading,
                       const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
rlx_window_update_titles (RlxWindow *self)
{
  RlxRunItem *run = rlx_sidebar_get_selected_run (self->sidebar);

  if (self->project == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Relaxun"));
      adw_window_title_set_title (self->database_title, _("Relaxun"));
      adw_window_title_set_subtitle (self->database_title, NULL);
      adw_window_title_set_subtitle (self->empty_title, NULL);
    }
  else
    {
      guint n_runs = rlx_project_get_n_runs (self->project);
      guint n_samples = rlx_project_get_n_samples (self->project);
      g_autofree char *title = g_strdup_printf (_("%s — Relaxun"), rlx_project_get_title (self->project));
      g_autofree char *runs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run", "%u runs", n_runs), n_runs);
      g_autofree char *samples = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sample", "%u samples", n_samples), n_samples);
      /* Translators: "12 runs in 2 samples" */
      g_autofree char *subtitle = g_strdup_printf (_("%s in %s"), runs, samples);

      gtk_window_set_title (GTK_WINDOW (self), title);
      adw_window_title_set_title (self->database_title, rlx_project_get_title (self->project));
      adw_window_title_set_subtitle (self->database_title, subtitle);
      adw_window_title_set_subtitle (self->empty_title, rlx_project_get_title (self->project));
    }

  if (run != NULL)
    {
      adw_window_title_set_title (self->run_title, rlx_run_item_get_title (run));
      adw_window_title_set_subtitle (self->run_title, rlx_run_item_get_record (run)->sample_name);
    }
  else if (self->sample != NULL)
    {
      adw_window_title_set_title (self->run_title, rlx_sample_item_get_name (self->sample));
      adw_window_title_set_subtitle (self->run_title, _("Sample Figures"));
    }
  else
    {
      adw_window_title_set_title (self->run_title, _("No Run Selected"));
      adw_window_title_set_subtitle (self->run_title, NULL);
    }
}

void
rlx_window_update_page (RlxWindow *self)
{
  gboolean has_runs = self->project != NULL && rlx_project_get_n_runs (self->project) > 0;

  if (self->busy_cancellable != NULL)
    {
      gtk_stack_set_visible_child_name (self->empty_stack, "busy");
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->empty_stack, "drop");
      gtk_stack_set_visible_child_name (self->main_stack, has_runs ? "runs" : "empty");
    }
  gtk_spinner_set_spinning (self->busy_spinner, self->busy_cancellable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-task", self->busy_cancellable != NULL);
  rlx_window_update_titles (self);
}

void
rlx_window_update_actions (RlxWindow *self)
{
  gboolean busy = self->busy_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import",
                                 !busy && self->project != NULL && self->import_job == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", self->import_job != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-database", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-database", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 rlx_plot_view_get_has_figure (self->plot_view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.fit", rlx_fit_panel_get_can_fit (self->fit_panel));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-fit", rlx_fit_panel_get_busy (self->fit_panel));
}

static void
on_project_n_runs_changed (RlxWindow *self)
{
  rlx_window_update_page (self);
}

void
rlx_window_set_project (RlxWindow  *self,
                        RlxProject *project)
{
  if (self->project == project)
    return;

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    g_signal_connect_object (project, "notify::n-runs",
                             G_CALLBACK (on_project_n_runs_changed), self, G_CONNECT_SWAPPED);

  rlx_sidebar_set_project (self->sidebar, project);
  rlx_fit_panel_set_project (self->fit_panel, project);
  rlx_window_show_run (self, NULL);
  rlx_window_update_page (self);
  rlx_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

RlxProject *
rlx_window_get_project (RlxWindow *self)
{
  g_return_val_if_fail (RLX_IS_WINDOW (self), NULL);
  return self->project;
}

gboolean
rlx_window_open_database (RlxWindow  *self,
                          const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxProject) project = NULL;

  g_return_val_if_fail (RLX_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  project = rlx_project_open (path, &error);
  if (project == NULL)
    {
      g_autofree char *body = g_strdup_printf (_("“%s” could not be opened: %s"), path, error->message);

      rlx_window_show_error (self, _("Cannot Open the Database"), body);
      return FALSE;
    }
  rlx_window_set_project (self, project);
  g_settings_set_string (self->settings, "last-database", path);
  return TRUE;
}

gboolean
rlx_window_select_run (RlxWindow *self,
                       gint64     run_id)
{
  g_return_val_if_fail (RLX_IS_WINDOW (self), FALSE);
  return rlx_sidebar_select_run (self->sidebar, run_id);
}

void
rlx_window_show_run (RlxWindow  *self,
                     RlxRunItem *run)
{
  if (self->sample != NULL)
    {
      g_clear_object (&self->sample);
      rlx_window_update_sample_figure (self);
      rlx_window_set_sample_mode (self, FALSE);
    }
  rlx_fit_panel_set_run (self->fit_panel, run);
  rlx_window_update_figure (self);
  rlx_window_update_titles (self);
  rlx_window_update_actions (self);
}

static void
on_sidebar_run_activated (RlxSidebar *sidebar,
                          RlxRunItem *run,
                          RlxWindow  *self)
{
  rlx_window_show_run (self, run);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_pane));
}

static void
on_sidebar_sample_activated (RlxSidebar    *sidebar,
                             RlxSampleItem *sample,
                             RlxWindow     *self)
{
  rlx_window_show_sample (self, sample);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_pane));
}

static void
on_fit_panel_state_changed (RlxWindow *self)
{
  rlx_window_update_actions (self);
}

static void
on_plot_view_has_figure_changed (RlxWindow *self)
{
  rlx_window_update_actions (self);
}

/* Databases */

static void
add_database_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Relaxun databases"));
  gtk_file_filter_add_pattern (filter, "*.relaxun");
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_filter_add_pattern (filter, "*.sqlite");
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
on_open_database_response (GtkNativeDialog *chooser,
                           int              response,
                           RlxWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        rlx_window_open_database (self, path);
    }
  g_object_unref (chooser);
}

static void
open_database_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RlxWindow *self = RLX_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open Database"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_database_filter (GTK_FILE_CHOOSER (chooser));
  g_signal_connect (chooser, "response", G_CALLBACK (on_open_database_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}


static void
on_new_database_response (GtkNativeDialog *chooser,
                          int              response,
                          RlxWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *chosen = g_file_get_path (file);
      g_autofree char *path = NULL;

      if (chosen != NULL)
        {
          path = g_str_has_suffix (chosen, ".relaxun") ? g_strdup (chosen)
                                                       : g_strconcat (chosen, ".relaxun", NULL);
          /* The chooser already asked whether to replace an existing file. */
          if (self->project != NULL && g_strcmp0 (rlx_project_get_path (self->project), path) == 0)
            rlx_window_set_project (self, NULL);
          rlx_store_remove_files (path, NULL);
          rlx_window_open_database (self, path);
        }
    }
  g_object_unref (chooser);
}

static void
new_database_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RlxWindow *self = RLX_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *folder = g_settings_get_string (self->settings, "database-folder");

  chooser = gtk_file_chooser_native_new (_("New Database"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Create"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_database_filter (GTK_FILE_CHOOSER (chooser));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Notebook.relaxun"));
  if (folder[0] == '\0')
    {
      g_free (folder);
      folder = g_build_filename (g_get_user_data_dir (), "relaxun", NULL);
    }
  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) dir = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (on_new_database_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Other actions */

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  rlx_fit_panel_fit (RLX_WINDOW (widget)->fit_panel);
}

static void
cancel_fit_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  rlx_fit_panel_cancel (RLX_WINDOW (widget)->fit_panel);
}

static void
cancel_task_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RlxWindow *self = RLX_WINDOW (widget);

  if (self->busy_cancellable != NULL)
    g_cancellable_cancel (self->busy_cancellable);
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  rlx_window_cancel_import (RLX_WINDOW (widget));
}

static void
show_runs_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RlxWindow *self = RLX_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->sidebar_pane));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RlxWindow *self = RLX_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "runs") != 0)
    return;
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->sidebar_pane));
  rlx_sidebar_focus_search (self->sidebar);
}

/* Window state */

static void
restore_window_state (RlxWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 360), MAX (height, 400));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (RlxWindow *self)
{
  int width = 0, height = 0;

  /* The default size follows the window while it is not maximized. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
rlx_window_close_request (GtkWindow *window)
{
  RlxWindow *self = RLX_WINDOW (window);

  save_window_state (self);
  rlx_fit_panel_cancel (self->fit_panel);
  rlx_window_cancel_import (self);
  if (self->busy_cancellable != NULL)
    g_cancellable_cancel (self->busy_cancellable);

  return GTK_WINDOW_CLASS (rlx_window_parent_class)->close_request (window);
}

/* Drag and drop */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         RlxWindow     *self)
{
  GSList *files;
  g_autoptr(GPtrArray) array = g_ptr_array_new ();
  GFile *database = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      if (rlx_application_is_database_file (l->data))
        database = l->data;
      else
        g_ptr_array_add (array, l->data);
    }

  if (database != NULL)
    {
      g_autofree char *path = g_file_get_path (database);

      if (path != NULL)
        rlx_window_open_database (self, path);
    }
  if (array->len > 0)
    rlx_window_import_files (self, (GFile **) array->pdata, array->len);
  g_slist_free (files);
  return array->len > 0 || database != NULL;
}

static void
rlx_window_dispose (GObject *object)
{
  RlxWindow *self = RLX_WINDOW (object);

  /* Workers still running finish into a window that is gone: their callbacks check that
   * their job is still the current one, which it no longer is after this. */
  rlx_window_dispose_import (self);
  rlx_window_dispose_sample (self);
  if (self->busy_cancellable != NULL)
    g_cancellable_cancel (self->busy_cancellable);
  g_clear_object (&self->busy_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RLX_TYPE_WINDOW);
  g_clear_object (&self->project);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rlx_window_parent_class)->dispose (object);
}

static void
rlx_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RlxWindow *self = RLX_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_FIT_PANEL_VISIBLE:
      g_value_set_boolean (value, self->fit_panel_visible);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rlx_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RlxWindow *self = RLX_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FIT_PANEL_VISIBLE:
      if (self->fit_panel_visible != g_value_get_boolean (value))
        {
          self->fit_panel_visible = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, properties[PROP_FIT_PANEL_VISIBLE]);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rlx_window_class_init (RlxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rlx_window_dispose;
  object_class->get_property = rlx_window_get_property;
  object_class->set_property = rlx_window_set_property;
  window_class->close_request = rlx_window_close_request;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, RLX_TYPE_PROJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT_PANEL_VISIBLE] =
    g_param_spec_boolean ("fit-panel-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RLX_TYPE_SIDEBAR);
  g_type_ensure (RLX_TYPE_PLOT_VIEW);
  g_type_ensure (RLX_TYPE_FIT_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relaxun/Relaxun/rlx-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, empty_stack);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, empty_title);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, empty_import_button);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, empty_demo_button);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, busy_page);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, content_pane);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, database_title);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, run_title);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, fit_panel_button);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, plot_view);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, sample_figure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, fit_panel);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, import_spinner);
  gtk_widget_class_bind_template_child (widget_class, RlxWindow, import_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_run_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_sample_activated);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, rlx_window_import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, rlx_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.open-database", NULL, open_database_action);
  gtk_widget_class_install_action (widget_class, "win.new-database", NULL, new_database_action);
  gtk_widget_class_install_action (widget_class, "win.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-fit", NULL, cancel_fit_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-task", NULL, cancel_task_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.show-runs", NULL, show_runs_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-fit-panel", "fit-panel-visible");
}

static void
rlx_window_init (RlxWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  restore_window_state (self);
  /* The property (not the flap) is the state, so the toggle action exists before the template. */
  g_object_bind_property (self, "fit-panel-visible", self->flap, "reveal-flap",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_settings_bind (self->settings, "fit-panel-visible", self, "fit-panel-visible",
                   G_SETTINGS_BIND_DEFAULT);
  gtk_widget_add_css_class (GTK_WIDGET (self->toast_overlay), "rlx-drop-target");

  g_signal_connect_object (self->fit_panel, "notify::busy",
                           G_CALLBACK (on_fit_panel_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->fit_panel, "notify::can-fit",
                           G_CALLBACK (on_fit_panel_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plot_view, "notify::has-figure",
                           G_CALLBACK (on_plot_view_has_figure_changed), self, G_CONNECT_SWAPPED);
  rlx_window_init_analysis (self);
  rlx_window_init_sample (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay), GTK_EVENT_CONTROLLER (drop));
  self->drop_target = drop;

  rlx_window_update_page (self);
  rlx_window_update_actions (self);
}

RlxWindow *
rlx_window_new (RlxApplication *application)
{
  return g_object_new (RLX_TYPE_WINDOW, "application", application, NULL);
}
