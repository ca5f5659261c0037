/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-notebook-figure-private.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "rlx-plot-kinds.h"

/*
 * Figures estar-ta, estar-ta-time and estar-enthalpy: E* and the recovered enthalpy from the
 * current peak fits of the selected runs.
 */

#define EXPORT_ERROR RLX_NOTEBOOK_FIGURE_ERROR

/* E* and friends of one run's current peak fit. */
typedef struct
{
  double ta_temp, ta_time;
  double e, e_err;           /* kJ/mol */
  double enthalpy;
  gboolean vft;
  guint n_steps;             /* annealing steps of the run; > 1 for multi-step protocols */
  char *enthalpy_unit;
} FitPoint;

static gboolean
json_value (JsonObject *parent,
            const char *group,
            const char *name,
            double     *value,
            double     *err)
{
  JsonObject *g = json_object_has_member (parent, group) ? json_object_get_object_member (parent, group) : NULL;
  JsonObject *p;
  JsonNode *v;

  if (g == NULL || !json_object_has_member (g, name))
    return FALSE;
  p = json_object_get_object_member (g, name);
  if (p == NULL)
    return FALSE;
  v = json_object_get_member (p, "value");
  if (v == NULL || JSON_NODE_HOLDS_NULL (v))
    return FALSE;
  *value = json_node_get_double (v);
  if (err != NULL)
    {
      JsonNode *s = json_object_get_member (p, "stderr");

      *err = s != NULL && !JSON_NODE_HOLDS_NULL (s) ? json_node_get_double (s) : NAN;
    }
  return TRUE;
}

/* Only fits that converged carry an E* worth plotting; the others are counted and reported. */
static gboolean
fit_converged (JsonObject *root)
{
  const char *status = json_object_has_member (root, "status")
                       ? json_object_get_string_member (root, "status") : NULL;

  return g_strcmp0 (status, "converged") == 0;
}

