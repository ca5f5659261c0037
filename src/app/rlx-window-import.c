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
#include "rlx-pairing.h"

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

/* An import runs in three steps: a worker reads every file; the files the importer is unsure
 * about are shown one after the other in an RlxImportDialog; a second worker saves each file
 * in its own transaction. The job is shared by the workers, their progress notes and the
 * dialogs; every callback first checks that its job is still the window's current one, so
 * nothing touches a window that was closed or an import that was cancelled. */

typedef struct
{
  char       *path;
  char       *base;
  GBytes     *bytes;
  GPtrArray  *runs;           /* RlxRunData; NULL when reading failed */
  char       *format;
  char       *error;          /* why reading or saving failed */
  gboolean    review;         /* the importer is unsure: ask */
  gboolean    skipped;        /* the person skipped it in the dialog */
  char       *sample_name;    /* from the dialog; NULL: the file's own */
  gboolean    saved;
  gboolean    duplicate;
  GArray     *run_ids;        /* gint64, after saving */
} ImportFile;

typedef struct
{
  RlxWindow       *window;    /* strong; only looked at on the main thread */
  char            *db_path;
  GPtrArray       *files;     /* ImportFile */
  GCancellable    *cancellable;
  RlxImportDialog *dialog;    /* the one open, or NULL */
  guint            next_review;
  gboolean         window_gone;
} ImportJob;

static void
import_file_free (gpointer data)
{
  ImportFile *file = data;

  g_free (file->path);
  g_free (file->base);
  g_clear_pointer (&file->bytes, g_bytes_unref);
  g_clear_pointer (&file->runs, g_ptr_array_unref);
  g_free (file->format);
  g_free (file->error);
  g_free (file->sample_name);
  g_clear_pointer (&file->run_ids, g_array_unref);
  g_free (file);
}

static void
import_job_clear (ImportJob *job)
{
  g_clear_object (&job->window);
  g_free (job->db_path);
  g_clear_pointer (&job->files, g_ptr_array_unref);
  g_clear_object (&job->cancellable);
}

static ImportJob *
import_job_ref (ImportJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
import_job_unref (gpointer job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) import_job_clear);
}

static gboolean
import_job_is_current (ImportJob *job)
{
  return !job->window_gone && job->window->import_job == job;
}

/* Progress notes: posted from the workers into the main context, shown only while their job
 * is current. */
typedef struct
{
  ImportJob *job;
  char      *text;
} ProgressNote;

static void
progress_note_free (gpointer data)
{
  ProgressNote *note = data;

  import_job_unref (note->job);
  g_free (note->text);
  g_free (note);
}

static gboolean
deliver_progress (gpointer data)
{
  ProgressNote *note = data;

  if (import_job_is_current (note->job))
    gtk_label_set_label (note->job->window->import_label, note->text);
  return G_SOURCE_REMOVE;
}

static void
post_progress (ImportJob *job,
               char      *text)
{
  ProgressNote *note = g_new0 (ProgressNote, 1);

  note->job = import_job_ref (job);
  note->text = text;
  /* The global default context is iterated by the main thread only. */
  g_idle_add_full (G_PRIORITY_DEFAULT, deliver_progress, note, progress_note_free);
}

