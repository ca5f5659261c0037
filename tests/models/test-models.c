/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test-models"

#include "config.h"

#include <math.h>

#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-dma.h"
#include "rlx-kww.h"
#include "rlx-model.h"

/* science.md §7.6: L(y) = E″/ΔE at y = −3, −1, 0, 0.5, 2, 5 */
static const struct
{
  double a, b, l[6];
} dma_golden[] = {
  { 1.0, 1.0, { 0.049663963710, 0.324027136832, 0.5, 0.443409441985, 0.132901114417, 0.006737641111 } },
  { 0.5, 1.0, { 0.115558586647, 0.192700212763, 0.207106781187, 0.203364594471, 0.157121752650, 0.051693654982 } },
  { 1.0, 0.5, { 0.024855043742, 0.169868804990, 0.321797126453, 0.353308790411, 0.240963136604, 0.057846331709 } },
  { 0.8, 0.45, { 0.037144666439, 0.147267427610, 0.224670432066, 0.246819896722, 0.219249275137, 0.087253360931 } },
};

static void
test_dma_golden (void)
{
  static const double ys[6] = { -3, -1, 0, 0.5, 2, 5 };

  for (guint c = 0; c < G_N_ELEMENTS (dma_golden); c++)
    for (guint k = 0; k < 6; k++)
      g_assert_cmpfloat_with_epsilon (rlx_dma_loss (ys[k], dma_golden[c].a, dma_golden[c].b),
                                      dma_golden[c].l[k], 2e-12);

  /* Special cases of §3.1 in closed form. */
  for (double y = -6; y <= 6; y += 0.75)
    {
      double a = 0.7;
      g_assert_cmpfloat_with_epsilon (rlx_dma_loss (y, 1, 1), 0.5 / cosh (y), 1e-14);
      g_assert_cmpfloat_with_epsilon (rlx_dma_loss (y, a, 1),
                                      0.5 * sin (a * G_PI / 2) / (cosh (a * y) + cos (a * G_PI / 2)), 1e-14);
      /* Debye storage: Re P = 1/(1 + ω²τ²) */
      g_assert_cmpfloat_with_epsilon (rlx_dma_storage_fraction (y, 1, 1), 1.0 / (1.0 + exp (2 * y)), 1e-14);
    }
  /* no overflow deep in the wings */
  g_assert_true (isfinite (rlx_dma_loss (400.0, 0.5, 0.5)));
  g_assert_cmpfloat (rlx_dma_loss (400.0, 0.5, 0.5), >, 0.0);
}

