/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-store"

#include "config.h"

#include "rlx-store.h"
#include "rlx-store-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/*
 * Opening, transactions and the helpers the other store files share; the schema and its
 * migrations are in rlx-store-schema.c, the check of stored JSON in rlx-store-json.c.
 *
 * Threads: connections are opened with SQLITE_OPEN_NOMUTEX because an RlxStore (with its cache
 * of prepared statements) belongs to one thread at a time; a worker opens its own RlxStore.
 * Processes: WAL lets readers go on while one writer writes; writers queue through the busy
 * timeout and BEGIN IMMEDIATE, which is retried while SQLite still answers SQLITE_BUSY.
 */

#define BUSY_TIMEOUT_MS 10000
#define BEGIN_RETRY_LIMIT_US (60 * G_USEC_PER_SEC)

G_DEFINE_QUARK (rlx-store-error-quark, rlx_store_error)

#define LATEST_VERSION (rlx_store_get_latest_schema_version ())

/**
 * rlx_store_dup_default_path:
 *
 * The user's notebook, shared by the application and relaxun-cli when no file is named.
 *
 * Returns: (transfer full): $XDG_DATA_HOME/relaxun/notebook.relaxun
 */
char *
rlx_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "relaxun", "notebook.relaxun", NULL);
}

/**
 * rlx_store_dup_demo_path:
 *
 * The demo database is a file of its own, so that the demo never mixes with real data.
 *
 * Returns: (transfer full): $XDG_DATA_HOME/relaxun/demo.relaxun
 */
char *
rlx_store_dup_demo_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "relaxun", "demo.relaxun", NULL);
}

/**
 * rlx_store_remove_files:
 * @path: a database file
 * @error: return location for a #GError
 *
 * Removes the database at @path with its SQLite companions (write-ahead log, shared memory,
 * rollback journal), so that a new database can take its place or a half-built one leaves
 * nothing behind. Close every connection to it first. Files that do not exist are fine.
 *
 * Returns: FALSE, with @error set, when one of the files exists but could not be removed
 */
gboolean
rlx_store_remove_files (const char *path,
                        GError    **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  gboolean ok = TRUE;

  g_return_val_if_fail (path != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT && ok)
        {
          int saved = errno;

          g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_FAILED,
                       "Could not remove “%s”: %s. Check that you may write to its folder.",
                       file, g_strerror (saved));
          ok = FALSE;
        }
    }
  return ok;
}
gboolean
rlx_store_fail (RlxStore   *store,
                GError    **error,
                const char *what)
{
  g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_FAILED,
               "Could not %s in the database “%s”: %s", what, store->path,
               sqlite3_errmsg (store->db));
  return FALSE;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

