/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-io"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-import-private.h"

/* Mettler-Toledo STARe: the bare curve export (a right-aligned names row starting with
 * "Index", a "[unit]" row, data, one footer line) and the report export (Title/FileName/
 * SampleID/… blocks around the same table, one block per curve). */

#define STARE_HINT "Check that the file is a complete STARe export, or import it with --as generic and explicit columns."

static gboolean
is_header_line (RlxImportContext *ctx,
                guint             line)
{
  return rlx_import_tokenize (ctx, line, RLX_SPLIT_WHITESPACE) >= 2 &&
         rlx_token_equal (rlx_import_token (ctx, 0), "Index");
}

static gboolean
is_units_line (RlxImportContext *ctx,
               guint             line)
{
  guint n = rlx_import_tokenize (ctx, line, RLX_SPLIT_WHITESPACE);

  if (n == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const RlxToken *t = rlx_import_token (ctx, i);

      if (t->length < 2 || t->start[0] != '[' || t->start[t->length - 1] != ']')
        return FALSE;
    }
  return TRUE;
}

static int
sniff_curve (RlxImportContext *ctx)
{
  guint first = rlx_import_next_nonblank (ctx, 0);

  if (first < ctx->text->n_lines && is_header_line (ctx, first) && is_units_line (ctx, first + 1))
    return 95;
  return 0;
}

/* Names are right-aligned over the data, so the data's token ends are the column ends
 * ("Heat Flow" stays one name). When a hand-edited file breaks the alignment, fall back to
 * whitespace with single-space gaps merged until the count fits. */
static GPtrArray *
split_names (RlxImportContext *ctx,
             guint             line,
             const guint      *ends,
             guint             n_ends,
             gboolean          allow_empty)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *text = rlx_import_line (ctx, line);
  gboolean ok = TRUE;

  rlx_tokenize_fixed (text, ends, n_ends, ctx->tokens);
  for (guint i = 0; i < ctx->tokens->len; i++)
    {
      const RlxToken *t = rlx_import_token (ctx, i);

      if (t->length == 0 && !allow_empty)
        ok = FALSE;
      g_ptr_array_add (names, rlx_token_dup (t));
    }
  if (ok)
    return g_steal_pointer (&names);

  /* fallback */
  g_ptr_array_set_size (names, 0);
  rlx_tokenize (text, strlen (text), RLX_SPLIT_WHITESPACE, ctx->tokens);
  {
    GArray *tokens = ctx->tokens;
    guint n = tokens->len;

    while (n > n_ends)
      {
        guint best = 0;
        gsize best_gap = G_MAXSIZE;

        for (guint i = 0; i + 1 < n; i++)
          {
            RlxToken *a = &g_array_index (tokens, RlxToken, i);
            RlxToken *b = &g_array_index (tokens, RlxToken, i + 1);
            gsize gap = b->start - (a->start + a->length);

            if (gap < best_gap)
              {
                best_gap = gap;
                best = i;
              }
          }
        {
          RlxToken *a = &g_array_index (tokens, RlxToken, best);
          RlxToken *b = &g_array_index (tokens, RlxToken, best + 1);

          a->length = (guint) (b->start + b->length - a->start);
          g_array_remove_index (tokens, best + 1);
          n--;
        }
      }
    if (n != n_ends)
      return NULL;
    for (guint i = 0; i < n; i++)
      g_ptr_array_add (names, rlx_token_dup (&g_array_index (tokens, RlxToken, i)));
  }
  return g_steal_pointer (&names);
}

static char *
strip_unit_brackets (const char *unit)
{
  gsize n = strlen (unit);

  if (n >= 2 && unit[0] == '[' && unit[n - 1] == ']')
    return g_strndup (unit + 1, n - 2);
  return g_strdup (unit);
}

