/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "rlx-application.h"
#include "rlx-export-dialog.h"
#include "rlx-fit-panel.h"
#include "rlx-import-dialog.h"
#include "rlx-plot-view.h"
#include "rlx-preferences-window.h"
#include "rlx-sidebar.h"
#include "rlx-test-util.h"
#include "rlx-window.h"

/* The application runs in this process under Xvfb; each test starts it with a database path
 * on the command line and does its checks from a timeout inside the application's main loop. */

typedef void (*CheckFunc) (RlxApplication *app,
                           RlxWindow      *window,
                           gpointer        data);

typedef struct
{
  RlxApplication *app;
  CheckFunc       check;
  gpointer        data;
  gboolean        checked;
} Run;

static GObject *
child (RlxWindow  *window,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), RLX_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static GObject *
dialog_child (gpointer    dialog,
              const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (dialog), G_OBJECT_TYPE (dialog), name);

  g_assert_nonnull (object);
  return object;
}

/* Runs the main loop until cond() holds or the timeout passes. */
static gboolean
wait_for (gboolean (*cond) (gpointer),
          gpointer   data,
          guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
  return cond (data);
}

static gboolean
always_false (gpointer data)
{
  return FALSE;
}

static void
spin (guint ms)
{
  wait_for (always_false, NULL, ms);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
run_check (gpointer user_data)
{
  Run *run = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (run->app));

  g_assert_true (RLX_IS_WINDOW (window));
  run->check (run->app, RLX_WINDOW (window), run->data);
  run->checked = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
run_app (const char * const *args,
         CheckFunc           check,
         gpointer            data)
{
  g_autoptr(RlxApplication) app = rlx_application_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  Run run = { app, check, data, FALSE };
  int status;

  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_ptr_array_add (argv, (gpointer) "relaxun");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_timeout_add (300, run_check, &run);
  status = g_application_run (G_APPLICATION (app), (int) argv->len - 1, (char **) argv->pdata);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.checked);
}

/* The main window on an empty database */

static gboolean
toplevel_is_shown (gpointer type)
{
  return find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

static void
close_toplevel (GType type)
{
  GtkWindow *window = find_toplevel (type);

  g_assert_nonnull (window);
  gtk_window_close (window);
  spin (50);
  g_assert_null (find_toplevel (type));
}

static void
check_empty_window (RlxApplication *app,
                    RlxWindow      *window,
                    gpointer        data)
{
  const char *db_path = data;
  GtkWidget *help;
  gboolean visible;

  /* Parts of the window and the empty state */
  g_assert_true (GTK_IS_BUTTON (child (window, "import_button")));
  g_assert_true (GTK_IS_BUTTON (child (window, "export_button")));
  g_assert_true (GTK_IS_TOGGLE_BUTTON (child (window, "fit_panel_button")));
  g_assert_true (RLX_IS_SIDEBAR (child (window, "sidebar")));
  g_assert_true (RLX_IS_PLOT_VIEW (child (window, "plot_view")));
  g_assert_true (RLX_IS_FIT_PANEL (child (window, "fit_panel")));
  g_assert_true (ADW_IS_STATUS_PAGE (child (window, "empty_page")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (window, "main_stack"))), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (child (window, "empty_page"))));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (child (window, "empty_import_button"))));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (child (window, "empty_demo_button"))));

  /* The database given on the command line is the one open, and named in the title */
  g_assert_nonnull (rlx_window_get_project (window));
  g_assert_cmpstr (rlx_project_get_path (rlx_window_get_project (window)), ==, db_path);
  g_assert_cmpuint (rlx_project_get_n_runs (rlx_window_get_project (window)), ==, 0);
  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "empty-test"));

  /* Nothing to fit or export yet */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (child (window, "export_button"))));
  g_assert_false (rlx_fit_panel_get_can_fit (RLX_FIT_PANEL (child (window, "fit_panel"))));

  /* About */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (wait_for (toplevel_is_shown, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW), 2000));
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (find_toplevel (ADW_TYPE_ABOUT_WINDOW))),
                   ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (find_toplevel (ADW_TYPE_ABOUT_WINDOW))),
                   ==, GTK_LICENSE_GPL_3_0);
  close_toplevel (ADW_TYPE_ABOUT_WINDOW);

  /* Keyboard shortcuts */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  help = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (help));
  g_assert_true (wait_for (toplevel_is_shown, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW), 2000));
  gtk_window_close (GTK_WINDOW (help));
  spin (50);
  g_assert_false (gtk_widget_get_visible (help));

  /* Preferences */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (wait_for (toplevel_is_shown, GSIZE_TO_POINTER (RLX_TYPE_PREFERENCES_WINDOW), 2000));
  close_toplevel (RLX_TYPE_PREFERENCES_WINDOW);

  /* The fit panel toggles through its action and the state is a window property */
  g_object_get (window, "fit-panel-visible", &visible, NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-fit-panel", NULL);
  g_assert_cmpint (adw_flap_get_reveal_flap (ADW_FLAP (child (window, "flap"))), ==, !visible);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-fit-panel", NULL);
  g_assert_cmpint (adw_flap_get_reveal_flap (ADW_FLAP (child (window, "flap"))), ==, visible);
}

