/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-io"

#include "config.h"

#include "rlx-import.h"

#include <string.h>

/* Reading into the store: one file = one rlx_store_import() transaction, so a file that
 * cannot be read leaves the database as it was. */

/**
 * rlx_import_file_into_store_full:
 * @sample_name: (nullable): the sample the runs belong to; %NULL lets the store use the
 *   file's own sample name or the file name
 * @result: (out caller-allocates) (optional): source id, duplicate flag and run ids;
 *   clear with rlx_import_result_clear()
 * @runs_out: (out) (optional) (transfer container): the runs as read
 */
gboolean
rlx_import_file_into_store_full (RlxStore               *store,
                                 const char             *path,
                                 const char             *sample_name,
                                 const char             *force_format,
                                 const RlxImportOptions *options,
                                 char                  **detected_format,
                                 RlxImportResult        *result,
                                 GPtrArray             **runs_out,
                                 GError                **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *base = g_path_get_basename (path);
  RlxImportResult scratch = { 0 };

  g_return_val_if_fail (store != NULL && path != NULL, FALSE);

  if (runs_out)
    *runs_out = NULL;

  bytes = g_file_load_bytes (file, NULL, NULL, &local);
  if (bytes == NULL)
    {
      g_set_error (error, RLX_IMPORT_ERROR, RLX_IMPORT_ERROR_FAILED, "%s: %s", path, local->message);
      return FALSE;
    }

  runs = rlx_import_read_bytes_full (bytes, base, force_format, options, detected_format, error);
  if (runs == NULL)
    return FALSE;

  if (sample_name == NULL && options != NULL && options->default_sample != NULL)
    for (guint i = 0; i < runs->len; i++)
      {
        RlxRunData *run = g_ptr_array_index (runs, i);

        if (run->sample_name == NULL)
          run->sample_name = g_strdup (options->default_sample);
      }

  if (!rlx_store_import (store, base, bytes, sample_name, (RlxRunData **) runs->pdata, runs->len,
                         result ? result : &scratch, error))
    {
      g_prefix_error (error, "%s: ", base);
      return FALSE;
    }
  rlx_import_result_clear (&scratch);

  if (runs_out)
    *runs_out = g_steal_pointer (&runs);
  return TRUE;
}

/**
 * rlx_import_file_into_store:
 *
 * Reads @path and stores its runs and its original bytes in one transaction. On error
 * nothing is written. A file imported before is reported as a duplicate in @result.
 */
gboolean
rlx_import_file_into_store (RlxStore         *store,
                            const char       *path,
                            const char       *sample_name,
                            const char       *force_format,
                            RlxImportResult  *result,
                            GPtrArray       **runs_out,
                            GError          **error)
{
  return rlx_import_file_into_store_full (store, path, sample_name, force_format, NULL, NULL,
                                          result, runs_out, error);
}

void
rlx_import_outcome_free (RlxImportOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->path);
  g_free (outcome->format);
  g_free (outcome->error_message);
  if (outcome->run_ids)
    g_array_unref (outcome->run_ids);
  g_free (outcome);
}

/* ---- asynchronous import for the GUI ---- */

typedef struct
{
  char                  *db_path;
  GStrv                  paths;
  char                  *sample_name;
  RlxImportProgressFunc  progress;
  gpointer               progress_data;
  GMainContext          *context;
} ImportJob;

typedef struct
{
  RlxImportProgressFunc  progress;
  gpointer               progress_data;
  guint                  index;
  guint                  n_files;
  char                  *file_name;
} ProgressCall;