RlxStmt *
rlx_store_prepare (RlxStore   *store,
                   const char *sql,
                   GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (store->statements, sql);

  if (stmt != NULL)
    return stmt;

  if (sqlite3_prepare_v3 (store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      rlx_store_fail (store, error, "prepare a query");
      return NULL;
    }

  g_hash_table_insert (store->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
rlx_store_exec (RlxStore   *store,
                const char *sql,
                GError    **error)
{
  if (sqlite3_exec (store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return rlx_store_fail (store, error, "change the schema");
  return TRUE;
}

gboolean
rlx_store_step_done (RlxStore   *store,
                     RlxStmt    *stmt,
                     const char *what,
                     GError    **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return rlx_store_fail (store, error, what);
  return TRUE;
}

GPtrArray *
rlx_store_collect_rows (RlxStore       *store,
                        RlxStmt        *stmt,
                        RlxStoreRowFunc row_func,
                        gpointer        user_data,
                        GDestroyNotify  free_func,
                        const char     *what,
                        GError        **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_func (stmt, user_data));
  if (rc != SQLITE_DONE)
    {
      rlx_store_fail (store, error, what);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static int
exec_simple (RlxStore   *store,
             const char *sql)
{
  return sqlite3_exec (store->db, sql, NULL, NULL, NULL);
}

/*
 * BEGIN IMMEDIATE takes the write lock up front, so a transaction can never deadlock by
 * upgrading a read lock. The busy handler waits up to BUSY_TIMEOUT_MS; a few cases (WAL
 * recovery by another process) still answer SQLITE_BUSY at once, hence the retry loop.
 */
gboolean
rlx_store_begin (RlxStore *store,
                 GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + BEGIN_RETRY_LIMIT_US;
  gulong pause_us = 1000;
  int rc;

  g_return_val_if_fail (store->tx_depth == 0, FALSE);

  while ((rc = exec_simple (store, "BEGIN IMMEDIATE")) == SQLITE_BUSY ||
         rc == SQLITE_LOCKED)
    {
      if (g_get_monotonic_time () > deadline)
        break;
      g_usleep (pause_us);
      pause_us = MIN (pause_us * 2, 100000);
    }

  if (rc != SQLITE_OK)
    return rlx_store_fail (store, error, "start a transaction (another program may hold the "
                           "database for a long time; try again)");

  store->tx_depth = 1;
  return TRUE;
}

gboolean
rlx_store_commit (RlxStore *store,
                  GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + BEGIN_RETRY_LIMIT_US;
  int rc;

  while ((rc = exec_simple (store, "COMMIT")) == SQLITE_BUSY)
    {
      if (g_get_monotonic_time () > deadline)
        break;
      g_usleep (10000);
    }

  if (rc != SQLITE_OK)
    {
      rlx_store_fail (store, error, "save the changes");
      rlx_store_rollback (store);
      return FALSE;
    }

  store->tx_depth = 0;
  return TRUE;
}

void
rlx_store_rollback (RlxStore *store)
{
  if (store->tx_depth == 0)
    return;

  /* Statements left mid-step would keep the transaction's locks. */
  {
    GHashTableIter iter;
    gpointer stmt;

    g_hash_table_iter_init (&iter, store->statements);
    while (g_hash_table_iter_next (&iter, NULL, &stmt))
      sqlite3_reset (stmt);
  }

  if (sqlite3_get_autocommit (store->db) == 0)
    exec_simple (store, "ROLLBACK");
  store->tx_depth = 0;
}

char *
rlx_store_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
rlx_store_append_history (RlxStore   *store,
                          const char *action,
                          const char *entity,
                          gint64      entity_id,
                          const char *summary,
                          const char *payload_json,
                          GError    **error)
{
  g_autoptr(RlxStmt) stmt = NULL;
  g_autofree char *now = rlx_store_now ();

  stmt = rlx_store_prepare (store,
                            "INSERT INTO history (at, action, entity, entity_id, summary, payload_json) "
                            "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  rlx_stmt_bind_text (stmt, 1, now);
  rlx_stmt_bind_text (stmt, 2, action);
  rlx_stmt_bind_text (stmt, 3, entity);
  rlx_stmt_bind_id (stmt, 4, entity_id);
  rlx_stmt_bind_text (stmt, 5, summary ? summary : "");
  rlx_stmt_bind_text (stmt, 6, payload_json);

  return rlx_store_step_done (store, stmt, "write the history", error);
}

void
rlx_stmt_bind_text (RlxStmt    *stmt,
                    int         index,
                    const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
rlx_stmt_bind_double (RlxStmt *stmt,
                      int      index,
                      double   value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

void
rlx_stmt_bind_id (RlxStmt *stmt,
                  int      index,
                  gint64   id)
{
  if (id <= 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, id);
}

char *
rlx_stmt_dup_text (RlxStmt *stmt,
                   int      column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

double
rlx_stmt_get_double (RlxStmt *stmt,
                     int      column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double (stmt, column);
}

GBytes *
rlx_store_encode_values (const double *values,
                         gsize         n_values)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  return g_bytes_new_static (values, n_values * sizeof (double));
#else
  guint64 *le = g_new (guint64, MAX (n_values, 1));

  for (gsize i = 0; i < n_values; i++)
    {
      guint64 bits;

      memcpy (&bits, &values[i], sizeof bits);
      le[i] = GUINT64_TO_LE (bits);
    }
  return g_bytes_new_take (le, n_values * sizeof (double));
#endif
}

double *
rlx_store_decode_values (const void *blob,
                         gsize       n_bytes,
                         gsize      *n_values)
{
  gsize n = n_bytes / sizeof (double);
  double *values = g_new (double, MAX (n, 1));

  if (n > 0)
    memcpy (values, blob, n * sizeof (double));
#if G_BYTE_ORDER != G_LITTLE_ENDIAN
  for (gsize i = 0; i < n; i++)
    {
      guint64 bits;

      memcpy (&bits, &values[i], sizeof bits);
      bits = GUINT64_FROM_LE (bits);
      memcpy (&values[i], &bits, sizeof bits);
    }
#endif
  *n_values = n;
  return values;
}

typedef struct
{
  gint32 application_id;
  int    user_version;
  int    n_objects;
} Header;

static gboolean
read_header (RlxStore *store,
             Header   *header,
             GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* One read: a file that is not SQLite fails here without being written to. */
  rc = sqlite3_prepare_v2 (store->db,
                           "SELECT (SELECT application_id FROM pragma_application_id),"
                           "       (SELECT user_version FROM pragma_user_version),"
                           "       (SELECT count(*) FROM sqlite_schema)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      int code = sqlite3_errcode (store->db);

      if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
        g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_DATABASE,
                     "“%s” is not a Relaxun database (it is not an SQLite file). "
                     "Choose a Relaxun database, or a new file name to create one.", store->path);
      else
        rlx_store_fail (store, error, "read the database header");
      sqlite3_finalize (stmt);
      return FALSE;
    }

  header->application_id = sqlite3_column_int (stmt, 0);
  header->user_version = sqlite3_column_int (stmt, 1);
  header->n_objects = sqlite3_column_int (stmt, 2);
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
check_header (RlxStore     *store,
              const Header *header,
              GError      **error)
{
  if (header->application_id == 0 && header->user_version == 0 && header->n_objects == 0)
    return TRUE;  /* an empty SQLite file: ours to set up */

  if (header->application_id != RLX_STORE_APPLICATION_ID)
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_DATABASE,
                   "“%s” is an SQLite database of another program, not a Relaxun database; "
                   "it was left untouched. Choose a Relaxun database, or a new file name.",
                   store->path);
      return FALSE;
    }

  if (header->user_version > LATEST_VERSION)
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_TOO_NEW,
                   "“%s” was written by a newer Relaxun (database version %d; this Relaxun "
                   "reads up to version %d). It was left untouched; update Relaxun to open it.",
                   store->path, header->user_version, LATEST_VERSION);
      return FALSE;
    }

  if (header->user_version < 1)
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_DATABASE,
                   "“%s” is marked as a Relaxun database but has no schema version; "
                   "it was left untouched.", store->path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_wal (RlxStore *store,
         GError  **error)
{
  /* Switching to WAL needs a moment of exclusive access; another process may be starting too. */
  for (int attempt = 0; attempt < 200; attempt++)
    {
      sqlite3_stmt *stmt = NULL;
      gboolean wal = FALSE;
      int rc = sqlite3_prepare_v2 (store->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);

      if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
      sqlite3_finalize (stmt);

      if (wal)
        return TRUE;
      if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED && rc != SQLITE_ROW)
        break;
      g_usleep (50000);
    }

  return rlx_store_fail (store, error, "switch to write-ahead logging");
}

static RlxStore *
store_new (const char *path)
{
  RlxStore *store = g_new0 (RlxStore, 1);

  store->path = g_strdup (path);
  store->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                             finalize_statement);
  return store;
}

static gboolean
ensure_parent_dir (const char *path,
                   GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_FAILED,
                   "Could not create the folder “%s” for the database: %s",
                   dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/*
 * Opens the connection and brings the schema to @target_version (LATEST_VERSION except in
 * migration tests). Nothing is written to an existing file before it is known to be ours.
 */
static RlxStore *
open_at_version (const char *path,
                 int         target_version,
                 gboolean    must_be_new,
                 GError    **error)
{
  g_autoptr(RlxStore) store = NULL;
  gboolean exists;
  Header header = { 0 };
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

  g_return_val_if_fail (path != NULL, NULL);

  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (exists && must_be_new)
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID,
                   "“%s” exists already", path);
      return NULL;
    }
  if (exists && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_DATABASE,
                   "“%s” is a folder, not a Relaxun database", path);
      return NULL;
    }
  if (!exists)
    {
      if (!ensure_parent_dir (path, error))
        return NULL;
      flags |= SQLITE_OPEN_CREATE;
    }

  store = store_new (path);
  if (sqlite3_open_v2 (path, &store->db, flags, NULL) != SQLITE_OK)
    {
      if (store->db == NULL)
        g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_FAILED,
                     "Could not open the database “%s”: out of memory", path);
      else
        rlx_store_fail (store, error, "open the file");
      return NULL;
    }

  sqlite3_extended_result_codes (store->db, 0);
  sqlite3_busy_timeout (store->db, BUSY_TIMEOUT_MS);

  if (!read_header (store, &header, error) || !check_header (store, &header, error))
    return NULL;

  if (exec_simple (store, "PRAGMA foreign_keys = ON") != SQLITE_OK)
    {
      rlx_store_fail (store, error, "turn on foreign keys");
      return NULL;
    }

  store->schema_version = header.user_version;
  if (header.user_version < target_version)
    {
      if (!set_wal (store, error) || !rlx_store_begin (store, error))
        return NULL;

      /* Another process may have set up or updated the file while we waited for the lock. */
      if (!read_header (store, &header, error) || !check_header (store, &header, error) ||
          (header.user_version < target_version &&
           !rlx_store_migrate_to (store, header.user_version, target_version, error)) ||
          !rlx_store_commit (store, error))
        {
          rlx_store_rollback (store);
          return NULL;
        }
      store->schema_version = MAX (header.user_version, target_version);
    }
  else if (!set_wal (store, error))
    return NULL;

  return g_steal_pointer (&store);
}

/**
 * rlx_store_open:
 * @path: the database file; created (with its folder) when it does not exist
 *
 * Opens a Relaxun database and updates an older schema. A file that is not a Relaxun database
 * (%RLX_STORE_ERROR_NOT_DATABASE) or was written by a newer Relaxun (%RLX_STORE_ERROR_TOO_NEW)
 * is refused and left byte for byte as it was.
 *
 * Returns: (transfer full) (nullable): the store, to be used from one thread at a time
 */
RlxStore *
rlx_store_open (const char *path,
                GError    **error)
{
  return open_at_version (path, LATEST_VERSION, FALSE, error);
}

/**
 * rlx_store_create_at_version:
 *
 * Creates a new database at an earlier schema version, to test the migrations from it.
 */
gboolean
rlx_store_create_at_version (const char *path,
                             int         version,
                             GError    **error)
{
  g_autoptr(RlxStore) store = NULL;

  if (version < 1 || version > LATEST_VERSION)
    {
      g_set_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID,
                   "There is no database version %d (1 to %d)", version, LATEST_VERSION);
      return FALSE;
    }

  store = open_at_version (path, version, TRUE, error);
  return store != NULL;
}

