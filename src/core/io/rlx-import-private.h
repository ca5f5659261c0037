/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rlx-import.h"
#include "rlx-text.h"
#include "rlx-units.h"

G_BEGIN_DECLS

/* Shared machinery of the readers: one context per file, one table reader, one way to turn
 * table rows into runs. A reader is a small description (RlxFormatReader) plus the code only
 * its format needs. */

typedef struct
{
  const char             *file_name;   /* base name, for messages and name-encoded metadata */
  RlxText                *text;
  const RlxImportOptions *options;
  const char             *hint;        /* what to do, appended to error messages */
  GArray                 *tokens;      /* scratch RlxToken array */
} RlxImportContext;

typedef struct
{
  const char *id;
  const char *label;
  /* 0: not this format; 100: certain. Looks at the first lines only. */
  int        (*sniff) (RlxImportContext *ctx);
  GPtrArray *(*read)  (RlxImportContext *ctx, GError **error);
} RlxFormatReader;

extern const RlxFormatReader rlx_format_stare_curve;
extern const RlxFormatReader rlx_format_stare_report;
extern const RlxFormatReader rlx_format_ta_ua;
extern const RlxFormatReader rlx_format_trios;
extern const RlxFormatReader rlx_format_trios_lims;
extern const RlxFormatReader rlx_format_netzsch;
extern const RlxFormatReader rlx_format_pyris;
extern const RlxFormatReader rlx_format_setaram;
extern const RlxFormatReader rlx_format_generic;

/* Errors: "<file>, line <n>: <message>. <hint>" */
void      rlx_import_set_error       (RlxImportContext *ctx,
                                      GError          **error,
                                      RlxImportError    code,
                                      guint             line,
                                      const char       *format,
                                      ...) G_GNUC_PRINTF (5, 6);

/* Lines */
const char *rlx_import_line          (RlxImportContext *ctx,
                                      guint             index);
gboolean  rlx_import_line_is_blank   (RlxImportContext *ctx,
                                      guint             index);
guint     rlx_import_next_nonblank   (RlxImportContext *ctx,
                                      guint             index);
guint     rlx_import_tokenize        (RlxImportContext *ctx,
                                      guint             index,
                                      RlxSplitMode      mode);
#define   rlx_import_token(ctx, i)   (&g_array_index ((ctx)->tokens, RlxToken, (i)))
/* "Key<sep>value" → value (stripped, newly allocated) when the line starts with key. */
char     *rlx_import_key_value       (const char       *line,
                                      const char       *key);

/* Tables */
typedef struct
{
  char             *name;
  char             *unit;       /* as written, may be NULL */
  RlxColumnMapping  mapping;
  gboolean          numeric;    /* FALSE: text column, not kept */
  GArray           *values;     /* double, as written */
} RlxImportColumn;

typedef struct
{
  GPtrArray *columns;     /* RlxImportColumn* */
  GArray    *row_lines;   /* guint: 0-based line index of each row */
  guint      end_line;    /* first line after the table */
} RlxImportTable;

typedef struct
{
  RlxSplitMode  mode;
  const guint  *fixed_ends;        /* fixed-width columns when not NULL */
  guint         n_fixed_ends;
  char          decimal_mark;      /* '.', ',' or 0 */
  guint         skip_cells;        /* leading cells that are labels, not data */
  gboolean      stop_at_text;      /* a row whose first cell is not a number ends the table */
  gboolean      stop_at_blank;
  gboolean      lenient;           /* text columns dropped, empty/missing cells are NaN */
  const char   *stop_prefix;       /* a line starting with this ends the table */
} RlxTableSpec;

RlxImportTable *rlx_import_table_new  (void);
void      rlx_import_table_free      (RlxImportTable   *table);
void      rlx_import_table_add_column (RlxImportTable  *table,
                                      const char       *name,
                                      const char       *unit);
/* Maps every column by name and unit; call after adding columns and before reading. */
void      rlx_import_table_map       (RlxImportTable   *table);
gboolean  rlx_import_table_read      (RlxImportContext *ctx,
                                      RlxImportTable   *table,
                                      const RlxTableSpec *spec,
                                      guint             first_line,
                                      guint             end_line,
                                      GError          **error);
guint     rlx_import_table_n_rows    (RlxImportTable   *table);
int       rlx_import_table_find      (RlxImportTable   *table,
                                      RlxQuantity       quantity);
int       rlx_import_table_find_name (RlxImportTable   *table,
                                      const char       *name);
double    rlx_import_table_value     (RlxImportTable   *table,
                                      guint             column,
                                      guint             row);

/* Rows [start, end) of a table as a run: numeric columns become channels (one per quantity,
 * the rest kept as written with RLX_QUANTITY_OTHER); time is checked to be monotonic. */
RlxRunData *rlx_import_table_to_run  (RlxImportContext *ctx,
                                      RlxImportTable   *table,
                                      guint             start,
                                      guint             end,
                                      GError          **error);

typedef struct
{
  const char *instrument_class;   /* "flash-dsc", "dsc", "tga", "dma", "rheometer", or NULL */
  double      file_rate;          /* K/s signed, from the file; NAN: compute from the data */
} RlxRunHints;

/* Rate, kind and name-encoded annealing condition; every run goes through it. */
void      rlx_import_finish_run      (RlxImportContext *ctx,
                                      RlxRunData       *run,
                                      const RlxRunHints *hints);

/* Median of local slopes of temperature over time over the monotonic part, K/s (signed);
 * NAN when it cannot be told. */
double    rlx_import_estimate_rate   (const double     *time,
                                      const double     *temperature,
                                      gsize             n);

typedef struct
{
  RlxRunRole role;
  double     anneal_temperature;   /* K, NAN when unknown */
  double     anneal_time;          /* s, NAN when unknown */
} RlxNameCondition;

void      rlx_import_parse_name_condition (const char  *name,
                                      gboolean          durations_need_anneal_word,
                                      RlxNameCondition *condition);

/* "name, 4.1752 mg" → name and mass (mg, NAN when absent). */
void      rlx_import_split_name_mass (const char       *text,
                                      char            **name,
                                      double           *mass_mg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxImportTable, rlx_import_table_free)

G_END_DECLS
