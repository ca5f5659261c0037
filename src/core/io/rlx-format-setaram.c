/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-io"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-import-private.h"

/* Setaram Calisto export: "<operator> - <sample> <mass>", "Creation Date : …", per-signal
 * blocks, then either a whitespace table without units ("Index Time Furnace Sample TG
 * HeatFlow") or a semicolon table with units ("Time (s);Sample Temperature (°C);…"). */

#define SETARAM_HINT "Check that the file is a complete Calisto export."

static int
sniff_setaram (RlxImportContext *ctx)
{
  for (guint i = 0; i < MIN (ctx->text->n_lines, 5u); i++)
    if (g_str_has_prefix (rlx_import_line (ctx, i), "Creation Date :"))
      return 85;
  return 0;
}

/* The unit-less variant follows Calisto's defaults. */
static const char *
assumed_unit (const char *name)
{
  if (strcmp (name, "Time") == 0)
    return "s";
  if (strcmp (name, "Furnace") == 0 || strcmp (name, "Sample") == 0)
    return "°C";
  if (strcmp (name, "TG") == 0)
    return "mg";
  if (strcmp (name, "HeatFlow") == 0)
    return "mW";
  return NULL;
}

static GPtrArray *
read_setaram (RlxImportContext *ctx,
              GError          **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_run_data_free);
  g_autoptr(RlxImportTable) table = rlx_import_table_new ();
  g_autofree char *sample = NULL, *operator = NULL, *date = NULL;
  RlxTableSpec spec = { 0 };
  RlxRunHints hints = { NULL, NAN };
  RlxSplitMode mode = RLX_SPLIT_WHITESPACE;
  double mass = NAN;
  guint header = G_MAXUINT;
  gboolean assumed = FALSE;
  RlxRunData *run;
  const char *first = rlx_import_line (ctx, 0);
  const char *dash = strstr (first, " - ");

  ctx->hint = SETARAM_HINT;

  if (dash != NULL)
    {
      const char *last_space = strrchr (dash + 3, ' ');

      operator = g_strstrip (g_strndup (first, dash - first));
      if (last_space != NULL && isfinite (rlx_units_parse_mass (last_space + 1)))
        {
          mass = rlx_units_parse_mass (last_space + 1);
          sample = g_strstrip (g_strndup (dash + 3, last_space - (dash + 3)));
        }
      else
        sample = g_strstrip (g_strdup (dash + 3));
    }

  for (guint i = 1; i < ctx->text->n_lines; i++)
    {
      const char *line = rlx_import_line (ctx, i);
      char *v;

      if (date == NULL && (v = rlx_import_key_value (line, "Creation Date")) != NULL)
        date = v;
      else if (!isfinite (mass) && (v = rlx_import_key_value (line + strspn (line, " \t"), "Initial Mass")) != NULL)
        {
          mass = rlx_units_parse_mass (v);
          g_free (v);
        }
      else if (strchr (line, ';') != NULL && rlx_import_tokenize (ctx, i, RLX_SPLIT_SEMICOLON) >= 2 &&
               !rlx_token_is_number (rlx_import_token (ctx, 0), 0))
        {
          header = i;
          mode = RLX_SPLIT_SEMICOLON;
          break;
        }
      else if (rlx_import_tokenize (ctx, i, RLX_SPLIT_WHITESPACE) >= 2 &&
               (rlx_token_equal (rlx_import_token (ctx, 0), "Index") ||
                rlx_token_equal (rlx_import_token (ctx, 0), "Time")))
        {
          header = i;
          break;
        }
    }

  if (header == G_MAXUINT)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_MISSING_COLUMN, 0,
                            "the column header (“Index Time …” or “Time (s);…”) is missing");
      return NULL;
    }

  {
    guint n = rlx_import_tokenize (ctx, header, mode);
    g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);

    for (guint k = 0; k < n; k++)
      g_ptr_array_add (headers, rlx_token_dup (rlx_import_token (ctx, k)));
    for (guint k = 0; k < headers->len; k++)
      {
        char *name = NULL, *unit = NULL;
        const char *h = g_ptr_array_index (headers, k);

        if (!rlx_units_split_header (h, TRUE, &name, &unit))
          {
            g_free (unit);
            unit = g_strdup (assumed_unit (name));
            assumed = assumed || unit != NULL;
          }
        rlx_import_table_add_column (table, name, unit);
        g_free (name);
        g_free (unit);
      }
  }
  rlx_import_table_map (table);

  spec.mode = mode;
  spec.decimal_mark = ctx->options->decimal_mark ? ctx->options->decimal_mark
                                                 : rlx_detect_decimal_mark (ctx->text, header + 1, 50, mode);
  spec.stop_at_text = TRUE;
  spec.stop_at_blank = TRUE;
  if (!rlx_import_table_read (ctx, table, &spec, header + 1, ctx->text->n_lines, error))
    return NULL;
  if (rlx_import_table_n_rows (table) == 0)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA, header + 2, "no data rows follow the header");
      return NULL;
    }

  run = rlx_import_table_to_run (ctx, table, 0, rlx_import_table_n_rows (table), error);
  if (run == NULL)
    return NULL;
  run->sample_name = g_steal_pointer (&sample);
  run->mass_mg = mass;
  run->instrument = g_strdup ("Setaram");
  run->software = g_strdup ("Setaram Calisto");
  if (operator != NULL)
    rlx_run_data_set_metadata (run, "operator", operator);
  if (date != NULL)
    rlx_run_data_set_metadata (run, "date", date);
  if (assumed)
    rlx_run_data_set_metadata (run, "assumed-units", "time s, temperatures °C, TG mg, HeatFlow mW (not stated in the file)");
  rlx_import_finish_run (ctx, run, &hints);
  g_ptr_array_add (runs, run);
  return g_steal_pointer (&runs);
}

const RlxFormatReader rlx_format_setaram = {
  "setaram", "Setaram Calisto text export", sniff_setaram, read_setaram,
};
