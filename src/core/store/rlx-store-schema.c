/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-store"

#include "config.h"

#include "rlx-store-private.h"

/*
 * Forward migrations: step i takes a database from version i to version i + 1. A step is
 * never edited once released; a change is a new step.
 */
static const char *const schema_steps[] = {
  /* 1: the base tables. */
  "CREATE TABLE sample ("
  "  id          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  name        TEXT NOT NULL UNIQUE,"
  "  material    TEXT,"
  "  mass        REAL,"
  "  mass_unit   TEXT,"
  "  notes       TEXT,"
  "  created_at  TEXT NOT NULL);"
  "CREATE TABLE source ("
  "  id          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  file_name   TEXT NOT NULL,"
  "  size        INTEGER NOT NULL,"
  "  sha256      TEXT NOT NULL UNIQUE,"
  "  compression TEXT NOT NULL,"
  "  bytes       BLOB NOT NULL,"
  "  imported_at TEXT NOT NULL);"
  "CREATE TABLE run ("
  "  id           INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  sample_id    INTEGER NOT NULL REFERENCES sample (id),"
  "  source_id    INTEGER REFERENCES source (id),"
  "  position     INTEGER NOT NULL DEFAULT 0,"
  "  kind         TEXT NOT NULL,"
  "  role         TEXT NOT NULL,"
  "  title        TEXT,"
  "  material     TEXT,"
  "  instrument   TEXT,"
  "  software     TEXT,"
  "  format       TEXT,"
  "  segment      INTEGER NOT NULL DEFAULT 0,"
  "  heating_rate REAL,"
  "  cooling_rate REAL,"
  "  frequency    REAL,"
  "  anneal_json  TEXT NOT NULL DEFAULT '[]',"
  "  anneal_ta    REAL,"
  "  anneal_time  REAL,"
  "  reference_id INTEGER REFERENCES run (id) ON DELETE SET NULL,"
  "  t_start      REAL,"
  "  t_end        REAL,"
  "  n_points     INTEGER NOT NULL DEFAULT 0,"
  "  mass_mg      REAL,"
  "  simulated    INTEGER NOT NULL DEFAULT 0,"
  "  notes        TEXT,"
  "  metadata_json TEXT NOT NULL DEFAULT '{}',"
  "  imported_at  TEXT NOT NULL);"
  "CREATE INDEX run_by_sample ON run (sample_id, id);"
  /* Channels go with their run; analyses do not (ON DELETE restricts), so that nothing a
   * scientist computed can vanish without the confirmation rlx_store_delete_run() asks for. */
  "CREATE TABLE channel ("
  "  id            INTEGER PRIMARY KEY,"
  "  run_id        INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,"
  "  position      INTEGER NOT NULL,"
  "  name          TEXT NOT NULL,"
  "  original_unit TEXT NOT NULL DEFAULT '',"
  "  quantity      TEXT NOT NULL,"
  "  n_values      INTEGER NOT NULL,"
  "  data          BLOB NOT NULL,"
  "  UNIQUE (run_id, position));"
  "CREATE TABLE analysis ("
  "  id           INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  run_id       INTEGER NOT NULL REFERENCES run (id),"
  "  reference_id INTEGER REFERENCES run (id) ON DELETE SET NULL,"
  "  kind         TEXT NOT NULL,"
  "  recipe_json  TEXT NOT NULL,"
  "  result_json  TEXT NOT NULL,"
  "  created_at   TEXT NOT NULL);"
  "CREATE INDEX analysis_by_run ON analysis (run_id);"
  "CREATE TABLE history ("
  "  id           INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  at           TEXT NOT NULL,"
  "  action       TEXT NOT NULL,"
  "  entity       TEXT NOT NULL,"
  "  entity_id    INTEGER,"
  "  summary      TEXT NOT NULL,"
  "  payload_json TEXT);",

  /* 2: named recipes and run tags. */
  "CREATE TABLE recipe ("
  "  id         INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  json       TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "ALTER TABLE run ADD COLUMN tags TEXT;",

  /* 3: indexes for the GUI's queries on large databases. */
  "CREATE INDEX run_by_anneal ON run (anneal_ta, anneal_time);"
  "CREATE INDEX run_by_reference ON run (reference_id);"
  "CREATE INDEX run_by_source ON run (source_id, position);"
  "DROP INDEX analysis_by_run;"
  "CREATE INDEX analysis_by_run_kind ON analysis (run_id, kind, id);"
  "CREATE INDEX analysis_by_kind ON analysis (kind, run_id, id);"
  "CREATE INDEX analysis_by_reference ON analysis (reference_id);",
};

#define LATEST_VERSION ((int) G_N_ELEMENTS (schema_steps))

int
rlx_store_get_latest_schema_version (void)
{
  return LATEST_VERSION;
}

gboolean
rlx_store_migrate_to (RlxStore *store,
                      int       from_version,
                      int       to_version,
                      GError  **error)
{
  g_autofree char *pragma = NULL;

  for (int v = from_version; v < to_version; v++)
    if (!rlx_store_exec (store, schema_steps[v], error))
      {
        g_prefix_error (error, "Updating the database to version %d failed: ", v + 1);
        return FALSE;
      }

  /* Pragmas take no parameters; both values are integers we produced. */
  pragma = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                            RLX_STORE_APPLICATION_ID, to_version);
  if (!rlx_store_exec (store, pragma, error))
    return FALSE;

  store->schema_version = to_version;
  return TRUE;
}