static void
test_gui_empty_window (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db_path = g_build_filename (dir, "empty-test.relaxun", NULL);
  const char *args[] = { db_path, NULL };

  run_app (args, check_empty_window, db_path);
}

/* Import by drag and drop, run selection and the figure */

typedef struct
{
  GPtrArray *files;
  gint64     first_run;
} DropData;

static gboolean
project_has_runs (gpointer data)
{
  RlxWindow *window = data;

  return rlx_project_get_n_runs (rlx_window_get_project (window)) >= 2;
}

static gboolean
plot_has_figure (gpointer data)
{
  return rlx_plot_view_get_has_figure (data);
}

static gboolean
fit_finished (gpointer data)
{
  RlxFitPanel *panel = data;

  return !rlx_fit_panel_get_busy (panel) && rlx_fit_panel_get_result (panel) != NULL;
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* The export dialog: options, preview, the file written at the chosen size, and the choices
 * remembered. The file chooser is the platform's; the test writes through the same path. */
static void
check_export_dialog (RlxApplication *app,
                     RlxWindow      *window)
{
  GSettings *settings = rlx_application_get_settings (app);
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *png = g_build_filename (dir, "figure.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "figure.svg", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GFile) file = NULL;
  RlxExportDialog *dialog;
  GtkPicture *preview;
  double width_pt, height_pt;

  g_settings_set_double (settings, "export-width", 100.0);
  g_settings_set_double (settings, "export-height", 60.0);
  g_settings_set_int (settings, "export-dpi", 150);
  g_settings_set_enum (settings, "export-unit", 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  g_assert_true (wait_for (toplevel_is_shown, GSIZE_TO_POINTER (RLX_TYPE_EXPORT_DIALOG), 2000));
  dialog = RLX_EXPORT_DIALOG (find_toplevel (RLX_TYPE_EXPORT_DIALOG));

  /* Sizes in cm, kept in mm; the preview is drawn with the figure's proportions */
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (dialog_child (dialog, "width_spin"))), 10.0, 1e-9);
  rlx_export_dialog_get_size_pt (dialog, &width_pt, &height_pt);
  g_assert_cmpfloat_with_epsilon (width_pt, 100.0 / 25.4 * 72.0, 1e-6);
  preview = GTK_PICTURE (dialog_child (dialog, "preview"));
  g_assert_nonnull (gtk_picture_get_paintable (preview));
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (gtk_picture_get_paintable (preview)),
                                  100.0 / 60.0, 0.02);

  /* Switching to pixels shows the size at the resolution */
  adw_combo_row_set_selected (ADW_COMBO_ROW (dialog_child (dialog, "unit_row")), 0);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (dialog_child (dialog, "width_spin"))),
                                  round (100.0 / 25.4 * 150.0), 0.5);

  /* PNG at 150 dpi: 100 mm → 591 px */
  adw_combo_row_set_selected (ADW_COMBO_ROW (dialog_child (dialog, "theme_row")), 3);
  g_assert_true (rlx_export_dialog_export_to (dialog, png, &error));
  g_assert_no_error (error);
  file = g_file_new_for_path (png);
  texture = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, (int) round (100.0 / 25.4 * 150.0));
  g_assert_cmpint (gdk_texture_get_height (texture), ==, (int) round (60.0 / 25.4 * 150.0));

  /* The suffix chooses the format */
  g_assert_true (rlx_export_dialog_export_to (dialog, svg, &error));
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));

  /* Remembered */
  g_assert_cmpint (g_settings_get_enum (settings, "export-unit"), ==, 0);
  g_assert_cmpint (g_settings_get_enum (settings, "export-theme"), ==, 3);
  g_assert_cmpint (g_settings_get_int (settings, "export-dpi"), ==, 150);

  gtk_window_close (GTK_WINDOW (dialog));
  spin (50);
  g_assert_null (find_toplevel (RLX_TYPE_EXPORT_DIALOG));
}

