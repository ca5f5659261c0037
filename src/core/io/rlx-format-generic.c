/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-io"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-import-private.h"

/* Any delimited table of numbers: separator, decimal mark, header and units are guessed,
 * or given in RlxImportOptions. */

#define GENERIC_HINT "Give the columns explicitly (relaxun-cli import --as generic --x-column … --x-unit …) or fix the file."
#define SNIFF_LINES 60

static const RlxSplitMode candidate_modes[] = {
  RLX_SPLIT_TAB, RLX_SPLIT_SEMICOLON, RLX_SPLIT_COMMA, RLX_SPLIT_WHITESPACE,
};

static gboolean
row_is_numeric (RlxImportContext *ctx,
                guint             line,
                RlxSplitMode      mode,
                guint            *n_cells)
{
  guint n = rlx_import_tokenize (ctx, line, mode);
  guint numeric = 0;

  for (guint i = 0; i < n; i++)
    if (rlx_token_is_number (rlx_import_token (ctx, i), mode == RLX_SPLIT_COMMA ? '.' : 0))
      numeric++;
  *n_cells = n;
  return n >= 2 && numeric == n;
}

static RlxSplitMode
mode_for_separator (char separator)
{
  switch (separator)
    {
    case '\t': return RLX_SPLIT_TAB;
    case ';':  return RLX_SPLIT_SEMICOLON;
    case ',':  return RLX_SPLIT_COMMA;
    default:   return RLX_SPLIT_WHITESPACE;
    }
}

static guint
first_line (RlxImportContext *ctx)
{
  return ctx->options->skip_lines > 0 ? (guint) ctx->options->skip_lines : 0;
}

/* The split mode under which most of the first lines are rows of numbers. */
static gboolean
guess_mode (RlxImportContext *ctx,
            RlxSplitMode     *mode_out,
            guint            *data_line_out)
{
  guint best_count = 0;
  guint start = first_line (ctx);

  if (ctx->options->separator != 0)
    {
      *mode_out = mode_for_separator (ctx->options->separator);
      for (guint i = start; i < ctx->text->n_lines && i < start + SNIFF_LINES * 10; i++)
        {
          guint n;

          if (row_is_numeric (ctx, i, *mode_out, &n))
            {
              *data_line_out = i;
              return TRUE;
            }
        }
      return FALSE;
    }

  for (guint m = 0; m < G_N_ELEMENTS (candidate_modes); m++)
    {
      guint count = 0, first = G_MAXUINT, width = 0;

      for (guint i = start, seen = 0; i < ctx->text->n_lines && seen < SNIFF_LINES; i++)
        {
          guint n;

          if (rlx_import_line_is_blank (ctx, i))
            continue;
          seen++;
          if (row_is_numeric (ctx, i, candidate_modes[m], &n) && (width == 0 || n == width))
            {
              width = n;
              count++;
              if (first == G_MAXUINT)
                first = i;
            }
        }
      if (count > best_count)
        {
          best_count = count;
          *mode_out = candidate_modes[m];
          *data_line_out = first;
        }
    }
  return best_count >= 1;
}

static int
sniff_generic (RlxImportContext *ctx)
{
  RlxSplitMode mode;
  guint data_line;

  return guess_mode (ctx, &mode, &data_line) ? 10 : 0;
}

static gboolean
looks_like_unit (const RlxToken *token)
{
  g_autofree char *unit = rlx_token_dup (token);
  gsize n = strlen (unit);

  if (n >= 2 && ((unit[0] == '[' && unit[n - 1] == ']') || (unit[0] == '(' && unit[n - 1] == ')')))
    return TRUE;
  return n == 0 || rlx_units_is_known (unit);
}

static char *
unbracket (const char *unit)
{
  gsize n = strlen (unit);

  if (n >= 2 && ((unit[0] == '[' && unit[n - 1] == ']') || (unit[0] == '(' && unit[n - 1] == ')')))
    return g_strndup (unit + 1, n - 2);
  return g_strdup (unit);
}

