/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rlx-run-data.h"

G_BEGIN_DECLS

/*
 * The Relaxun database: one SQLite file per project. An RlxStore is one connection and belongs
 * to one thread; a worker thread opens its own with rlx_store_open() on the same path.
 * Every function that changes more than one row does so in one transaction.
 *
 * Threads and processes: connections are opened with SQLITE_OPEN_NOMUTEX, so one RlxStore must
 * never be used by two threads at once (it may be handed from one thread to another). Several
 * connections and processes may write the same file: WAL, a 10 s busy timeout and a retried
 * BEGIN IMMEDIATE make writers wait for each other instead of failing.
 * Every change also appends a row to the history log, in the same transaction.
 */

#define RLX_STORE_ERROR (rlx_store_error_quark ())

typedef enum
{
  RLX_STORE_ERROR_FAILED,       /* SQLite reported an error */
  RLX_STORE_ERROR_NOT_DATABASE, /* the file is not a Relaxun database */
  RLX_STORE_ERROR_TOO_NEW,      /* written by a newer Relaxun */
  RLX_STORE_ERROR_NOT_FOUND,    /* no such sample / run / analysis / recipe */
  RLX_STORE_ERROR_HAS_ANALYSES, /* delete refused: the run has analyses and no confirmation */
  RLX_STORE_ERROR_INVALID,      /* the caller passed something inconsistent */
} RlxStoreError;

typedef struct _RlxStore RlxStore;

/* A run as listed or loaded: its id, its links and its data. */
typedef struct
{
  gint64      id;
  gint64      sample_id;
  gint64      source_id;      /* 0 for simulated or derived runs without a file */
  gint64      reference_id;   /* 0 when not paired */
  char       *sample_name;
  char       *source_name;    /* file name of the source, or NULL */
  char       *tags;           /* comma separated, may be NULL */
  char       *imported_at;    /* ISO 8601 UTC */
  double      t_start;        /* K; NAN when unknown */
  double      t_end;          /* K; NAN when unknown */
  gsize       n_points;
  RlxRunData *data;           /* metadata always; channels only when loaded with them */
} RlxRunRecord;

typedef struct
{
  gint64  id;
  char   *name;
  char   *material;
  double  mass;       /* in mass_unit; NAN when unknown */
  char   *mass_unit;  /* "mg", "ng", "µg" … */
  char   *notes;
  char   *created_at;
  guint   n_runs;
} RlxSampleRecord;

typedef struct
{
  gint64  id;
  gint64  run_id;
  gint64  reference_id;  /* 0 when none */
  char   *kind;          /* "peak-fit", "dma-fit", "spectrum", "peak", … */
  char   *recipe_json;
  char   *result_json;
  char   *created_at;
  gboolean current;      /* the newest analysis of its run and kind */
  /* Of the analysed run, so that tables of E* against Ta and ta need no second query. */
  gint64  sample_id;
  double  anneal_ta;     /* K, last annealing step; NAN for none */
  double  anneal_time;   /* s, last annealing step; NAN for none */
} RlxAnalysisRecord;

typedef struct
{
  gint64  id;
  char   *at;            /* ISO 8601 UTC */
  char   *action;        /* "import", "edit", "delete", "fit", "restore", … */
  char   *entity;        /* "sample", "run", "analysis", "source", "recipe" */
  gint64  entity_id;
  char   *summary;       /* human readable */
  char   *payload_json;  /* what is needed to restore a deleted item, or NULL */
} RlxHistoryRecord;

typedef struct
{
  gint64   source_id;
  gboolean duplicate;    /* the same bytes were imported before: nothing was written */
  GArray  *run_ids;      /* gint64: the new runs, or the earlier ones for a duplicate */
} RlxImportResult;

typedef enum
{
  RLX_STORE_DELETE_NONE          = 0,
  RLX_STORE_DELETE_WITH_ANALYSES = 1 << 0, /* the caller confirmed that analyses go too */
} RlxStoreDeleteFlags;

GQuark             rlx_store_error_quark        (void);

RlxStore          *rlx_store_open               (const char          *path,
                                                 GError             **error);
void               rlx_store_close              (RlxStore            *store);
const char        *rlx_store_get_path           (RlxStore            *store);
int                rlx_store_get_schema_version (RlxStore            *store);
int                rlx_store_get_latest_schema_version (void);
char              *rlx_store_dup_default_path   (void);
char              *rlx_store_dup_demo_path      (void);
gboolean           rlx_store_remove_files       (const char          *path,
                                                 GError             **error);
/* Creates a new database holding only the first @version schema steps (for migration tests). */
gboolean           rlx_store_create_at_version  (const char          *path,
                                                 int                  version,
                                                 GError             **error);

/* Samples */
gint64             rlx_store_ensure_sample      (RlxStore            *store,
                                                 const char          *name,
                                                 GError             **error);
GPtrArray         *rlx_store_list_samples       (RlxStore            *store,
                                                 GError             **error);
RlxSampleRecord   *rlx_store_get_sample         (RlxStore            *store,
                                                 gint64               sample_id,
                                                 GError             **error);