static void
check_drop (RlxApplication *app,
            RlxWindow      *window,
            gpointer        data)
{
  DropData *drop = data;
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (child (window, "toast_overlay")));
  GdkFileList *list;
  GSList *files = NULL;
  GValue value = G_VALUE_INIT;
  RlxSidebar *sidebar = RLX_SIDEBAR (child (window, "sidebar"));
  RlxPlotView *plot = RLX_PLOT_VIEW (child (window, "plot_view"));
  RlxRunItem *selected;
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  for (guint i = 0; i < drop->files->len; i++)
    files = g_slist_append (files, g_ptr_array_index (drop->files, i));
  list = gdk_file_list_new_from_list (files);
  g_slist_free (files);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);

  g_assert_true (wait_for (project_has_runs, window, 20000));
  g_assert_cmpuint (rlx_project_get_n_runs (rlx_window_get_project (window)), ==, drop->files->len);
  g_assert_cmpuint (rlx_project_get_n_samples (rlx_window_get_project (window)), >=, 1);
  spin (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (window, "main_stack"))), ==, "runs");

  /* The import selects its first run, which the plot draws */
  selected = rlx_sidebar_get_selected_run (sidebar);
  g_assert_nonnull (selected);
  g_assert_true (wait_for (plot_has_figure, plot, 5000));
  spin (100);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (plot)));

  /* Every run can be selected by id */
  for (guint i = 0; i < drop->files->len; i++)
    {
      GListModel *samples = rlx_project_get_samples (rlx_window_get_project (window));
      g_autoptr(RlxSampleItem) sample = g_list_model_get_item (samples, 0);
      GListModel *runs = rlx_sample_item_get_runs (sample);

      if (i < g_list_model_get_n_items (runs))
        {
          g_autoptr(RlxRunItem) run = g_list_model_get_item (runs, i);

          g_assert_true (rlx_window_select_run (window, rlx_run_item_get_id (run)));
          g_assert_true (rlx_sidebar_get_selected_run (sidebar) == run);
          g_assert_true (rlx_fit_panel_get_run (RLX_FIT_PANEL (child (window, "fit_panel"))) == run);
        }
    }

  /* The annealed run: its peak is drawn with editable overlays, fitted in a worker, and the
   * analysis is stored as a new row. */
  {
    RlxFitPanel *panel = RLX_FIT_PANEL (child (window, "fit_panel"));
    GListModel *samples = rlx_project_get_samples (rlx_window_get_project (window));
    g_autoptr(RlxSampleItem) sample = g_list_model_get_item (samples, 0);
    GListModel *runs = rlx_sample_item_get_runs (sample);
    g_autoptr(GPtrArray) analyses = NULL;
    g_autoptr(GError) error = NULL;
    RlxRunItem *annealed = NULL;
    const RlxFitResult *result;
    double lo, hi;

    for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
      {
        g_autoptr(RlxRunItem) run = g_list_model_get_item (runs, i);

        if (rlx_run_item_get_role (run) == RLX_RUN_ROLE_ANNEALED)
          annealed = run;
      }
    g_assert_nonnull (annealed);
    g_assert_true (rlx_window_select_run (window, rlx_run_item_get_id (annealed)));
    g_assert_nonnull (rlx_fit_panel_get_peak (panel));
    g_assert_true (rlx_fit_panel_get_can_fit (panel));
    g_assert_true (rlx_plot_view_get_editable (plot));
    g_assert_true (rlx_plot_view_get_window (plot, &lo, &hi));
    g_assert_cmpfloat (lo, <, hi);

    gtk_widget_activate_action (GTK_WIDGET (window), "win.fit", NULL);
    g_assert_true (wait_for (fit_finished, panel, 20000));
    result = rlx_fit_panel_get_result (panel);
    g_assert_true (rlx_fit_result_is_success (result));
    g_assert_cmpfloat (rlx_fit_result_get_value (result, "Tp"), >, lo);
    g_assert_cmpfloat (rlx_fit_result_get_value (result, "Tp"), <, hi);
    g_assert_cmpuint (rlx_fit_panel_get_n_results (panel), >=, 3);

    analyses = rlx_store_list_analyses (rlx_project_get_store (rlx_window_get_project (window)),
                                        rlx_run_item_get_id (annealed), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (analyses->len, >=, 1);

    /* A fit superseded by another selection changes nothing when it ends: no analysis for
     * either run, and the panel is not left busy. */
    {
      g_autoptr(GPtrArray) before = g_ptr_array_ref (analyses);
      g_autoptr(GPtrArray) after = NULL;
      g_autoptr(GPtrArray) on_reference = NULL;
      RlxRunItem *reference = NULL;

      for (guint k = 0; k < g_list_model_get_n_items (samples); k++)
        {
          g_autoptr(RlxSampleItem) other = g_list_model_get_item (samples, k);
          GListModel *other_runs = rlx_sample_item_get_runs (other);

          for (guint i = 0; i < g_list_model_get_n_items (other_runs); i++)
            {
              g_autoptr(RlxRunItem) run = g_list_model_get_item (other_runs, i);

              if (rlx_run_item_get_role (run) == RLX_RUN_ROLE_REFERENCE)
                reference = run;
            }
        }
      g_assert_nonnull (reference);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.fit", NULL);
      g_assert_true (rlx_fit_panel_get_busy (panel));
      g_assert_true (rlx_window_select_run (window, rlx_run_item_get_id (reference)));
      g_assert_false (rlx_fit_panel_get_busy (panel));
      spin (1500);
      g_assert_false (rlx_fit_panel_get_busy (panel));
      g_assert_null (rlx_fit_panel_get_result (panel));
      after = rlx_store_list_analyses (rlx_project_get_store (rlx_window_get_project (window)),
                                       rlx_run_item_get_id (annealed), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (after->len, ==, before->len);
      on_reference = rlx_store_list_analyses (rlx_project_get_store (rlx_window_get_project (window)),
                                              rlx_run_item_get_id (reference), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (on_reference->len, ==, 0);
      g_assert_true (rlx_window_select_run (window, rlx_run_item_get_id (annealed)));
    }
  }

  check_export_dialog (app, window);
}

static void
test_gui_drop_import (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db_path = g_build_filename (dir, "drop-test.relaxun", NULL);
  g_autofree char *reference = rlx_test_source_path ("data/demo/fdsc_ref.txt");
  g_autofree char *annealed = rlx_test_source_path ("data/demo/fdsc_Ta303K_ta100s.txt");
  const char *args[] = { db_path, NULL };
  DropData drop = { g_ptr_array_new_with_free_func (g_object_unref), 0 };

  if (!g_file_test (reference, G_FILE_TEST_IS_REGULAR) || !g_file_test (annealed, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("the demo export files are not in the source tree");
      g_ptr_array_unref (drop.files);
      return;
    }
  g_ptr_array_add (drop.files, g_file_new_for_path (reference));
  g_ptr_array_add (drop.files, g_file_new_for_path (annealed));
  run_app (args, check_drop, &drop);
  g_ptr_array_unref (drop.files);
}

/* The import dialog: a file the importer is unsure about is shown before anything is saved,
 * and the answers are what the database keeps. */

typedef struct
{
  char *unsure;
  char *plain;
} ReviewData;

static gboolean
import_finished (gpointer data)
{
  return !rlx_window_get_importing (data);
}

static gboolean
project_has_n_runs (gpointer data)
{
  RlxWindow *window = data;

  return rlx_project_get_n_runs (rlx_window_get_project (window)) >= 1;
}

static void
check_import_dialog (RlxApplication *app,
                     RlxWindow      *window,
                     gpointer        data)
{
  ReviewData *review = data;
  g_autoptr(GFile) unsure = g_file_new_for_path (review->unsure);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(RlxRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  RlxImportDialog *dialog;
  RlxStore *store;
  GtkLabel *error_label;

  rlx_window_import_files (window, &unsure, 1);
  g_assert_true (rlx_window_get_importing (window));
  g_assert_true (wait_for (toplevel_is_shown, GSIZE_TO_POINTER (RLX_TYPE_IMPORT_DIALOG), 10000));
  dialog = RLX_IMPORT_DIALOG (find_toplevel (RLX_TYPE_IMPORT_DIALOG));

  /* Nothing is saved while the dialog waits */
  spin (100);
  g_assert_cmpuint (rlx_project_get_n_runs (rlx_window_get_project (window)), ==, 0);
  g_assert_true (rlx_window_get_importing (window));

  /* A heating scan of unknown role is proposed as annealed, named after the file */
  g_assert_cmpint (rlx_import_dialog_get_role (dialog), ==, RLX_RUN_ROLE_ANNEALED);
  g_assert_cmpstr (rlx_import_dialog_get_sample_name (dialog), ==, "mystery-scan");
  g_assert_cmpuint (rlx_import_dialog_get_n_steps (dialog), ==, 0);

  /* Refused without a name, and without a step for an annealed scan */
  error_label = GTK_LABEL (dialog_child (dialog, "error_label"));
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "sample_row")), "  ");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import-dialog.confirm", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (find_toplevel (RLX_TYPE_IMPORT_DIALOG) == GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "sample_row")), "Glass A");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import-dialog.confirm", NULL);
  g_assert_true (find_toplevel (RLX_TYPE_IMPORT_DIALOG) == GTK_WINDOW (dialog));

  /* Two steps through the add action, values typed into the spin buttons' rows */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import-dialog.add-step", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import-dialog.add-step", NULL);
  g_assert_cmpuint (rlx_import_dialog_get_n_steps (dialog), ==, 2);
  rlx_import_dialog_set_step (dialog, 0, 353.0, 5.0);
  rlx_import_dialog_set_step (dialog, 1, 313.0, 100.0);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import-dialog.confirm", NULL);

  g_assert_true (wait_for (import_finished, window, 10000));
  g_assert_null (find_toplevel (RLX_TYPE_IMPORT_DIALOG));
  g_assert_true (wait_for (project_has_n_runs, window, 2000));

  /* The stored run is what the person said */
  store = rlx_project_get_store (rlx_window_get_project (window));
  runs = rlx_store_list_runs (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  record = rlx_store_load_run (store, ((RlxRunRecord *) g_ptr_array_index (runs, 0))->id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->sample_name, ==, "Glass A");
  g_assert_cmpint (record->data->role, ==, RLX_RUN_ROLE_ANNEALED);
  g_assert_cmpuint (record->data->anneal_steps->len, ==, 2);
  g_assert_cmpfloat (g_array_index (record->data->anneal_steps, RlxAnnealStep, 0).temperature, ==, 353.0);
  g_assert_cmpfloat (g_array_index (record->data->anneal_steps, RlxAnnealStep, 1).temperature, ==, 313.0);
  g_assert_cmpfloat (g_array_index (record->data->anneal_steps, RlxAnnealStep, 1).duration, ==, 100.0);

  /* Skipping a file saves nothing of it */
  {
    g_autofree char *dir = g_path_get_dirname (review->unsure);
    g_autofree char *second = g_build_filename (dir, "another-scan.csv", NULL);
    g_autofree char *text = NULL;
    g_autoptr(GFile) file = NULL;

    g_assert_true (g_file_get_contents (review->unsure, &text, NULL, NULL));
    /* Different bytes, so that it is not a duplicate */
    g_assert_true (g_file_set_contents (second, text, (gssize) strlen (text) - 1, NULL));
    file = g_file_new_for_path (second);
    rlx_window_import_files (window, &file, 1);
    g_assert_true (wait_for (toplevel_is_shown, GSIZE_TO_POINTER (RLX_TYPE_IMPORT_DIALOG), 10000));
    gtk_widget_activate_action (GTK_WIDGET (find_toplevel (RLX_TYPE_IMPORT_DIALOG)), "import-dialog.skip", NULL);
    g_assert_true (wait_for (import_finished, window, 10000));
    g_assert_cmpuint (rlx_project_get_n_runs (rlx_window_get_project (window)), ==, 1);
  }

  /* A file the importer is sure about goes straight in */
  {
    g_autoptr(GFile) plain = g_file_new_for_path (review->plain);

    rlx_window_import_files (window, &plain, 1);
    g_assert_true (wait_for (import_finished, window, 10000));
    g_assert_null (find_toplevel (RLX_TYPE_IMPORT_DIALOG));
    g_assert_cmpuint (rlx_project_get_n_runs (rlx_window_get_project (window)), ==, 2);
  }

  /* A bare table with three unnamed columns: the person says which is T and which the signal */
  {
    g_autofree char *dir = g_path_get_dirname (review->unsure);
    g_autofree char *bare = g_build_filename (dir, "bare-table.dat", NULL);
    g_autoptr(GString) text = g_string_new (NULL);
    g_autoptr(GFile) file = NULL;
    g_autoptr(GPtrArray) all = NULL;
    g_autoptr(RlxRunRecord) stored = NULL;
    RlxChannel *t, *heat;

    for (int i = 0; i <= 100; i++)
      g_string_append_printf (text, "%d\t%.2f\t%.5f\n", i, 300.0 + i, 0.02 + 1e-4 * i);
    g_assert_true (g_file_set_contents (bare, text->str, -1, NULL));
    file = g_file_new_for_path (bare);
    rlx_window_import_files (window, &file, 1);
    g_assert_true (wait_for (toplevel_is_shown, GSIZE_TO_POINTER (RLX_TYPE_IMPORT_DIALOG), 10000));
    dialog = RLX_IMPORT_DIALOG (find_toplevel (RLX_TYPE_IMPORT_DIALOG));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog_child (dialog, "columns_group"))));
    rlx_import_dialog_set_role (dialog, RLX_RUN_ROLE_REFERENCE);
    rlx_import_dialog_set_columns (dialog, 1, 2);
    gtk_widget_activate_action (GTK_WIDGET (dialog), "import-dialog.confirm", NULL);
    g_assert_true (wait_for (import_finished, window, 10000));
    g_assert_cmpuint (rlx_project_get_n_runs (rlx_window_get_project (window)), ==, 3);

    all = rlx_store_list_runs (store, 0, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < all->len; i++)
      {
        RlxRunRecord *r = g_ptr_array_index (all, i);

        if (g_strcmp0 (r->source_name, "bare-table.dat") == 0)
          stored = rlx_store_load_run (store, r->id, TRUE, &error);
      }
    g_assert_no_error (error);
    g_assert_nonnull (stored);
    g_assert_cmpint (stored->data->role, ==, RLX_RUN_ROLE_REFERENCE);
    t = rlx_run_data_get_channel (stored->data, RLX_QUANTITY_TEMPERATURE);
    heat = rlx_run_data_get_channel (stored->data, RLX_QUANTITY_HEAT_FLOW);
    g_assert_nonnull (t);
    g_assert_nonnull (heat);
    g_assert_cmpfloat (t->values[0], ==, 300.0);
    g_assert_cmpfloat_with_epsilon (heat->values[100], 0.03, 1e-9);
  }
}

