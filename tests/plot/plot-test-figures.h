/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rlx-plot-kinds.h"

G_BEGIN_DECLS

/* Synthetic figures of every kind, from closed-form Debye-like peaks (no models library). */

typedef enum
{
  PLOT_KIND_RUN = 0,
  PLOT_KIND_PEAK,
  PLOT_KIND_FAMILY,
  PLOT_KIND_DMA,
  PLOT_KIND_ESTAR_TA,
  PLOT_KIND_ESTAR_TA_TIME,
  PLOT_KIND_ESTAR_ENTHALPY,
  PLOT_KIND_SPECTRUM,
  N_PLOT_KINDS
} PlotKind;

/* What a test can expect to find in the SVG of each kind. */
typedef struct
{
  const char *name;
  guint       n_line_series;    /* stroked polylines drawn for the data */
  guint       n_legend;         /* legend entries */
  const char *legend_text[4];   /* some entries' text */
  const char *tick_text[4];     /* tick labels that must be there */
  gboolean    color_bar;
} PlotKindExpect;

/* Heating-scan Debye peak shape (Gumbel form): Q·u·exp(z − e^z), z = u (T − Tp), u = E/(R Tp²). */
double            plot_test_debye_peak  (double T,
                                         double Tp,
                                         double E_kJ,
                                         double Q);
RlxFigure        *plot_test_build       (PlotKind kind);
const PlotKindExpect *plot_test_expect  (PlotKind kind);

G_END_DECLS
