/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot-test"

#include "config.h"

#include "plot-test-figures.h"

#include <math.h>

#define R_GAS 8.314462618

double
plot_test_debye_peak (double T,
                      double Tp,
                      double E_kJ,
                      double Q)
{
  double u = E_kJ * 1e3 / (R_GAS * Tp * Tp);
  double z = u * (T - Tp);

  return Q * u * exp (z - exp (z));
}

static const PlotKindExpect expectations[N_PLOT_KINDS] = {
  [PLOT_KIND_RUN] = { "run", 2, 2, { "Annealed", "Reference" }, { "300", "400", "500" }, FALSE },
  /* The straight baseline is simplified to its two ends, which libplot writes as a <line>. */
  [PLOT_KIND_PEAK] = { "peak", 5, 5, { "Data", "Debye fit", "Baseline" }, { "280", "300", "340" }, FALSE },
  [PLOT_KIND_FAMILY] = { "family", 30, 0, { NULL }, { "300", "400" }, TRUE },
  /* 120 measured points: a thin line with every other one marked, besides fits and components. */
  [PLOT_KIND_DMA] = { "dma", 5, 5, { "HN fit", "Debye fit" }, { "300", "400" }, FALSE },
  [PLOT_KIND_ESTAR_TA] = { "estar-ta", 0, 2, { "Arrhenius", "VFT" }, { "100", "200", "300" }, FALSE },
  [PLOT_KIND_ESTAR_TA_TIME] = { "estar-ta-time", 3, 3, { "273 K", "313 K" }, { "1", "10", "100" }, TRUE },
  [PLOT_KIND_ESTAR_ENTHALPY] = { "estar-enthalpy", 0, 0, { NULL }, { "100", "200" }, TRUE },
  [PLOT_KIND_SPECTRUM] = { "spectrum", 1, 2, { "Spectrum", "Peak" }, { "300", "340" }, FALSE },
};

const PlotKindExpect *
plot_test_expect (PlotKind kind)
{
  return &expectations[kind];
}

static RlxFigure *
build_run (void)
{
  enum { N = 1200 };
  double T[N], a[N], r[N];
  RlxPlotCurve curves[2];

  for (int i = 0; i < N; i++)
    {
      T[i] = 230.0 + i * 0.25;
      r[i] = 0.02 + 1e-4 * (T[i] - 230.0) + (T[i] > 470 ? 0.8 * plot_test_debye_peak (T[i], 480, 380, 12) : 0);
      a[i] = r[i] + plot_test_debye_peak (T[i], 330.0, 100.0, 0.6);
    }
  curves[0] = (RlxPlotCurve) { "Annealed", T, a, NULL, N, NAN };
  curves[1] = (RlxPlotCurve) { "Reference", T, r, NULL, N, NAN };
  return rlx_plot_run (curves, 2, "T (K)", "Heat flow (mW)", FALSE);
}

static RlxFigure *
build_peak (void)
{
  enum { N = 400 };
  double T[N], y[N], base[N], fit[N], c1[N], c2[N];
  RlxPlotCurve comps[2];
  RlxPlotPeak peak = { 0 };
  guint32 seed = 12345;

  for (int i = 0; i < N; i++)
    {
      double noise;

      seed = seed * 1103515245u + 12345u;
      noise = ((seed >> 8) / 16777216.0 - 0.5) * 0.01;
      T[i] = 270.0 + i * 0.25;
      base[i] = 0.002 * (T[i] - 270.0) / 100.0;
      c1[i] = plot_test_debye_peak (T[i], 320.0, 90.0, 1.0);
      c2[i] = plot_test_debye_peak (T[i], 345.0, 160.0, 0.7);
      fit[i] = c1[i] + c2[i];
      y[i] = fit[i] + noise;
    }
  comps[0] = (RlxPlotCurve) { "Unit 1", T, c1, NULL, N, NAN };
  comps[1] = (RlxPlotCurve) { "Unit 2", T, c2, NULL, N, NAN };
  peak.x = T;
  peak.y = y;
  peak.n = N;
  peak.baseline = base;
  peak.fit = fit;
  peak.fit_label = "Debye fit";
  peak.components = comps;
  peak.n_components = 2;
  peak.window_lo = 290.0;
  peak.window_hi = 360.0;
  peak.x_label = "T (K)";
  peak.y_label = "\xce\x94" "c_p (J g^{-1} K^{-1})";
  return rlx_plot_peak (&peak);
}

