/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "rlx-store.h"
#include "rlx-store-test-data.h"
#include "rlx-test-util.h"

/* Opening: new files, foreign files, newer files, and the migrations from every older version. */

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
assert_refused_untouched (const char  *path,
                          RlxStoreError code,
                          const char  *expected_words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = read_file (path);
  g_autoptr(GBytes) after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  RlxStore *store = rlx_store_open (path, &error);

  g_assert_null (store);
  g_assert_error (error, RLX_STORE_ERROR, (gint) code);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, expected_words));
  g_test_message ("refused as expected: %s", error->message);

  after = read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_new_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "a", "b", "c.relaxun", NULL);
  g_autofree char *empty = NULL;
  RlxStore *store;

  store = rlx_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rlx_store_get_schema_version (store), ==, rlx_store_get_latest_schema_version ());
  g_assert_cmpint (rlx_store_get_latest_schema_version (), >=, 2);
  rlx_store_close (store);

  g_assert_cmpint (rlx_store_test_count (path, "PRAGMA application_id"), ==, 0x524C5855);
  g_assert_cmpint (rlx_store_test_count (path, "PRAGMA user_version"), ==,
                   rlx_store_get_latest_schema_version ());
  g_assert_cmpint (rlx_store_test_count (path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), ==, 1);

  /* Opening again changes nothing. */
  store = rlx_store_open (path, &error);
  g_assert_no_error (error);
  rlx_store_close (store);

  /* An empty file (as a file chooser may create) becomes a new database. */
  empty = rlx_test_write_tmp_file (dir, "empty.relaxun", "", 0);
  store = rlx_store_open (empty, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  rlx_store_close (store);
  g_assert_cmpint (rlx_store_test_count (empty, "PRAGMA user_version"), ==,
                   rlx_store_get_latest_schema_version ());

  rlx_store_test_remove_db (path);
  rlx_store_test_remove_db (empty);
}

static void
test_not_sqlite (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *text = rlx_test_write_tmp_file (dir, "export.txt",
                                                   "Curve Name:\n  DSC Heating\nCurve Values:\n"
                                                   "  Index  t  Ts  Value\n", -1);
  g_autofree char *binary = NULL;
  guint8 noise[8192];
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  binary = rlx_test_write_tmp_file (dir, "noise.bin", noise, sizeof noise);

  assert_refused_untouched (text, RLX_STORE_ERROR_NOT_DATABASE, "not an SQLite file");
  assert_refused_untouched (binary, RLX_STORE_ERROR_NOT_DATABASE, "not an SQLite file");

  g_remove (text);
  g_remove (binary);
  g_rmdir (dir);
}

static void
test_foreign_sqlite (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "browser-history.sqlite", NULL);
  g_autofree char *other_app = g_build_filename (dir, "other-app.sqlite", NULL);
  sqlite3 *db = NULL;

  /* Another program's database, in rollback-journal mode as most are. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE visits (url TEXT, at INTEGER);"
                                 "INSERT INTO visits VALUES ('https://example.org', 1);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused_untouched (path, RLX_STORE_ERROR_NOT_DATABASE, "another program");

  /* One that claims an application id of its own, with no tables. */
  g_assert_cmpint (sqlite3_open (other_app, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA application_id = 1234; PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused_untouched (other_app, RLX_STORE_ERROR_NOT_DATABASE, "another program");

  g_remove (path);
  g_remove (other_app);
  g_rmdir (dir);
}

static void
test_too_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "future.relaxun", NULL);
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA journal_mode = DELETE;",
                                             rlx_store_get_latest_schema_version () + 1);
  RlxStore *store = rlx_store_open (path, &error);

  g_assert_no_error (error);
  rlx_store_close (store);
  /* A newer Relaxun wrote it (and left it in rollback mode, so nothing hides in a -wal file). */
  rlx_store_test_exec (path, pragma);

  assert_refused_untouched (path, RLX_STORE_ERROR_TOO_NEW, "newer Relaxun");
  rlx_store_test_remove_db (path);
  g_rmdir (dir);
}

