/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-spectrum"

#include "config.h"

#include "rlx-spectrum.h"

#include <math.h>
#include <string.h>

#include "rlx-core.h"
#include "rlx-debye.h"

/* A valley splits two lobes when it is below this fraction of the smaller maximum. */
#define VALLEY_FRACTION 0.5
/* The single-Debye E may exceed the law by this much before the kernel is called too broad. */
#define KERNEL_TOO_BROAD_RATIO 1.10

double
rlx_spectrum_result_unit_value (const RlxSpectrumResult *result,
                                gsize                    j,
                                double                   t)
{
  g_return_val_if_fail (j < result->n_grid, NAN);

  if (result->w[j] == 0.0)
    return 0.0;
  return rlx_debye_heating_dqdt (t, result->w[j], result->e[j] / RLX_GAS_CONSTANT,
                                 result->tp[j], 0.0, NAN);
}

void
rlx_spectrum_result_evaluate (const RlxSpectrumResult *result,
                              const double            *t,
                              double                  *out,
                              gsize                    n)
{
  for (gsize i = 0; i < n; i++)
    {
      double sum = 0.0;

      for (gsize j = 0; j < result->n_grid; j++)
        sum += rlx_spectrum_result_unit_value (result, j, t[i]);
      out[i] = sum;
    }
}

static void
warning_free (gpointer data)
{
  RlxSpectrumWarning *w = data;

  g_free (w->code);
  g_free (w->message);
  g_free (w);
}

void
rlx_spectrum_result_add_warning (RlxSpectrumResult *result,
                                 const char        *code,
                                 const char        *format,
                                 ...)
{
  RlxSpectrumWarning *w = g_new0 (RlxSpectrumWarning, 1);
  va_list args;

  va_start (args, format);
  w->code = g_strdup (code);
  w->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (result->warnings, w);
}

gboolean
rlx_spectrum_result_has_warning (const RlxSpectrumResult *result,
                                 const char              *code)
{
  for (guint i = 0; i < result->warnings->len; i++)
    {
      const RlxSpectrumWarning *w = g_ptr_array_index (result->warnings, i);

      if (g_strcmp0 (w->code, code) == 0)
        return TRUE;
    }
  return FALSE;
}

void
rlx_spectrum_result_set_comparison (RlxSpectrumResult           *result,
                                    const RlxSpectrumComparison *comparison)
{
  result->comparison = *comparison;

  if (comparison->has_debye && isfinite (comparison->debye_e) && isfinite (comparison->debye_tp))
    {
      double law_e = rlx_spectrum_law_energy (result->law, comparison->debye_tp);

      result->comparison.debye_law_e = law_e;
      if (law_e > 0.0 && comparison->debye_e > KERNEL_TOO_BROAD_RATIO * law_e)
        rlx_spectrum_result_add_warning (result, "kernel-too-broad",
          "The single free-E Debye fit gives E = %.1f kJ/mol at %.1f K, %.0f %% above the E(Tp) "
          "law (%.1f kJ/mol): the peak is narrower than the kernels, so the spectrum cannot be "
          "trusted. Use a law with larger E.",
          comparison->debye_e / 1000.0, comparison->debye_tp,
          100.0 * (comparison->debye_e / law_e - 1.0), law_e / 1000.0);
    }
  else
    result->comparison.debye_law_e = NAN;
}

/* ---- components --------------------------------------------------------------------- */

static void
close_lobe (GArray       *lobes,
            const double *tp,
            const double *e,
            const double *w,
            gsize         first,
            gsize         last)
{
  RlxSpectrumComponent c = { 0 };
  double stp = 0.0, se = 0.0;

  for (gsize j = first; j <= last; j++)
    {
      c.weight += w[j];
      stp += w[j] * tp[j];
      se += w[j] * e[j];
    }
  if (!(c.weight > 0.0))
    return;
  c.tp = stp / c.weight;
  c.e = se / c.weight;
  c.tp_min = tp[first];
  c.tp_max = tp[last];
  for (gsize j = first; j <= last && w[j] <= 0.0; j++)
    c.tp_min = tp[j + 1];
  for (gsize j = last; j > first && w[j] <= 0.0; j--)
    c.tp_max = tp[j - 1];
  g_array_append_val (lobes, c);
}