static void
test_gui_import_dialog (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db_path = g_build_filename (dir, "review-test.relaxun", NULL);
  g_autofree char *plain = rlx_test_source_path ("data/demo/fdsc_ref.txt");
  g_autoptr(GString) table = g_string_new ("Temperature (°C);Heat Flow (mW)\n");
  const char *args[] = { db_path, NULL };
  ReviewData review = { g_build_filename (dir, "mystery-scan.csv", NULL), plain };

  /* A DSC heating scan at 10 K/min with a small step and nothing in its name. */
  for (int i = 0; i <= 200; i++)
    g_string_append_printf (table, "%.1f;%.5f\n", 30.0 + i, 0.02 * i / 200.0 + (i > 120 ? 0.05 : 0.0));
  g_assert_true (g_file_set_contents (review.unsure, table->str, -1, NULL));
  run_app (args, check_import_dialog, &review);
  g_free (review.unsure);
}

/* Closing the window while workers run: their results arrive after the window is gone and
 * must change nothing (no critical, no crash), and the window is then freed. */

typedef struct
{
  GPtrArray *files;
  GObject   *window;   /* weak */
} CloseData;

static void
check_close_while_busy (RlxApplication *app,
                        RlxWindow      *window,
                        gpointer        data)
{
  CloseData *close = data;

  rlx_window_import_files (window, (GFile **) close->files->pdata, close->files->len);
  g_assert_true (rlx_window_get_importing (window));
  close->window = G_OBJECT (window);
  g_object_add_weak_pointer (close->window, (gpointer *) &close->window);
}