static GBytes *
zlib_compress (const char *text)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, -1);
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (text, (gssize) strlen (text), NULL);
  g_autoptr(GInputStream) converted = g_converter_input_stream_new (in, G_CONVERTER (compressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_cmpint (g_output_stream_splice (out, converted, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                           NULL, NULL), >=, 0);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/*
 * Data as version 1 wrote it, through plain SQL on the version-1 tables only (which every
 * later version keeps), so the test does not depend on today's store code to write it.
 */
static void
fill_version_1 (const char    *path,
                const char    *original,
                const double  *values,
                gsize          n_values)
{
  g_autoptr(GBytes) compressed = zlib_compress (original);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, original, -1);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "INSERT INTO sample (id, name, material, mass, mass_unit, created_at) "
    "  VALUES (1, 'Old glass', 'Au49Cu26.9Si16.3Ag5.5Pd2.3', 0.2, 'mg', '2020-01-01T00:00:00Z');"
    "INSERT INTO run (id, sample_id, source_id, position, kind, role, title, segment, heating_rate,"
    "  anneal_json, anneal_ta, anneal_time, t_start, t_end, n_points, metadata_json, imported_at)"
    "  VALUES (1, 1, 1, 0, 'flash-dsc-heating', 'annealed', 'Heating', 5, 1000.0,"
    "  '[{\"Ta\":373.15,\"ta\":100.0}]', 373.15, 100.0, 300.0, 500.0, 4,"
    "  '{\"Operator\":\"K.\"}', '2020-01-01T00:00:00Z');"
    "INSERT INTO analysis (run_id, kind, recipe_json, result_json, created_at)"
    "  VALUES (1, 'peak-fit', '{}', '{\"E\":1}', '2020-01-02T00:00:00Z');"
    "INSERT INTO analysis (run_id, kind, recipe_json, result_json, created_at)"
    "  VALUES (1, 'peak-fit', '{}', '{\"E\":2}', '2020-01-03T00:00:00Z');"
    "INSERT INTO history (at, action, entity, entity_id, summary)"
    "  VALUES ('2020-01-01T00:00:00Z', 'import', 'source', 1, 'Imported 1 run');",
    NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO source (id, file_name, size, sha256, "
                                       "compression, bytes, imported_at) VALUES (1, 'old.txt', ?, ?, "
                                       "'zlib', ?, '2020-01-01T00:00:00Z')", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) strlen (original));
  sqlite3_bind_text (stmt, 2, sha, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 3, g_bytes_get_data (compressed, NULL),
                     (int) g_bytes_get_size (compressed), SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO channel (run_id, position, name, "
                                       "original_unit, quantity, n_values, data) VALUES "
                                       "(1, 0, 'Ts', '°C', 'temperature', ?, ?)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) n_values);
  /* Written as little-endian doubles; the test machines are little-endian. */
  g_assert_cmpint (G_BYTE_ORDER, ==, G_LITTLE_ENDIAN);
  sqlite3_bind_blob (stmt, 2, values, (int) (n_values * sizeof (double)), SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_migration (gconstpointer data)
{
  int from = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "old.relaxun", NULL);
  const char *original = "an old export\nwith two lines\n";
  const double values[] = { 300.0, 366.5, 433.25, 500.0 };
  g_autoptr(RlxRunRecord) run = NULL;
  g_autoptr(RlxAnalysisRecord) current = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) by_anneal = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *recipe = NULL;
  RlxStore *store;

  g_assert_true (rlx_store_create_at_version (path, from, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rlx_store_test_count (path, "PRAGMA user_version"), ==, from);
  fill_version_1 (path, original, values, G_N_ELEMENTS (values));

  store = rlx_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rlx_store_get_schema_version (store), ==, rlx_store_get_latest_schema_version ());

  /* Everything written by the old version is there and readable. */
  run = rlx_store_load_run (store, 1, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (run->sample_name, ==, "Old glass");
  g_assert_cmpstr (run->source_name, ==, "old.txt");
  g_assert_null (run->tags);
  g_assert_cmpint (run->data->kind, ==, RLX_RUN_KIND_FLASH_DSC_HEATING);
  g_assert_cmpint (run->data->segment, ==, 5);
  g_assert_cmpuint (run->data->anneal_steps->len, ==, 1);
  g_assert_cmpfloat (g_array_index (run->data->anneal_steps, RlxAnnealStep, 0).temperature, ==, 373.15);
  g_assert_cmpstr (g_hash_table_lookup (run->data->metadata, "Operator"), ==, "K.");
  g_assert_cmpuint (run->data->channels->len, ==, 1);
  g_assert_true (rlx_store_test_values_equal (values,
                                              ((RlxChannel *) run->data->channels->pdata[0])->values,
                                              G_N_ELEMENTS (values)));
  bytes = rlx_store_dup_source_bytes (store, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), original, strlen (original));
  current = rlx_store_get_current_analysis (store, 1, "peak-fit", &error);
  g_assert_cmpstr (current->result_json, ==, "{\"E\":2}");
  history = rlx_store_list_history (store, &error);
  g_assert_cmpuint (history->len, ==, 1);

  /* What the later versions added works on the migrated file. */
  by_anneal = rlx_store_list_runs_by_anneal (store, 373.15, 100.0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_anneal->len, ==, 1);
  run->tags = g_strdup ("migrated");
  g_assert_true (rlx_store_update_run (store, run, &error));
  g_assert_no_error (error);
  g_assert_true (rlx_store_save_recipe (store, "r", "{}", &error));
  recipe = rlx_store_dup_recipe (store, "r", &error);
  g_assert_cmpstr (recipe, ==, "{}");
  rlx_store_close (store);

  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                                         "AND name IN ('run_by_anneal', 'analysis_by_run_kind', "
                                         "'analysis_by_kind', 'run_by_sample')"), ==, 4);
  g_assert_cmpint (rlx_store_test_count (path, "SELECT count(*) FROM run WHERE tags = 'migrated'"), ==, 1);
  {
    g_autofree char *integrity = rlx_store_test_integrity (path);

    g_assert_cmpstr (integrity, ==, "ok");
  }

  rlx_store_test_remove_db (path);
  g_rmdir (dir);
}