GArray *
rlx_spectrum_find_components (const double *tp,
                              const double *e,
                              const double *w,
                              gsize         n,
                              double        min_fraction,
                              guint        *n_clusters)
{
  g_autoptr(GArray) lobes = g_array_new (FALSE, FALSE, sizeof (RlxSpectrumComponent));
  GArray *kept = g_array_new (FALSE, FALSE, sizeof (RlxSpectrumComponent));
  double total = 0.0, wmax = 0.0, floor;
  gsize j = 0;

  for (gsize i = 0; i < n; i++)
    {
      total += MAX (w[i], 0.0);
      wmax = MAX (wmax, w[i]);
    }
  floor = 1e-12 * wmax;

  while (j < n)
    {
      gsize start, end, lobe_start;
      double height;

      if (!(w[j] > floor))
        {
          j++;
          continue;
        }
      start = j;
      while (j < n && w[j] > floor)
        j++;
      end = j - 1;

      /* Walk the run: climb to a maximum, descend to a valley, and split there when the valley
         is deep compared with both maxima around it. */
      lobe_start = start;
      height = w[start];
      for (gsize k = start; k <= end; )
        {
          gsize valley, next_peak;

          while (k < end && w[k + 1] >= w[k])
            k++;
          height = MAX (height, w[k]);
          if (k == end)
            break;
          valley = k;
          while (valley < end && w[valley + 1] <= w[valley])
            valley++;
          if (valley == end)
            break;
          next_peak = valley;
          while (next_peak < end && w[next_peak + 1] >= w[next_peak])
            next_peak++;
          if (w[valley] < VALLEY_FRACTION * MIN (height, w[next_peak]))
            {
              close_lobe (lobes, tp, e, w, lobe_start, valley);
              lobe_start = valley + 1;
              height = 0.0;
            }
          k = valley;
        }
      close_lobe (lobes, tp, e, w, lobe_start, end);
    }

  for (guint i = 0; i < lobes->len; i++)
    {
      RlxSpectrumComponent c = g_array_index (lobes, RlxSpectrumComponent, i);

      c.fraction = total > 0.0 ? c.weight / total : 0.0;
      if (c.fraction >= min_fraction)
        g_array_append_val (kept, c);
    }
  if (n_clusters != NULL)
    *n_clusters = lobes->len;
  return kept;
}

/* ---- JSON --------------------------------------------------------------------------- */

/* json-glib 1.6 writes a double whose shortest form has an exponent but no point (1e-13) as
   "1e-13.0", which is not JSON; one ulp away the form has a point and every reader accepts it. */
static double
json_safe (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (buffer, sizeof buffer, value);
  if (strchr (buffer, 'e') != NULL && strchr (buffer, '.') == NULL)
    return nextafter (value, INFINITY);
  return value;
}

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, json_safe (value));
  else
    json_builder_add_null_value (b);
}

static void
add_array (JsonBuilder  *b,
           const char   *name,
           const double *values,
           gsize         n)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (gsize i = 0; i < n; i++)
    {
      if (isfinite (values[i]))
        json_builder_add_double_value (b, json_safe (values[i]));
      else
        json_builder_add_null_value (b);
    }
  json_builder_end_array (b);
}