static RlxFigure *
build_family (void)
{
  enum { N = 300, M = 30 };
  static double T[M][N], y[M][N];
  RlxPlotCurve curves[M];

  for (int k = 0; k < M; k++)
    {
      double Ta = 243.0 + 5.0 * k;
      double Tp = Ta + 25.0 + 0.1 * k;
      double E = 40.0 + 12.0 * k;

      for (int i = 0; i < N; i++)
        {
          T[k][i] = 230.0 + i * 1.0;
          y[k][i] = plot_test_debye_peak (T[k][i], Tp, E, 0.02 + 0.004 * k);
        }
      curves[k] = (RlxPlotCurve) { NULL, T[k], y[k], NULL, N, Ta };
    }
  return rlx_plot_family (curves, M, "T (K)", "\xce\x94\xce\xa6 (mW)", "T_a (K)", FALSE, TRUE);
}

static RlxFigure *
build_dma (void)
{
  enum { N = 120, F = 400 };
  static double T[N], e2[N], Tf[F], hn[F], deb[F], al[F], be[F];
  RlxPlotCurve hn_c, deb_c, al_c, be_c;
  RlxPlotDma dma = { 0 };

  for (int i = 0; i < F; i++)
    {
      Tf[i] = 220.0 + i * 0.5;
      al[i] = 300.0 / (1.0 + pow ((Tf[i] - 425.0) / 14.0, 2));
      be[i] = 40.0 / (1.0 + pow ((Tf[i] - 330.0) / 35.0, 2));
      hn[i] = al[i] + be[i] + 8.0;
      deb[i] = 300.0 / (1.0 + pow ((Tf[i] - 425.0) / 9.0, 2)) + 8.0;
    }
  for (int i = 0; i < N; i++)
    {
      T[i] = 222.0 + i * 1.65;
      e2[i] = 300.0 / (1.0 + pow ((T[i] - 425.0) / 14.0, 2)) + 40.0 / (1.0 + pow ((T[i] - 330.0) / 35.0, 2)) + 8.0;
    }
  hn_c = (RlxPlotCurve) { "HN fit", Tf, hn, NULL, F, NAN };
  deb_c = (RlxPlotCurve) { "Debye fit", Tf, deb, NULL, F, NAN };
  al_c = (RlxPlotCurve) { "\xce\xb1 relaxation", Tf, al, NULL, F, NAN };
  be_c = (RlxPlotCurve) { "\xce\xb2 relaxation", Tf, be, NULL, F, NAN };
  dma.data = (RlxPlotCurve) { "E\xe2\x80\xb3 (2 Hz)", T, e2, NULL, N, NAN };
  dma.hn_fit = &hn_c;
  dma.debye_fit = &deb_c;
  dma.alpha = &al_c;
  dma.beta = &be_c;
  dma.x_label = "T (K)";
  dma.y_label = "E\xe2\x80\xb3 (MPa)";
  return rlx_plot_dma (&dma);
}

static RlxFigure *
build_estar_ta (void)
{
  enum { N = 9 };
  double ta[N], ea[N], sa[N], ev[N], sv[N];
  RlxPlotCurve m[2];

  for (int i = 0; i < N; i++)
    {
      ta[i] = 253.0 + 20.0 * i;
      ea[i] = 44.0 * exp ((ta[i] - 253.0) / 58.0);
      sa[i] = 0.06 * ea[i];
      ev[i] = 0.85 * ea[i];
      sv[i] = 0.08 * ev[i];
    }
  m[0] = (RlxPlotCurve) { "Arrhenius", ta, ea, sa, N, NAN };
  m[1] = (RlxPlotCurve) { "VFT", ta, ev, sv, N, NAN };
  return rlx_plot_estar_ta (m, 2, "T_a (K)", "E* (kJ mol^{-1})", TRUE);
}

