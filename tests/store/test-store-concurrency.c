/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "rlx-store.h"
#include "rlx-store-test-data.h"
#include "rlx-test-util.h"

/*
 * Several processes on one database file: two writers at the same time, and an importer killed
 * with SIGKILL at random moments. The test binary runs itself as the child processes.
 */

#define N_WRITES 120
#define CRASH_REPETITIONS 20
#define CRASH_POINTS 200000

static char *self_path;

/* ---- children --------------------------------------------------------------------------- */

static int
run_writer (const char *path,
            const char *tag,
            int         n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxStore) store = rlx_store_open (path, &error);
  g_autofree char *sample = g_strdup_printf ("writer-%s", tag);

  if (store == NULL)
    {
      g_printerr ("writer %s: %s\n", tag, error->message);
      return 1;
    }

  for (int i = 0; i < n; i++)
    {
      g_autoptr(RlxRunData) run = rlx_store_test_make_run (sample, 16, 3, 400.0 + i, 60.0);
      g_autofree char *result = g_strdup_printf ("{\"writer\":\"%s\",\"i\":%d}", tag, i);
      gint64 run_id;

      run_id = rlx_store_add_run (store, NULL, run, &error);
      if (run_id < 0 ||
          rlx_store_add_analysis (store, run_id, 0, "peak-fit", "{}", result, &error) < 0 ||
          (i % 10 == 0 && !rlx_store_save_recipe (store, tag, result, &error)))
        {
          g_printerr ("writer %s, write %d: %s\n", tag, i, error->message);
          return 1;
        }
    }
  return 0;
}

static GBytes *
make_export (guint seed,
             gsize n_lines)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "Relaxun crash test export %u\n", seed);
  for (gsize i = 0; i < n_lines; i++)
    g_string_append_printf (text, "%6" G_GSIZE_FORMAT " %.6f %.9f\n", i, 300.0 + 0.001 * (double) i,
                            sin ((double) (i + seed)));
  return g_string_free_to_bytes (text);
}

static int
run_importer (const char *path,
              guint       seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxStore) store = rlx_store_open (path, &error);
  g_autoptr(RlxRunData) big = rlx_store_test_make_run ("Crash glass", CRASH_POINTS, 3, 500.0, seed);
  g_autoptr(RlxRunData) small = rlx_store_test_make_run ("Crash glass", 1000, 3, NAN, NAN);
  g_autoptr(GBytes) bytes = make_export (seed, 20000);
  RlxRunData *runs[] = { big, small };
  RlxImportResult result = { 0 };

  if (store == NULL)
    {
      g_printerr ("importer: %s\n", error->message);
      return 1;
    }

  printf ("ready\n");
  fflush (stdout);
  if (!rlx_store_import (store, "crash.txt", bytes, NULL, runs, 2, &result, &error))
    {
      g_printerr ("importer: %s\n", error->message);
      return 1;
    }
  printf ("done\n");
  fflush (stdout);
  rlx_import_result_clear (&result);
  return 0;
}

/* ---- tests ------------------------------------------------------------------------------ */

static void
test_concurrent_writers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "shared.relaxun", NULL);
  g_autofree char *n = g_strdup_printf ("%d", N_WRITES);
  g_autofree char *integrity = NULL;
  g_autoptr(GSubprocess) a = NULL;
  g_autoptr(GSubprocess) b = NULL;
  RlxStore *store;

  /* The file does not exist yet: both children race to create it as well. */
  a = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--writer", path, "a", n, NULL);
  g_assert_no_error (error);
  b = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--writer", path, "b", n, NULL);
  g_assert_no_error (error);

  /* This process writes too, as the GUI would while a CLI batch runs. */
  store = rlx_store_open (path, &error);
  g_assert_no_error (error);
  for (int i = 0; i < N_WRITES / 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("parent-%d", i);

      g_assert_cmpint (rlx_store_ensure_sample (store, name, &error), >, 0);
      g_assert_no_error (error);
    }

  g_assert_true (g_subprocess_wait_check (a, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (b, NULL, &error));
  g_assert_no_error (error);
  rlx_store_close (store);

  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM run r JOIN sample s ON "
                                         "s.id = r.sample_id WHERE s.name = 'writer-a'"), ==, N_WRITES);
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM run r JOIN sample s ON "
                                         "s.id = r.sample_id WHERE s.name = 'writer-b'"), ==, N_WRITES);
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM channel"), ==, 2 * 3 * N_WRITES);
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM analysis"), ==, 2 * N_WRITES);
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(DISTINCT result_json) FROM analysis"),
                   ==, 2 * N_WRITES);
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM sample WHERE name LIKE 'parent-%'"),
                   ==, N_WRITES / 4);
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM recipe"), ==, 2);
  /* runs + samples + analyses + recipe saves: every change has its history row. */
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM history"), ==,
                   2 * N_WRITES + 2 + N_WRITES / 4 + 2 * N_WRITES + 2 * ((N_WRITES + 9) / 10));
  integrity = rlx_store_test_integrity (path);
  g_assert_cmpstr (integrity, ==, "ok");

  rlx_store_test_remove_db (path);
  g_rmdir (dir);
}

typedef struct
{
  const char *path;
  gint64      run_id;
  int         index;
} ThreadJob;

