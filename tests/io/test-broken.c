/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rlx-import.h"
#include "rlx-test-util.h"

/* The broken-input corpus (tests/io/broken, listed with the expected error in expected.txt)
 * plus inputs generated here: each must fail with the stated code, name the file (and the
 * line where one is stated), and leave a database exactly as it was. */

typedef struct
{
  char  *file;
  int    code;
  guint  line;
  char  *format;
} BrokenCase;

static const struct { const char *name; RlxImportError code; } codes[] = {
  { "FAILED", RLX_IMPORT_ERROR_FAILED },
  { "UNKNOWN_FORMAT", RLX_IMPORT_ERROR_UNKNOWN_FORMAT },
  { "ENCODING", RLX_IMPORT_ERROR_ENCODING },
  { "SYNTAX", RLX_IMPORT_ERROR_SYNTAX },
  { "TRUNCATED", RLX_IMPORT_ERROR_TRUNCATED },
  { "NO_DATA", RLX_IMPORT_ERROR_NO_DATA },
  { "MISSING_COLUMN", RLX_IMPORT_ERROR_MISSING_COLUMN },
  { "INVALID_VALUE", RLX_IMPORT_ERROR_INVALID_VALUE },
  { "NOT_MONOTONIC", RLX_IMPORT_ERROR_NOT_MONOTONIC },
  { "TOO_LARGE", RLX_IMPORT_ERROR_TOO_LARGE },
};

static char *db_path;
static char *tmp_dir;

static gint64
count_rows (const char *table)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
assert_fails_cleanly (const char *path,
                      const char *force,
                      int         code,
                      guint       line)
{
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);
  RlxImportResult result = { 0 };
  gint64 runs_before = count_rows ("run");
  gint64 sources_before = count_rows ("source");
  gint64 samples_before = count_rows ("sample");
  gint64 channels_before = count_rows ("channel");

  store = rlx_store_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_false (rlx_import_file_into_store (store, path, NULL, force, &result, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, RLX_IMPORT_ERROR, code);
  g_assert_nonnull (strstr (error->message, base));
  if (line > 0)
    {
      g_autofree char *where = g_strdup_printf ("line %u:", line);

      g_assert_nonnull (strstr (error->message, where));
    }
  rlx_import_result_clear (&result);
  g_clear_pointer (&store, rlx_store_close);

  g_assert_cmpint (count_rows ("run"), ==, runs_before);
  g_assert_cmpint (count_rows ("source"), ==, sources_before);
  g_assert_cmpint (count_rows ("sample"), ==, samples_before);
  g_assert_cmpint (count_rows ("channel"), ==, channels_before);
}

static void
check_corpus_file (gconstpointer data)
{
  const BrokenCase *c = data;
  g_autofree char *relative = g_build_filename ("tests", "io", "broken", c->file, NULL);
  g_autofree char *path = rlx_test_source_path (relative);

  assert_fails_cleanly (path, c->format, c->code, c->line);
}

static void
test_huge_line (void)
{
  gsize n = 2 * 1024 * 1024;
  g_autofree char *data = g_malloc (n);
  g_autofree char *path = NULL;

  memcpy (data, "Index t\n", 8);
  memset (data + 8, '7', n - 8);
  path = rlx_test_write_tmp_file (tmp_dir, "huge-line.txt", data, (gssize) n);
  assert_fails_cleanly (path, NULL, RLX_IMPORT_ERROR_TOO_LARGE, 2);
}

static void
test_missing_file (void)
{
  g_autoptr(RlxStore) store = rlx_store_open (db_path, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "does-not-exist.txt", NULL);

  g_assert_false (rlx_import_file_into_store (store, path, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, RLX_IMPORT_ERROR, RLX_IMPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "does-not-exist.txt"));
}

static void
test_unknown_forced_format (void)
{
  g_autofree char *path = rlx_test_source_path ("tests/io/samples/generic-header.csv");

  assert_fails_cleanly (path, "no-such-format", RLX_IMPORT_ERROR_UNKNOWN_FORMAT, 0);
}

/* A valid file cut at every few bytes: never a crash, always a clean result or error. */
static void
test_cut_files (void)
{
  g_autofree char *path = rlx_test_source_path ("tests/io/samples/ta-ua-tga-utf16.txt");
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  for (gsize cut = 0; cut < length; cut += 7)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (contents, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) runs = rlx_import_read_bytes (bytes, "cut.txt", NULL, NULL, &error);

      g_assert_true ((runs == NULL) == (error != NULL));
      if (error != NULL)
        g_assert_true (g_str_has_prefix (error->message, "cut.txt"));
    }
}

static GPtrArray *
load_manifest (void)
{
  g_autofree char *path = rlx_test_source_path ("tests/io/broken/expected.txt");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *cases = g_ptr_array_new ();

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      BrokenCase *c;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", 4);
      g_assert_cmpuint (g_strv_length (f), ==, 4);
      c = g_new0 (BrokenCase, 1);
      c->file = g_strdup (f[0]);
      c->code = -1;
      for (guint k = 0; k < G_N_ELEMENTS (codes); k++)
        if (strcmp (codes[k].name, f[1]) == 0)
          c->code = codes[k].code;
      g_assert_cmpint (c->code, >=, 0);
      c->line = (guint) g_ascii_strtoull (f[2], NULL, 10);
      c->format = strcmp (f[3], "-") == 0 ? NULL : g_strdup (f[3]);
      g_ptr_array_add (cases, c);
    }
  return cases;
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  RlxStore *store;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* A database that already holds one import, so "unchanged" means something. */
  tmp_dir = rlx_test_tmp_dir ();
  db_path = g_build_filename (tmp_dir, "broken.rlx", NULL);
  store = rlx_store_open (db_path, &error);
  g_assert_no_error (error);
  good = rlx_test_source_path ("tests/io/samples/stare-report.txt");
  g_assert_true (rlx_import_file_into_store (store, good, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  rlx_store_close (store);

  cases = load_manifest ();
  g_assert_cmpuint (cases->len, >=, 40);
  for (guint i = 0; i < cases->len; i++)
    {
      BrokenCase *c = g_ptr_array_index (cases, i);
      g_autofree char *test_path = g_strdup_printf ("/relaxun/io/broken/%s", c->file);

      g_test_add_data_func (test_path, c, check_corpus_file);
    }
  g_test_add_func ("/relaxun/io/broken/huge-line", test_huge_line);
  g_test_add_func ("/relaxun/io/broken/missing-file", test_missing_file);
  g_test_add_func ("/relaxun/io/broken/unknown-forced-format", test_unknown_forced_format);
  g_test_add_func ("/relaxun/io/broken/cut-files", test_cut_files);

  status = g_test_run ();
  g_free (db_path);
  g_free (tmp_dir);
  return status;
}