static void
read_files_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autofree char *series_sample = NULL;

  /* Files dropped together are one series: runs whose file names no sample share one. */
  for (guint i = 0; i < job->files->len; i++)
    g_ptr_array_add (paths, ((ImportFile *) g_ptr_array_index (job->files, i))->path);
  g_ptr_array_add (paths, NULL);
  series_sample = rlx_import_guess_series_sample ((const char * const *) paths->pdata);

  for (guint i = 0; i < job->files->len; i++)
    {
      ImportFile *file = g_ptr_array_index (job->files, i);
      g_autoptr(GFile) gfile = g_file_new_for_path (file->path);
      g_autoptr(GError) error = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;
      /* Translators: progress of an import: file number, number of files, file name */
      post_progress (job, g_strdup_printf (_("Reading %u of %u: %s"), i + 1, job->files->len, file->base));

      file->bytes = g_file_load_bytes (gfile, cancellable, NULL, &error);
      if (file->bytes != NULL)
        file->runs = rlx_import_read_bytes_full (file->bytes, file->base, NULL, NULL, &file->format, &error);
      if (file->runs == NULL)
        {
          file->error = g_strdup (error->message);
          continue;
        }
      for (guint r = 0; series_sample != NULL && r < file->runs->len; r++)
        {
          RlxRunData *run = g_ptr_array_index (file->runs, r);

          if (run->sample_name == NULL)
            run->sample_name = g_strdup (series_sample);
        }
      for (guint r = 0; r < file->runs->len && !file->review; r++)
        file->review = rlx_import_review_run (g_ptr_array_index (file->runs, r)) != RLX_IMPORT_REVIEW_NONE;
    }
  g_task_return_boolean (task, TRUE);
}

static void
save_files_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(RlxStore) store = NULL;
  GError *error = NULL;

  store = rlx_store_open (job->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < job->files->len; i++)
    {
      ImportFile *file = g_ptr_array_index (job->files, i);
      RlxImportResult result = { 0 };
      g_autoptr(GError) local = NULL;

      if (file->runs == NULL || file->skipped)
        continue;
      /* Files saved before a cancel stay: each one is its own transaction. */
      if (g_cancellable_is_cancelled (cancellable))
        break;
      /* Translators: progress of an import: file number, number of files, file name */
      post_progress (job, g_strdup_printf (_("Saving %u of %u: %s"), i + 1, job->files->len, file->base));
      if (rlx_store_import (store, file->base, file->bytes, file->sample_name,
                            (RlxRunData **) file->runs->pdata, file->runs->len, &result, &local))
        {
          file->saved = TRUE;
          file->duplicate = result.duplicate;
          file->run_ids = result.run_ids != NULL ? g_array_ref (result.run_ids)
                                                 : g_array_new (FALSE, FALSE, sizeof (gint64));
        }
      else
        file->error = g_strdup (local->message);
      rlx_import_result_clear (&result);
    }

  /* New annealed runs get their reference at once; a failure here only leaves them unpaired. */
  rlx_pairing_pair_unpaired (store, 0, NULL);

  g_task_return_boolean (task, TRUE);
}

