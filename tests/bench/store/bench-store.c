/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "rlx-store.h"

/*
 * Store benchmark: store and reload a 10⁶-point run (3 channels), list 10 000 runs, and the
 * current analyses over them; file size against the raw size of the doubles. When PYTHON is
 * set, Python's sqlite3 module stores the same BLOBs for a side-by-side ratio. Timings are
 * printed, never asserted.
 */

#define BIG_POINTS 1000000
#define N_RUNS 10000

static double
seconds_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  gint64 size = 0;

  if (g_stat (path, &st) == 0)
    size += st.st_size;
  if (g_stat (wal, &st) == 0)
    size += st.st_size;
  return size;
}

static void
remove_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
}

static RlxRunData *
make_run (gsize n,
          double ta)
{
  RlxRunData *run = rlx_run_data_new ();
  double *t = g_new (double, n), *temp = g_new (double, n), *hf = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    {
      double x = (double) i / (double) n;

      t[i] = 1e-4 * (double) i;
      temp[i] = 300.0 + 250.0 * x + 1e-3 * sin (0.37 * (double) i);  /* measured: noisy */
      hf[i] = 0.05 * exp (-pow ((x - 0.6) / 0.03, 2)) + 1e-4 * cos (1.3 * (double) i);
    }
  run->kind = RLX_RUN_KIND_FLASH_DSC_HEATING;
  run->role = RLX_RUN_ROLE_ANNEALED;
  run->heating_rate = 1000.0;
  rlx_run_data_add_anneal_step (run, ta, 100.0);
  rlx_run_data_add_channel (run, rlx_channel_new ("t", "s", RLX_QUANTITY_TIME, t, n));
  rlx_run_data_add_channel (run, rlx_channel_new ("Ts", "°C", RLX_QUANTITY_TEMPERATURE, temp, n));
  rlx_run_data_add_channel (run, rlx_channel_new ("HF", "mW", RLX_QUANTITY_HEAT_FLOW, hf, n));
  return run;
}

/* The same three BLOBs through Python's sqlite3 module (numpy's tobytes). */
static const char *python_peer =
  "import numpy as np, sqlite3, sys, time, os\n"
  "path = sys.argv[1]; n = int(sys.argv[2])\n"
  "i = np.arange(n, dtype=float); x = i / n\n"
  "chans = [1e-4 * i, 300 + 250 * x + 1e-3 * np.sin(0.37 * i),\n"
  "         0.05 * np.exp(-((x - 0.6) / 0.03) ** 2) + 1e-4 * np.cos(1.3 * i)]\n"
  "db = sqlite3.connect(path); db.execute('PRAGMA journal_mode=WAL')\n"
  "db.execute('CREATE TABLE channel (id INTEGER PRIMARY KEY, run_id INTEGER, data BLOB)')\n"
  "t0 = time.perf_counter()\n"
  "with db:\n"
  "    for c in chans: db.execute('INSERT INTO channel (run_id, data) VALUES (1, ?)', (c.astype('<f8').tobytes(),))\n"
  "t1 = time.perf_counter()\n"
  "back = [np.frombuffer(r[0], dtype='<f8') for r in db.execute('SELECT data FROM channel WHERE run_id = 1 ORDER BY id')]\n"
  "t2 = time.perf_counter()\n"
  "assert all(np.array_equal(a, b) for a, b in zip(chans, back))\n"
  "db.close()\n"
  "size = os.path.getsize(path) + (os.path.getsize(path + '-wal') if os.path.exists(path + '-wal') else 0)\n"
  "print(f'{t1 - t0:.6f} {t2 - t1:.6f} {size}')\n";

