/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rlx-window-private.h"

#include "rlx-demo.h"
#include "rlx-import-dialog.h"
#include "rlx-import.h"

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

@@IMPORT@@
/* The demo */

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

  /* A window closed meanwhile has no busy cancellable any more: nothing to show. */
  if (self->busy_cancellable == NULL || self->busy_cancellable != g_task_get_cancellable (G_TASK (result)))
    return;
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
}