JsonNode *
rlx_spectrum_result_to_json (const RlxSpectrumResult *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree double *residual = g_new (double, MAX (r->n_points, 1));

  for (gsize i = 0; i < r->n_points; i++)
    residual[i] = r->y[i] - r->fit[i];

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "spectrum");
  json_builder_set_member_name (b, "law");
  json_builder_add_value (b, rlx_spectrum_law_to_json (r->law));
  json_builder_set_member_name (b, "regularisation");
  json_builder_add_string_value (b, rlx_spectrum_regularisation_to_string (r->regularisation));
  json_builder_set_member_name (b, "lambda_method");
  json_builder_add_string_value (b, rlx_spectrum_lambda_method_to_string (r->lambda_method));
  add_number (b, "lambda", r->lambda);
  add_number (b, "sigma", r->sigma);
  json_builder_set_member_name (b, "sigma_estimated");
  json_builder_add_boolean_value (b, r->sigma_estimated);
  add_number (b, "grid_fraction", r->grid_fraction);

  json_builder_set_member_name (b, "grid");
  json_builder_begin_object (b);
  add_array (b, "Tp_K", r->tp, r->n_grid);
  add_array (b, "E_J_per_mol", r->e, r->n_grid);
  add_array (b, "weight", r->w, r->n_grid);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  add_array (b, "T_K", r->t, r->n_points);
  add_array (b, "y", r->y, r->n_points);
  add_array (b, "fit", r->fit, r->n_points);
  add_array (b, "residual", residual, r->n_points);
  json_builder_end_object (b);

  add_number (b, "total", r->total);
  add_number (b, "mean_Tp_K", r->mean_tp);
  add_number (b, "mean_E_J_per_mol", r->mean_e);
  add_number (b, "residual_norm", r->residual_norm);
  add_number (b, "rms", r->rms);
  add_number (b, "rms_over_sigma", r->rms_over_sigma);
  add_number (b, "solution_seminorm", r->solution_seminorm);
  json_builder_set_member_name (b, "nnls_iterations");
  json_builder_add_int_value (b, r->nnls_iterations);
  json_builder_set_member_name (b, "n_clusters");
  json_builder_add_int_value (b, r->n_clusters);
  json_builder_set_member_name (b, "n_components");
  json_builder_add_int_value (b, r->components->len);

  json_builder_set_member_name (b, "components");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->components->len; i++)
    {
      const RlxSpectrumComponent *c = &g_array_index (r->components, RlxSpectrumComponent, i);

      json_builder_begin_object (b);
      add_number (b, "Tp_K", c->tp);
      add_number (b, "E_J_per_mol", c->e);
      add_number (b, "weight", c->weight);
      add_number (b, "fraction", c->fraction);
      add_number (b, "Tp_min_K", c->tp_min);
      add_number (b, "Tp_max_K", c->tp_max);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "lcurve");
  json_builder_begin_object (b);
  add_array (b, "lambda", r->lcurve_lambda, r->n_lcurve);
  add_array (b, "residual_norm", r->lcurve_residual, r->n_lcurve);
  add_array (b, "solution_norm", r->lcurve_solution, r->n_lcurve);
  json_builder_set_member_name (b, "corner");
  if (r->lcurve_corner != G_MAXSIZE)
    json_builder_add_int_value (b, (gint64) r->lcurve_corner);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  add_number (b, "gcv_lambda", r->gcv_lambda);
  add_number (b, "discrepancy_target", r->discrepancy_target);

  json_builder_set_member_name (b, "comparison");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "debye");
  if (r->comparison.has_debye)
    {
      json_builder_begin_object (b);
      add_number (b, "E_J_per_mol", r->comparison.debye_e);
      add_number (b, "Tp_K", r->comparison.debye_tp);
      add_number (b, "area", r->comparison.debye_area);
      add_number (b, "chi2", r->comparison.debye_chi2);
      add_number (b, "law_E_J_per_mol", r->comparison.debye_law_e);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "kww");
  if (r->comparison.has_kww)
    {
      json_builder_begin_object (b);
      add_number (b, "E_J_per_mol", r->comparison.kww_e);
      add_number (b, "Tp_K", r->comparison.kww_tp);
      add_number (b, "beta", r->comparison.kww_beta);
      add_number (b, "chi2", r->comparison.kww_chi2);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->warnings->len; i++)
    {
      const RlxSpectrumWarning *w = g_ptr_array_index (r->warnings, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, w->code);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, w->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static double
get_number (JsonObject *o,
            const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return NAN;
  return json_node_get_double (node);
}

static double *
get_array (JsonObject *o,
           const char *name,
           gsize      *n,
           GError    **error)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;
  JsonArray *a;
  double *values;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "Spectrum JSON lacks the array “%s”", name);
      return NULL;
    }
  a = json_node_get_array (node);
  *n = json_array_get_length (a);
  values = g_new (double, MAX (*n, 1));
  for (guint i = 0; i < *n; i++)
    {
      JsonNode *element = json_array_get_element (a, i);

      values[i] = JSON_NODE_TYPE (element) == JSON_NODE_VALUE ? json_node_get_double (element) : NAN;
    }
  return values;
}