static gboolean
window_freed (gpointer data)
{
  CloseData *close = data;

  return close->window == NULL;
}

static void
test_gui_close_while_busy (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db_path = g_build_filename (dir, "close-test.relaxun", NULL);
  g_autofree char *reference = rlx_test_source_path ("data/demo/fdsc_ref.txt");
  g_autofree char *annealed = rlx_test_source_path ("data/demo/fdsc_Ta303K_ta100s.txt");
  const char *args[] = { db_path, NULL };
  CloseData close = { g_ptr_array_new_with_free_func (g_object_unref), NULL };

  g_ptr_array_add (close.files, g_file_new_for_path (reference));
  g_ptr_array_add (close.files, g_file_new_for_path (annealed));
  run_app (args, check_close_while_busy, &close);

  /* The workers finish into the closed window; this thread keeps the main context so that
   * their callbacks run here, as they would in the application. */
  g_assert_true (g_main_context_acquire (NULL));
  g_assert_true (wait_for (window_freed, &close, 20000));
  spin (200);
  g_main_context_release (NULL);
  g_ptr_array_unref (close.files);
}

/* A DMA sweep: fitted with two processes in the fit panel, then drawn with the fit and its
 * α and β components from the stored analysis. */

/* The components are shaded areas under their curves; the legend names the areas. */
static const RlxFill *
find_fill (const RlxFigure *figure,
           const char      *label)
{
  const RlxPanel *panel = g_ptr_array_index (figure->panels, 0);

  for (guint i = 0; i < panel->fills->len; i++)
    {
      const RlxFill *fill = g_ptr_array_index (panel->fills, i);

      if (g_strcmp0 (fill->label, label) == 0)
        return fill;
    }
  return NULL;
}

