/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-io"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-import-private.h"

/* PerkinElmer Pyris ASCII: "Key:\tvalue" header, "Method Steps:" with "N)\t<step>" lines,
 * then one block per stage ("N) TGA Temperature Scan"); only the first stage has column
 * names, wrapped over two lines, and no units (min, °C, mg by the format's convention). */

#define PYRIS_HINT "Check that the file is a complete Pyris ASCII export."

static int
sniff_pyris (RlxImportContext *ctx)
{
  const char *first = rlx_import_line (ctx, rlx_import_next_nonblank (ctx, 0));

  if (g_str_has_prefix (first, "Filename:") &&
      (strstr (first, "8d") != NULL || strstr (first, ".ds") != NULL || strstr (first, ".tg") != NULL))
    return 90;
  return 0;
}

/* "3) TGA Isothermal" → 3 */
static int
stage_number (const char *line)
{
  const char *p = line;
  int n = 0;

  if (!g_ascii_isdigit (*p))
    return 0;
  while (g_ascii_isdigit (*p))
    {
      if (n > 9999)
        return 0;
      n = n * 10 + (*p++ - '0');
    }
  return p[0] == ')' && p[1] == ' ' && g_ascii_isalpha (p[2]) ? n : 0;
}

static const char *
assumed_unit (const char *name)
{
  if (strcmp (name, "Time") == 0)
    return "min";
  if (strstr (name, "Temperature") != NULL)
    return "°C";
  if (strstr (name, "Weight") != NULL)
    return "mg";
  if (strstr (name, "Heat Flow") != NULL)
    return "mW";
  return NULL;
}

static GPtrArray *
read_pyris (RlxImportContext *ctx,
            GError          **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_run_data_free);
  g_autoptr(RlxImportTable) table = NULL;
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sample = NULL, *weight = NULL, *collected = NULL, *file = NULL;
  gboolean dsc = FALSE;
  guint i;

  ctx->hint = PYRIS_HINT;

  for (i = 0; i < ctx->text->n_lines; i++)
    {
      const char *line = rlx_import_line (ctx, i);
      char *v;

      if (stage_number (line) > 0)
        break;
      if (file == NULL && (v = rlx_import_key_value (line, "Filename:")) != NULL)
        file = v;
      else if (sample == NULL && (v = rlx_import_key_value (line, "Sample ID:")) != NULL)
        sample = v;
      else if (weight == NULL && (v = rlx_import_key_value (line, "Sample Weight:")) != NULL)
        weight = v;
      else if (collected == NULL && (v = rlx_import_key_value (line, "Data Collected:")) != NULL)
        collected = v;
      else if (g_ascii_isdigit (line[0]) && strstr (line, ")\t") != NULL)
        {
          gint64 n = g_ascii_strtoll (line, NULL, 10);

          if (n > 0 && n < 1000)
            {
              if ((guint) n > steps->len)
                g_ptr_array_set_size (steps, n);
              g_free (g_ptr_array_index (steps, n - 1));
              g_ptr_array_index (steps, n - 1) = g_strstrip (g_strdup (strchr (line, '\t') + 1));
            }
        }
    }
  dsc = file != NULL && strstr (file, ".ds") != NULL;

  if (i >= ctx->text->n_lines)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA, 0,
                            "no stage block (“1) … Isothermal/Temperature Scan”) was found");
      return NULL;
    }

  /* Column names: two wrapped lines under the first stage. */
  {
    g_autoptr(GPtrArray) top = g_ptr_array_new_with_free_func (g_free);
    guint n;

    table = rlx_import_table_new ();
    n = rlx_import_tokenize (ctx, i + 1, RLX_SPLIT_TAB);
    for (guint k = 1; k < n; k++)
      g_ptr_array_add (top, rlx_token_dup (rlx_import_token (ctx, k)));
    if (top->len < 2 || rlx_token_is_number (rlx_import_token (ctx, 1), '.'))
      {
        rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_MISSING_COLUMN, i + 2,
                              "the first stage is not followed by column names");
        return NULL;
      }
    rlx_import_tokenize (ctx, i + 2, RLX_SPLIT_TAB);
    for (guint k = 0; k < top->len; k++)
      {
        g_autofree char *below = k + 1 < ctx->tokens->len ? rlx_token_dup (rlx_import_token (ctx, k + 1)) : g_strdup ("");
        g_autofree char *name = *below ? g_strdup_printf ("%s %s", (char *) g_ptr_array_index (top, k), below)
                                       : g_strdup (g_ptr_array_index (top, k));

        rlx_import_table_add_column (table, name, assumed_unit (name));
      }
    rlx_import_table_map (table);
  }

  for (guint line = i; line < ctx->text->n_lines;)
    {
      int stage = stage_number (rlx_import_line (ctx, line));
      guint data = line + 1;
      guint first_row = rlx_import_table_n_rows (table);
      RlxTableSpec spec = { 0 };
      RlxRunHints hints = { dsc ? "dsc" : "tga", NAN };
      const char *step;
      RlxRunData *run;

      if (stage == 0)
        break;
      while (data < line + 3 && data < ctx->text->n_lines &&
             rlx_import_tokenize (ctx, data, RLX_SPLIT_TAB) > 1 &&
             !rlx_token_is_number (rlx_import_token (ctx, 1), '.'))
        data++;

      spec.mode = RLX_SPLIT_TAB;
      spec.decimal_mark = '.';
      spec.skip_cells = 1;
      spec.stop_at_text = TRUE;
      spec.stop_at_blank = TRUE;
      if (!rlx_import_table_read (ctx, table, &spec, data, ctx->text->n_lines, error))
        return NULL;
      if (rlx_import_table_n_rows (table) == first_row)
        {
          rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA, line + 1,
                                "stage %d has no data rows", stage);
          return NULL;
        }
      run = rlx_import_table_to_run (ctx, table, first_row, rlx_import_table_n_rows (table), error);
      if (run == NULL)
        return NULL;
      run->segment = stage;
      run->title = g_strstrip (g_strdup (strchr (rlx_import_line (ctx, line), ' ') + 1));
      step = (guint) stage <= steps->len ? g_ptr_array_index (steps, stage - 1) : NULL;
      if (step != NULL)
        {
          const char *at = g_strrstr (step, " at ");

          rlx_run_data_set_metadata (run, "method-step", step);
          if (at != NULL && (g_str_has_prefix (step, "Heat") || g_str_has_prefix (step, "Cool")))
            {
              double rate = rlx_units_parse_rate (at + 4);

              hints.file_rate = g_str_has_prefix (step, "Cool") ? -rate : rate;
            }
          else if (g_str_has_prefix (step, "Hold"))
            hints.file_rate = 0.0;
        }
      run->sample_name = g_strdup (sample);
      run->mass_mg = weight ? rlx_units_parse_mass (weight) : NAN;
      run->software = g_strdup ("PerkinElmer Pyris");
      if (collected != NULL)
        rlx_run_data_set_metadata (run, "date", collected);
      rlx_run_data_set_metadata (run, "assumed-units", "time min, temperature °C, weight mg (Pyris convention)");
      rlx_import_finish_run (ctx, run, &hints);
      g_ptr_array_add (runs, run);

      line = rlx_import_next_nonblank (ctx, table->end_line);
    }

  return g_steal_pointer (&runs);
}

const RlxFormatReader rlx_format_pyris = {
  "pyris", "PerkinElmer Pyris ASCII export", sniff_pyris, read_pyris,
};