static GArray *
gather_fits (const RlxNotebookSource *src,
             GError                 **error)
{
  RlxStore *store = src->store;
  GArray *run_ids = src->run_ids;
  guint n_unconverged = 0;
  GArray *points = g_array_new (FALSE, TRUE, sizeof (FitPoint));
  g_autoptr(GPtrArray) analyses = rlx_store_list_current_analyses (store, "peak-fit", error);
  g_autoptr(GHashTable) selected = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (analyses == NULL)
    {
      g_array_unref (points);
      return NULL;
    }
  for (guint i = 0; i < run_ids->len; i++)
    g_hash_table_add (selected, &g_array_index (run_ids, gint64, i));

  for (guint i = 0; i < analyses->len; i++)
    {
      RlxAnalysisRecord *a = g_ptr_array_index (analyses, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(RlxRunRecord) rec = NULL;
      JsonObject *root;
      FitPoint fp = { NAN, NAN, NAN, NAN, NAN, FALSE, 0, NULL };
      const char *model;

      if (!g_hash_table_contains (selected, &a->run_id) || a->result_json == NULL ||
          !json_parser_load_from_data (parser, a->result_json, -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      root = json_node_get_object (json_parser_get_root (parser));
      if (!fit_converged (root))
        {
          n_unconverged++;
          continue;
        }
      model = json_object_has_member (root, "model") ? json_object_get_string_member (root, "model") : "";
      fp.vft = model != NULL && strstr (model, "vft") != NULL;
      if (!(fp.vft && json_value (root, "derived", "E_app", &fp.e, &fp.e_err)) &&
          !json_value (root, "parameters", "E", &fp.e, &fp.e_err) &&
          !json_value (root, "parameters", "E_1", &fp.e, &fp.e_err))
        continue;
      fp.e /= 1000.0;
      fp.e_err /= 1000.0;
      if (!json_value (root, "parameters", "Q_inf", &fp.enthalpy, NULL))
        json_value (root, "parameters", "Q_inf_1", &fp.enthalpy, NULL);
      if (json_object_has_member (root, "peak_metrics"))
        {
          JsonObject *m = json_object_get_object_member (root, "peak_metrics");
          JsonNode *area = m != NULL ? json_object_get_member (m, "area") : NULL;

          if (area != NULL && !JSON_NODE_HOLDS_NULL (area))
            fp.enthalpy = json_node_get_double (area);
        }
      rec = rlx_store_load_run (store, a->run_id, FALSE, NULL);
      if (rec == NULL)
        continue;
      fp.ta_temp = rlx_notebook_anneal_value (rec->data, FALSE);
      fp.ta_time = rlx_notebook_anneal_value (rec->data, TRUE);
      fp.n_steps = rec->data->anneal_steps != NULL ? rec->data->anneal_steps->len : 0;
      g_array_append_val (points, fp);
    }

  if (n_unconverged > 0)
    rlx_notebook_note (src, "%u peak fit%s that did not converge %s left out; refit %s to include %s",
                       n_unconverged, n_unconverged == 1 ? "" : "s",
                       n_unconverged == 1 ? "is" : "are", n_unconverged == 1 ? "it" : "them",
                       n_unconverged == 1 ? "it" : "them");

  if (points->len == 0)
    {
      g_set_error (error, EXPORT_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA,
                   "None of the selected runs has a current converged peak fit: fit the peaks "
                   "first (relaxun-cli fit or batch), then export the E* figures");
      g_array_unref (points);
      return NULL;
    }
  return points;
}

/* The annealing time shared by most single-step fits (5 s in the paper's Ta series). */
static double
most_common_time (GArray *points)
{
  double best = NAN;
  guint best_count = 0;

  for (guint i = 0; i < points->len; i++)
    {
      const FitPoint *p = &g_array_index (points, FitPoint, i);
      guint count = 0;

      if (p->n_steps > 1 || !isfinite (p->ta_time) || !isfinite (p->ta_temp))
        continue;
      for (guint k = 0; k < points->len; k++)
        {
          const FitPoint *q = &g_array_index (points, FitPoint, k);

          if (q->n_steps <= 1 && isfinite (q->ta_temp) && fabs (q->ta_time - p->ta_time) <= 1e-6 * p->ta_time)
            count++;
        }
      if (count > best_count)
        {
          best_count = count;
          best = p->ta_time;
        }
    }
  return best;
}

RlxFigure *
rlx_notebook_estar_ta (RlxNotebookSource  *src,
                       GError            **error)
{
  g_autoptr(GArray) points = gather_fits (src, error);
  g_autoptr(GArray) xa = NULL, ya = NULL, sa = NULL, xv = NULL, yv = NULL, sv = NULL;
  RlxPlotCurve m[2];
  RlxFigure *figure;
  double ta_shown;
  guint n = 0, n_multi = 0, n_other_time = 0;

  if (points == NULL)
    return NULL;
  xa = g_array_new (FALSE, FALSE, sizeof (double));
  ya = g_array_new (FALSE, FALSE, sizeof (double));
  sa = g_array_new (FALSE, FALSE, sizeof (double));
  xv = g_array_new (FALSE, FALSE, sizeof (double));
  yv = g_array_new (FALSE, FALSE, sizeof (double));
  sv = g_array_new (FALSE, FALSE, sizeof (double));
  ta_shown = most_common_time (points);
  for (guint i = 0; i < points->len; i++)
    {
      FitPoint *p = &g_array_index (points, FitPoint, i);

      if (!isfinite (p->ta_temp))
        continue;
      /* E* against Ta compares like with like: single anneals of one duration. */
      if (p->n_steps > 1)
        {
          n_multi++;
          continue;
        }
      if (isfinite (ta_shown) && !(fabs (p->ta_time - ta_shown) <= 1e-6 * ta_shown))
        {
          n_other_time++;
          continue;
        }
      g_array_append_val (p->vft ? xv : xa, p->ta_temp);
      g_array_append_val (p->vft ? yv : ya, p->e);
      g_array_append_val (p->vft ? sv : sa, p->e_err);
    }
  if (xa->len > 0)
    m[n++] = (RlxPlotCurve) { "Arrhenius", (double *) xa->data, (double *) ya->data,
                              (double *) sa->data, xa->len, NAN };
  if (xv->len > 0)
    m[n++] = (RlxPlotCurve) { "VFT", (double *) xv->data, (double *) yv->data,
                              (double *) sv->data, xv->len, NAN };
  if (n == 0)
    {
      g_set_error (error, EXPORT_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA,
                   "The fitted runs have no annealing temperature: set Ta on the runs first");
      return NULL;
    }
  if (n_other_time > 0)
    rlx_notebook_note (src, "E* against Ta shows the runs annealed for ta = %g s; %u run%s annealed "
                       "for other times %s in the E*-against-ta figure", ta_shown, n_other_time,
                       n_other_time == 1 ? "" : "s", n_other_time == 1 ? "is" : "are");
  if (n_multi > 0)
    rlx_notebook_note (src, "%u multi-step anneal%s left out of E* against Ta", n_multi,
                       n_multi == 1 ? " is" : "s are");
  figure = rlx_plot_estar_ta (m, n, "T_a (K)", "E* (kJ mol^{-1})", TRUE);
  if (figure != NULL && isfinite (ta_shown))
    {
      g_autofree char *label = g_strdup_printf ("t_a = %g s", ta_shown);

      rlx_panel_add_annotation (rlx_figure_get_panel (figure, 0), label, 0.03, 0.97, FALSE,
                                RLX_TEXT_ANCHOR_TOP_LEFT);
    }
  return figure;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

RlxFigure *
rlx_notebook_estar_ta_time (RlxNotebookSource  *src,
                            GError            **error)
{
  g_autoptr(GArray) points = gather_fits (src, error);
  g_autoptr(GArray) temps = NULL;
  g_autoptr(GArray) single = NULL;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) curves = g_array_new (FALSE, TRUE, sizeof (RlxPlotCurve));

  if (points == NULL)
    return NULL;
  temps = g_array_new (FALSE, FALSE, sizeof (double));
  single = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < points->len; i++)
    {
      FitPoint *p = &g_array_index (points, FitPoint, i);
      double t = round (p->ta_temp * 2.0) / 2.0;
      gboolean seen = FALSE;

      if (!isfinite (t) || !(p->ta_time > 0))
        continue;
      for (guint k = 0; k < temps->len; k++)
        seen |= g_array_index (temps, double, k) == t;
      if (!seen)
        g_array_append_val (temps, t);
    }
  g_array_sort (temps, compare_double);

  for (guint k = 0; k < temps->len; k++)
    {
      double t = g_array_index (temps, double, k);
      GArray *x = g_array_new (FALSE, FALSE, sizeof (double));
      GArray *y = g_array_new (FALSE, FALSE, sizeof (double));
      GArray *s = g_array_new (FALSE, FALSE, sizeof (double));
      RlxPlotCurve c;

      for (guint i = 0; i < points->len; i++)
        {
          FitPoint *p = &g_array_index (points, FitPoint, i);

          if (round (p->ta_temp * 2.0) / 2.0 != t || !(p->ta_time > 0))
            continue;
          g_array_append_val (x, p->ta_time);
          g_array_append_val (y, p->e);
          g_array_append_val (s, p->e_err);
        }
      g_ptr_array_add (keep, x);
      g_ptr_array_add (keep, y);
      g_ptr_array_add (keep, s);
      /* A Ta annealed for one time only is no time series (a Ta scan at fixed ta would stack
       * a column of single points on that ta); it stays out unless nothing else is left. */
      {
        guint distinct = 0;

        for (guint i = 0; i < x->len; i++)
          {
            gboolean seen = FALSE;

            for (guint j = 0; j < i; j++)
              seen |= g_array_index (x, double, j) == g_array_index (x, double, i);
            distinct += !seen;
          }
        if (distinct < 2)
          {
            g_array_append_val (single, t);
            continue;
          }
      }
      g_ptr_array_add (labels, g_strdup_printf ("%g K", t));
      c = (RlxPlotCurve) { g_ptr_array_index (labels, labels->len - 1), (double *) x->data,
                           (double *) y->data, (double *) s->data, x->len, t };
      g_array_append_val (curves, c);
    }
  if (curves->len == 0)
    {
      g_set_error (error, EXPORT_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA,
                   single->len > 0
                   ? "No annealing temperature of the fitted runs has more than one annealing time: "
                     "E* against ta needs runs annealed at one Ta for several ta"
                   : "The fitted runs have no annealing times: E* against ta needs runs with Ta and ta");
      return NULL;
    }
  return rlx_plot_estar_ta_time ((RlxPlotCurve *) curves->data, curves->len, "t_a (s)",
                                 "E* (kJ mol^{-1})", "T_a (K)");
}

RlxFigure *
rlx_notebook_estar_enthalpy (RlxNotebookSource  *src,
                             GError            **error)
{
  g_autoptr(GArray) points = gather_fits (src, error);
  g_autoptr(GArray) h = NULL, e = NULL, s = NULL, t = NULL;

  if (points == NULL)
    return NULL;
  h = g_array_new (FALSE, FALSE, sizeof (double));
  e = g_array_new (FALSE, FALSE, sizeof (double));
  s = g_array_new (FALSE, FALSE, sizeof (double));
  t = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < points->len; i++)
    {
      FitPoint *p = &g_array_index (points, FitPoint, i);

      if (!isfinite (p->enthalpy))
        continue;
      g_array_append_val (h, p->enthalpy);
      g_array_append_val (e, p->e);
      g_array_append_val (s, p->e_err);
      g_array_append_val (t, p->ta_temp);
    }
  if (h->len == 0)
    {
      g_set_error (error, EXPORT_ERROR, RLX_NOTEBOOK_FIGURE_ERROR_NO_DATA,
                   "The fitted runs have no recovered enthalpy (peak area or Q∞) in their results");
      return NULL;
    }
  return rlx_plot_estar_enthalpy ((double *) h->data, (double *) e->data, (double *) s->data,
                                  (double *) t->data, h->len, "\xce\x94H (J g^{-1})",
                                  "E* (kJ mol^{-1})", "T_a (K)");
}