static RlxFigure *
build_estar_ta_time (void)
{
  static double t[3][6], e[3][6], s[3][6];
  static const double Ta[3] = { 273.0, 293.0, 313.0 };
  static const char *labels[3] = { "273 K", "293 K", "313 K" };
  RlxPlotCurve c[3];

  for (int k = 0; k < 3; k++)
    {
      for (int i = 0; i < 6; i++)
        {
          t[k][i] = 0.1 * pow (10.0, i * 0.8);
          e[k][i] = 44.0 + 20.0 * k + 9.0 * log10 (t[k][i] * 10.0);
          s[k][i] = 3.0;
        }
      c[k] = (RlxPlotCurve) { labels[k], t[k], e[k], s[k], 6, Ta[k] };
    }
  return rlx_plot_estar_ta_time (c, 3, "t_a (s)", "E* (kJ mol^{-1})", "T_a (K)");
}

static RlxFigure *
build_estar_enthalpy (void)
{
  enum { N = 14 };
  double h[N], e[N], s[N], ta[N];

  for (int i = 0; i < N; i++)
    {
      ta[i] = 250.0 + 10.0 * i;
      h[i] = 0.05 + 0.09 * i;
      e[i] = 40.0 + 24.0 * i + 4.0 * sin (i);
      s[i] = 0.05 * e[i];
    }
  return rlx_plot_estar_enthalpy (h, e, s, ta, N, "\xce\x94H (J g^{-1})", "E* (kJ mol^{-1})",
                                  "T_a (K)");
}

static RlxFigure *
build_spectrum (void)
{
  enum { N = 300, B = 16 };
  double T[N], y[N], bx[B], by[B];
  RlxPlotCurve c[2];

  for (int i = 0; i < N; i++)
    {
      T[i] = 280.0 + i * 0.3;
      y[i] = 0;
    }
  for (int j = 0; j < B; j++)
    {
      bx[j] = 290.0 + j * 5.0;
      by[j] = 0.3 * exp (-pow ((bx[j] - 330.0) / 18.0, 2));
      for (int i = 0; i < N; i++)
        y[i] += plot_test_debye_peak (T[i], bx[j], 120.0, by[j]);
    }
  c[0] = (RlxPlotCurve) { "Spectrum", bx, by, NULL, B, NAN };
  c[1] = (RlxPlotCurve) { "Peak", T, y, NULL, N, NAN };
  {
    RlxFigure *f = rlx_plot_xy (c, 1, RLX_PLOT_STYLE_STEMS, "T_p (K)", "Q_i (J g^{-1})", FALSE, FALSE);
    RlxPanel *p = rlx_figure_get_panel (f, 0);
    RlxSeries *s = rlx_panel_add_line (p, "Peak", T, y, N);

    s->color_mode = RLX_COLOR_PALETTE;
    s->color_value = 1;
    p->legend = RLX_LEGEND_AUTO;
    return f;
  }
}

RlxFigure *
plot_test_build (PlotKind kind)
{
  switch (kind)
    {
    case PLOT_KIND_RUN:            return build_run ();
    case PLOT_KIND_PEAK:           return build_peak ();
    case PLOT_KIND_FAMILY:         return build_family ();
    case PLOT_KIND_DMA:            return build_dma ();
    case PLOT_KIND_ESTAR_TA:       return build_estar_ta ();
    case PLOT_KIND_ESTAR_TA_TIME:  return build_estar_ta_time ();
    case PLOT_KIND_ESTAR_ENTHALPY: return build_estar_enthalpy ();
    case PLOT_KIND_SPECTRUM:       return build_spectrum ();
    case N_PLOT_KINDS:
    default:                       return NULL;
    }
}