/* Reads the names row at @line, the units row after it and the data; returns the table. */
static RlxImportTable *
read_stare_table (RlxImportContext *ctx,
                  guint             line,
                  GError          **error)
{
  g_autoptr(RlxImportTable) table = rlx_import_table_new ();
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) units = NULL;
  guint data_line = line + 2;
  RlxTableSpec spec = { 0 };

  if (data_line >= ctx->text->n_lines || rlx_import_line_is_blank (ctx, data_line))
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA, line + 1,
                            "the header is not followed by data rows");
      return NULL;
    }
  if (rlx_token_ends (rlx_import_line (ctx, data_line), ends) < 2)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_SYNTAX, data_line + 1,
                            "the first data row has fewer than two values");
      return NULL;
    }

  names = split_names (ctx, line, &g_array_index (ends, guint, 0), ends->len, FALSE);
  if (names == NULL)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_SYNTAX, line + 1,
                            "the column names do not line up with the %u values of the first data row",
                            ends->len);
      return NULL;
    }
  units = split_names (ctx, line + 1, &g_array_index (ends, guint, 0), ends->len, TRUE);
  if (units == NULL)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_SYNTAX, line + 2,
                            "the units row does not line up with the columns");
      return NULL;
    }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *unit = strip_unit_brackets (g_ptr_array_index (units, i));

      rlx_import_table_add_column (table, g_ptr_array_index (names, i), unit);
    }
  rlx_import_table_map (table);

  if (rlx_import_table_find_name (table, "Index") != 0)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_MISSING_COLUMN, line + 1,
                            "the first column is not “Index”");
      return NULL;
    }

  spec.mode = RLX_SPLIT_WHITESPACE;
  spec.decimal_mark = ctx->options->decimal_mark ? ctx->options->decimal_mark
                                                 : rlx_detect_decimal_mark (ctx->text, data_line, 50,
                                                                            RLX_SPLIT_WHITESPACE);
  spec.stop_at_text = TRUE;
  spec.stop_at_blank = TRUE;
  if (!rlx_import_table_read (ctx, table, &spec, data_line, ctx->text->n_lines, error))
    return NULL;
  if (rlx_import_table_n_rows (table) == 0)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA, data_line + 1,
                            "no numeric data rows follow the header");
      return NULL;
    }
  return g_steal_pointer (&table);
}

/* Curves exported together follow one another; Index starts again at 0 for each. */
static GArray *
curve_starts (RlxImportTable *table)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = rlx_import_table_n_rows (table);
  guint zero = 0;

  g_array_append_val (starts, zero);
  for (guint i = 1; i < n; i++)
    if (rlx_import_table_value (table, 0, i) <= rlx_import_table_value (table, 0, i - 1))
      g_array_append_val (starts, i);
  return starts;
}

/* Footers carry a few bytes of binary length prefix ("&", "]9[", "£]2[") before the name. */
static char *
clean_title (const char *footer,
             char      **date)
{
  const char *p = footer;
  char *title;
  char *comma;

  *date = NULL;
  while (*p == '&' || g_str_has_prefix (p, "£"))
    p += *p == '&' ? 1 : strlen ("£");
  if (*p == ']')
    {
      const char *q = p + 1;

      while (g_ascii_isdigit (*q))
        q++;
      if (*q == '[')
        p = q + 1;
    }
  title = g_strstrip (g_strdup (p));
  comma = strrchr (title, ',');
  if (comma != NULL && strlen (comma) >= 12 && g_ascii_isdigit (g_strchug (comma + 1)[0]) &&
      strchr (comma, '.') != NULL && strchr (comma, ':') != NULL)
    {
      *date = g_strstrip (g_strdup (comma + 1));
      *comma = '\0';
      g_strstrip (title);
    }
  return title;
}

static const char *
instrument_class_for (RlxImportTable *table)
{
  if (rlx_import_table_find (table, RLX_QUANTITY_STORAGE_MODULUS) >= 0 ||
      rlx_import_table_find (table, RLX_QUANTITY_LOSS_MODULUS) >= 0)
    return "dma";
  return NULL;
}

