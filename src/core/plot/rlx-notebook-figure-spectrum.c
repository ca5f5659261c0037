/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-notebook-figure-private.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "rlx-plot-kinds.h"
#include "rlx-spectrum.h"

/*
 * Figures spectrum, lcurve and spectrum-map: from the analyses of kind "spectrum" written by
 * relaxun-cli spectrum --store.
 */

#define EXPORT_ERROR RLX_NOTEBOOK_FIGURE_ERROR

/* Rows of the family map: E or Tp in this many bins between the extremes of the spectra. */
#define MAP_BINS 80

typedef struct
{
  gint64             run_id;
  double             ta;
  RlxSpectrumResult *result;
} Stored;

static void
stored_clear (gpointer data)
{
  Stored *s = data;

  rlx_spectrum_result_free (s->result);
}

static void
set_none_error (GError **error,
                GArray  *run_ids)
{
  if (run_ids->len == 1)
    g_set_error (error, EXPORT_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA,
                 "Run %" G_GINT64_FORMAT " has no stored spectrum: compute one with "
                 "“relaxun-cli spectrum --db … --run %" G_GINT64_FORMAT " --store”, then export again",
                 g_array_index (run_ids, gint64, 0), g_array_index (run_ids, gint64, 0));
  else
    g_set_error (error, EXPORT_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA,
                 "None of the %u selected runs has a stored spectrum: compute them with "
                 "“relaxun-cli spectrum --db … --select QUERY --store” (or --run ID), then export "
                 "again", run_ids->len);
}

/* The current "spectrum" analyses of the selected runs, in selection order; at most `limit`. */
static GArray *
load_spectra (RlxStore  *store,
              GArray    *run_ids,
              guint      limit,
              GError   **error)
{
  g_autoptr(GArray) found = g_array_new (FALSE, TRUE, sizeof (Stored));

  g_array_set_clear_func (found, stored_clear);
  for (guint i = 0; i < run_ids->len && found->len < limit; i++)
    {
      gint64 id = g_array_index (run_ids, gint64, i);
      g_autoptr(GError) local = NULL;
      g_autoptr(RlxAnalysisRecord) a = rlx_store_get_current_analysis (store, id, "spectrum", &local);
      g_autoptr(JsonParser) parser = NULL;
      Stored s = { id, NAN, NULL };

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      if (a == NULL || a->result_json == NULL)
        continue;
      parser = json_parser_new ();
      if (!json_parser_load_from_data (parser, a->result_json, -1, &local) ||
          (s.result = rlx_spectrum_result_from_json (json_parser_get_root (parser), &local)) == NULL)
        {
          g_set_error (error, EXPORT_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA,
                       "The stored spectrum of run %" G_GINT64_FORMAT " (analysis %" G_GINT64_FORMAT
                       ") cannot be read: %s. Store it again with “relaxun-cli spectrum --store”",
                       id, a->id, local != NULL ? local->message : "not a spectrum result");
          return NULL;
        }
      s.ta = a->anneal_ta;
      g_array_append_val (found, s);
    }
  if (found->len == 0)
    {
      set_none_error (error, run_ids);
      return NULL;
    }
  return g_steal_pointer (&found);
}

/* The units of the peak the spectrum was computed from, from the run's stored peak: per gram
 * when the heat flow was normalised by the mass (dQ/dT in J/(g·K), weights in J/g), else per
 * sample (mJ/K, mJ). */
