/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-io"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-import-private.h"

/* TA Instruments: Universal Analysis "Export Data File" text (key/tab header, Sig lines,
 * StartOfData, marker rows), TRIOS text/CSV exports ([step] blocks or a bare names/units
 * header) and TRIOS "Export to LIMS" text ([Step] blocks with "Data point" rows). */

#define UA_HINT "Check that the file is a complete Universal Analysis text export (File ▸ Export Data File)."
#define TRIOS_HINT "Check that the file is a complete TRIOS text export, or import it with --as generic."

/* ---- Universal Analysis ---- */

static int
sniff_ua (RlxImportContext *ctx)
{
  const char *first = rlx_import_line (ctx, rlx_import_next_nonblank (ctx, 0));

  if (strcmp (first, "CLOSED") == 0 || strcmp (first, "OPEN") == 0)
    return 95;
  for (guint i = 0; i < MIN (ctx->text->n_lines, 200u); i++)
    if (strcmp (rlx_import_line (ctx, i), "StartOfData") == 0)
      return 80;
  return 0;
}

static GPtrArray *
read_ua (RlxImportContext *ctx,
         GError          **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_run_data_free);
  g_autoptr(RlxImportTable) table = rlx_import_table_new ();
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) method = g_string_new (NULL);
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (guint));
  RlxTableSpec spec = { 0 };
  guint data_line = G_MAXUINT;
  guint n_rows, start = 0;
  double mass = NAN;
  const char *value;
  const char *class = NULL;

  ctx->hint = UA_HINT;

  for (guint i = 0; i < ctx->text->n_lines; i++)
    {
      const char *line = rlx_import_line (ctx, i);
      const char *tab = strchr (line, '\t');
      g_autofree char *key = NULL;

      if (strcmp (line, "StartOfData") == 0)
        {
          data_line = i + 1;
          break;
        }
      if (tab == NULL)
        continue;
      key = g_strndup (line, tab - line);
      if (g_str_has_prefix (key, "Sig") && g_ascii_isdigit (key[3]))
        {
          char *name = NULL, *unit = NULL;

          rlx_units_split_header (tab + 1, TRUE, &name, &unit);
          rlx_import_table_add_column (table, name, unit);
          g_free (name);
          g_free (unit);
        }
      else if (strcmp (key, "OrgMethod") == 0)
        g_string_append_printf (method, "%s%s", method->len ? "; " : "", tab + 1);
      else if (strcmp (key, "Size") == 0)
        {
          g_autofree char *size = g_strdup (tab + 1);

          g_strdelimit (size, "\t", ' ');
          mass = rlx_units_parse_mass (size);
        }
      else if (!g_hash_table_contains (keys, key))
        g_hash_table_insert (keys, g_steal_pointer (&key), g_strstrip (g_strdup (tab + 1)));
    }

  if (data_line == G_MAXUINT)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_SYNTAX, 0, "the line “StartOfData” is missing");
      return NULL;
    }
  if (table->columns->len == 0)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_MISSING_COLUMN, data_line,
                            "the header has no “Sig” lines naming the columns");
      return NULL;
    }
  rlx_import_table_map (table);

  spec.mode = RLX_SPLIT_TAB;
  spec.decimal_mark = '.';
  spec.stop_at_text = TRUE;
  spec.stop_at_blank = TRUE;
  if (!rlx_import_table_read (ctx, table, &spec, data_line, ctx->text->n_lines, error))
    return NULL;

  /* Marker rows (negative first column) are events and segment boundaries, not data. */
  n_rows = rlx_import_table_n_rows (table);
  for (guint r = 0; r <= n_rows; r++)
    if (r == n_rows || rlx_import_table_value (table, 0, r) < 0)
      {
        if (r > start)
          {
            g_array_append_val (ranges, start);
            g_array_append_val (ranges, r);
          }
        start = r + 1;
      }
  if (ranges->len == 0)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA, data_line + 1,
                            "no data rows follow “StartOfData”");
      return NULL;
    }

  value = g_hash_table_lookup (keys, "Instrument");
  if (value != NULL && (strstr (value, "TGA") != NULL))
    class = "tga";
  else if (value != NULL && (strstr (value, "DSC") != NULL))
    class = "dsc";
  else if (value != NULL && (strstr (value, "DMA") != NULL || strstr (value, "Q800") != NULL))
    class = "dma";

  for (guint k = 0; k < ranges->len; k += 2)
    {
      RlxRunHints hints = { class, NAN };
      RlxRunData *run = rlx_import_table_to_run (ctx, table, g_array_index (ranges, guint, k),
                                                 g_array_index (ranges, guint, k + 1), error);
      static const char *copied[][2] = {
        { "Exotherm", "exotherm" }, { "Operator", "operator" }, { "Method", "method" },
        { "Xcomment", "comment" }, { "Date", "date" }, { "Time", "time" }, { "Module", "module" },
        { "File", "instrument-file" },
      };

      if (run == NULL)
        return NULL;
      run->segment = ranges->len > 2 ? (int) k / 2 + 1 : 0;
      run->sample_name = g_strdup (g_hash_table_lookup (keys, "Sample"));
      run->mass_mg = mass;
      run->instrument = g_strdup (g_hash_table_lookup (keys, "Instrument"));
      run->software = g_strdup ("TA Universal Analysis");
      for (guint c = 0; c < G_N_ELEMENTS (copied); c++)
        if ((value = g_hash_table_lookup (keys, copied[c][0])) != NULL && *value != '\0')
          rlx_run_data_set_metadata (run, copied[c][1], value);
      if (method->len > 0)
        rlx_run_data_set_metadata (run, "method-steps", method->str);
      rlx_import_finish_run (ctx, run, &hints);
      g_ptr_array_add (runs, run);
    }
  return g_steal_pointer (&runs);
}

