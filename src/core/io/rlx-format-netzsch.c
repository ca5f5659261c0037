/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-io"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-import-private.h"

/* NETZSCH Proteus ASCII/CSV: "#KEY:value" header (or "#KEY:  ,value" in the padded CSV
 * flavour), "#DECIMAL" and "#SEPARATOR" say how to read the numbers, "##" names the columns
 * with their units after "/", and an optional "Segment" column numbers the rows. */

#define NETZSCH_HINT "Check that the file is a complete Proteus ASCII export."

static int
sniff_netzsch (RlxImportContext *ctx)
{
  return g_str_has_prefix (rlx_import_line (ctx, rlx_import_next_nonblank (ctx, 0)), "#EXPORTTYPE") ? 95 : 0;
}

/* "25°C/10.0(K/min)/700°C" → signed K/s; "25°C/00:20/25°C" → 0 (a hold). */
static double
segment_rate (const char *program)
{
  g_auto(GStrv) parts = NULL;
  double t0, t1, rate;

  if (strchr (program, '(') == NULL)
    {
      parts = g_strsplit (program, "/", 3);
      return g_strv_length (parts) == 3 && strchr (parts[1], ':') != NULL ? 0.0 : NAN;
    }
  /* The "/" inside "(K/min)" is part of the unit. */
  {
    const char *open = strchr (program, '(');
    const char *close = strchr (program, ')');
    const char *slash = open;
    g_autofree char *first = NULL;
    g_autofree char *middle = NULL;

    while (slash > program && *slash != '/')
      slash--;
    if (close == NULL || slash == program || close[1] != '/')
      return NAN;
    first = g_strndup (program, slash - program);
    middle = g_strndup (slash + 1, close + 1 - (slash + 1));
    g_strdelimit (middle, "(", ' ');
    t0 = rlx_units_parse_temperature (first);
    t1 = rlx_units_parse_temperature (close + 2);
    rate = rlx_units_parse_rate (middle);
  }
  if (!isfinite (rate))
    return NAN;
  return isfinite (t0) && isfinite (t1) && t1 < t0 ? -rate : rate;
}