static char *
build_summary (ImportJob *job,
               guint     *n_failed)
{
  guint n_files = 0, n_runs = 0, n_duplicates = 0;
  g_autofree char *files = NULL;
  g_autofree char *runs = NULL;

  *n_failed = 0;
  for (guint i = 0; i < job->files->len; i++)
    {
      ImportFile *file = g_ptr_array_index (job->files, i);

      if (file->error != NULL)
        (*n_failed)++;
      else if (file->duplicate)
        n_duplicates++;
      else if (file->saved)
        {
          n_files++;
          n_runs += file->run_ids->len;
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
               ImportJob *job,
               guint      n_failed)
{
  g_autoptr(GString) body = g_string_new (NULL);

  for (guint i = 0; i < job->files->len; i++)
    {
      ImportFile *file = g_ptr_array_index (job->files, i);

      if (file->error == NULL)
        continue;
      if (body->len > 0)
        g_string_append (body, "\n\n");
      g_string_append_printf (body, "%s\n%s", file->base, file->error);
    }
  g_string_append (body, "\n\n");
  g_string_append (body, _("Nothing was saved from these files; the database is unchanged for them."));
  rlx_window_show_error (self,
                         g_dngettext (GETTEXT_PACKAGE, "A File Could Not Be Imported",
                                      "Some Files Could Not Be Imported", n_failed),
                         body->str);
}

/* Ends the window's current import (finished, cancelled or failed). */
static void
end_import (RlxWindow *self)
{
  ImportJob *job = self->import_job;

  if (job == NULL)
    return;
  self->import_job = NULL;
  if (job->dialog != NULL)
    {
      RlxImportDialog *dialog = g_steal_pointer (&job->dialog);

      g_signal_handlers_disconnect_by_data (dialog, job);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  if (!job->window_gone)
    {
      gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
      gtk_spinner_set_spinning (self->import_spinner, FALSE);
      rlx_window_update_actions (self);
    }
  import_job_unref (job);
}

static void
on_files_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ImportJob *job = user_data;
  RlxWindow *self = job->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reload_error = NULL;
  g_autofree char *summary = NULL;
  gboolean cancelled;
  gint64 first_new = 0;
  guint n_failed = 0;

  if (job->window_gone)
    return;
  cancelled = g_cancellable_is_cancelled (job->cancellable);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (import_job_is_current (job))
        end_import (self);
      rlx_window_show_error (self, _("Import Failed"), error->message);
      return;
    }
  if (import_job_is_current (job))
    end_import (self);

  /* Files saved before a cancel are in the database: show them. */
  if (self->project != NULL && g_strcmp0 (rlx_project_get_path (self->project), job->db_path) == 0
      && !rlx_project_reload (self->project, &reload_error))
    rlx_window_show_error (self, _("Cannot Read the Database"), reload_error->message);

  for (guint i = 0; i < job->files->len && first_new == 0; i++)
    {
      ImportFile *file = g_ptr_array_index (job->files, i);

      if (file->saved && file->run_ids->len > 0)
        first_new = g_array_index (file->run_ids, gint64, 0);
    }

  summary = build_summary (job, &n_failed);
  if (cancelled)
    {
      g_autofree char *text = g_strdup_printf (_("Import cancelled. %s"), summary);

      rlx_window_show_toast (self, text);
    }
  else
    rlx_window_show_toast (self, summary);
  if (n_failed > 0)
    show_failures (self, job, n_failed);
  if (first_new > 0)
    rlx_window_select_run (self, first_new);
}

static void
save_files (ImportJob *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, job->cancellable, on_files_saved, job);

  g_task_set_source_tag (task, save_files);
  g_task_set_task_data (task, import_job_ref (job), import_job_unref);
  g_task_run_in_thread (task, save_files_worker);
}

static void review_next (ImportJob *job);