const RlxFormatReader rlx_format_ta_ua = {
  "ta-ua", "TA Instruments Universal Analysis text export", sniff_ua, read_ua,
};

/* ---- TRIOS text / CSV ---- */

static RlxSplitMode
trios_mode (RlxImportContext *ctx,
            guint             line)
{
  const char *text = rlx_import_line (ctx, line);

  return strchr (text, '\t') != NULL ? RLX_SPLIT_TAB : RLX_SPLIT_COMMA;
}

/* The bare variant: names row, units row, numbers. */
static gboolean
is_bare_header (RlxImportContext *ctx,
                guint             first)
{
  RlxSplitMode mode = trios_mode (ctx, first);
  guint n = rlx_import_tokenize (ctx, first, mode);

  if (n < 2 || rlx_token_is_number (rlx_import_token (ctx, 0), 0))
    return FALSE;
  if (rlx_import_tokenize (ctx, first + 1, mode) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *unit = rlx_token_dup (rlx_import_token (ctx, i));

      if (*unit != '\0' && !rlx_units_is_known (unit))
        return FALSE;
    }
  rlx_import_tokenize (ctx, first + 2, mode);
  return ctx->tokens->len == n && rlx_token_is_number (rlx_import_token (ctx, 0), '.');
}

static int
sniff_trios (RlxImportContext *ctx)
{
  guint first = rlx_import_next_nonblank (ctx, 0);

  if (g_str_has_prefix (rlx_import_line (ctx, first), "Filename"))
    for (guint i = first; i < ctx->text->n_lines; i++)
      if (strcmp (rlx_import_line (ctx, i), "[step]") == 0)
        return 90;
  if (first + 2 < ctx->text->n_lines && is_bare_header (ctx, first))
    return 50;
  return 0;
}

static const char *
class_for_instrument (const char *instrument_type)
{
  if (instrument_type == NULL)
    return NULL;
  if (strstr (instrument_type, "DSC") != NULL)
    return "dsc";
  if (strstr (instrument_type, "TGA") != NULL)
    return "tga";
  return "rheometer";
}

/* One block: names at @names_line, units below, data until a blank or "[" line. */
static RlxRunData *
read_trios_block (RlxImportContext *ctx,
                  guint             names_line,
                  guint            *end_line,
                  GError          **error)
{
  g_autoptr(RlxImportTable) table = rlx_import_table_new ();
  RlxSplitMode mode = trios_mode (ctx, names_line);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  RlxTableSpec spec = { 0 };
  guint n;

  n = rlx_import_tokenize (ctx, names_line, mode);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, rlx_token_dup (rlx_import_token (ctx, i)));
  rlx_import_tokenize (ctx, names_line + 1, mode);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *unit = i < ctx->tokens->len ? rlx_token_dup (rlx_import_token (ctx, i)) : NULL;

      rlx_import_table_add_column (table, g_ptr_array_index (names, i), unit);
    }
  rlx_import_table_map (table);

  spec.mode = mode;
  spec.decimal_mark = ctx->options->decimal_mark ? ctx->options->decimal_mark : '.';
  spec.stop_at_blank = TRUE;
  spec.stop_at_text = TRUE;
  spec.lenient = TRUE;
  if (!rlx_import_table_read (ctx, table, &spec, names_line + 2, ctx->text->n_lines, error))
    return NULL;
  *end_line = table->end_line;
  if (rlx_import_table_n_rows (table) == 0)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA, names_line + 1,
                            "the block has column names but no data rows");
      return NULL;
    }
  return rlx_import_table_to_run (ctx, table, 0, rlx_import_table_n_rows (table), error);
}