gboolean           rlx_store_update_sample      (RlxStore            *store,
                                                 const RlxSampleRecord *sample,
                                                 GError             **error);

/* Import: the original bytes and the runs read from them, in one transaction. */
gboolean           rlx_store_import             (RlxStore            *store,
                                                 const char          *file_name,
                                                 GBytes              *original,
                                                 const char          *sample_name,
                                                 RlxRunData         **runs,
                                                 guint                n_runs,
                                                 RlxImportResult     *result,
                                                 GError             **error);
/* A run without a source file (simulated, derived). */
gint64             rlx_store_add_run            (RlxStore            *store,
                                                 const char          *sample_name,
                                                 const RlxRunData    *run,
                                                 GError             **error);
GBytes            *rlx_store_dup_source_bytes   (RlxStore            *store,
                                                 gint64               source_id,
                                                 char               **file_name,
                                                 GError             **error);

/* Runs */
GPtrArray         *rlx_store_list_runs          (RlxStore            *store,
                                                 gint64               sample_id,
                                                 GError             **error);
/* Runs whose last annealing step is (anneal_ta ± 1 mK, anneal_time ± 1 ms); NAN matches any. */
GPtrArray         *rlx_store_list_runs_by_anneal (RlxStore           *store,
                                                 double               anneal_ta,
                                                 double               anneal_time,
                                                 GError             **error);
RlxRunRecord      *rlx_store_load_run           (RlxStore            *store,
                                                 gint64               run_id,
                                                 gboolean             with_channels,
                                                 GError             **error);
gboolean           rlx_store_update_run         (RlxStore            *store,
                                                 const RlxRunRecord  *run,
                                                 GError             **error);
gboolean           rlx_store_set_reference      (RlxStore            *store,
                                                 gint64               run_id,
                                                 gint64               reference_id,
                                                 GError             **error);
gboolean           rlx_store_delete_run         (RlxStore            *store,
                                                 gint64               run_id,
                                                 RlxStoreDeleteFlags  flags,
                                                 GError             **error);
gboolean           rlx_store_restore            (RlxStore            *store,
                                                 gint64               history_id,
                                                 GError             **error);

/* Analyses: never overwritten; a refit is a new row. */
gint64             rlx_store_add_analysis       (RlxStore            *store,
                                                 gint64               run_id,
                                                 gint64               reference_id,
                                                 const char          *kind,
                                                 const char          *recipe_json,
                                                 const char          *result_json,
                                                 GError             **error);
/* One analysis for rlx_store_add_analyses(): the arguments of rlx_store_add_analysis(). */
typedef struct
{
  gint64      run_id;
  gint64      reference_id;
  const char *kind;
  const char *recipe_json;
  const char *result_json;
  gint64      id;             /* out: the new analysis id */
} RlxAnalysisInput;

/* Several analyses in one transaction, all or none (see rlx-store-analyses.c). */
gboolean           rlx_store_add_analyses       (RlxStore            *store,
                                                 RlxAnalysisInput    *analyses,
                                                 guint                n_analyses,
                                                 GError             **error);
GPtrArray         *rlx_store_list_analyses      (RlxStore            *store,
                                                 gint64               run_id,
                                                 GError             **error);
RlxAnalysisRecord *rlx_store_get_current_analysis (RlxStore          *store,
                                                 gint64               run_id,
                                                 const char          *kind,
                                                 GError             **error);
/* Current analyses of one kind (NULL: of every kind) over all runs, for tables of E* against
 * Ta and ta; ordered by annealing temperature and time. */
GPtrArray         *rlx_store_list_current_analyses (RlxStore         *store,
                                                 const char          *kind,
                                                 GError             **error);

/* Named recipes (JSON) */
gboolean           rlx_store_save_recipe        (RlxStore            *store,
                                                 const char          *name,
                                                 const char          *recipe_json,
                                                 GError             **error);
char              *rlx_store_dup_recipe         (RlxStore            *store,
                                                 const char          *name,
                                                 GError             **error);
GStrv              rlx_store_list_recipes       (RlxStore            *store,
                                                 GError             **error);

/* History */
GPtrArray         *rlx_store_list_history       (RlxStore            *store,
                                                 GError             **error);
/* The newest @limit entries (all when 0), oldest first. */
GPtrArray         *rlx_store_list_history_tail  (RlxStore            *store,
                                                 guint                limit,
                                                 GError             **error);

void               rlx_run_record_free          (RlxRunRecord        *record);
void               rlx_sample_record_free       (RlxSampleRecord     *record);
void               rlx_analysis_record_free     (RlxAnalysisRecord   *record);
void               rlx_history_record_free      (RlxHistoryRecord    *record);
void               rlx_import_result_clear      (RlxImportResult     *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxStore, rlx_store_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxRunRecord, rlx_run_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxSampleRecord, rlx_sample_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxAnalysisRecord, rlx_analysis_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxHistoryRecord, rlx_history_record_free)

G_END_DECLS
