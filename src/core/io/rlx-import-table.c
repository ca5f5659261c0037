/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-io"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-import-private.h"

/* The one table reader: every format describes its table (split mode, decimal mark, where
 * it stops, how forgiving it is) and hands the lines here. */

static void
column_free (gpointer data)
{
  RlxImportColumn *column = data;

  g_free (column->name);
  g_free (column->unit);
  g_array_unref (column->values);
  g_free (column);
}

RlxImportTable *
rlx_import_table_new (void)
{
  RlxImportTable *table = g_new0 (RlxImportTable, 1);

  table->columns = g_ptr_array_new_with_free_func (column_free);
  table->row_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  return table;
}

void
rlx_import_table_free (RlxImportTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->columns);
  g_array_unref (table->row_lines);
  g_free (table);
}

void
rlx_import_table_add_column (RlxImportTable *table,
                             const char     *name,
                             const char     *unit)
{
  RlxImportColumn *column = g_new0 (RlxImportColumn, 1);

  column->name = g_strdup (name);
  column->unit = unit != NULL ? g_strdup (unit) : NULL;
  column->numeric = TRUE;
  column->values = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (table->columns, column);
}

void
rlx_import_table_map (RlxImportTable *table)
{
  for (guint c = 0; c < table->columns->len; c++)
    {
      RlxImportColumn *column = g_ptr_array_index (table->columns, c);

      column->mapping = rlx_units_map_column (column->name, column->unit);
    }
}

guint
rlx_import_table_n_rows (RlxImportTable *table)
{
  return table->row_lines->len;
}

double
rlx_import_table_value (RlxImportTable *table,
                        guint           column,
                        guint           row)
{
  RlxImportColumn *c = g_ptr_array_index (table->columns, column);

  return g_array_index (c->values, double, row);
}

/* The column that carries a quantity: the highest priority, the first on a tie. */
int
rlx_import_table_find (RlxImportTable *table,
                       RlxQuantity     quantity)
{
  int best = -1;
  int best_priority = -1;

  for (guint c = 0; c < table->columns->len; c++)
    {
      RlxImportColumn *column = g_ptr_array_index (table->columns, c);

      if (column->numeric && column->mapping.quantity == quantity &&
          column->mapping.priority > best_priority)
        {
          best = (int) c;
          best_priority = column->mapping.priority;
        }
    }
  return best;
}

int
rlx_import_table_find_name (RlxImportTable *table,
                            const char     *name)
{
  for (guint c = 0; c < table->columns->len; c++)
    {
      RlxImportColumn *column = g_ptr_array_index (table->columns, c);

      if (g_ascii_strcasecmp (column->name, name) == 0)
        return (int) c;
    }
  return -1;
}

/* A row of data starts with something number-like; a footer or a new header does not. */
static gboolean
looks_numeric_start (const RlxToken *token)
{
  const char *p = token->start;
  const char *end = p + token->length;

  if (p < end && (*p == '-' || *p == '+'))
    p++;
  if (p < end && (*p == '.' || *p == ','))
    p++;
  return p < end && *p >= '0' && *p <= '9';
}

static void
cell_error (RlxImportContext *ctx,
            GError          **error,
            RlxNumberStatus   status,
            const RlxToken   *token,
            const RlxImportColumn *column,
            guint             column_index,
            guint             line,
            char              mark)
{
  g_autofree char *cell = rlx_token_dup (token);

  if (strlen (cell) > 40)
    strcpy (cell + 37, "…");

  switch (status)
    {
    case RLX_NUMBER_EMPTY:
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_INVALID_VALUE, line,
                            "the cell in column %u (“%s”) is empty", column_index + 1, column->name);
      break;
    case RLX_NUMBER_NOT_FINITE:
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_INVALID_VALUE, line,
                            "“%s” in column %u (“%s”) is not a finite number (NaN or infinity)",
                            cell, column_index + 1, column->name);
      break;
    case RLX_NUMBER_WRONG_MARK:
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_INVALID_VALUE, line,
                            "“%s” in column %u (“%s”) uses a different decimal mark than the rest "
                            "of the file (‘%c’); the file mixes decimal marks",
                            cell, column_index + 1, column->name, mark);
      break;
    case RLX_NUMBER_OK:
    case RLX_NUMBER_INVALID:
    default:
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_INVALID_VALUE, line,
                            "“%s” is not a number in column %u (“%s”)",
                            cell, column_index + 1, column->name);
      break;
    }
}