static gboolean
per_gram (RlxStore *store,
          gint64    run_id,
          gboolean *known)
{
  g_autoptr(RlxAnalysisRecord) a = rlx_store_get_current_analysis (store, run_id, "peak", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  const char *unit;

  *known = FALSE;
  if (a == NULL || a->result_json == NULL || !json_parser_load_from_data (parser, a->result_json, -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "signal_unit"))
    return FALSE;
  unit = json_object_get_string_member (json_node_get_object (root), "signal_unit");
  if (unit == NULL)
    return FALSE;
  *known = TRUE;
  return strstr (unit, "/g") != NULL || strstr (unit, "/(g") != NULL;
}

RlxFigure *
rlx_notebook_spectrum (RlxNotebookSource  *src,
                       GError            **error)
{
  RlxStore *store = src->store;
  GArray *run_ids = src->run_ids;
  g_autoptr(GArray) found = load_spectra (store, run_ids, 1, error);
  const RlxSpectrumResult *r;
  g_autofree double *comp_tp = NULL;
  g_autofree double *comp_frac = NULL;
  RlxPlotSpectrum desc = { 0 };
  gboolean known, gram;
  guint n_comp;

  if (found == NULL)
    return NULL;
  r = g_array_index (found, Stored, 0).result;
  gram = per_gram (store, g_array_index (found, Stored, 0).run_id, &known);

  n_comp = r->components != NULL ? r->components->len : 0;
  comp_tp = g_new (double, n_comp + 1);
  comp_frac = g_new (double, n_comp + 1);
  for (guint i = 0; i < n_comp; i++)
    {
      const RlxSpectrumComponent *c = &g_array_index (r->components, RlxSpectrumComponent, i);

      comp_tp[i] = c->tp;
      comp_frac[i] = c->fraction;
    }

  desc.tp = r->tp;
  desc.weight = r->w;
  desc.n_grid = r->n_grid;
  desc.t = r->t;
  desc.y = r->y;
  desc.fit = r->fit;
  desc.n_points = r->n_points;
  desc.component_tp = comp_tp;
  desc.component_fraction = comp_frac;
  desc.n_components = n_comp;
  desc.x_label = "T (K)";
  desc.y_label = !known ? "dQ/dT" : gram ? "dQ/dT (J g^{-1} K^{-1})" : "dQ/dT (mJ K^{-1})";
  desc.weight_label = !known ? "Weight" : gram ? "Weight (J g^{-1})" : "Weight (mJ)";
  return rlx_plot_spectrum (&desc);
}

RlxFigure *
rlx_notebook_lcurve (RlxNotebookSource  *src,
                     GError            **error)
{
  RlxStore *store = src->store;
  GArray *run_ids = src->run_ids;
  g_autoptr(GArray) found = load_spectra (store, run_ids, 1, error);
  const RlxSpectrumResult *r;

  if (found == NULL)
    return NULL;
  r = g_array_index (found, Stored, 0).result;
  if (r->n_lcurve < 2 || r->lcurve_residual == NULL || r->lcurve_solution == NULL)
    {
      g_set_error (error, EXPORT_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA,
                   "The stored spectrum of run %" G_GINT64_FORMAT " has no L-curve (it was computed "
                   "without a λ scan): compute it again with “relaxun-cli spectrum --db … --run %"
                   G_GINT64_FORMAT " --lambda lcurve --store”",
                   g_array_index (found, Stored, 0).run_id, g_array_index (found, Stored, 0).run_id);
      return NULL;
    }
  return rlx_plot_lcurve (r->lcurve_residual, r->lcurve_solution, r->lcurve_lambda, r->n_lcurve,
                          r->lcurve_corner, r->lambda, r->residual_norm, r->solution_seminorm,
                          "Residual norm |K w − y|",
                          r->regularisation == RLX_SPECTRUM_REG_SECOND_DIFFERENCE
                          ? "Roughness |L w|" : "Solution norm |w|");
}

RlxFigure *
rlx_notebook_spectrum_map (RlxNotebookSource  *src,
                           GError            **error)
{
  RlxStore *store = src->store;
  GArray *run_ids = src->run_ids;
  gboolean axis_is_e = src->options->map_axis_e;
  g_autoptr(GArray) found = load_spectra (store, run_ids, G_MAXUINT, error);
  g_autoptr(GPtrArray) results = g_ptr_array_new ();
  g_autoptr(GArray) tas = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(RlxSpectrumFamilyMap) map = NULL;
  g_autofree double *axis = NULL;
  g_autofree double *mean = NULL;
  RlxPlotSpectrumMap desc = { 0 };
  guint skipped = 0;
  double scale = axis_is_e ? 1e-3 : 1.0;   /* J/mol → kJ/mol */

  if (found == NULL)
    return NULL;
  for (guint i = 0; i < found->len; i++)
    {
      Stored *s = &g_array_index (found, Stored, i);

      if (!isfinite (s->ta))
        {
          skipped++;
          continue;
        }
      g_ptr_array_add (results, s->result);
      g_array_append_val (tas, s->ta);
    }
  if (results->len == 0)
    {
      g_set_error (error, EXPORT_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA,
                   "The %u selected runs with a stored spectrum have no annealing temperature: a "
                   "family map needs Ta on each run (set it with the annealing steps of the runs)",
                   found->len);
      return NULL;
    }
  if (skipped > 0)
    rlx_notebook_note (src, "%u run(s) without an annealing temperature left out of the map",
                       skipped);

  map = rlx_spectrum_family_map_new ((const RlxSpectrumResult * const *) results->pdata,
                                     (const double *) tas->data, results->len, axis_is_e, MAP_BINS);
  if (map == NULL)
    {
      g_set_error (error, EXPORT_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA, "The stored spectra could not be put on one map");
      return NULL;
    }
  /* Each run on its own scale: the spectra of short anneals are broad and low, and on the
   * map's common scale they would vanish beside the tall, narrow ones of long anneals. Where
   * the weight of each run sits in E (or Tp) is what the map is for. */
  for (gsize r = 0; r < map->n_runs; r++)
    {
      double top = 0.0;

      for (gsize b = 0; b < map->n_bins; b++)
        top = MAX (top, map->values[b * map->n_runs + r]);
      for (gsize b = 0; b < map->n_bins && top > 0; b++)
        map->values[b * map->n_runs + r] /= top;
    }
  axis = g_new (double, map->n_bins);
  mean = g_new (double, map->n_runs);
  for (gsize b = 0; b < map->n_bins; b++)
    axis[b] = map->axis[b] * scale;
  for (gsize r = 0; r < map->n_runs; r++)
    mean[r] = map->mean_axis != NULL ? map->mean_axis[r] * scale : NAN;

  desc.n_runs = map->n_runs;
  desc.run_value = map->ta;
  desc.n_bins = map->n_bins;
  desc.axis = axis;
  desc.values = map->values;
  desc.mean_axis = map->mean_axis != NULL ? mean : NULL;
  desc.x_label = "T_a (K)";
  desc.y_label = axis_is_e ? "E (kJ mol^{-1})" : "T_p (K)";
  desc.color_label = "Weight / largest of its run";
  return rlx_plot_spectrum_map (&desc);
}