/* The person's answers for one file go into every run the importer was unsure about. */
static void
apply_answers (ImportFile      *file,
               RlxImportDialog *dialog)
{
  g_autoptr(GArray) steps = rlx_import_dialog_dup_steps (dialog);
  g_autoptr(GArray) reviewed = g_array_new (FALSE, FALSE, sizeof (guint));
  RlxRunRole role = rlx_import_dialog_get_role (dialog);

  for (guint i = 0; i < file->runs->len; i++)
    if (rlx_import_review_run (g_ptr_array_index (file->runs, i)) != RLX_IMPORT_REVIEW_NONE)
      g_array_append_val (reviewed, i);

  g_free (file->sample_name);
  file->sample_name = g_strstrip (g_strdup (rlx_import_dialog_get_sample_name (dialog)));

  /* Columns the person chose (shown only for a bare table) are read again as such. */
  if (rlx_import_dialog_get_x_column (dialog) >= 0 && rlx_import_dialog_get_y_column (dialog) >= 0)
    {
      RlxImportOptions options;
      const RlxRunData *first = g_ptr_array_index (file->runs, 0);
      const RlxChannel *x = g_ptr_array_index (first->channels, rlx_import_dialog_get_x_column (dialog));
      const RlxChannel *y = g_ptr_array_index (first->channels, rlx_import_dialog_get_y_column (dialog));
      g_autoptr(GPtrArray) runs = NULL;
      g_autoptr(GError) error = NULL;

      /* The bytes are in memory and the table small (the generic reader's case): re-reading
       * here takes milliseconds. */
      rlx_import_options_init (&options);
      options.x_column = rlx_import_dialog_get_x_column (dialog);
      options.y_column = rlx_import_dialog_get_y_column (dialog);
      options.x_quantity = RLX_QUANTITY_TEMPERATURE;
      options.x_unit = x->original_unit != NULL && x->original_unit[0] != '\0' && x->quantity != RLX_QUANTITY_OTHER
                       ? NULL : "K";
      options.y_quantity = y->quantity != RLX_QUANTITY_OTHER && y->quantity != RLX_QUANTITY_TEMPERATURE
                           ? y->quantity : RLX_QUANTITY_HEAT_FLOW;
      options.y_unit = y->original_unit != NULL && y->original_unit[0] != '\0' && y->quantity != RLX_QUANTITY_OTHER
                       ? NULL : "mW";
      runs = rlx_import_read_bytes_full (file->bytes, file->base, file->format, &options, NULL, &error);
      if (runs == NULL)
        {
          file->error = g_strdup (error->message);
          return;
        }
      g_ptr_array_unref (file->runs);
      file->runs = g_steal_pointer (&runs);
      g_array_set_size (reviewed, 0);
      for (guint i = 0; i < file->runs->len; i++)
        g_array_append_val (reviewed, i);
    }

  for (guint k = 0; k < reviewed->len; k++)
    {
      RlxRunData *run = g_ptr_array_index (file->runs, g_array_index (reviewed, guint, k));

      run->role = role;
      g_array_set_size (run->anneal_steps, 0);
      for (guint s = 0; s < steps->len; s++)
        rlx_run_data_add_anneal_step (run, g_array_index (steps, RlxAnnealStep, s).temperature,
                                      g_array_index (steps, RlxAnnealStep, s).duration);
      /* The answer replaces the guess. */
      g_hash_table_remove (run->metadata, "assumed");
      rlx_run_data_set_metadata (run, "reviewed", "confirmed in the import dialog");
    }
}

static void
on_dialog_response (RlxImportDialog *dialog,
                    gboolean         accepted,
                    ImportJob       *job)
{
  ImportFile *file;

  if (!import_job_is_current (job) || job->dialog != dialog)
    return;
  job->dialog = NULL;
  file = g_ptr_array_index (job->files, job->next_review - 1);
  if (accepted)
    apply_answers (file, dialog);
  else
    file->skipped = TRUE;
  review_next (job);
}

static void
review_next (ImportJob *job)
{
  RlxWindow *self = job->window;

  while (job->next_review < job->files->len)
    {
      ImportFile *file = g_ptr_array_index (job->files, job->next_review++);
      g_autofree char *text = NULL;

      if (file->runs == NULL || !file->review)
        continue;
      /* Translators: an import waits for the person: file name */
      text = g_strdup_printf (_("Waiting for your answers on %s"), file->base);
      gtk_label_set_label (self->import_label, text);
      job->dialog = rlx_import_dialog_new (GTK_WINDOW (self), file->base, file->runs,
                                           g_strcmp0 (file->format, "generic") == 0);
      g_signal_connect_data (job->dialog, "response", G_CALLBACK (on_dialog_response),
                             import_job_ref (job), (GClosureNotify) (void (*) (void)) import_job_unref, 0);
      gtk_window_present (GTK_WINDOW (job->dialog));
      return;
    }
  gtk_label_set_label (self->import_label, _("Saving…"));
  save_files (job);
}

static void
on_files_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ImportJob *job = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (import_job_is_current (job))
        {
          end_import (job->window);
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            rlx_window_show_error (job->window, _("Import Failed"), error->message);
        }
      return;
    }
  if (!import_job_is_current (job))
    return;
  review_next (job);
}

gboolean
rlx_window_get_importing (RlxWindow *self)
{
  g_return_val_if_fail (RLX_IS_WINDOW (self), FALSE);
  return self->import_job != NULL;
}