static void
check_dma (RlxApplication *app,
           RlxWindow      *window,
           gpointer        data)
{
  GFile *file = data;
  RlxFitPanel *panel = RLX_FIT_PANEL (child (window, "fit_panel"));
  RlxPlotView *plot = RLX_PLOT_VIEW (child (window, "plot_view"));
  const RlxFitResult *result;
  const RlxFigure *figure;

  rlx_window_import_files (window, &file, 1);
  g_assert_true (wait_for (import_finished, window, 20000));
  g_assert_true (wait_for (project_has_n_runs, window, 2000));
  g_assert_nonnull (rlx_fit_panel_get_run (panel));
  g_assert_true (rlx_run_item_is_dma (rlx_fit_panel_get_run (panel)));
  g_assert_true (wait_for (plot_has_figure, plot, 5000));
  g_assert_null (find_fill (rlx_plot_view_get_figure (plot), "α process"));

  g_assert_true (rlx_fit_panel_get_can_fit (panel));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.fit", NULL);
  g_assert_true (wait_for (fit_finished, panel, 60000));
  result = rlx_fit_panel_get_result (panel);
  if (!rlx_fit_result_is_success (result))
    g_test_message ("DMA fit (%s): %s", result->model_id, result->message);
  g_assert_true (rlx_fit_result_is_success (result));

  figure = rlx_plot_view_get_figure (plot);
  g_assert_nonnull (figure);
  g_assert_nonnull (find_fill (figure, "α process"));
  g_assert_nonnull (find_fill (figure, "β process"));
  /* α peaks above β in temperature */
  {
    const RlxFill *alpha = find_fill (figure, "α process");
    const RlxFill *beta = find_fill (figure, "β process");
    gsize ia = 0, ib = 0;

    for (gsize i = 1; i < alpha->n; i++)
      {
        if (alpha->y_high[i] > alpha->y_high[ia])
          ia = i;
        if (beta->y_high[i] > beta->y_high[ib])
          ib = i;
      }
    g_assert_cmpfloat (alpha->x[ia], >, beta->x[ib]);
  }
  spin (100);
}