static gboolean
get_same_length (JsonObject *o,
                 const char *name,
                 double    **out,
                 gsize       expected,
                 GError    **error)
{
  gsize n = 0;

  *out = get_array (o, name, &n, error);
  if (*out == NULL)
    return FALSE;
  if (n != expected)
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "Spectrum JSON array “%s” has %zu values, expected %zu", name, n, expected);
      return FALSE;
    }
  return TRUE;
}

RlxSpectrumResult *
rlx_spectrum_result_from_json (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(RlxSpectrumResult) r = NULL;
  JsonObject *o, *grid, *data, *lcurve, *comparison;
  JsonArray *components, *warnings;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node), "kind", ""),
                 "spectrum") != 0)
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "Not a spectrum result (expected a JSON object with \"kind\": \"spectrum\")");
      return NULL;
    }
  o = json_node_get_object (node);

  r = g_new0 (RlxSpectrumResult, 1);
  r->warnings = g_ptr_array_new ();
  r->components = g_array_new (FALSE, FALSE, sizeof (RlxSpectrumComponent));
  r->lcurve_corner = G_MAXSIZE;

  r->law = rlx_spectrum_law_from_json (json_object_get_member (o, "law"), error);
  if (r->law == NULL)
    return NULL;
  if (!rlx_spectrum_regularisation_from_string (
          json_object_get_string_member_with_default (o, "regularisation", ""), &r->regularisation) ||
      !rlx_spectrum_lambda_method_from_string (
          json_object_get_string_member_with_default (o, "lambda_method", ""), &r->lambda_method))
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "Spectrum JSON has an unknown regularisation or λ method");
      return NULL;
    }
  r->lambda = get_number (o, "lambda");
  r->sigma = get_number (o, "sigma");
  r->sigma_estimated = json_object_get_boolean_member_with_default (o, "sigma_estimated", FALSE);
  r->grid_fraction = get_number (o, "grid_fraction");

  grid = json_object_get_object_member (o, "grid");
  if ((r->tp = get_array (grid, "Tp_K", &r->n_grid, error)) == NULL ||
      !get_same_length (grid, "E_J_per_mol", &r->e, r->n_grid, error) ||
      !get_same_length (grid, "weight", &r->w, r->n_grid, error))
    return NULL;

  data = json_object_get_object_member (o, "data");
  if ((r->t = get_array (data, "T_K", &r->n_points, error)) == NULL ||
      !get_same_length (data, "y", &r->y, r->n_points, error) ||
      !get_same_length (data, "fit", &r->fit, r->n_points, error))
    return NULL;

  r->total = get_number (o, "total");
  r->mean_tp = get_number (o, "mean_Tp_K");
  r->mean_e = get_number (o, "mean_E_J_per_mol");
  r->residual_norm = get_number (o, "residual_norm");
  r->rms = get_number (o, "rms");
  r->rms_over_sigma = get_number (o, "rms_over_sigma");
  r->solution_seminorm = get_number (o, "solution_seminorm");
  r->nnls_iterations = (guint) json_object_get_int_member_with_default (o, "nnls_iterations", 0);
  r->n_clusters = (guint) json_object_get_int_member_with_default (o, "n_clusters", 0);

  components = json_object_has_member (o, "components") ?
               json_object_get_array_member (o, "components") : NULL;
  for (guint i = 0; components != NULL && i < json_array_get_length (components); i++)
    {
      JsonObject *co = json_array_get_object_element (components, i);
      RlxSpectrumComponent c = {
        get_number (co, "Tp_K"), get_number (co, "E_J_per_mol"), get_number (co, "weight"),
        get_number (co, "fraction"), get_number (co, "Tp_min_K"), get_number (co, "Tp_max_K"),
      };

      g_array_append_val (r->components, c);
    }

  lcurve = json_object_has_member (o, "lcurve") ? json_object_get_object_member (o, "lcurve") : NULL;
  if (lcurve != NULL)
    {
      JsonNode *corner = json_object_get_member (lcurve, "corner");

      if ((r->lcurve_lambda = get_array (lcurve, "lambda", &r->n_lcurve, error)) == NULL ||
          !get_same_length (lcurve, "residual_norm", &r->lcurve_residual, r->n_lcurve, error) ||
          !get_same_length (lcurve, "solution_norm", &r->lcurve_solution, r->n_lcurve, error))
        return NULL;
      if (corner != NULL && JSON_NODE_TYPE (corner) == JSON_NODE_VALUE)
        r->lcurve_corner = (gsize) json_node_get_int (corner);
    }
  r->gcv_lambda = get_number (o, "gcv_lambda");
  r->discrepancy_target = get_number (o, "discrepancy_target");

  comparison = json_object_has_member (o, "comparison") ?
               json_object_get_object_member (o, "comparison") : NULL;
  if (comparison != NULL)
    {
      JsonNode *debye = json_object_get_member (comparison, "debye");
      JsonNode *kww = json_object_get_member (comparison, "kww");

      if (debye != NULL && JSON_NODE_HOLDS_OBJECT (debye))
        {
          JsonObject *d = json_node_get_object (debye);

          r->comparison.has_debye = TRUE;
          r->comparison.debye_e = get_number (d, "E_J_per_mol");
          r->comparison.debye_tp = get_number (d, "Tp_K");
          r->comparison.debye_area = get_number (d, "area");
          r->comparison.debye_chi2 = get_number (d, "chi2");
          r->comparison.debye_law_e = get_number (d, "law_E_J_per_mol");
        }
      if (kww != NULL && JSON_NODE_HOLDS_OBJECT (kww))
        {
          JsonObject *k = json_node_get_object (kww);

          r->comparison.has_kww = TRUE;
          r->comparison.kww_e = get_number (k, "E_J_per_mol");
          r->comparison.kww_tp = get_number (k, "Tp_K");
          r->comparison.kww_beta = get_number (k, "beta");
          r->comparison.kww_chi2 = get_number (k, "chi2");
        }
    }

  warnings = json_object_has_member (o, "warnings") ?
             json_object_get_array_member (o, "warnings") : NULL;
  for (guint i = 0; warnings != NULL && i < json_array_get_length (warnings); i++)
    {
      JsonObject *wo = json_array_get_object_element (warnings, i);
      RlxSpectrumWarning *w = g_new0 (RlxSpectrumWarning, 1);

      w->code = g_strdup (json_object_get_string_member_with_default (wo, "code", ""));
      w->message = g_strdup (json_object_get_string_member_with_default (wo, "message", ""));
      g_ptr_array_add (r->warnings, w);
    }

  return g_steal_pointer (&r);
}