static void
test_create_at_bad_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "x.relaxun", NULL);

  g_assert_false (rlx_store_create_at_version (path, 0, &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

/* A database with its write-ahead log goes, companions included; a neighbour stays; a second
 * removal finds nothing and is fine; a folder in the way is reported. */
static void
test_remove_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "gone.relaxun", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *neighbour = g_build_filename (dir, "gone.relaxun.bak", NULL);
  g_autofree char *blocked = g_build_filename (dir, "blocked.relaxun", NULL);
  g_autofree char *blocked_shm = g_strconcat (blocked, "-shm", NULL);
  g_autofree char *inside = g_build_filename (blocked_shm, "x", NULL);
  RlxStore *store = rlx_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (rlx_store_ensure_sample (store, "PdCuSi", &error), >, 0);
  g_assert_no_error (error);
  rlx_store_close (store);
  g_assert_true (g_file_set_contents (journal, "", 0, NULL));
  g_assert_true (g_file_set_contents (neighbour, "keep", -1, NULL));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (rlx_store_remove_files (path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (neighbour, G_FILE_TEST_EXISTS));
  g_assert_true (rlx_store_remove_files (path, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_set_contents (blocked, "", 0, NULL));
  g_assert_cmpint (g_mkdir (blocked_shm, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, "", 0, NULL));
  g_assert_false (rlx_store_remove_files (blocked, &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, blocked_shm));
  g_assert_false (g_file_test (blocked, G_FILE_TEST_EXISTS));

  g_unlink (inside);
  g_rmdir (blocked_shm);
  g_unlink (neighbour);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relaxun/store/open/new-file", test_new_file);
  g_test_add_func ("/relaxun/store/open/not-sqlite", test_not_sqlite);
  g_test_add_func ("/relaxun/store/open/foreign-sqlite", test_foreign_sqlite);
  g_test_add_func ("/relaxun/store/open/too-new", test_too_new);
  g_test_add_func ("/relaxun/store/open/create-at-bad-version", test_create_at_bad_version);
  g_test_add_func ("/relaxun/store/open/remove-files", test_remove_files);

  /* One test per earlier schema version: migrate from it to the latest. */
  for (int v = 1; v < rlx_store_get_latest_schema_version (); v++)
    {
      g_autofree char *name = g_strdup_printf ("/relaxun/store/migrate/from-v%d", v);

      g_test_add_data_func (name, GINT_TO_POINTER (v), test_migration);
    }

  return g_test_run ();
}