static void
test_gui_dma (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db_path = g_build_filename (dir, "dma-test.relaxun", NULL);
  g_autofree char *sweep = rlx_test_source_path ("data/demo/dma_2Hz_sweep.txt");
  g_autoptr(GFile) file = g_file_new_for_path (sweep);
  const char *args[] = { db_path, NULL };

  run_app (args, check_dma, file);
}

/* The demo database: an annealed run opens with its stored fit, and a sample row shows the
 * sample's figures, built in a worker from the stored fits. */

static gboolean
plot_shows_axis (gpointer data)
{
  RlxPlotView *plot = data;
  const RlxFigure *figure = rlx_plot_view_get_figure (plot);
  const RlxPanel *panel;

  if (figure == NULL || figure->panels->len != 1)
    return FALSE;
  panel = g_ptr_array_index (figure->panels, 0);
  return g_strcmp0 (panel->x.label, "T_a (K)") == 0;
}

static gboolean
plot_shows_family (gpointer data)
{
  const RlxFigure *figure = rlx_plot_view_get_figure (data);

  return figure != NULL && g_strcmp0 (((RlxPanel *) g_ptr_array_index (figure->panels, 0))->x.label, "T (K)") == 0;
}

static gboolean
plot_has_layout (gpointer data)
{
  double px, py;

  return rlx_plot_view_data_to_widget (data, 300.0, 100.0, &px, &py);
}