static void
import_job_free (gpointer data)
{
  ImportJob *job = data;

  g_free (job->db_path);
  g_strfreev (job->paths);
  g_free (job->sample_name);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
progress_dispatch (gpointer data)
{
  ProgressCall *call = data;

  call->progress (call->index, call->n_files, call->file_name, call->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  g_free (call->file_name);
  g_free (call);
}

static void
import_files_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_import_outcome_free);
  g_autoptr(RlxStore) store = NULL;
  g_autofree char *series_sample = rlx_import_guess_series_sample ((const char * const *) job->paths);
  RlxImportOptions options;
  GError *error = NULL;
  guint n = g_strv_length (job->paths);

  rlx_import_options_init (&options);
  options.default_sample = series_sample;

  store = rlx_store_open (job->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      RlxImportOutcome *outcome;
      RlxImportResult result = { 0 };
      g_autoptr(GError) local = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;
      outcome = g_new0 (RlxImportOutcome, 1);

      if (job->progress != NULL)
        {
          ProgressCall *call = g_new0 (ProgressCall, 1);

          call->progress = job->progress;
          call->progress_data = job->progress_data;
          call->index = i;
          call->n_files = n;
          call->file_name = g_path_get_basename (job->paths[i]);
          g_autoptr(GSource) source = g_idle_source_new ();

          /* A source, not g_main_context_invoke(): that would call back in this worker thread
             whenever the caller's context is not being iterated at this very moment. */
          g_source_set_callback (source, progress_dispatch, call, progress_call_free);
          g_source_attach (source, job->context);
        }

      outcome->path = g_strdup (job->paths[i]);
      outcome->ok = rlx_import_file_into_store_full (store, job->paths[i], job->sample_name, NULL,
                                                     &options, &outcome->format, &result, NULL,
                                                     &local);
      if (outcome->ok)
        {
          outcome->duplicate = result.duplicate;
          outcome->run_ids = result.run_ids ? g_array_ref (result.run_ids) : g_array_new (FALSE, FALSE, sizeof (gint64));
        }
      else
        {
          outcome->error_message = g_strdup (local->message);
          outcome->error_code = local->code;
          outcome->run_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        }
      rlx_import_result_clear (&result);
      g_ptr_array_add (outcomes, outcome);
    }

  g_task_return_pointer (task, g_steal_pointer (&outcomes), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * rlx_import_files_async:
 * @db_path: the database file; the worker opens its own connection
 * @progress: (nullable): called in the caller's thread-default main context before each file
 *
 * Imports each file in its own transaction in a worker thread. A file that fails does not
 * stop the others; each outcome says what happened.
 */
void
rlx_import_files_async (const char             *db_path,
                        const char * const     *paths,
                        const char             *sample_name,
                        GCancellable           *cancellable,
                        RlxImportProgressFunc   progress,
                        gpointer                progress_data,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ImportJob *job = g_new0 (ImportJob, 1);

  g_return_if_fail (db_path != NULL && paths != NULL);

  job->db_path = g_strdup (db_path);
  job->paths = g_strdupv ((char **) paths);
  job->sample_name = g_strdup (sample_name);
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();

  g_task_set_source_tag (task, rlx_import_files_async);
  g_task_set_task_data (task, job, import_job_free);
  g_task_run_in_thread (task, import_files_worker);
}

GPtrArray *
rlx_import_files_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
is_name_separator (char c)
{
  return c == '_' || c == '-' || c == ' ' || c == '.' || c == ',';
}

/**
 * rlx_import_guess_series_sample:
 * @paths: the files of one import, %NULL-terminated
 *
 * Files that arrive together are usually one series of one sample (an annealing series and
 * its reference scan), and most instrument exports do not name the sample. Their common file
 * name prefix, cut back to a whole word, names that sample so the series lands in one place
 * and its annealed runs can be paired with the reference.
 *
 * Returns: (transfer full) (nullable): the shared name, or %NULL for a single file or when
 *   the names share no word
 */
char *
rlx_import_guess_series_sample (const char * const *paths)
{
  g_autofree char *prefix = NULL;
  gsize len;

  if (paths == NULL || paths[0] == NULL || paths[1] == NULL)
    return NULL;

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (paths[i]);
      char *dot = strrchr (base, '.');
      gsize k = 0;

      if (dot != NULL && dot != base)
        *dot = '\0';
      if (prefix == NULL)
        {
          prefix = g_steal_pointer (&base);
          continue;
        }
      while (prefix[k] != '\0' && prefix[k] == base[k])
        k++;
      /* A prefix that stops inside a word ("Segment5" of Segment58 and Segment62) is cut back
         to the last whole word. */
      if (!((prefix[k] == '\0' || is_name_separator (prefix[k])) &&
            (base[k] == '\0' || is_name_separator (base[k]))))
        while (k > 0 && !is_name_separator (prefix[k - 1]))
          k--;
      prefix[k] = '\0';
    }

  len = strlen (prefix);
  while (len > 0 && is_name_separator (prefix[len - 1]))
    prefix[--len] = '\0';

  if (!g_utf8_validate (prefix, -1, NULL) || g_utf8_strlen (prefix, -1) < 3)
    return NULL;

  return g_steal_pointer (&prefix);
}