static GPtrArray *
read_netzsch (RlxImportContext *ctx,
              GError          **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_run_data_free);
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(RlxImportTable) table = rlx_import_table_new ();
  RlxSplitMode mode = RLX_SPLIT_SEMICOLON;
  RlxTableSpec spec = { 0 };
  guint names_line = G_MAXUINT;
  const char *v;
  const char *class = NULL;
  int segment_column;
  guint n_rows, start = 0;
  int single_segment = 0;

  ctx->hint = NETZSCH_HINT;

  for (guint i = 0; i < ctx->text->n_lines; i++)
    {
      const char *line = rlx_import_line (ctx, i);
      const char *colon;

      if (g_str_has_prefix (line, "##"))
        {
          names_line = i;
          break;
        }
      if (line[0] != '#' || (colon = strchr (line, ':')) == NULL)
        continue;
      {
        g_autofree char *key = g_strstrip (g_strndup (line + 1, colon - line - 1));
        char *value = g_strstrip (g_strdup (colon + 1));

        /* padded CSV header: "#KEY:   ,value" */
        if (value[0] == ',' || value[0] == ';' || value[0] == '\t')
          memmove (value, value + 1, strlen (value));
        g_strstrip (value);
        if (!g_hash_table_contains (keys, key))
          g_hash_table_insert (keys, g_steal_pointer (&key), value);
        else
          g_free (value);
      }
    }

  if (names_line == G_MAXUINT)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_SYNTAX, 0,
                            "the column row starting with “##” is missing");
      return NULL;
    }

  if ((v = g_hash_table_lookup (keys, "SEPARATOR")) != NULL)
    {
      if (strcmp (v, "COMMA") == 0)
        mode = RLX_SPLIT_COMMA;
      else if (strcmp (v, "TAB") == 0)
        mode = RLX_SPLIT_TAB;
      else if (strcmp (v, "SEMICOLON") == 0)
        mode = RLX_SPLIT_SEMICOLON;
      else
        {
          rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_SYNTAX, 0, "unknown #SEPARATOR “%s”", v);
          return NULL;
        }
    }
  spec.decimal_mark = '.';
  if ((v = g_hash_table_lookup (keys, "DECIMAL")) != NULL && strcmp (v, "COMMA") == 0)
    spec.decimal_mark = ',';
  if (spec.decimal_mark == ',' && mode == RLX_SPLIT_COMMA)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_SYNTAX, 0,
                            "the header declares a comma both as separator and as decimal mark");
      return NULL;
    }

  {
    const char *names = rlx_import_line (ctx, names_line) + 2;
    guint n = rlx_tokenize (names, strlen (names), mode, ctx->tokens);
    g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);

    for (guint k = 0; k < n; k++)
      g_ptr_array_add (headers, rlx_token_dup (rlx_import_token (ctx, k)));
    for (guint k = 0; k < headers->len; k++)
      {
        char *name = NULL, *unit = NULL;

        rlx_units_split_header (g_ptr_array_index (headers, k), TRUE, &name, &unit);
        rlx_import_table_add_column (table, name, unit);
        g_free (name);
        g_free (unit);
      }
  }
  rlx_import_table_map (table);

  spec.mode = mode;
  spec.stop_at_blank = TRUE;
  spec.stop_at_text = TRUE;
  if (!rlx_import_table_read (ctx, table, &spec, names_line + 1, ctx->text->n_lines, error))
    return NULL;
  n_rows = rlx_import_table_n_rows (table);
  if (n_rows == 0)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA, names_line + 2, "no data rows follow the column row");
      return NULL;
    }

  if ((v = g_hash_table_lookup (keys, "MTYPE")) != NULL)
    class = strcmp (v, "TG") == 0 ? "tga" : strcmp (v, "DMA") == 0 ? "dma" : strcmp (v, "DSC") == 0 ? "dsc" : NULL;
  /* "#SEGMENT:S2/3": only segment 2 was exported */
  if ((v = g_hash_table_lookup (keys, "SEGMENT")) != NULL && v[0] == 'S' && strchr (v, '-') == NULL)
    single_segment = (int) CLAMP (g_ascii_strtoll (v + 1, NULL, 10), 0, 10000);

  segment_column = rlx_import_table_find_name (table, "Segment");
  for (guint r = 1; r <= n_rows; r++)
    {
      int segment;
      RlxRunData *run;
      RlxRunHints hints = { class, NAN };
      g_autofree char *seg_key = NULL;
      static const char *copied[][2] = {
        { "MATERIAL", "material" }, { "OPERATOR", "operator" }, { "DATE/TIME", "date" },
        { "EXO", "exotherm" }, { "TYPE OF CRUCIBLE", "crucible" }, { "LABORATORY", "laboratory" },
        { "MTYPE", "measurement-type" }, { "RANGE", "program" }, { "REMARK", "remark" },
      };

      if (r < n_rows && (segment_column < 0 ||
                         rlx_import_table_value (table, segment_column, r) ==
                         rlx_import_table_value (table, segment_column, r - 1)))
        continue;

      if (segment_column >= 0)
        {
          double s = rlx_import_table_value (table, segment_column, start);

          segment = isfinite (s) && s >= 0 && s <= 10000 ? (int) s : 0;
        }
      else
        segment = single_segment;
      run = rlx_import_table_to_run (ctx, table, start, r, error);
      if (run == NULL)
        return NULL;
      start = r;
      run->segment = segment;
      seg_key = g_strdup_printf ("SEG. %d", segment);
      if ((v = g_hash_table_lookup (keys, seg_key)) != NULL)
        {
          hints.file_rate = segment_rate (v);
          rlx_run_data_set_metadata (run, "segment-program", v);
        }
      run->sample_name = g_strdup (g_hash_table_lookup (keys, "SAMPLE"));
      if ((v = g_hash_table_lookup (keys, "SAMPLE MASS /mg")) != NULL)
        {
          double m;

          if (rlx_parse_number (v, strlen (v), 0, &m, NULL) == RLX_NUMBER_OK && m > 0)
            run->mass_mg = m;
        }
      run->instrument = g_strdup (g_hash_table_lookup (keys, "INSTRUMENT"));
      run->software = g_strdup ("NETZSCH Proteus");
      run->material = g_strdup (g_hash_table_lookup (keys, "MATERIAL"));
      if (run->material != NULL && *run->material == '\0')
        g_clear_pointer (&run->material, g_free);
      for (guint c = 0; c < G_N_ELEMENTS (copied); c++)
        if ((v = g_hash_table_lookup (keys, copied[c][0])) != NULL && *v != '\0')
          rlx_run_data_set_metadata (run, copied[c][1], v);
      rlx_import_finish_run (ctx, run, &hints);
      g_ptr_array_add (runs, run);
    }

  return g_steal_pointer (&runs);
}

const RlxFormatReader rlx_format_netzsch = {
  "netzsch", "NETZSCH Proteus ASCII/CSV export", sniff_netzsch, read_netzsch,
};