static gboolean
apply_explicit (RlxImportContext *ctx,
                RlxImportTable   *table,
                int               column_index,
                RlxQuantity       quantity,
                const char       *unit,
                const char       *which,
                GError          **error)
{
  RlxImportColumn *column;

  if (column_index < 0)
    return TRUE;
  if ((guint) column_index >= table->columns->len)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_MISSING_COLUMN, 0,
                            "the %s column %d does not exist; the table has %u columns",
                            which, column_index + 1, table->columns->len);
      return FALSE;
    }
  column = g_ptr_array_index (table->columns, column_index);
  if (unit != NULL)
    {
      g_free (column->unit);
      column->unit = g_strdup (unit);
    }
  if (quantity != RLX_QUANTITY_OTHER)
    {
      RlxUnitConversion conversion;

      if (!rlx_units_conversion (quantity, column->unit, &conversion))
        {
          rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_INVALID_VALUE, 0,
                                "the unit “%s” of the %s column does not fit a %s",
                                column->unit ? column->unit : "", which,
                                rlx_quantity_get_label (quantity));
          return FALSE;
        }
      column->mapping.quantity = quantity;
      column->mapping.conversion = conversion;
      column->mapping.priority = 100;
    }
  else
    column->mapping = rlx_units_map_column (column->name, column->unit);
  return TRUE;
}

/* "#", "%" or "//" before a header, as written by many scripts and plotting programs. */
static gboolean
is_comment_marker (const char *token)
{
  return g_str_equal (token, "#") || g_str_equal (token, "%") || g_str_equal (token, "//");
}

