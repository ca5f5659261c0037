/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-cli.h"
#include "rlx-cli-store.h"
#include "rlx-notebook-figure.h"
#include "rlx-render.h"
#include "rlx-selection.h"
#include "rlx-store.h"

/*
 * relaxun-cli export: the figures of the field from a database, as SVG, PNG, PDF or EPS.
 * The figures are built by rlx-notebook-figure.h; this file parses the options and writes.
 */

#define EXPORT_ERROR (g_quark_from_static_string ("relaxun-cli-export-error"))

/* ---------------------------------------------------------------------------------------- */
/* Options */

static gboolean
parse_size (const char *text,
            double      dpi,
            double     *width_pt,
            double     *height_pt)
{
  g_autofree char *copy = g_ascii_strdown (text, -1);
  char *end = NULL;
  double w, h, factor = 72.0 / dpi;    /* pixels by default */

  w = g_ascii_strtod (copy, &end);
  if (end == copy || (*end != 'x' && *end != '*'))
    return FALSE;
  {
    char *start = end + 1;

    h = g_ascii_strtod (start, &end);
    if (end == start)
      return FALSE;
  }
  while (*end == ' ')
    end++;
  if (*end == '\0' || g_str_equal (end, "px"))
    factor = 72.0 / dpi;
  else if (g_str_equal (end, "pt"))
    factor = 1.0;
  else if (g_str_equal (end, "in"))
    factor = 72.0;
  else if (g_str_equal (end, "cm"))
    factor = 72.0 / 2.54;
  else if (g_str_equal (end, "mm"))
    factor = 72.0 / 25.4;
  else
    return FALSE;
  if (!(w > 0) || !(h > 0))
    return FALSE;
  *width_pt = w * factor;
  *height_pt = h * factor;
  return TRUE;
}

static RlxSelection *
parse_runs (const char  *text,
            GError     **error)
{
  g_autofree char *query = NULL;

  if (text == NULL || g_ascii_strcasecmp (text, "all") == 0)
    return rlx_selection_parse ("", error);
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != ',' && *p != '-' && *p != ' ')
      {
        g_set_error (error, EXPORT_ERROR, 0,
                     "--runs “%s” is not a list of run ids: write ids and ranges like 3,5-9, "
                     "or “all”", text);
        return NULL;
      }
  query = g_strdup_printf ("ids=%s", text);
  return rlx_selection_parse (query, error);
}