static GPtrArray *
read_trios (RlxImportContext *ctx,
            GError          **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_run_data_free);
  g_autofree char *sample = NULL, *instrument = NULL, *operator = NULL, *segments = NULL;
  g_autofree char *instrument_type = NULL, *mass_text = NULL;
  guint first = rlx_import_next_nonblank (ctx, 0);
  gboolean full = g_str_has_prefix (rlx_import_line (ctx, first), "Filename");
  guint n_steps = 0;

  ctx->hint = TRIOS_HINT;

  if (!full)
    {
      guint end;
      RlxRunData *run = read_trios_block (ctx, first, &end, error);
      RlxRunHints hints = { NULL, NAN };

      if (run == NULL)
        return NULL;
      run->software = g_strdup ("TA TRIOS");
      rlx_import_finish_run (ctx, run, &hints);
      g_ptr_array_add (runs, run);
      return g_steal_pointer (&runs);
    }

  for (guint i = first; i < ctx->text->n_lines; i++)
    {
      const char *line = rlx_import_line (ctx, i);
      char *v;

      if (strcmp (line, "[step]") == 0)
        break;
#define TAKE(var, key) if (var == NULL && (v = rlx_import_key_value (line, key)) != NULL) { var = v; continue; }
      TAKE (sample, "Sample name");
      TAKE (instrument, "Instrument name");
      TAKE (instrument_type, "Instrument type");
      TAKE (operator, "Operator");
      TAKE (segments, "proceduresegments");
      TAKE (mass_text, "Sample Mass");
#undef TAKE
    }

  for (guint i = first; i < ctx->text->n_lines; i++)
    {
      g_autofree char *title = NULL;
      RlxRunHints hints = { class_for_instrument (instrument_type), NAN };
      RlxRunData *run;
      guint end;

      if (strcmp (rlx_import_line (ctx, i), "[step]") != 0)
        continue;
      if (i + 3 >= ctx->text->n_lines)
        {
          rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_TRUNCATED, i + 1,
                                "the step block ends before its column names and units");
          return NULL;
        }
      title = g_strstrip (g_strdup (rlx_import_line (ctx, i + 1)));
      run = read_trios_block (ctx, i + 2, &end, error);
      if (run == NULL)
        return NULL;
      n_steps++;
      run->title = g_steal_pointer (&title);
      run->segment = (int) n_steps;
      run->sample_name = g_strdup (sample);
      run->instrument = g_strdup (instrument);
      run->software = g_strdup ("TA TRIOS");
      if (mass_text != NULL)
        run->mass_mg = rlx_units_parse_mass (mass_text);
      if (operator != NULL)
        rlx_run_data_set_metadata (run, "operator", operator);
      if (segments != NULL)
        rlx_run_data_set_metadata (run, "procedure-segments", segments);
      rlx_import_finish_run (ctx, run, &hints);
      g_ptr_array_add (runs, run);
      i = end - 1;
    }
  if (n_steps == 0)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA, 0, "the export holds no [step] block");
      return NULL;
    }
  return g_steal_pointer (&runs);
}

const RlxFormatReader rlx_format_trios = {
  "trios", "TA Instruments TRIOS text or CSV export", sniff_trios, read_trios,
};

/* ---- TRIOS Export to LIMS ---- */

static int
sniff_lims (RlxImportContext *ctx)
{
  guint first = rlx_import_next_nonblank (ctx, 0);

  if (strcmp (rlx_import_line (ctx, first), "[Version]") == 0 &&
      g_str_has_prefix (rlx_import_line (ctx, first + 1), "TA Instruments LIMS"))
    return 95;
  return 0;
}

