/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rlx-import.h"

/* A 10⁶-row Mettler STARe Flash DSC export (latin-1, decimal comma, fixed width, footer) is
 * parsed and stored by Relaxun, then read by numpy.loadtxt and pandas.read_csv on the same
 * file (see bench-import-peers.py for what each peer has to do first). Prints times and
 * ratios; asserts nothing about speed. */

#define N_ROWS 1000000

static void
put_number (GString *s,
            double   v)
{
  char buffer[32];
  char *comma;

  g_snprintf (buffer, sizeof buffer, "%.5e", v);
  if ((comma = strchr (buffer, '.')) != NULL)
    *comma = ',';
  g_string_append_printf (s, "%14s", buffer);
}

static char *
write_export (const char *dir)
{
  g_autoptr(GString) s = g_string_sized_new ((gsize) N_ROWS * 72);
  char *path = g_build_filename (dir, "fDSC_bench_1e6.txt", NULL);
  g_autoptr(GError) error = NULL;

  g_string_append_printf (s, "%14s%14s%14s%14s%14s\n", "Index", "t", "Heat Flow", "Ts", "Tr");
  g_string_append_printf (s, "%14s%14s%14s%14s%14s\n", "[#]", "[s]", "[mW]", "[\xB0""C]", "[\xB0""C]");
  for (int i = 0; i < N_ROWS; i++)
    {
      double t = i * 1e-4;
      double tr = -80.0 + 5.0 * t;

      g_string_append_printf (s, "%14d", i);
      put_number (s, t);
      put_number (s, 0.01 * sin (i * 1e-3) + 0.05);
      put_number (s, tr + 0.2 * cos (i * 1e-2));
      put_number (s, tr);
      g_string_append_c (s, '\n');
    }
  g_string_append (s, "&BENCH 1e6 rows\n");
  /* The header bytes are latin-1 already ("\xB0"); write them as they are. */
  if (!g_file_set_contents (path, s->str, (gssize) s->len, &error))
    g_error ("%s", error->message);
  return path;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("relaxun-bench-io-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *db = NULL;
  g_autofree char *peers_out = NULL;
  g_autofree char *script = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(RlxStore) store = NULL;
  RlxImportResult result = { 0 };
  double t_parse, t_store, t_numpy = NAN, t_pandas = NAN;
  gint64 t0;
  const char *python = g_getenv ("PYTHON") ? g_getenv ("PYTHON") : "/usr/bin/python3";
  const char *source_dir = g_getenv ("RLX_SOURCE_DIR");
  int status = 0;

  if (dir == NULL)
    g_error ("%s", error->message);
  path = write_export (dir);
  db = g_build_filename (dir, "bench.rlx", NULL);

  t0 = g_get_monotonic_time ();
  runs = rlx_import_read_file (path, NULL, NULL, &error);
  t_parse = (g_get_monotonic_time () - t0) / 1e6;
  if (runs == NULL)
    g_error ("%s", error->message);
  g_assert_cmpuint (rlx_run_data_get_n_points (g_ptr_array_index (runs, 0)), ==, N_ROWS);

  store = rlx_store_open (db, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  t0 = g_get_monotonic_time ();
  if (!rlx_import_file_into_store (store, path, "bench", NULL, &result, NULL, &error))
    g_error ("%s", error->message);
  t_store = (g_get_monotonic_time () - t0) / 1e6;
  rlx_import_result_clear (&result);

  script = g_build_filename (source_dir ? source_dir : ".", "tests", "bench", "io", "bench-import-peers.py", NULL);
  {
    const char *args[] = { python, script, path, NULL };

    if (g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &peers_out, NULL,
                      &status, NULL) && status == 0)
      sscanf (peers_out, "numpy %lf pandas %lf", &t_numpy, &t_pandas);
  }

  {
    GStatBuf st;

    printf ("STARe Flash DSC export, %d rows, %.1f MB, latin-1, decimal comma\n", N_ROWS,
            g_stat (path, &st) == 0 ? st.st_size / 1e6 : 0.0);
  }
  printf ("  relaxun parse (decode, sniff, tokenise, numbers, units) %8.3f s\n", t_parse);
  printf ("  relaxun parse + store (one transaction, source kept)      %8.3f s\n", t_store);
  printf ("  numpy.loadtxt (after comma→point, footer cut)             %8.3f s   %.2f× the time of Relaxun's parse\n",
          t_numpy, t_numpy / t_parse);
  printf ("  pandas.read_csv (decimal=',', whitespace, nrows)          %8.3f s   %.2f× the time of Relaxun's parse\n",
          t_pandas, t_pandas / t_parse);

  g_unlink (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