/* §3.2 table: y_max, L_max, W_lnω */
static void
test_dma_table (void)
{
  static const double rows[][5] = {
    { 1.00, 1.00, 0, 0.50000, 2.6339 }, { 0.90, 1.00, 0, 0.42704, 3.1176 },
    { 0.50, 1.00, 0, 0.20711, 6.6121 }, { 1.00, 0.80, 0.17543, 0.45136, 2.9003 },
    { 1.00, 0.50, 0.54931, 0.35355, 3.6538 }, { 0.80, 0.45, 0.86939, 0.25165, 5.1957 },
    { 0.60, 0.40, 1.41950, 0.17050, 7.7045 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      double ym, lm, w;
      rlx_dma_loss_peak (rows[i][0], rows[i][1], &ym, &lm, &w);
      g_assert_cmpfloat_with_epsilon (ym, rows[i][2], 1e-5);
      g_assert_cmpfloat_with_epsilon (lm, rows[i][3], 1e-5);
      g_assert_cmpfloat_with_epsilon (w, rows[i][4], 1e-4);
    }
}

/* §2.7 table: FWHM and peak temperature of KWW on heating vs β. */
static void
test_kww_table (void)
{
  static const struct { double e, tp, beta, fwhm, peak; } rows[] = {
    { 100, 330, 1.0, 21.354, 330.000 }, { 100, 330, 0.8, 26.758, 329.744 },
    { 100, 330, 0.5, 43.048, 328.620 }, { 100, 330, 0.3, 71.928, 325.278 },
    { 380, 400, 1.0, 8.462, 400.000 }, { 380, 400, 0.7, 12.111, 399.938 },
    { 380, 400, 0.4, 21.287, 399.685 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      double b = rows[i].e * 1e3 / RLX_GAS_CONSTANT, tp = rows[i].tp, beta = rows[i].beta;
      double lo = tp - 60, hi = tp + 30, pk, fmax, half, a, c;

      /* golden-section search for the maximum */
      for (int it = 0; it < 200; it++)
        {
          double m1 = lo + 0.382 * (hi - lo), m2 = lo + 0.618 * (hi - lo);
          if (rlx_kww_heating_dqdt (m1, 1, b, tp, 0, beta, NULL) > rlx_kww_heating_dqdt (m2, 1, b, tp, 0, beta, NULL))
            hi = m2;
          else
            lo = m1;
        }
      pk = 0.5 * (lo + hi);
      fmax = rlx_kww_heating_dqdt (pk, 1, b, tp, 0, beta, NULL);
      half = 0.5 * fmax;
      a = pk - 200; c = pk;
      for (int it = 0; it < 200; it++)
        {
          double m = 0.5 * (a + c);
          if (rlx_kww_heating_dqdt (m, 1, b, tp, 0, beta, NULL) > half) c = m; else a = m;
        }
      lo = a;
      a = pk; c = pk + 200;
      for (int it = 0; it < 200; it++)
        {
          double m = 0.5 * (a + c);
          if (rlx_kww_heating_dqdt (m, 1, b, tp, 0, beta, NULL) > half) a = m; else c = m;
        }
      hi = a;
      g_assert_cmpfloat_with_epsilon (pk, rows[i].peak, 2e-3);
      g_assert_cmpfloat_with_epsilon (hi - lo, rows[i].fwhm, 2e-3);
      /* β = 1 is the Debye unit itself */
      if (beta == 1.0)
        g_assert_cmpfloat_with_epsilon (rlx_kww_heating_dqdt (tp + 3, 1, b, tp, 0, 1.0, NULL) /
                                        rlx_debye_heating_dqdt (tp + 3, 1, b, tp, 0, NAN), 1.0, 1e-13);
    }
}

typedef struct
{
  const char  *id;
  guint        n_components;
  RlxTauLaw    law;
  RlxBaseline  baseline;
  gboolean     per_time;
  gboolean     time;
  double       params[32];
  double       x_lo, x_hi;
} JacCase;

static const JacCase jac_cases[] = {
  { "debye", 1, RLX_TAU_LAW_ARRHENIUS, RLX_BASELINE_QUADRATIC, FALSE, FALSE,
    { 1.0, 100e3, 330, 0.001, 2e-5, -3e-7, 320 }, 290, 345 },
  { "debye", 1, RLX_TAU_LAW_ARRHENIUS, RLX_BASELINE_LINEAR, TRUE, TRUE,
    { 1.0, 380e3, 400, 0.5, 1e-3, 0.1 }, 0.18, 0.24 },
  { "debye-vft", 1, RLX_TAU_LAW_ARRHENIUS, RLX_BASELINE_CONSTANT, FALSE, FALSE,
    { 1.0, 9.8, 430, 311, 0.01, 420 }, 400, 440 },
  { "debye-sum", 3, RLX_TAU_LAW_ARRHENIUS, RLX_BASELINE_LINEAR, FALSE, FALSE,
    { 0.5, 44e3, 273, 1.0, 100e3, 330, 2.0, 380e3, 400, 0.0, 1e-4, 330 }, 230, 410 },
  { "kww", 1, RLX_TAU_LAW_ARRHENIUS, RLX_BASELINE_NONE, FALSE, FALSE,
    { 1.0, 100e3, 330, 0.55 }, 280, 345 },
  { "dma-debye", 2, RLX_TAU_LAW_ARRHENIUS, RLX_BASELINE_LINEAR, FALSE, FALSE,
    { 80, 340e3, 405, 5, 86e3, 310, 1.0, 0.01, 350 }, 250, 430 },
  { "dma-cole-cole", 1, RLX_TAU_LAW_ARRHENIUS, RLX_BASELINE_NONE, FALSE, FALSE,
    { 80, 340e3, 405, 0.6 }, 300, 430 },
  { "dma-cole-davidson", 1, RLX_TAU_LAW_ARRHENIUS, RLX_BASELINE_NONE, FALSE, FALSE,
    { 80, 340e3, 405, 0.45 }, 300, 430 },
  { "dma-hn", 2, RLX_TAU_LAW_ARRHENIUS, RLX_BASELINE_NONE, FALSE, FALSE,
    { 800, 340e3, 405, 0.8, 0.45, 40, 86e3, 310, 0.5, 0.9 }, 250, 430 },
  { "dma-hn", 1, RLX_TAU_LAW_VFT, RLX_BASELINE_NONE, FALSE, FALSE,
    { 800, 9.8, 420, 311, 0.8, 0.5 }, 380, 450 },
  { "dma-storage", 2, RLX_TAU_LAW_ARRHENIUS, RLX_BASELINE_NONE, FALSE, FALSE,
    { 30000, 25000, 340e3, 405, 0.8, 0.5, 900, 86e3, 310, 0.6, 0.9 }, 250, 430 },
};

static void
test_jacobians (gconstpointer data)
{
  const JacCase *c = data;
  RlxModelOptions o;
  g_autoptr(RlxModel) model = NULL;
  g_autoptr(GError) error = NULL;
  guint np, n = 41;
  g_autofree double *x = g_new (double, n);
  g_autofree double *f = g_new (double, n);
  g_autofree double *fp = g_new (double, n);
  g_autofree double *fm = g_new (double, n);
  g_autofree double *jac = NULL;

  rlx_model_options_init (&o);
  o.n_components = c->n_components;
  o.tau_law = c->law;
  o.baseline = c->baseline;
  o.frequency = 2.0;
  o.heating_rate = 1000.0;
  o.signal_per_time = c->per_time;
  o.x_is_time = c->time;
  o.time_zero_temperature = 173.15;
  model = rlx_model_new (c->id, &o, &error);
  g_assert_no_error (error);
  np = rlx_model_get_n_params (model);
  jac = g_new (double, n * np);

  for (guint i = 0; i < n; i++)
    x[i] = c->x_lo + (c->x_hi - c->x_lo) * i / (n - 1.0);
  g_assert_true (rlx_model_evaluate (model, c->params, x, n, f, jac));

  for (guint j = 0; j < np; j++)
    {
      double p[32], h, colmax = 0.0, fmax = 0.0;

      for (guint k = 0; k < np; k++)
        p[k] = c->params[k];
      h = 1e-6 * MAX (fabs (p[j]), 1e-3);
      p[j] = c->params[j] + h;
      g_assert_true (rlx_model_evaluate (model, p, x, n, fp, NULL));
      p[j] = c->params[j] - h;
      g_assert_true (rlx_model_evaluate (model, p, x, n, fm, NULL));
      for (guint i = 0; i < n; i++)
        {
          colmax = MAX (colmax, fabs (jac[i * np + j]));
          fmax = MAX (fmax, fabs (f[i]));
        }
      for (guint i = 0; i < n; i++)
        {
          double num = (fp[i] - fm[i]) / (2.0 * h);
          if (fabs (num - jac[i * np + j]) > 1e-6 * colmax + 1e-13 * fmax / h)
            g_error ("%s: ∂f/∂%s at x = %g: analytic %.10g, numeric %.10g", c->id,
                     rlx_model_get_param (model, j)->name, x[i], jac[i * np + j], num);
        }
    }
}

static void
test_registry (void)
{
  const char * const *ids = rlx_model_list_ids ();
  static const char *expected[] = { "debye", "debye-vft", "debye-sum", "kww", "dma-debye",
                                    "dma-cole-cole", "dma-cole-davidson", "dma-hn", "dma-storage" };
  RlxModelOptions o;
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxModel) sum = NULL;
  RlxModel *bad;

  g_assert_cmpuint (g_strv_length ((char **) ids), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpstr (ids[i], ==, expected[i]);
      g_assert_nonnull (rlx_model_id_get_description (ids[i]));
    }

  rlx_model_options_init (&o);
  bad = rlx_model_new ("no-such-model", &o, &error);
  g_assert_null (bad);
  g_assert_error (error, RLX_MODEL_ERROR, RLX_MODEL_ERROR_UNKNOWN_MODEL);
  g_clear_error (&error);

  /* DMA needs a frequency */
  bad = rlx_model_new ("dma-hn", &o, &error);
  g_assert_null (bad);
  g_assert_error (error, RLX_MODEL_ERROR, RLX_MODEL_ERROR_INVALID_OPTIONS);
  g_clear_error (&error);

  o.n_components = 2;
  o.baseline = RLX_BASELINE_LINEAR;
  o.signal_per_time = TRUE;
  o.heating_rate = 1000;
  o.y_unit = "mW";
  sum = rlx_model_new ("debye-sum", &o, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rlx_model_get_n_params (sum), ==, 9);
  g_assert_cmpstr (rlx_model_get_param (sum, 0)->name, ==, "Q_inf_1");
  g_assert_cmpstr (rlx_model_get_param (sum, 0)->unit, ==, "mJ");
  g_assert_cmpstr (rlx_model_get_param (sum, 4)->name, ==, "E_2");
  g_assert_cmpstr (rlx_model_get_param (sum, 4)->unit, ==, "J/mol");
  g_assert_cmpint (rlx_model_find_param (sum, "c1"), ==, 7);
  g_assert_true (rlx_model_get_param (sum, 8)->constant);
  g_assert_true (rlx_model_get_param (sum, 0)->linear);
  g_assert_false (rlx_model_get_param (sum, 1)->linear);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rlx_core_init ();

  g_test_add_func ("/relaxun/models/registry", test_registry);
  g_test_add_func ("/relaxun/models/dma/golden", test_dma_golden);
  g_test_add_func ("/relaxun/models/dma/table", test_dma_table);
  g_test_add_func ("/relaxun/models/kww/table", test_kww_table);
  for (guint i = 0; i < G_N_ELEMENTS (jac_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/relaxun/models/jacobian/%s-%u", jac_cases[i].id, i);
      g_test_add_data_func (path, &jac_cases[i], test_jacobians);
    }
  return g_test_run ();
}
