/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * RlxPeakMetrics:
 * @tp: peak temperature (K), the maximum of a least-squares cubic through the top of the peak
 *   (±max(3 points, 0.2·FWHM) around the highest point of a lightly smoothed copy)
 * @height: the cubic's value at @tp (signal unit)
 * @t_half_low: low-T half-maximum crossing (K), linear interpolation between grid points
 * @t_half_high: high-T half-maximum crossing (K)
 * @fwhm: @t_half_high − @t_half_low (K)
 * @half_low: @tp − @t_half_low (K)
 * @half_high: @t_half_high − @tp (K)
 * @area: trapezoid integral of the used points (signal unit × K)
 * @delta_h: recovered enthalpy: @area when the signal is dQ/dT, @area/Rh when it is a heat flow
 *   (J/g for W/g or J/(g·K) signals, mJ for mW or mJ/K); NAN when the rate is unknown
 * @onset: low-T onset (K): the tangent at the steepest point of the rising flank meets zero
 * @e_fwhm: E ≈ 2.4426·R·Tp²/W − 1.2729·R·Tp (J/mol; science.md §2.6, < 0.3 % for a Debye peak)
 * @e_high: E ≈ 0.9852·R·Tp²/δ_hi − 0.1745·R·Tp (J/mol; < 0.01 %)
 * @e_low: E ≈ 1.4599·R·Tp²/δ_lo − 2.1509·R·Tp (J/mol; < 0.2 %)
 * @width_ratio: the apparent non-exponentiality index W / W_Debye(E_high, Tp), where
 *   W_Debye(E, Tp) = 2.4426·R·Tp²/(E + 1.2729·R·Tp) is the FWHM a single Debye unit with the
 *   energy of the high-T flank would have. It is 1 (±0.001) for one Debye unit whatever E and Tp,
 *   and departs from 1 when the peak is not the shape of one unit: a distribution of units
 *   broadens the flanks unequally. With a fit, rlx_peak_fit_to_json() adds the apparent
 *   β = W_Debye(E_fit)/W of science.md §2.7.
 *
 * Metrics measured without fitting, on a baseline-corrected peak. Fields that cannot be
 * measured (a flank leaves the window before half height) are NAN.
 */
typedef struct
{
  double tp;
  double height;
  double t_half_low;
  double t_half_high;
  double fwhm;
  double half_low;
  double half_high;
  double area;
  double delta_h;
  double onset;
  double e_fwhm;
  double e_high;
  double e_low;
  double width_ratio;
} RlxPeakMetrics;

/**
 * rlx_peak_metrics_compute:
 * @t: increasing, uniformly spaced temperatures (K)
 * @y: the baseline-corrected peak (endothermic positive)
 * @use: (nullable): FALSE for points outside the window or masked
 * @rate: heating rate (K/s) to turn an area of heat flow into enthalpy, or NAN when @y already
 *   is dQ/dT (the area is then the enthalpy)
 */
gboolean  rlx_peak_metrics_compute  (const double    *t,
                                     const double    *y,
                                     const gboolean  *use,
                                     gsize            n,
                                     double           rate,
                                     RlxPeakMetrics  *metrics,
                                     GError         **error);

/* The width formulas of science.md §2.6 (J/mol from K); NAN for non-positive widths. */
/* FWHM (K) of a Debye unit of energy e (J/mol) peaking at tp (inverse of the FWHM formula). */

/* An object with every field (NAN as null), energies in J/mol. */
JsonNode *rlx_peak_metrics_to_json  (const RlxPeakMetrics *metrics);
void      rlx_peak_metrics_from_json (JsonObject          *object,
                                     RlxPeakMetrics      *metrics);

G_END_DECLS
