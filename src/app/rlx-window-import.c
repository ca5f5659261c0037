/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rlx-window-private.h"

#ifdef RLX_HAVE_IMPORT
# include "rlx-import.h"
#endif
#ifdef RLX_HAVE_DEMO
# include "rlx-demo.h"
#endif

/* Import of instrument exports (file chooser, drag and drop, command line) in a worker, and
 * the demo database built on first use. */

static void
add_export_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) text = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  static const char * const patterns[] = {
    "*.txt", "*.TXT", "*.csv", "*.CSV", "*.tsv", "*.dat", "*.DAT", "*.asc", "*.ASC", "*.exp", "*.EXP",
  };

  gtk_file_filter_set_name (text, _("Instrument text exports"));
  gtk_file_filter_add_mime_type (text, "text/plain");
  gtk_file_filter_add_mime_type (text, "text/csv");
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    gtk_file_filter_add_pattern (text, patterns[i]);
  gtk_file_chooser_add_filter (chooser, text);

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

static void
on_import_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            RlxWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      if (array->len > 0)
        rlx_window_import_files (self, (GFile **) array->pdata, array->len);
    }
  g_object_unref (chooser);
}

void
rlx_window_import_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  RlxWindow *self = RLX_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import Instrument Exports"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  add_export_filters (GTK_FILE_CHOOSER (chooser));
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

#ifdef RLX_HAVE_IMPORT
static void
on_import_progress (guint       index,
                    guint       n_files,
                    const char *file_name,
                    gpointer    user_data)
{
  RlxWindow *self = user_data;
  g_autofree char *base = g_path_get_basename (file_name);
  g_autofree char *title = NULL;

  if (self->import_toast == NULL)
    return;
  /* Translators: progress of an import: file number, number of files, file name */
  title = g_strdup_printf (_("Importing %u of %u: %s"), index + 1, n_files, base);
  adw_toast_set_title (self->import_toast, title);
}

static char *
build_summary (GPtrArray *outcomes,
               guint     *n_failed)
{
  guint n_files = 0, n_runs = 0, n_duplicates = 0;
  g_autofree char *files = NULL;
  g_autofree char *runs = NULL;

  *n_failed = 0;
  for (guint i = 0; i < outcomes->len; i++)
    {
      RlxImportOutcome *outcome = g_ptr_array_index (outcomes, i);

      if (!outcome->ok)
        (*n_failed)++;
      else if (outcome->duplicate)
        n_duplicates++;
      else
        {
          n_files++;
          n_runs += outcome->run_ids != NULL ? outcome->run_ids->len : 0;
        }
    }

  files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file", "%u files", n_files), n_files);
  runs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run", "%u runs", n_runs), n_runs);
  if (n_duplicates > 0 && *n_failed > 0)
    /* Translators: "Imported 3 files, 5 runs; 1 duplicate, 1 failed" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %s, %s; %u duplicate, %u failed",
                                         "Imported %s, %s; %u duplicates, %u failed", n_duplicates),
                            files, runs, n_duplicates, *n_failed);
  if (n_duplicates > 0)
    /* Translators: "Imported 3 files, 5 runs; 1 duplicate" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %s, %s; %u duplicate",
                                         "Imported %s, %s; %u duplicates", n_duplicates),
                            files, runs, n_duplicates);
  if (*n_failed > 0)
    /* Translators: "Imported 3 files, 5 runs; 1 failed" */
    return g_strdup_printf (_("Imported %s, %s; %u failed"), files, runs, *n_failed);
  /* Translators: "Imported 3 files, 5 runs" */
  return g_strdup_printf (_("Imported %s, %s"), files, runs);
}

static void
show_failures (RlxWindow *self,
               GPtrArray *outcomes,
               guint      n_failed)
{
  g_autoptr(GString) body = g_string_new (NULL);

  for (guint i = 0; i < outcomes->len; i++)
    {
      RlxImportOutcome *outcome = g_ptr_array_index (outcomes, i);
      g_autofree char *base = NULL;

      if (outcome->ok)
        continue;
      base = g_path_get_basename (outcome->path);
      if (body->len > 0)
        g_string_append (body, "\n\n");
      g_string_append_printf (body, "%s\n%s", base,
                              outcome->error_message != NULL ? outcome->error_message : _("Unknown error"));
    }
  g_string_append (body, "\n\n");
  g_string_append (body, _("Nothing was saved from these files; the database is unchanged for them."));
  rlx_window_show_error (self,
                         g_dngettext (GETTEXT_PACKAGE, "A File Could Not Be Imported",
                                      "Some Files Could Not Be Imported", n_failed),
                         body->str);
}