static void
python_side_by_side (const char *dir,
                     double      store_s,
                     double      load_s,
                     gint64      size)
{
  const char *python = g_getenv ("PYTHON");
  g_autofree char *path = g_build_filename (dir, "python.sqlite", NULL);
  g_autofree char *n = g_strdup_printf ("%d", BIG_POINTS);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { python, "-c", python_peer, path, n, NULL };
  double py_store = 0, py_load = 0;
  gint64 py_size = 0;
  int status = 0;

  if (python == NULL || !g_file_test (python, G_FILE_TEST_IS_EXECUTABLE))
    {
      printf ("python peer: skipped (PYTHON is not set)\n");
      return;
    }
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error) ||
      sscanf (out, "%lf %lf %" G_GINT64_FORMAT, &py_store, &py_load, &py_size) != 3)
    {
      printf ("python peer: failed: %s\n", error ? error->message : err);
      remove_db (path);
      return;
    }

  printf ("python sqlite3: store %.3f s, reload %.3f s, file %.1f MB\n", py_store, py_load,
          py_size / 1e6);
  printf ("ratio relaxun/python: store %.2f, reload %.2f, file size %.3f\n",
          store_s / py_store, load_s / py_load, (double) size / (double) py_size);
  remove_db (path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("relaxun-bench-XXXXXX", &error);
  g_autofree char *big_path = NULL;
  g_autofree char *many_path = NULL;
  g_autoptr(RlxRunData) big = make_run (BIG_POINTS, 500.0);
  g_autoptr(RlxRunRecord) loaded = NULL;
  RlxStore *store;
  gint64 start, run_id, size;
  double store_s, load_s, raw = 3.0 * BIG_POINTS * sizeof (double);

  g_assert_no_error (error);
  big_path = g_build_filename (dir, "big.relaxun", NULL);
  many_path = g_build_filename (dir, "many.relaxun", NULL);

  /* 1. One run of 10⁶ points, three channels. */
  store = rlx_store_open (big_path, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  run_id = rlx_store_add_run (store, "Bench", big, &error);
  store_s = seconds_since (start);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  loaded = rlx_store_load_run (store, run_id, TRUE, &error);
  load_s = seconds_since (start);
  g_assert_no_error (error);
  for (guint c = 0; c < 3; c++)
    g_assert_true (memcmp (((RlxChannel *) big->channels->pdata[c])->values,
                           ((RlxChannel *) loaded->data->channels->pdata[c])->values,
                           BIG_POINTS * sizeof (double)) == 0);
  rlx_store_close (store);
  size = file_size (big_path);

  printf ("relaxun store: 10^6-point run, 3 channels: store %.3f s (%.0f MB/s), reload %.3f s "
          "(%.0f MB/s)\n", store_s, raw / store_s / 1e6, load_s, raw / load_s / 1e6);
  printf ("file %.1f MB for %.1f MB of doubles: ratio %.3f\n", size / 1e6, raw / 1e6,
          (double) size / raw);
  python_side_by_side (dir, store_s, load_s, size);

  /* 2. 10 000 runs of 500 points (one import), 2 analyses each; list them. */
  {
    g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_run_data_free);
    g_autoptr(GBytes) bytes = g_bytes_new_static ("bench source", 12);
    g_autoptr(GPtrArray) listed = NULL;
    g_autoptr(GPtrArray) by_anneal = NULL;
    g_autoptr(GPtrArray) current = NULL;
    RlxImportResult result = { 0 };
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    double import_s, list_s, anneal_s, current_s;

    for (guint i = 0; i < N_RUNS; i++)
      {
        RlxRunData *run = make_run (500, 400.0 + (i % 100));

        run->sample_name = g_strdup_printf ("Sample %u", i % 50);
        g_ptr_array_add (runs, run);
      }

    store = rlx_store_open (many_path, &error);
    g_assert_no_error (error);
    start = g_get_monotonic_time ();
    g_assert_true (rlx_store_import (store, "many.txt", bytes, NULL, (RlxRunData **) runs->pdata,
                                     runs->len, &result, &error));
    import_s = seconds_since (start);

    /* Analyses go in through SQL in one transaction: 20 000 separate commits would time the disk. */
    g_assert_cmpint (sqlite3_open (many_path, &db), ==, SQLITE_OK);
    sqlite3_busy_timeout (db, 10000);
    sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2 (db, "INSERT INTO analysis (run_id, kind, recipe_json, result_json, created_at) "
                        "VALUES (?, 'peak-fit', '{}', ?, '2024-01-01T00:00:00Z')", -1, &stmt, NULL);
    for (guint i = 0; i < result.run_ids->len; i++)
      for (int k = 0; k < 2; k++)
        {
          g_autofree char *json = g_strdup_printf ("{\"status\":\"converged\",\"parameters\":"
                                                   "{\"E\":{\"value\":%d}}}", 300000 + (int) i + k);

          sqlite3_bind_int64 (stmt, 1, g_array_index (result.run_ids, gint64, i));
          sqlite3_bind_text (stmt, 2, json, -1, SQLITE_TRANSIENT);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
          sqlite3_reset (stmt);
        }
    sqlite3_finalize (stmt);
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close (db);

    start = g_get_monotonic_time ();
    listed = rlx_store_list_runs (store, 0, &error);
    list_s = seconds_since (start);
    g_assert_no_error (error);
    g_assert_cmpuint (listed->len, ==, N_RUNS);

    start = g_get_monotonic_time ();
    by_anneal = rlx_store_list_runs_by_anneal (store, 450.0, 100.0, &error);
    anneal_s = seconds_since (start);
    g_assert_cmpuint (by_anneal->len, ==, N_RUNS / 100);

    start = g_get_monotonic_time ();
    current = rlx_store_list_current_analyses (store, "peak-fit", &error);
    current_s = seconds_since (start);
    g_assert_cmpuint (current->len, ==, N_RUNS);

    printf ("import of %d runs × 3 × 500 points in one transaction: %.3f s\n", N_RUNS, import_s);
    printf ("list %d runs: %.3f s; runs at one (Ta, ta): %.4f s (%u runs); "
            "current analyses of %d runs (of %d): %.3f s\n", N_RUNS, list_s, anneal_s,
            by_anneal->len, N_RUNS, 2 * N_RUNS, current_s);
    rlx_import_result_clear (&result);
    rlx_store_close (store);
  }

  remove_db (big_path);
  remove_db (many_path);
  g_rmdir (dir);
  return 0;
}
