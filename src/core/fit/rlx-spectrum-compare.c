/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-spectrum"

#include "config.h"

#include "rlx-spectrum-compare.h"

#include <math.h>

#include "rlx-fit.h"
#include "rlx-model.h"

static RlxFitResult *
fit_single (const char    *model_id,
            const double  *t,
            const double  *y,
            gsize          n,
            double         rate,
            GCancellable  *cancellable,
            GError       **error)
{
  RlxModelOptions options;
  g_autoptr(RlxFitRequest) request = NULL;
  RlxModel *model;
  RlxFitResult *result;

  rlx_model_options_init (&options);
  options.baseline = RLX_BASELINE_NONE;
  options.heating_rate = rate > 0.0 ? rate : NAN;
  model = rlx_model_new (model_id, &options, error);
  if (model == NULL)
    return NULL;
  request = rlx_fit_request_new (model, t, y, NULL, n);
  rlx_model_unref (model);

  result = rlx_fit_run (request, cancellable, NULL, NULL);
  if (!rlx_fit_result_is_success (result))
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_FAILED,
                   "The single %s fit did not converge: %s", model_id,
                   result->message != NULL ? result->message : rlx_fit_status_to_string (result->status));
      rlx_fit_result_free (result);
      return NULL;
    }
  return result;
}

gboolean
rlx_spectrum_fit_debye (const double  *t,
                        const double  *y,
                        gsize          n,
                        double         rate,
                        GCancellable  *cancellable,
                        double        *e,
                        double        *tp,
                        double        *area,
                        double        *chi2,
                        GError       **error)
{
  g_autoptr(RlxFitResult) fit = fit_single ("debye", t, y, n, rate, cancellable, error);

  if (fit == NULL)
    return FALSE;
  *e = rlx_fit_result_get_value (fit, "E");
  *tp = rlx_fit_result_get_value (fit, "Tp");
  if (area != NULL)
    *area = rlx_fit_result_get_value (fit, "Q_inf");
  if (chi2 != NULL)
    *chi2 = fit->chi2;
  return isfinite (*e) && isfinite (*tp);
}

RlxSpectrumLaw *
rlx_spectrum_law_new_from_fit (const double  *t,
                               const double  *y,
                               gsize          n,
                               double         rate,
                               GCancellable  *cancellable,
                               GError       **error)
{
  double e, tp;

  if (!rlx_spectrum_fit_debye (t, y, n, rate, cancellable, &e, &tp, NULL, NULL, error))
    return NULL;
  return rlx_spectrum_law_new_proportional (e, tp);
}

void
rlx_spectrum_compare_fits (RlxSpectrumResult *result,
                           double             rate,
                           GCancellable      *cancellable)
{
  RlxSpectrumComparison c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxFitResult) kww = NULL;

  c.debye_e = c.debye_tp = c.debye_area = c.debye_chi2 = c.debye_law_e = NAN;
  c.kww_e = c.kww_tp = c.kww_beta = c.kww_chi2 = NAN;

  c.has_debye = rlx_spectrum_fit_debye (result->t, result->y, result->n_points, rate, cancellable,
                                        &c.debye_e, &c.debye_tp, &c.debye_area, &c.debye_chi2,
                                        &error);
  if (!c.has_debye)
    rlx_spectrum_result_add_warning (result, "comparison-failed", "%s",
                                     error != NULL ? error->message : "The single Debye fit failed");
  g_clear_error (&error);

  kww = fit_single ("kww", result->t, result->y, result->n_points, rate, cancellable, &error);
  if (kww != NULL)
    {
      c.has_kww = TRUE;
      c.kww_e = rlx_fit_result_get_value (kww, "E");
      c.kww_tp = rlx_fit_result_get_value (kww, "Tp");
      c.kww_beta = rlx_fit_result_get_value (kww, "beta");
      c.kww_chi2 = kww->chi2;
    }
  else
    rlx_spectrum_result_add_warning (result, "comparison-failed", "%s",
                                     error != NULL ? error->message : "The single KWW fit failed");

  rlx_spectrum_result_set_comparison (result, &c);
}