gboolean
rlx_import_table_read (RlxImportContext   *ctx,
                       RlxImportTable     *table,
                       const RlxTableSpec *spec,
                       guint               first_line,
                       guint               end_line,
                       GError            **error)
{
  guint n_columns = table->columns->len;
  guint line;
  RlxImportColumn **columns = (RlxImportColumn **) table->columns->pdata;

  end_line = MIN (end_line, ctx->text->n_lines);

  for (line = first_line; line < end_line; line++)
    {
      const char *text = rlx_text_line (ctx->text, line);
      guint n_tokens;
      guint n_cells;

      if (rlx_import_line_is_blank (ctx, line))
        {
          if (spec->stop_at_blank)
            break;
          continue;
        }
      if (spec->stop_prefix != NULL && g_str_has_prefix (text, spec->stop_prefix))
        break;

      if (spec->fixed_ends != NULL)
        n_tokens = rlx_tokenize_fixed (text, spec->fixed_ends, spec->n_fixed_ends, ctx->tokens);
      else
        n_tokens = rlx_tokenize (text, rlx_text_line_length (ctx->text, line), spec->mode, ctx->tokens);

      n_cells = n_tokens > spec->skip_cells ? n_tokens - spec->skip_cells : 0;
      if (n_cells == 0 || !looks_numeric_start (rlx_import_token (ctx, spec->skip_cells)))
        {
          if (spec->stop_at_text)
            break;
          if (n_cells == 0)
            continue;
        }

      if (n_cells < n_columns && !spec->lenient)
        {
          RlxImportColumn *missing = columns[n_cells];

          rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_TRUNCATED, line + 1,
                                "the row has %u values but the header names %u columns (“%s” and "
                                "later are missing); the file may be cut off",
                                n_cells, n_columns, missing->name);
          return FALSE;
        }
      if (n_cells > n_columns && !spec->lenient)
        {
          for (guint k = n_columns; k < n_cells; k++)
            if (rlx_import_token (ctx, spec->skip_cells + k)->length > 0)
              {
                rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_SYNTAX, line + 1,
                                      "the row has %u values but the header names only %u columns",
                                      n_cells, n_columns);
                return FALSE;
              }
        }

      for (guint c = 0; c < n_columns; c++)
        {
          RlxImportColumn *column = columns[c];
          double value = NAN;

          if (c < n_cells)
            {
              const RlxToken *token = rlx_import_token (ctx, spec->skip_cells + c);
              RlxNumberStatus status = rlx_parse_number (token->start, token->length,
                                                         spec->decimal_mark, &value, NULL);

              if (status != RLX_NUMBER_OK)
                {
                  if (!spec->lenient)
                    {
                      cell_error (ctx, error, status, token, column, c, line + 1, spec->decimal_mark);
                      return FALSE;
                    }
                  value = NAN;
                }
            }
          g_array_append_val (column->values, value);
        }
      g_array_append_val (table->row_lines, line);
    }

  table->end_line = line;
  return TRUE;
}

static gboolean
has_finite (const double *v,
            guint         n)
{
  for (guint i = 0; i < n; i++)
    if (isfinite (v[i]))
      return TRUE;
  return FALSE;
}

RlxRunData *
rlx_import_table_to_run (RlxImportContext *ctx,
                         RlxImportTable   *table,
                         guint             start,
                         guint             end,
                         GError          **error)
{
  g_autoptr(RlxRunData) run = rlx_run_data_new ();
  int primary[RLX_N_QUANTITIES];
  guint n = end - start;
  int time_column;

  g_return_val_if_fail (start <= end && end <= rlx_import_table_n_rows (table), NULL);

  if (n == 0)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA, 0, "the table has no data rows");
      return NULL;
    }

  for (int q = 0; q < RLX_N_QUANTITIES; q++)
    primary[q] = q == RLX_QUANTITY_OTHER ? -1 : rlx_import_table_find (table, (RlxQuantity) q);

  time_column = primary[RLX_QUANTITY_TIME];
  if (time_column >= 0)
    {
      RlxImportColumn *column = g_ptr_array_index (table->columns, time_column);
      const double *t = &g_array_index (column->values, double, 0);
      double previous = NAN;

      for (guint i = start; i < end; i++)
        {
          if (!isfinite (t[i]))
            continue;
          if (t[i] < previous)
            {
              rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NOT_MONOTONIC,
                                    g_array_index (table->row_lines, guint, i) + 1,
                                    "time goes backwards (%g after %g in column “%s”); rows are out "
                                    "of order or two measurements were joined",
                                    t[i], previous, column->name);
              return NULL;
            }
          previous = t[i];
        }
    }

  for (guint c = 0; c < table->columns->len; c++)
    {
      RlxImportColumn *column = g_ptr_array_index (table->columns, c);
      const double *raw = &g_array_index (column->values, double, start);
      RlxQuantity quantity = column->mapping.quantity;
      double *values;

      if (!column->numeric || !has_finite (raw, n))
        continue;
      if (quantity != RLX_QUANTITY_OTHER && primary[quantity] != (int) c)
        quantity = RLX_QUANTITY_OTHER;

      values = g_new (double, n);
      if (quantity == RLX_QUANTITY_OTHER)
        memcpy (values, raw, n * sizeof (double));
      else
        {
          double scale = column->mapping.conversion.scale;
          double offset = column->mapping.conversion.offset;

          for (guint i = 0; i < n; i++)
            values[i] = raw[i] * scale + offset;
        }
      rlx_run_data_add_channel (run, rlx_channel_new (column->name, column->unit, quantity, values, n));
    }

  if (run->channels->len == 0)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA,
                            g_array_index (table->row_lines, guint, start) + 1,
                            "no column holds numbers");
      return NULL;
    }

  return g_steal_pointer (&run);
}