int
rlx_cmd_export (int    argc,
                char **argv)
{
  g_autofree char *db = NULL, *figure_name = NULL, *runs = NULL, *format_name = NULL;
  g_autofree char *size = NULL, *theme_name = NULL, *output = NULL, *color_by = NULL;
  g_autofree char *map_axis = NULL;
  double dpi = 0.0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database", "FILE" },
    { "figure", 0, 0, G_OPTION_ARG_STRING, &figure_name,
      "run, peak, family, dma, estar-ta, estar-ta-time, estar-enthalpy, spectrum, lcurve or "
      "spectrum-map (the last three from spectra stored by “relaxun-cli spectrum --store”)", "KIND" },
    { "runs", 0, 0, G_OPTION_ARG_STRING, &runs, "Run ids and ranges (3,5-9) or “all” (default)", "SELECTION" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, "svg, png, pdf or eps (default: from the file name)", "FORMAT" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size,
      "Size as WxH in px (at --dpi), or with a unit: 8.5x6cm, 3.3x2.4in, 240x170pt", "WxH" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "Resolution of PNG output (96 on screen themes, 600 for print)", "N" },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_name, "light, dark or print (default: light)", "THEME" },
    { "color-by", 0, 0, G_OPTION_ARG_STRING, &color_by, "Colour a family by Ta (default) or ta", "Ta|ta" },
    { "map-axis", 0, 0, G_OPTION_ARG_STRING, &map_axis, "Rows of a spectrum-map: E (default) or Tp", "E|Tp" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The file to write", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rlx_cli_context_new ("export", NULL,
                                                           "Export a figure as SVG, PNG, PDF or EPS.");
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxSelection) selection = NULL;
  g_autoptr(RlxFigure) figure = NULL;
  RlxThemeKind theme = RLX_THEME_LIGHT;
  RlxExportFormat format;
  RlxNotebookFigureOptions options;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  const RlxNotebookFigureKind *kinds;
  guint n_kinds;
  gboolean known = FALSE;
  RlxStore *store;
  GArray *run_ids;
  double width_pt, height_pt;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!rlx_cli_parse_options (context, &argc, &argv, &status))
    return status;

  if (figure_name == NULL)
    return rlx_cli_usage_error (context, "--figure KIND is required");
  kinds = rlx_notebook_figure_kind_list (&n_kinds);
  for (guint i = 0; i < n_kinds; i++)
    known |= g_str_equal (figure_name, kinds[i].id);
  if (!known)
    return rlx_cli_usage_error (context, "Unknown figure “%s”: use run, peak, family, dma, "
                                "estar-ta, estar-ta-time, estar-enthalpy, spectrum, lcurve or "
                                "spectrum-map", figure_name);
  if (output == NULL)
    return rlx_cli_usage_error (context, "-o FILE is required");
  if (format_name == NULL)
    {
      const char *dot = strrchr (output, '.');

      if (dot == NULL || !rlx_export_format_from_string (dot + 1, &format))
        return rlx_cli_usage_error (context, "Say the format with --format svg|png|pdf|eps "
                                    "(the file name “%s” does not tell)", output);
    }
  else if (!rlx_export_format_from_string (format_name, &format))
    return rlx_cli_usage_error (context, "Unknown format “%s”: use svg, png, pdf or eps", format_name);
  if (theme_name != NULL && !rlx_theme_kind_from_string (theme_name, &theme))
    return rlx_cli_usage_error (context, "Unknown theme “%s”: use light, dark or print", theme_name);
  if (color_by != NULL && !g_str_equal (color_by, "Ta") && !g_str_equal (color_by, "ta"))
    return rlx_cli_usage_error (context, "--color-by takes Ta or ta");
  if (map_axis != NULL && !g_str_equal (map_axis, "E") && !g_str_equal (map_axis, "Tp"))
    return rlx_cli_usage_error (context, "--map-axis takes E or Tp");
  if (dpi == 0.0)
    dpi = theme == RLX_THEME_PRINT ? 600.0 : 96.0;
  if (!(dpi >= 10.0 && dpi <= 4800.0))
    return rlx_cli_usage_error (context, "--dpi must be between 10 and 4800");
  if (size != NULL)
    {
      if (!parse_size (size, dpi, &width_pt, &height_pt))
        return rlx_cli_usage_error (context, "--size “%s” is not WxH (e.g. 1000x700, 8.5x6cm)", size);
    }
  else if (theme == RLX_THEME_PRINT)
    {
      width_pt = 8.5 / 2.54 * 72.0;   /* one journal column */
      height_pt = 6.4 / 2.54 * 72.0;
    }
  else
    {
      width_pt = 1000.0 * 72.0 / dpi;
      height_pt = 700.0 * 72.0 / dpi;
    }

  selection = parse_runs (runs, &error);
  if (selection == NULL)
    return rlx_cli_fail ("export", error);
  store = rlx_cli_open_store (db, TRUE, &error);
  if (store == NULL)
    return rlx_cli_fail ("export", error);
  rlx_notebook_figure_options_init (&options);
  options.color_by_time = color_by != NULL && g_str_equal (color_by, "ta");
  options.map_axis_e = map_axis == NULL || g_str_equal (map_axis, "E");
  options.notes = notes;
  run_ids = rlx_selection_select (selection, store, &error);
  if (run_ids == NULL)
    {
      rlx_store_close (store);
      return rlx_cli_fail ("export", error);
    }

  figure = rlx_notebook_figure_build (store, figure_name, (const gint64 *) run_ids->data,
                                      run_ids->len, &options, &error);
  for (guint i = 0; i < notes->len; i++)
    g_printerr ("relaxun-cli export: %s\n", (const char *) g_ptr_array_index (notes, i));
  g_array_unref (run_ids);
  rlx_store_close (store);
  if (figure == NULL)
    return rlx_cli_fail ("export", error);

  if (!rlx_figure_export (figure, rlx_theme_get (theme), format, output, width_pt, height_pt,
                          dpi, &error))
    return rlx_cli_fail ("export", error);

  return RLX_CLI_EXIT_OK;
}