static GPtrArray *
read_curve (RlxImportContext *ctx,
            GError          **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_run_data_free);
  g_autoptr(RlxImportTable) table = NULL;
  g_autoptr(GArray) starts = NULL;
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  g_autofree char *footer = NULL;
  guint header = rlx_import_next_nonblank (ctx, 0);
  guint after;

  ctx->hint = STARE_HINT;
  if (header >= ctx->text->n_lines || !is_header_line (ctx, header))
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_SYNTAX, header + 1,
                            "a STARe curve export starts with a names row beginning with “Index”");
      return NULL;
    }

  table = read_stare_table (ctx, header, error);
  if (table == NULL)
    return NULL;

  after = rlx_import_next_nonblank (ctx, table->end_line);
  if (after < ctx->text->n_lines)
    {
      guint next;

      footer = g_strdup (rlx_import_line (ctx, after));
      title = clean_title (footer, &date);
      next = rlx_import_next_nonblank (ctx, after + 1);
      if (next < ctx->text->n_lines)
        {
          rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_SYNTAX, next + 1,
                                "unexpected content after the footer line %u; the table ended at a "
                                "row that is not a number", after + 1);
          return NULL;
        }
    }

  starts = curve_starts (table);
  for (guint k = 0; k < starts->len; k++)
    {
      guint start = g_array_index (starts, guint, k);
      guint end = k + 1 < starts->len ? g_array_index (starts, guint, k + 1) : rlx_import_table_n_rows (table);
      RlxRunHints hints = { instrument_class_for (table), NAN };
      RlxRunData *run = rlx_import_table_to_run (ctx, table, start, end, error);

      if (run == NULL)
        return NULL;
      run->title = g_strdup (title);
      run->software = g_strdup ("STARe");
      run->segment = starts->len > 1 ? (int) k + 1 : 0;
      if (footer != NULL)
        rlx_run_data_set_metadata (run, "footer", footer);
      if (date != NULL)
        rlx_run_data_set_metadata (run, "date", date);
      rlx_import_finish_run (ctx, run, &hints);
      if (run->kind == RLX_RUN_KIND_FLASH_DSC_HEATING || run->kind == RLX_RUN_KIND_FLASH_DSC_COOLING)
        run->instrument = g_strdup ("Mettler Toledo Flash DSC");
      else if (hints.instrument_class != NULL)
        run->instrument = g_strdup ("Mettler Toledo DMA");
      else
        run->instrument = g_strdup ("Mettler Toledo");
      g_ptr_array_add (runs, run);
    }

  return g_steal_pointer (&runs);
}

const RlxFormatReader rlx_format_stare_curve = {
  "stare-curve", "Mettler Toledo STARe curve export (Flash DSC, DSC, DMA)", sniff_curve, read_curve,
};

/* ---- report export ---- */

static int
sniff_report (RlxImportContext *ctx)
{
  const char *l1 = rlx_import_line (ctx, 0);
  const char *l2 = rlx_import_line (ctx, 1);

  if (g_str_has_prefix (l1, "Title") && g_str_has_prefix (l2, "_____"))
    return 95;
  return 0;
}

typedef struct
{
  char *curve_name;   /* first line of FileName/Curve Name */
  char *curve_type;   /* its last line: "Sample Weight", "Heat Flow" */
  char *sample;       /* "name , 0.0000 mg" */
  char *method;
  char *user;
  char *crucible;
} ReportBlock;

static void
report_block_clear (ReportBlock *b)
{
  g_free (b->curve_name);
  g_free (b->curve_type);
  g_free (b->sample);
  g_free (b->method);
  g_free (b->user);
  g_free (b->crucible);
  memset (b, 0, sizeof *b);
}

static char *
join_values (GPtrArray *values)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      if (i > 0)
        g_string_append (s, "; ");
      g_string_append (s, g_ptr_array_index (values, i));
    }
  return g_string_free (s, FALSE);
}

/* Reads "Key:" followed by indented value lines from [from, to) into @b, keeping values
 * already set. */
static void
read_report_keys (RlxImportContext *ctx,
                  guint             from,
                  guint             to,
                  ReportBlock      *b)
{
  for (guint i = from; i < to; i++)
    {
      const char *line = rlx_import_line (ctx, i);
      g_autoptr(GPtrArray) values = NULL;
      char **target = NULL;
      guint j;

      if (line[0] == ' ' || line[0] == '\0' || !g_str_has_suffix (line, ":"))
        continue;

      values = g_ptr_array_new_with_free_func (g_free);
      for (j = i + 1; j < to; j++)
        {
          const char *v = rlx_import_line (ctx, j);

          if (v[0] != ' ')
            break;
          if (!rlx_import_line_is_blank (ctx, j))
            g_ptr_array_add (values, g_strstrip (g_strdup (v)));
        }
      if (values->len == 0)
        continue;

      if (strcmp (line, "FileName:") == 0 || strcmp (line, "Curve Name:") == 0)
        {
          if (b->curve_name == NULL)
            b->curve_name = g_strdup (g_ptr_array_index (values, 0));
          if (b->curve_type == NULL && values->len > 1)
            b->curve_type = g_strdup (g_ptr_array_index (values, values->len - 1));
          continue;
        }
      if (strcmp (line, "SampleID:") == 0 || strcmp (line, "Sample:") == 0)
        target = &b->sample;
      else if (strcmp (line, "Method:") == 0)
        target = &b->method;
      else if (strcmp (line, "User:") == 0)
        target = &b->user;
      else if (strcmp (line, "LastKeyWD:") == 0)
        target = &b->crucible;
      if (target != NULL && *target == NULL)
        *target = join_values (values);
    }
}