static GPtrArray *
read_generic (RlxImportContext *ctx,
              GError          **error)
{
  const RlxImportOptions *o = ctx->options;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_run_data_free);
  g_autoptr(RlxImportTable) table = rlx_import_table_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func (g_free);
  RlxTableSpec spec = { 0 };
  RlxSplitMode mode = RLX_SPLIT_WHITESPACE;
  guint data_line = 0, n_columns = 0, names_line = G_MAXUINT, units_line = G_MAXUINT;
  guint start = first_line (ctx);
  guint header_offset = 0;
  gboolean header_ignored = FALSE;
  gboolean assumed_temperature = FALSE;
  RlxRunData *run;

  ctx->hint = GENERIC_HINT;

  if (!guess_mode (ctx, &mode, &data_line))
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA, 0,
                            "no rows of numbers were found in the first %u lines", SNIFF_LINES);
      return NULL;
    }
  row_is_numeric (ctx, data_line, mode, &n_columns);

  /* Header: the non-numeric lines right before the data; a units row if the last of them
   * looks like units. */
  if (!o->no_header && data_line > start)
    {
      guint last = data_line - 1;

      while (last > start && rlx_import_line_is_blank (ctx, last))
        last--;
      if (!rlx_import_line_is_blank (ctx, last))
        {
          gboolean all_units = rlx_import_tokenize (ctx, last, mode) == n_columns;

          for (guint i = 0; all_units && i < ctx->tokens->len; i++)
            all_units = looks_like_unit (rlx_import_token (ctx, i));
          if (all_units && last > start && rlx_import_tokenize (ctx, last - 1, mode) == n_columns)
            {
              units_line = last;
              names_line = last - 1;
            }
          else
            names_line = last;
        }
    }

  /* A header written as a comment ("# T/K  signal") names the columns after its marker; a
     header whose words do not line up with the columns (a unit with a space in it, split on
     spaces) names nothing, and the columns are guessed as for a file without one. */
  if (names_line != G_MAXUINT)
    {
      guint n_tokens = rlx_import_tokenize (ctx, names_line, mode);
      g_autofree char *first = n_tokens > 0 ? rlx_token_dup (rlx_import_token (ctx, 0)) : NULL;

      if (n_tokens == n_columns + 1 && first != NULL && is_comment_marker (first))
        header_offset = 1;
      else if (n_tokens != n_columns)
        {
          names_line = G_MAXUINT;
          units_line = G_MAXUINT;
          header_ignored = TRUE;
        }
    }

  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *header = NULL;
      char *name = NULL, *unit = NULL;

      if (names_line != G_MAXUINT && rlx_import_tokenize (ctx, names_line, mode) > c + header_offset)
        header = rlx_token_dup (rlx_import_token (ctx, c + header_offset));
      if (header != NULL && c == 0 && header_offset == 0 && strchr ("#%", header[0]) != NULL)
        {
          char *bare = g_strdup (header + 1);

          g_free (header);
          header = g_strstrip (bare);
        }
      if (header == NULL || *header == '\0')
        {
          g_free (header);
          header = g_strdup_printf ("Column %u", c + 1);
        }
      if (units_line != G_MAXUINT)
        {
          rlx_import_tokenize (ctx, units_line, mode);
          name = g_strdup (header);
          unit = c < ctx->tokens->len ? rlx_token_dup (rlx_import_token (ctx, c)) : NULL;
          if (unit != NULL)
            {
              char *u = unbracket (unit);

              g_free (unit);
              unit = u;
            }
        }
      else
        rlx_units_split_header (header, FALSE, &name, &unit);
      g_ptr_array_add (names, name);
      g_ptr_array_add (units, unit);
    }

  for (guint c = 0; c < n_columns; c++)
    rlx_import_table_add_column (table, g_ptr_array_index (names, c), g_ptr_array_index (units, c));
  rlx_import_table_map (table);

  if (!apply_explicit (ctx, table, o->x_column, o->x_quantity, o->x_unit, "x", error) ||
      !apply_explicit (ctx, table, o->y_column, o->y_quantity, o->y_unit, "y", error))
    return NULL;

  spec.mode = mode;
  spec.decimal_mark = o->decimal_mark ? o->decimal_mark
                                      : rlx_detect_decimal_mark (ctx->text, data_line, 200, mode);
  spec.stop_at_text = TRUE;
  if (!rlx_import_table_read (ctx, table, &spec, data_line, ctx->text->n_lines, error))
    return NULL;

  /* A text line may close the table; more numbers after it mean a damaged file. */
  for (guint i = table->end_line + 1; i < ctx->text->n_lines; i++)
    {
      guint n;

      if (row_is_numeric (ctx, i, mode, &n) && n == n_columns)
        {
          rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_SYNTAX, table->end_line + 1,
                                "this line interrupts the table, and rows of numbers follow it at line %u",
                                i + 1);
          return NULL;
        }
    }

  /* Two unnamed columns: a first column that rises or falls steadily within 1…2500 is
   * taken as a temperature in K (said so in the metadata). */
  if (names_line == G_MAXUINT && n_columns == 2 && o->x_column < 0 && o->x_quantity == RLX_QUANTITY_OTHER)
    {
      RlxImportColumn *x = g_ptr_array_index (table->columns, 0);
      const double *v = (const double *) (void *) x->values->data;
      guint n = x->values->len;
      gboolean in_range = n >= 2;
      int direction = 0;

      for (guint i = 0; in_range && i < n; i++)
        {
          in_range = v[i] >= 1.0 && v[i] <= 2500.0;
          if (i > 0)
            {
              int d = (v[i] > v[i - 1]) - (v[i] < v[i - 1]);

              if (d == 0 || (direction != 0 && d != direction))
                in_range = FALSE;
              direction = d;
            }
        }
      if (in_range)
        {
          g_free (x->name);
          x->name = g_strdup ("T");
          g_free (x->unit);
          x->unit = g_strdup ("K");
          x->mapping = rlx_units_map_column ("T", "K");
          assumed_temperature = TRUE;
        }
    }

  run = rlx_import_table_to_run (ctx, table, 0, rlx_import_table_n_rows (table), error);
  if (run == NULL)
    return NULL;
  if (assumed_temperature)
    rlx_run_data_set_metadata (run, "assumed", header_ignored
                               ? "header line does not match the columns; first column read as temperature in K"
                               : "first column read as temperature in K");
  rlx_import_finish_run (ctx, run, NULL);
  g_ptr_array_add (runs, run);
  return g_steal_pointer (&runs);
}

const RlxFormatReader rlx_format_generic = {
  "generic", "Delimited text table (CSV, TSV, spaces)", sniff_generic, read_generic,
};