static void
on_import_finished (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RlxWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = rlx_import_files_finish (result, &error);
  g_autoptr(GError) reload_error = NULL;
  g_autofree char *summary = NULL;
  gint64 first_new = 0;
  guint n_failed = 0;

  if (self->import_toast != NULL)
    adw_toast_dismiss (self->import_toast);
  g_clear_object (&self->import_toast);
  g_clear_object (&self->import_cancellable);
  rlx_window_update_actions (self);

  if (outcomes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rlx_window_show_error (self, _("Import Failed"), error->message);
      return;
    }
  if (self->project != NULL && !rlx_project_reload (self->project, &reload_error))
    rlx_window_show_error (self, _("Cannot Read the Database"), reload_error->message);

  for (guint i = 0; i < outcomes->len && first_new == 0; i++)
    {
      RlxImportOutcome *outcome = g_ptr_array_index (outcomes, i);

      if (outcome->ok && outcome->run_ids != NULL && outcome->run_ids->len > 0)
        first_new = g_array_index (outcome->run_ids, gint64, 0);
    }

  summary = build_summary (outcomes, &n_failed);
  rlx_window_show_toast (self, summary);
  if (n_failed > 0)
    show_failures (self, outcomes, n_failed);
  if (first_new > 0)
    rlx_window_select_run (self, first_new);
}
#endif

void
rlx_window_import_files (RlxWindow  *self,
                         GFile     **files,
                         guint       n_files)
{
  g_return_if_fail (RLX_IS_WINDOW (self));

  if (n_files == 0)
    return;
  if (self->project == NULL)
    {
      rlx_window_show_error (self, _("No Database Is Open"),
                             _("Open or create a database before importing files."));
      return;
    }

#ifdef RLX_HAVE_IMPORT
  {
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < n_files; i++)
      {
        char *path = g_file_get_path (files[i]);

        if (path != NULL)
          g_ptr_array_add (paths, path);
      }
    if (paths->len == 0)
      {
        rlx_window_show_error (self, _("Cannot Import"),
                               _("Only files on this computer can be imported."));
        return;
      }
    g_ptr_array_add (paths, NULL);

    if (self->import_cancellable != NULL)
      g_cancellable_cancel (self->import_cancellable);
    g_clear_object (&self->import_cancellable);
    self->import_cancellable = g_cancellable_new ();

    if (self->import_toast != NULL)
      adw_toast_dismiss (self->import_toast);
    g_clear_object (&self->import_toast);
    self->import_toast = g_object_ref (adw_toast_new (_("Importing…")));
    adw_toast_set_timeout (self->import_toast, 0);
    adw_toast_set_priority (self->import_toast, ADW_TOAST_PRIORITY_HIGH);
    adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->import_toast));

    rlx_import_files_async (rlx_project_get_path (self->project),
                            (const char * const *) paths->pdata, NULL,
                            self->import_cancellable,
                            on_import_progress, self,
                            on_import_finished, g_object_ref (self));
    rlx_window_update_actions (self);
  }
#else
  rlx_window_show_error (self, _("Cannot Import"),
                         _("This build of Relaxun has no importer."));
#endif
}

/* The demo */

#ifdef RLX_HAVE_DEMO
static void
remove_database_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
}

static void
build_demo_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const char *path = task_data;
  g_autofree char *exports = rlx_demo_find_exports_dir ();
  g_autofree char *partial = g_strconcat (path, ".part", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  GError *error = NULL;

  if (exports == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The demo export files are not installed (no demo folder with a manifest.json was found)."));
      return;
    }
  g_mkdir_with_parents (folder, 0750);
  /* Built under another name, so an interrupted build never looks like a finished demo. */
  remove_database_files (partial);
  if (!rlx_demo_build_database (partial, exports, cancellable, &error))
    {
      remove_database_files (partial);
      g_task_return_error (task, error);
      return;
    }
  if (g_rename (partial, path) != 0)
    {
      int saved_errno = errno;

      remove_database_files (partial);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Cannot move the demo database into place: %s"),
                               g_strerror (saved_errno));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_demo_built (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RlxWindow *self = RLX_WINDOW (source);
  g_autoptr(GError) error = NULL;
  const char *path = g_task_get_task_data (G_TASK (result));

  g_clear_object (&self->busy_cancellable);
  rlx_window_update_page (self);
  rlx_window_update_actions (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rlx_window_show_error (self, _("Cannot Build the Demo"), error->message);
      return;
    }
  if (rlx_window_open_database (self, path))
    rlx_window_show_toast (self, _("The demo database is ready"));
}
#endif

void
rlx_window_open_demo (RlxWindow *self)
{
  g_autofree char *path = rlx_application_dup_demo_database ();

  g_return_if_fail (RLX_IS_WINDOW (self));

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      rlx_window_open_database (self, path);
      return;
    }
  if (self->busy_cancellable != NULL)
    return;

#ifdef RLX_HAVE_DEMO
  {
    g_autoptr(GTask) task = NULL;

    self->busy_cancellable = g_cancellable_new ();
    task = g_task_new (self, self->busy_cancellable, on_demo_built, NULL);
    g_task_set_source_tag (task, rlx_window_open_demo);
    g_task_set_task_data (task, g_steal_pointer (&path), g_free);
    g_task_run_in_thread (task, build_demo_worker);
    rlx_window_update_page (self);
    rlx_window_update_actions (self);
  }
#else
  rlx_window_show_error (self, _("Cannot Build the Demo"),
                         _("This build of Relaxun has no simulator for the demo data."));
#endif
}