void
rlx_window_cancel_import (RlxWindow *self)
{
  ImportJob *job = self->import_job;

  if (job == NULL)
    return;
  g_cancellable_cancel (job->cancellable);
  /* A running worker ends the import when it returns; an open dialog waits for nobody. */
  if (job->dialog != NULL)
    end_import (self);
}

/* From dispose: the job learns that its window is gone, so that no callback touches it. */
void
rlx_window_dispose_import (RlxWindow *self)
{
  ImportJob *job = self->import_job;

  if (job == NULL)
    return;
  g_cancellable_cancel (job->cancellable);
  job->window_gone = TRUE;
  end_import (self);
}

void
rlx_window_import_files (RlxWindow  *self,
                         GFile     **files,
                         guint       n_files)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (RLX_IS_WINDOW (self));

  if (n_files == 0)
    return;
  if (self->project == NULL)
    {
      rlx_window_show_error (self, _("No Database Is Open"),
                             _("Open or create a database before importing files."));
      return;
    }
  if (self->import_job != NULL)
    {
      rlx_window_show_error (self, _("An Import Is Running"),
                             _("Wait until the files being imported are saved, or cancel that import, then import these."));
      return;
    }

  job = g_atomic_rc_box_new0 (ImportJob);
  job->window = g_object_ref (self);
  job->db_path = g_strdup (rlx_project_get_path (self->project));
  job->files = g_ptr_array_new_with_free_func (import_file_free);
  job->cancellable = g_cancellable_new ();
  for (guint i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);
      ImportFile *file;

      if (path == NULL)
        continue;
      file = g_new0 (ImportFile, 1);
      file->path = path;
      file->base = g_path_get_basename (path);
      g_ptr_array_add (job->files, file);
    }
  if (job->files->len == 0)
    {
      import_job_unref (job);
      rlx_window_show_error (self, _("Cannot Import"),
                             _("Only files on this computer can be imported."));
      return;
    }

  self->import_job = job;   /* the window's reference */
  gtk_label_set_label (self->import_label, _("Importing…"));
  gtk_spinner_set_spinning (self->import_spinner, TRUE);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  rlx_window_update_actions (self);

  task = g_task_new (NULL, job->cancellable, on_files_read, job);
  g_task_set_source_tag (task, rlx_window_import_files);
  g_task_set_task_data (task, import_job_ref (job), import_job_unref);
  g_task_run_in_thread (task, read_files_worker);
}

/* The demo */


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
  rlx_store_remove_files (partial, NULL);
  if (!rlx_demo_build_database (partial, exports, cancellable, &error))
    {
      rlx_store_remove_files (partial, NULL);
      g_task_return_error (task, error);
      return;
    }
  if (g_rename (partial, path) != 0)
    {
      int saved_errno = errno;

      rlx_store_remove_files (partial, NULL);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Cannot move the demo database into place: %s"),
                               g_strerror (saved_errno));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* The demo opens on the figure the experiment is about, E* against Ta, rather than on an
   empty plot: the sidebar then leads on to the runs and their fits. */
static void
show_demo_overview (RlxWindow *self)
{
  GListModel *samples = self->project != NULL ? rlx_project_get_samples (self->project) : NULL;
  g_autoptr(RlxSampleItem) sample = NULL;

  if (samples == NULL || g_list_model_get_n_items (samples) == 0)
    return;
  sample = g_list_model_get_item (samples, 0);
  rlx_window_select_sample (self, rlx_sample_item_get_id (sample), "estar-ta");
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
    {
      rlx_window_show_toast (self, _("The demo database is ready"));
      show_demo_overview (self);
    }
}

void
rlx_window_open_demo (RlxWindow *self)
{
  g_autofree char *path = rlx_application_dup_demo_database ();

  g_return_if_fail (RLX_IS_WINDOW (self));

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      if (rlx_window_open_database (self, path))
        show_demo_overview (self);
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
