/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rlx-run-data.h"
#include "rlx-store.h"

G_BEGIN_DECLS

/*
 * Reading instrument export files. The format is sniffed from the content (never from the
 * file name); every reader returns a list of RlxRunData in canonical units. Channels whose
 * quantity is known carry canonical values; a channel of quantity RLX_QUANTITY_OTHER keeps
 * the values as the file wrote them, in RlxChannel.original_unit.
 *
 * Name-encoded metadata: "…_20deg", "…_minus40deg", "Ta=303K", "Ta303K", "ta=5s", "30min"
 * in the file name give the annealing condition; "_ref"/"reference" makes the run a
 * reference. An annealing step is added only when Ta is known; its duration is NAN when the
 * name does not say it.
 */

#define RLX_IMPORT_ERROR (rlx_import_error_quark ())

typedef enum
{
  RLX_IMPORT_ERROR_FAILED,          /* the file could not be read (I/O) */
  RLX_IMPORT_ERROR_UNKNOWN_FORMAT,  /* no reader recognises the content */
  RLX_IMPORT_ERROR_ENCODING,        /* not text, or not decodable */
  RLX_IMPORT_ERROR_SYNTAX,          /* a header or a row is malformed */
  RLX_IMPORT_ERROR_TRUNCATED,       /* a row has fewer cells than the header */
  RLX_IMPORT_ERROR_NO_DATA,         /* no data rows */
  RLX_IMPORT_ERROR_MISSING_COLUMN,  /* a required column is absent */
  RLX_IMPORT_ERROR_INVALID_VALUE,   /* a cell is not a finite number */
  RLX_IMPORT_ERROR_NOT_MONOTONIC,   /* time goes backwards inside one run */
  RLX_IMPORT_ERROR_TOO_LARGE,       /* the file or a line exceeds the limits */
  RLX_IMPORT_ERROR_CANCELLED,
} RlxImportError;

typedef struct
{
  const char *id;     /* "stare-curve", "stare-report", "ta-ua", … */
  const char *label;  /* for menus and messages */
} RlxFormatInfo;

/* Explicit choices for the generic delimited reader ("generic"); every field has an
 * "unset" value that lets the reader guess. Also honoured by other readers where it makes
 * sense (decimal mark). Initialise with rlx_import_options_init(). */
typedef struct
{
  int          x_column;      /* 0-based; -1: guess */
  int          y_column;      /* 0-based; -1: guess */
  RlxQuantity  x_quantity;    /* RLX_QUANTITY_OTHER: from the name/unit */
  RlxQuantity  y_quantity;
  const char  *x_unit;        /* NULL: from the header */
  const char  *y_unit;
  char         separator;     /* '\t', ';', ',', ' ' (runs of spaces); 0: guess */
  char         decimal_mark;  /* '.' or ','; 0: guess */
  int          skip_lines;    /* lines before the header or data; -1: guess */
  gboolean     no_header;     /* TRUE: the first line read is data */
  const char  *default_sample; /* sample for runs whose file names none; NULL: the file name */
} RlxImportOptions;

/* What happened to one file of an asynchronous import. */
typedef struct
{
  char     *path;
  char     *format;          /* detected format id, or NULL */
  gboolean  ok;
  gboolean  duplicate;       /* the same bytes were already in the database */
  char     *error_message;   /* NULL when ok */
  int       error_code;      /* RlxImportError or a store error code; 0 when ok */
  GArray   *run_ids;         /* gint64; new runs, or the earlier ones for a duplicate */
} RlxImportOutcome;

/* Called in the caller's main context before each file. */
typedef void (*RlxImportProgressFunc) (guint       index,
                                       guint       n_files,
                                       const char *file_name,
                                       gpointer    user_data);

GQuark               rlx_import_error_quark      (void);

void                 rlx_import_options_init     (RlxImportOptions *options);

char                *rlx_import_guess_series_sample (const char * const *paths);

const RlxFormatInfo *rlx_import_list_formats     (guint                  *n);
gboolean             rlx_import_has_format       (const char             *id);

GPtrArray           *rlx_import_read_bytes       (GBytes                 *bytes,
                                                  const char             *file_name,
                                                  const char             *force_format,
                                                  char                  **detected_format,
                                                  GError                **error);
GPtrArray           *rlx_import_read_bytes_full  (GBytes                 *bytes,
                                                  const char             *file_name,
                                                  const char             *force_format,
                                                  const RlxImportOptions *options,
                                                  char                  **detected_format,
                                                  GError                **error);
GPtrArray           *rlx_import_read_file        (const char             *path,
                                                  const char             *force_format,
                                                  char                  **detected_format,
                                                  GError                **error);

gboolean             rlx_import_file_into_store  (RlxStore               *store,
                                                  const char             *path,
                                                  const char             *sample_name,
                                                  const char             *force_format,
                                                  RlxImportResult        *result,
                                                  GPtrArray             **runs_out,
                                                  GError                **error);
gboolean             rlx_import_file_into_store_full (RlxStore           *store,
                                                  const char             *path,
                                                  const char             *sample_name,
                                                  const char             *force_format,
                                                  const RlxImportOptions *options,
                                                  char                  **detected_format,
                                                  RlxImportResult        *result,
                                                  GPtrArray             **runs_out,
                                                  GError                **error);

void                 rlx_import_files_async      (const char             *db_path,
                                                  const char * const     *paths,
                                                  const char             *sample_name,
                                                  GCancellable           *cancellable,
                                                  RlxImportProgressFunc   progress,
                                                  gpointer                progress_data,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
/* Returns: (transfer container): RlxImportOutcome*, one per path, in order; NULL only when
 * the database could not be opened or the import was cancelled before it started. */
GPtrArray           *rlx_import_files_finish     (GAsyncResult           *result,
                                                  GError                **error);

void                 rlx_import_outcome_free     (RlxImportOutcome       *outcome);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxImportOutcome, rlx_import_outcome_free)

G_END_DECLS
