/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-import.h"
#include "rlx-test-util.h"

static void
test_import_and_duplicate (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "store.rlx", NULL);
  g_autofree char *path = rlx_test_source_path ("tests/io/samples/stare-flash_Ta303K_ta5s.txt");
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(RlxRunRecord) record = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) source = NULL;
  RlxImportResult result = { 0 };
  RlxImportResult again = { 0 };
  gint64 first_id;

  store = rlx_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (rlx_import_file_into_store (store, path, "chip 7", NULL, &result, &runs, &error));
  g_assert_no_error (error);
  g_assert_false (result.duplicate);
  g_assert_cmpuint (result.run_ids->len, ==, 2);
  g_assert_cmpuint (runs->len, ==, 2);
  first_id = g_array_index (result.run_ids, gint64, 0);

  record = rlx_store_load_run (store, first_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->sample_name, ==, "chip 7");
  g_assert_cmpuint (record->n_points, ==, 30);
  g_assert_cmpint (record->data->kind, ==, RLX_RUN_KIND_FLASH_DSC_HEATING);
  g_assert_cmpint (record->data->role, ==, RLX_RUN_ROLE_ANNEALED);
  g_assert_cmpfloat_with_epsilon (record->data->heating_rate, 1000.0, 1.0);

  /* The original bytes are kept. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    original = g_file_load_bytes (file, NULL, NULL, NULL);
  }
  source = rlx_store_dup_source_bytes (store, result.source_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (original, source));

  g_assert_true (rlx_import_file_into_store (store, path, "chip 7", NULL, &again, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (again.duplicate);
  g_assert_cmpint (again.source_id, ==, result.source_id);

  listed = rlx_store_list_runs (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 2);

  rlx_import_result_clear (&result);
  rlx_import_result_clear (&again);
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *outcomes;
  guint      progress_calls;
  GThread   *main_thread;
} AsyncData;

static void
on_progress (guint       index,
             guint       n_files,
             const char *file_name,
             gpointer    user_data)
{
  AsyncData *data = user_data;

  g_assert_true (g_thread_self () == data->main_thread);
  g_assert_cmpuint (n_files, ==, 3);
  g_assert_cmpuint (index, ==, data->progress_calls);
  g_assert_nonnull (file_name);
  data->progress_calls++;
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncData *data = user_data;
  g_autoptr(GError) error = NULL;

  data->outcomes = rlx_import_files_finish (result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (data->loop);
}

static void
test_async (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "async.rlx", NULL);
  g_autofree char *a = rlx_test_source_path ("tests/io/samples/trios-lims.txt");
  g_autofree char *b = rlx_test_source_path ("tests/io/broken/12-stare-nan.txt");
  g_autofree char *c = rlx_test_source_path ("tests/io/samples/netzsch-ascii-segments.txt");
  const char *paths[] = { a, b, c, NULL };
  AsyncData data = { 0 };
  RlxImportOutcome *o;

  data.loop = g_main_loop_new (NULL, FALSE);
  data.main_thread = g_thread_self ();
  rlx_import_files_async (db, paths, NULL, NULL, on_progress, &data, on_imported, &data);
  g_main_loop_run (data.loop);

  g_assert_cmpuint (data.outcomes->len, ==, 3);
  g_assert_cmpuint (data.progress_calls, ==, 3);
  o = g_ptr_array_index (data.outcomes, 0);
  g_assert_true (o->ok);
  g_assert_cmpstr (o->format, ==, "trios-lims");
  g_assert_cmpuint (o->run_ids->len, ==, 2);
  o = g_ptr_array_index (data.outcomes, 1);
  g_assert_false (o->ok);
  g_assert_cmpint (o->error_code, ==, RLX_IMPORT_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (o->error_message, "12-stare-nan.txt, line 8"));
  o = g_ptr_array_index (data.outcomes, 2);
  g_assert_true (o->ok);
  g_assert_cmpuint (o->run_ids->len, ==, 2);

  g_ptr_array_set_free_func (data.outcomes, (GDestroyNotify) rlx_import_outcome_free);
  g_ptr_array_unref (data.outcomes);
  g_main_loop_unref (data.loop);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relaxun/io/store/import-and-duplicate", test_import_and_duplicate);
  g_test_add_func ("/relaxun/io/store/async", test_async);
  return g_test_run ();
}