void
rlx_spectrum_result_free (RlxSpectrumResult *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->law, rlx_spectrum_law_free);
  g_free (r->tp);
  g_free (r->e);
  g_free (r->w);
  g_free (r->t);
  g_free (r->y);
  g_free (r->fit);
  g_free (r->lcurve_lambda);
  g_free (r->lcurve_residual);
  g_free (r->lcurve_solution);
  g_clear_pointer (&r->components, g_array_unref);
  if (r->warnings != NULL)
    {
      g_ptr_array_set_free_func (r->warnings, warning_free);
      g_ptr_array_unref (r->warnings);
    }
  g_free (r);
}

/* ---- family map --------------------------------------------------------------------- */

/* Weight per unit of the axis at x, interpolated between grid points (0 outside the grid). */
static double
density_at (const RlxSpectrumResult *r,
            const double            *axis,
            double                   x)
{
  gsize n = r->n_grid;

  if (n < 2)
    return 0.0;
  for (gsize j = 0; j + 1 < n; j++)
    {
      double a = axis[j], b = axis[j + 1];

      if ((x >= a && x <= b) || (x <= a && x >= b))
        {
          double da = fabs (j > 0 ? 0.5 * (axis[j + 1] - axis[j - 1]) : axis[1] - axis[0]);
          double db = fabs (j + 2 < n ? 0.5 * (axis[j + 2] - axis[j]) : axis[n - 1] - axis[n - 2]);
          double fa = da > 0.0 ? r->w[j] / da : 0.0;
          double fb = db > 0.0 ? r->w[j + 1] / db : 0.0;
          double s = b != a ? (x - a) / (b - a) : 0.0;

          return fa + s * (fb - fa);
        }
    }
  return 0.0;
}