/* A worker thread with its own connection, as the GUI's fit workers have. */
static gpointer
thread_writer (gpointer data)
{
  ThreadJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxStore) store = rlx_store_open (job->path, &error);

  g_assert_no_error (error);
  for (int i = 0; i < 40; i++)
    {
      g_autofree char *result = g_strdup_printf ("{\"thread\":%d,\"i\":%d}", job->index, i);

      g_assert_cmpint (rlx_store_add_analysis (store, job->run_id, 0, "peak-fit", "{}", result,
                                               &error), >, 0);
      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "threads.relaxun", NULL);
  g_autoptr(RlxRunData) run = rlx_store_test_make_run ("T", 10, 2, 500.0, 1.0);
  g_autoptr(GPtrArray) current = NULL;
  g_autofree char *integrity = NULL;
  RlxStore *store = rlx_store_open (path, &error);
  ThreadJob jobs[3];
  GThread *threads[3];

  g_assert_no_error (error);
  for (int t = 0; t < 3; t++)
    {
      jobs[t].path = path;
      jobs[t].index = t;
      jobs[t].run_id = rlx_store_add_run (store, NULL, run, &error);
      g_assert_no_error (error);
    }
  for (int t = 0; t < 3; t++)
    threads[t] = g_thread_new ("store-writer", thread_writer, &jobs[t]);
  /* Meanwhile this thread reads through its own connection. */
  for (int i = 0; i < 20; i++)
    {
      g_autoptr(GPtrArray) runs = rlx_store_list_runs (store, 0, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (runs->len, ==, 3);
    }
  for (int t = 0; t < 3; t++)
    g_thread_join (threads[t]);

  current = rlx_store_list_current_analyses (store, "peak-fit", &error);
  g_assert_cmpuint (current->len, ==, 3);
  for (int t = 0; t < 3; t++)
    {
      g_autofree char *expected = g_strdup_printf ("{\"thread\":%d,\"i\":39}", t);
      RlxAnalysisRecord *analysis = g_ptr_array_index (current, t);

      g_assert_cmpstr (analysis->result_json, ==, expected);
    }
  rlx_store_close (store);
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM analysis"), ==, 3 * 40);
  integrity = rlx_store_test_integrity (path);
  g_assert_cmpstr (integrity, ==, "ok");
  rlx_store_test_remove_db (path);
  g_rmdir (dir);
}

static GSubprocess *
start_importer (const char       *path,
                guint             seed,
                GDataInputStream **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  GSubprocess *child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_path,
                                         "--importer", path, seed_text, NULL);
  g_autofree char *line = NULL;

  g_assert_no_error (error);
  *out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line (*out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
  return child;
}

/* Every import is whole or absent: two runs per source, three full channels per run. */
static guint
check_after_crash (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *integrity = rlx_store_test_integrity (path);
  RlxStore *store;
  gint64 n_sources;

  g_assert_cmpstr (integrity, ==, "ok");
  store = rlx_store_open (path, &error);
  g_assert_no_error (error);
  rlx_store_close (store);

  n_sources = rlx_store_test_count (path, "SELECT count(*) FROM source");
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM run"), ==, 2 * n_sources);
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM source s WHERE "
                                         "(SELECT count(*) FROM run r WHERE r.source_id = s.id) <> 2"),
                   ==, 0);
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM run r WHERE "
                                         "(SELECT count(*) FROM channel c WHERE c.run_id = r.id "
                                         " AND c.n_values = r.n_points "
                                         " AND length (c.data) = 8 * r.n_points) <> 3"), ==, 0);
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM run WHERE n_points = "
                                         G_STRINGIFY (CRASH_POINTS)), ==, n_sources);
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM history WHERE action = 'import'"),
                   ==, n_sources);
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  return (guint) n_sources;
}

static void
test_crash_during_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "crash.relaxun", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  g_autoptr(GSubprocess) calibration = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  RlxStore *store;
  gint64 start, duration;
  guint complete = 1, killed = 0;

  store = rlx_store_open (path, &error);
  g_assert_no_error (error);
  rlx_store_close (store);

  /* How long one import takes here, from "ready" to "done". */
  calibration = start_importer (path, 0, &out);
  start = g_get_monotonic_time ();
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  duration = g_get_monotonic_time () - start;
  g_assert_cmpstr (line, ==, "done");
  g_assert_true (g_subprocess_wait_check (calibration, NULL, &error));
  g_test_message ("one import of %d points takes %.1f ms", CRASH_POINTS, duration / 1000.0);
  g_assert_cmpuint (check_after_crash (path), ==, 1);

  for (guint rep = 1; rep <= CRASH_REPETITIONS; rep++)
    {
      g_autoptr(GDataInputStream) child_out = NULL;
      g_autoptr(GSubprocess) child = start_importer (path, rep, &child_out);
      gulong delay = (gulong) g_rand_double_range (rand, 0.0, 1.2 * (double) duration);
      guint n;

      g_usleep (delay);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_if_signaled (child))
        killed++;

      n = check_after_crash (path);
      g_assert_cmpuint (n, >=, complete);
      g_assert_cmpuint (n, <=, complete + 1);
      complete = n;
    }

  g_test_message ("%u of %u importers were killed; %u imports are complete, the rest absent",
                  killed, CRASH_REPETITIONS, complete - 1);
  g_assert_cmpuint (killed, >, 0);

  rlx_store_test_remove_db (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2], argv[3], atoi (argv[4]));
  if (argc == 4 && g_str_equal (argv[1], "--importer"))
    return run_importer (argv[2], (guint) atoi (argv[3]));

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_canonicalize_filename (argv[0], NULL);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relaxun/store/concurrency/two-writers", test_concurrent_writers);
  g_test_add_func ("/relaxun/store/concurrency/threads", test_threads);
  g_test_add_func ("/relaxun/store/concurrency/crash-during-import", test_crash_during_import);

  return g_test_run ();
}