static GPtrArray *
read_report (RlxImportContext *ctx,
             GError          **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_run_data_free);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_import_table_free);
  g_autoptr(GArray) header_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *software = NULL;
  g_autofree char *report_date = NULL;
  guint n_lines = ctx->text->n_lines;
  guint line = 0;

  ctx->hint = STARE_HINT;

  /* "Title   15.10.2024 14:04" */
  if (rlx_import_tokenize (ctx, 0, RLX_SPLIT_WHITESPACE) >= 3)
    {
      const RlxToken *d = rlx_import_token (ctx, ctx->tokens->len - 2);
      const RlxToken *t = rlx_import_token (ctx, ctx->tokens->len - 1);

      report_date = g_strndup (d->start, t->start + t->length - d->start);
    }

  while (line < n_lines)
    {
      RlxImportTable *table;

      if (!is_header_line (ctx, line))
        {
          const char *text = rlx_import_line (ctx, line);
          const char *sw = strstr (text, "STARe SW");

          if (sw != NULL)
            {
              g_free (software);
              software = g_strstrip (g_strdup (sw));
            }
          line++;
          continue;
        }
      table = read_stare_table (ctx, line, error);
      if (table == NULL)
        return NULL;
      g_array_append_val (header_lines, line);
      g_ptr_array_add (tables, table);
      line = MAX (table->end_line, line + 1);
    }

  if (tables->len == 0)
    {
      rlx_import_set_error (ctx, error, RLX_IMPORT_ERROR_NO_DATA, 0,
                            "the report holds no curve table (no “Index” header row)");
      return NULL;
    }

  for (guint k = 0; k < tables->len; k++)
    {
      RlxImportTable *table = g_ptr_array_index (tables, k);
      guint before = k > 0 ? ((RlxImportTable *) g_ptr_array_index (tables, k - 1))->end_line : 0;
      guint next = k + 1 < tables->len ? g_array_index (header_lines, guint, k + 1) : n_lines;
      int value_column = rlx_import_table_find_name (table, "Value");
      ReportBlock b = { 0 };
      RlxRunHints hints = { NULL, NAN };
      RlxRunData *run;

      read_report_keys (ctx, before, g_array_index (header_lines, guint, k), &b);
      /* SW 13 puts "Results: Sample: name, mass" after the table. */
      read_report_keys (ctx, table->end_line, next, &b);

      if (value_column >= 0 && b.curve_type != NULL)
        {
          RlxImportColumn *column = g_ptr_array_index (table->columns, value_column);

          g_free (column->name);
          column->name = g_strdup (b.curve_type);
          column->mapping = rlx_units_map_column (column->name, column->unit);
        }

      run = rlx_import_table_to_run (ctx, table, 0, rlx_import_table_n_rows (table), error);
      if (run == NULL)
        {
          report_block_clear (&b);
          return NULL;
        }
      run->software = g_strdup (software ? software : "STARe");
      run->instrument = g_strdup ("Mettler Toledo");
      run->segment = tables->len > 1 ? (int) k + 1 : 0;
      if (b.curve_name != NULL)
        {
          g_autofree char *date = NULL;

          run->title = clean_title (b.curve_name, &date);
          if (date != NULL)
            rlx_run_data_set_metadata (run, "date", date);
        }
      if (b.sample != NULL)
        {
          double mass;

          rlx_import_split_name_mass (b.sample, &run->sample_name, &mass);
          /* A blank reports 0 mg: that is not a sample mass. */
          run->mass_mg = mass > 0 ? mass : NAN;
          rlx_run_data_set_metadata (run, "sample", b.sample);
        }
      if (b.curve_type != NULL)
        rlx_run_data_set_metadata (run, "curve", b.curve_type);
      if (b.method != NULL)
        rlx_run_data_set_metadata (run, "method", b.method);
      if (b.user != NULL)
        rlx_run_data_set_metadata (run, "operator", b.user);
      if (b.crucible != NULL)
        rlx_run_data_set_metadata (run, "crucible", b.crucible);
      if (report_date != NULL)
        rlx_run_data_set_metadata (run, "report-date", report_date);
      report_block_clear (&b);

      rlx_import_finish_run (ctx, run, &hints);
      g_ptr_array_add (runs, run);
    }

  return g_steal_pointer (&runs);
}

const RlxFormatReader rlx_format_stare_report = {
  "stare-report", "Mettler Toledo STARe report export", sniff_report, read_report,
};