RlxSpectrumFamilyMap *
rlx_spectrum_family_map_new (const RlxSpectrumResult * const *results,
                             const double                    *ta,
                             gsize                            n_runs,
                             gboolean                         axis_is_e,
                             gsize                            n_bins)
{
  RlxSpectrumFamilyMap *map = g_new0 (RlxSpectrumFamilyMap, 1);
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, vmax = 0.0;

  if (n_bins < 2)
    n_bins = 100;
  map->n_runs = n_runs;
  map->axis_is_e = axis_is_e;
  map->n_bins = n_bins;
  map->ta = g_memdup2 (ta, MAX (n_runs, 1) * sizeof (double));
  map->totals = g_new0 (double, MAX (n_runs, 1));
  map->mean_axis = g_new0 (double, MAX (n_runs, 1));
  map->axis = g_new0 (double, n_bins);
  map->values = g_new0 (double, n_bins * MAX (n_runs, 1));

  /* The axis spans where any spectrum has weight. */
  for (gsize i = 0; i < n_runs; i++)
    {
      const RlxSpectrumResult *r = results[i];
      const double *axis = axis_is_e ? r->e : r->tp;
      double sum = 0.0, s = 0.0;

      for (gsize j = 0; j < r->n_grid; j++)
        {
          if (r->w[j] > 0.0)
            {
              lo = MIN (lo, axis[j]);
              hi = MAX (hi, axis[j]);
            }
          sum += r->w[j];
          s += r->w[j] * axis[j];
        }
      map->totals[i] = sum;
      map->mean_axis[i] = sum > 0.0 ? s / sum : NAN;
    }
  if (!(hi > lo))
    {
      double c = hi >= lo ? lo : 0.0;

      lo = c > 0.0 ? 0.9 * c : 0.0;
      hi = c > 0.0 ? 1.1 * c : 1.0;
    }
  map->axis_min = lo;
  map->axis_max = hi;
  for (gsize k = 0; k < n_bins; k++)
    map->axis[k] = lo + (hi - lo) * ((double) k + 0.5) / (double) n_bins;

  for (gsize i = 0; i < n_runs; i++)
    {
      const RlxSpectrumResult *r = results[i];
      const double *axis = axis_is_e ? r->e : r->tp;

      for (gsize k = 0; k < n_bins; k++)
        {
          double v = MAX (density_at (r, axis, map->axis[k]), 0.0);

          map->values[k * n_runs + i] = v;
          vmax = MAX (vmax, v);
        }
    }
  if (vmax > 0.0)
    for (gsize k = 0; k < n_bins * n_runs; k++)
      map->values[k] /= vmax;

  return map;
}

JsonNode *
rlx_spectrum_family_map_to_json (const RlxSpectrumFamilyMap *map)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "axis");
  json_builder_add_string_value (b, map->axis_is_e ? "E_J_per_mol" : "Tp_K");
  add_array (b, "Ta", map->ta, map->n_runs);
  add_array (b, "bins", map->axis, map->n_bins);
  add_array (b, "totals", map->totals, map->n_runs);
  add_array (b, "mean", map->mean_axis, map->n_runs);
  json_builder_set_member_name (b, "values");
  json_builder_begin_array (b);
  for (gsize k = 0; k < map->n_bins; k++)
    {
      json_builder_begin_array (b);
      for (gsize i = 0; i < map->n_runs; i++)
        json_builder_add_double_value (b, json_safe (map->values[k * map->n_runs + i]));
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
rlx_spectrum_family_map_free (RlxSpectrumFamilyMap *map)
{
  if (map == NULL)
    return;
  g_free (map->ta);
  g_free (map->axis);
  g_free (map->values);
  g_free (map->totals);
  g_free (map->mean_axis);
  g_free (map);
}