static void
check_stored (RlxApplication *app,
              RlxWindow      *window,
              gpointer        data)
{
  RlxFitPanel *panel = RLX_FIT_PANEL (child (window, "fit_panel"));
  RlxPlotView *plot = RLX_PLOT_VIEW (child (window, "plot_view"));
  RlxStore *store = rlx_project_get_store (rlx_window_get_project (window));
  GListModel *samples = rlx_project_get_samples (rlx_window_get_project (window));
  g_autoptr(RlxSampleItem) sample = g_list_model_get_item (samples, 0);
  GListModel *runs = rlx_sample_item_get_runs (sample);
  g_autoptr(RlxAnalysisRecord) stored = NULL;
  g_autoptr(RlxFitResult) stored_result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RlxRecipe) recipe = NULL;
  const RlxFitResult *shown;
  const RlxFigure *figure;
  RlxRunItem *annealed = NULL;
  double lo, hi, x, y;
  int width, height;

  for (guint i = 0; i < g_list_model_get_n_items (runs) && annealed == NULL; i++)
    {
      g_autoptr(RlxRunItem) run = g_list_model_get_item (runs, i);

      if (rlx_run_item_get_role (run) == RLX_RUN_ROLE_ANNEALED)
        {
          stored = rlx_store_get_current_analysis (store, rlx_run_item_get_id (run), "peak-fit", NULL);
          if (stored != NULL)
            annealed = run;
        }
    }
  g_assert_nonnull (annealed);
  g_assert_true (json_parser_load_from_data (parser, stored->result_json, -1, NULL));
  stored_result = rlx_fit_result_from_json (json_parser_get_root (parser), NULL);
  g_assert_nonnull (stored_result);
  recipe = rlx_recipe_from_json (stored->recipe_json, NULL);
  g_assert_nonnull (recipe);

  /* Selecting the run shows the stored fit without fitting again */
  g_assert_true (rlx_window_select_run (window, rlx_run_item_get_id (annealed)));
  g_assert_false (rlx_fit_panel_get_busy (panel));
  shown = rlx_fit_panel_get_result (panel);
  g_assert_nonnull (shown);
  g_assert_cmpstr (shown->model_id, ==, stored_result->model_id);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (shown, "Tp"),
                                  rlx_fit_result_get_value (stored_result, "Tp"), 1e-9);
  g_assert_cmpuint (rlx_fit_panel_get_n_results (panel), >=, stored_result->params->len);
  g_assert_true (g_str_has_prefix (rlx_fit_panel_get_status (panel), "Stored fit from "));
  /* … with the window it was fitted in */
  if (recipe->has_window)
    {
      g_assert_true (rlx_fit_panel_get_recipe (panel)->has_window);
      g_assert_cmpfloat_with_epsilon (rlx_fit_panel_get_recipe (panel)->window.lo, recipe->window.lo, 1e-9);
      g_assert_true (rlx_plot_view_get_window (plot, &lo, &hi));
      g_assert_cmpfloat_with_epsilon (lo, recipe->window.lo, 1e-6);
      g_assert_cmpfloat_with_epsilon (hi, recipe->window.hi, 1e-6);
    }
  /* … drawn as a fit curve over the peak, with the residual panel below */
  g_assert_true (wait_for (plot_has_figure, plot, 5000));
  figure = rlx_plot_view_get_figure (plot);
  g_assert_cmpuint (figure->panels->len, ==, 2);
  spin (200);

  /* The sample row: E* against Ta from the stored fits */
  g_assert_true (rlx_window_select_sample (window, rlx_sample_item_get_id (sample), "estar-ta"));
  g_assert_null (rlx_fit_panel_get_run (panel));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (window, "sample_figure_dropdown"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_true (wait_for (plot_shows_axis, plot, 10000));
  g_assert_true (wait_for (plot_has_layout, plot, 5000));
  /* The middle of the plot is inside the demo's Ta and E* ranges */
  width = gtk_widget_get_width (GTK_WIDGET (plot));
  height = gtk_widget_get_height (GTK_WIDGET (plot));
  g_assert_true (rlx_plot_view_widget_to_data (plot, width / 2.0, height / 2.0, &x, &y));
  g_assert_cmpfloat (x, >, 250.0);
  g_assert_cmpfloat (x, <, 400.0);
  g_assert_cmpfloat (y, >, 20.0);
  g_assert_cmpfloat (y, <, 450.0);
  {
    const RlxPanel *estar = g_ptr_array_index (rlx_plot_view_get_figure (plot)->panels, 0);

    g_assert_cmpstr (estar->y.label, ==, "E* (kJ mol^{-1})");
  }

  /* Export offers the figure on screen */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  g_assert_true (wait_for (toplevel_is_shown, GSIZE_TO_POINTER (RLX_TYPE_EXPORT_DIALOG), 2000));
  close_toplevel (RLX_TYPE_EXPORT_DIALOG);

  /* Another kind from the drop-down (the peak family), then back to a run */
  g_assert_true (rlx_window_select_sample (window, rlx_sample_item_get_id (sample), "family"));
  g_assert_true (wait_for (plot_shows_family, plot, 10000));
  g_assert_true (rlx_window_select_run (window, rlx_run_item_get_id (annealed)));
  g_assert_true (rlx_fit_panel_get_run (panel) == annealed);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (window, "sample_figure_dropdown"))));
  spin (200);
}

static void
test_gui_stored_fit (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db_path = g_build_filename (dir, "demo-test.relaxun", NULL);
  g_autofree char *exports = rlx_test_source_path ("data/demo");
  const char *cli = g_getenv ("RLX_CLI");
  const char *args[] = { db_path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;
  int status = 0;

  if (cli == NULL || !g_file_test (exports, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("relaxun-cli or the demo export files are not available");
      return;
    }
  {
    const char *argv[] = { cli, "demo", "--db", db_path, "--exports", exports, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                 NULL, &err_text, &status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("relaxun-cli demo failed: %s", err_text);
  }
  run_app (args, check_stored, NULL);
}

/* The command line */

static void
test_gui_version_help (void)
{
  g_autofree char *exe = g_build_filename (g_getenv ("RLX_BUILD_DIR"), "src", "relaxun", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *version_argv[] = { exe, "--version", NULL };
  const char *help_argv[] = { exe, "--help", NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) version_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "relaxun " PACKAGE_VERSION "\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_spawn_sync (NULL, (char **) help_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "--demo"));
  g_assert_nonnull (strstr (out, "--version"));
  g_assert_nonnull (strstr (out, "DATABASE"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = NULL;

  /* Keep the default and demo databases out of the user's data folder. */
  data_home = g_dir_make_tmp ("relaxun-gui-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* No accessibility bus in the test session. */
  g_setenv ("GTK_A11Y", "none", TRUE);

  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/relaxun/gui/empty-window", test_gui_empty_window);
  g_test_add_func ("/relaxun/gui/drop-import", test_gui_drop_import);
  g_test_add_func ("/relaxun/gui/import-dialog", test_gui_import_dialog);
  g_test_add_func ("/relaxun/gui/close-while-busy", test_gui_close_while_busy);
  g_test_add_func ("/relaxun/gui/dma", test_gui_dma);
  g_test_add_func ("/relaxun/gui/stored-fit", test_gui_stored_fit);
  g_test_add_func ("/relaxun/gui/version-help", test_gui_version_help);
  return g_test_run ();
}
