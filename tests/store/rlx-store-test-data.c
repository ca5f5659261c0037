/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include "rlx-store-test-data.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* A heating scan: temperature, time and a heat-flow peak, plus extra channels if asked. */
RlxRunData *
rlx_store_test_make_run (const char *sample_name,
                         gsize       n_points,
                         guint       n_channels,
                         double      anneal_ta,
                         double      anneal_time)
{
  RlxRunData *run = rlx_run_data_new ();
  static const RlxQuantity quantities[] = {
    RLX_QUANTITY_TEMPERATURE, RLX_QUANTITY_TIME, RLX_QUANTITY_HEAT_FLOW, RLX_QUANTITY_OTHER,
  };

  run->sample_name = g_strdup (sample_name);
  run->title = g_strdup ("Heating 1000 K/s");
  run->kind = RLX_RUN_KIND_FLASH_DSC_HEATING;
  run->role = isnan (anneal_ta) ? RLX_RUN_ROLE_REFERENCE : RLX_RUN_ROLE_ANNEALED;
  run->instrument = g_strdup ("Flash DSC 2+");
  run->software = g_strdup ("STARe 16.4");
  run->format = g_strdup ("stare-curve");
  run->segment = 3;
  run->heating_rate = 1000.0;
  run->cooling_rate = 1000.0;
  if (!isnan (anneal_ta))
    rlx_run_data_add_anneal_step (run, anneal_ta, anneal_time);

  for (guint c = 0; c < n_channels; c++)
    {
      double *values = g_new (double, MAX (n_points, 1));
      RlxQuantity quantity = quantities[MIN (c, G_N_ELEMENTS (quantities) - 1)];

      for (gsize i = 0; i < n_points; i++)
        {
          double x = (double) i / (double) MAX (n_points, 2);

          switch (c)
            {
            case 0: values[i] = 300.0 + 200.0 * x; break;
            case 1: values[i] = 0.2 * x; break;
            case 2: values[i] = 0.05 * exp (-pow ((x - 0.6) / 0.05, 2)) - 0.01 * x; break;
            default: values[i] = sin ((double) c * x); break;
            }
        }
      rlx_run_data_add_channel (run, rlx_channel_new (NULL, c == 0 ? "°C" : "", quantity,
                                                      values, n_points));
    }

  return run;
}

gboolean
rlx_store_test_values_equal (const double *a,
                             const double *b,
                             gsize         n)
{
  return n == 0 || memcmp (a, b, n * sizeof (double)) == 0;
}

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

void
rlx_store_test_assert_runs_equal (const RlxRunData *expected,
                                  const RlxRunData *actual,
                                  gboolean          with_channels)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpstr (expected->title, ==, actual->title);
  g_assert_cmpstr (expected->material, ==, actual->material);
  g_assert_cmpint (expected->kind, ==, actual->kind);
  g_assert_cmpint (expected->role, ==, actual->role);
  g_assert_cmpstr (expected->instrument, ==, actual->instrument);
  g_assert_cmpstr (expected->software, ==, actual->software);
  g_assert_cmpstr (expected->format, ==, actual->format);
  g_assert_cmpint (expected->segment, ==, actual->segment);
  assert_same_double (expected->mass_mg, actual->mass_mg);
  assert_same_double (expected->heating_rate, actual->heating_rate);
  assert_same_double (expected->cooling_rate, actual->cooling_rate);
  assert_same_double (expected->frequency, actual->frequency);
  g_assert_cmpint (expected->simulated, ==, actual->simulated);
  g_assert_cmpstr (expected->notes, ==, actual->notes);

  g_assert_cmpuint (expected->anneal_steps->len, ==, actual->anneal_steps->len);
  for (guint i = 0; i < expected->anneal_steps->len; i++)
    {
      RlxAnnealStep *e = &g_array_index (expected->anneal_steps, RlxAnnealStep, i);
      RlxAnnealStep *a = &g_array_index (actual->anneal_steps, RlxAnnealStep, i);

      g_assert_cmpfloat (e->temperature, ==, a->temperature);
      g_assert_cmpfloat (e->duration, ==, a->duration);
    }

  g_assert_cmpuint (g_hash_table_size (expected->metadata), ==, g_hash_table_size (actual->metadata));
  g_hash_table_iter_init (&iter, expected->metadata);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (g_hash_table_lookup (actual->metadata, key), ==, value);

  if (!with_channels)
    {
      g_assert_cmpuint (actual->channels->len, ==, 0);
      return;
    }

  g_assert_cmpuint (expected->channels->len, ==, actual->channels->len);
  for (guint i = 0; i < expected->channels->len; i++)
    {
      RlxChannel *e = g_ptr_array_index (expected->channels, i);
      RlxChannel *a = g_ptr_array_index (actual->channels, i);

      g_assert_cmpstr (e->name, ==, a->name);
      g_assert_cmpstr (e->original_unit, ==, a->original_unit);
      g_assert_cmpint (e->quantity, ==, a->quantity);
      g_assert_cmpuint (e->n_values, ==, a->n_values);
      g_assert_true (rlx_store_test_values_equal (e->values, a->values, e->n_values));
    }
}

static sqlite3 *
open_raw (const char *db_path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

gint64
rlx_store_test_count (const char *db_path,
                      const char *sql)
{
  sqlite3 *db = open_raw (db_path);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

char *
rlx_store_test_integrity (const char *db_path)
{
  sqlite3 *db = open_raw (db_path);
  sqlite3_stmt *stmt = NULL;
  char *result;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

void
rlx_store_test_exec (const char *db_path,
                     const char *sql)
{
  sqlite3 *db = open_raw (db_path);
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

void
rlx_store_test_remove_db (const char *db_path)
{
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

  g_remove (db_path);
  g_remove (wal);
  g_remove (shm);
}