void
rlx_store_close (RlxStore *store)
{
  if (store == NULL)
    return;

  rlx_store_rollback (store);
  g_hash_table_unref (store->statements);
  if (store->db != NULL)
    sqlite3_close_v2 (store->db);
  g_free (store->path);
  g_free (store);
}

const char *
rlx_store_get_path (RlxStore *store)
{
  return store->path;
}

int
rlx_store_get_schema_version (RlxStore *store)
{
  return store->schema_version;
}

void
rlx_run_record_free (RlxRunRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->sample_name);
  g_free (record->source_name);
  g_free (record->tags);
  g_free (record->imported_at);
  rlx_run_data_free (record->data);
  g_free (record);
}

void
rlx_sample_record_free (RlxSampleRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_free (record->material);
  g_free (record->mass_unit);
  g_free (record->notes);
  g_free (record->created_at);
  g_free (record);
}

void
rlx_analysis_record_free (RlxAnalysisRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kind);
  g_free (record->recipe_json);
  g_free (record->result_json);
  g_free (record->created_at);
  g_free (record);
}

void
rlx_history_record_free (RlxHistoryRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->at);
  g_free (record->action);
  g_free (record->entity);
  g_free (record->summary);
  g_free (record->payload_json);
  g_free (record);
}

void
rlx_import_result_clear (RlxImportResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->run_ids, g_array_unref);
  result->source_id = 0;
  result->duplicate = FALSE;
}