static GPtrArray *
read_lims (RlxImportContext *ctx,
           GError          **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_run_data_free);
  g_autofree char *sample = NULL, *instrument = NULL, *instrument_type = NULL, *version = NULL;
  g_autofree char *section = NULL;
  guint n_steps = 0;

  ctx->hint = TRIOS_HINT;

  for (guint i = 0; i < ctx->text->n_lines; i++)
    {
      const char *line = rlx_import_line (ctx, i);
      char *v;

      if (line[0] == '[')
        {
          g_free (section);
          section = g_strdup (line);
          if (strcmp (line, "[Step]") == 0)
            break;
          continue;
        }
      if (section != NULL && strcmp (section, "[Sample]") == 0 && sample == NULL &&
          (v = rlx_import_key_value (line, "Name")) != NULL)
        sample = v;
      else if (instrument_type == NULL && (v = rlx_import_key_value (line, "Instrument type")) != NULL)
        instrument_type = v;
      else if (instrument == NULL && (v = rlx_import_key_value (line, "Instrument name")) != NULL)
        instrument = v;
      else if (version == NULL && (v = rlx_import_key_value (line, "Trios version")) != NULL)
        version = v;
    }

  for (guint i = 0; i < ctx->text->n_lines; i++)
    {
      g_autoptr(RlxImportTable) table = NULL;
      g_autofree char *step_name = NULL;
      RlxTableSpec spec = { 0 };
      RlxRunHints hints = { "rheometer", NAN };
      RlxRunData *run;
      guint variables = G_MAXUINT, expected = 0, n;
      guint j;

      if (strcmp (rlx_import_line (ctx, i), "[Step]") != 0)
        continue;

      for (j = i + 1; j < ctx->text->n_lines && j < i + 20; j++)
        {
          const char *line = rlx_import_line (ctx, j);
          char *v;

          if ((v = rlx_import_key_value (line, "Step name")) != NULL)
            {
              g_free (step_name);
              step_name = v;
            }
          else if ((v = rlx_import_key_value (line, "Number of points")) != NULL)
            {
              expected = (guint) g_ascii_strtoull (v, NULL, 10);
              g_free (v);
            }
          else if (g_str_has_prefix (line, "Variables\t"))
            {
              variables = j;
              break;
            }
        }
      if (variables == G_MAXUINT || !g_str_has_prefix (rlx_import_line (ctx, variables + 1), "Units"))
        {
          rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_SYNTAX, i + 1,
                                "the [Step] block lacks its “Variables” and “Units” rows");
          return NULL;
        }

      table = rlx_import_table_new ();
      n = rlx_import_tokenize (ctx, variables, RLX_SPLIT_TAB);
      {
        g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

        for (guint k = 1; k < n; k++)
          g_ptr_array_add (names, rlx_token_dup (rlx_import_token (ctx, k)));
        rlx_import_tokenize (ctx, variables + 1, RLX_SPLIT_TAB);
        for (guint k = 0; k < names->len; k++)
          {
            g_autofree char *unit = k + 1 < ctx->tokens->len ? rlx_token_dup (rlx_import_token (ctx, k + 1)) : NULL;

            rlx_import_table_add_column (table, g_ptr_array_index (names, k), unit);
          }
      }
      rlx_import_table_map (table);

      spec.mode = RLX_SPLIT_TAB;
      spec.decimal_mark = '.';
      spec.skip_cells = 1;
      spec.lenient = TRUE;
      spec.stop_at_blank = TRUE;
      spec.stop_prefix = "[";
      if (!rlx_import_table_read (ctx, table, &spec, variables + 2, ctx->text->n_lines, error))
        return NULL;
      n = rlx_import_table_n_rows (table);
      if (n == 0 || (expected > 0 && n < expected))
        {
          rlx_import_set_error (ctx, error, n == 0 ? RLX_IMPORT_ERROR_NO_DATA : RLX_IMPORT_ERROR_TRUNCATED,
                                table->end_line + 1,
                                "the step “%s” announces %u points but holds %u",
                                step_name ? step_name : "?", expected, n);
          return NULL;
        }
      run = rlx_import_table_to_run (ctx, table, 0, n, error);
      if (run == NULL)
        return NULL;
      n_steps++;
      run->title = g_steal_pointer (&step_name);
      run->segment = (int) n_steps;
      run->sample_name = g_strdup (sample);
      run->instrument = g_strdup (instrument_type ? instrument_type : instrument);
      run->software = version ? g_strdup_printf ("TA TRIOS %s", version) : g_strdup ("TA TRIOS");
      rlx_import_finish_run (ctx, run, &hints);
      g_ptr_array_add (runs, run);
      i = table->end_line - 1;
    }

  if (n_steps == 0)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA, 0, "the export holds no [Step] block");
      return NULL;
    }
  return g_steal_pointer (&runs);
}

const RlxFormatReader rlx_format_trios_lims = {
  "trios-lims", "TA Instruments TRIOS “Export to LIMS” text", sniff_lims, read_lims,
};
