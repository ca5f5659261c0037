/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rlx-fit.h"
#include "rlx-peak.h"
#include "rlx-recipe.h"

G_BEGIN_DECLS

/*
 * Fitting a relaxation peak with the fit engine. The recipe's "fit" object says how:
 *
 *   { "enabled": true, "model": "debye",          any DSC model id of rlx-model.h
 *     "baseline": "none"|"constant"|"linear"|"quadratic",   extra baseline fitted with the peak
 *     "n_components": 1,
 *     "fixed":   { "E": 100000, … },               parameter values held fixed
 *     "initial": { "Tp": 330, … },                 start values (others from the model's guess)
 *     "bounds":  { "E": [5000, 1500000], … },
 *     "multi_start": 1 }
 *
 * The peak's window and masks become the request's window and masks; the model is told the
 * heating rate and the scan start Ts (for the derived τ0 and Q0), and whether the signal is
 * dQ/dT or a heat flow (signal_per_time), so Q_inf comes out in the peak's enthalpy unit.
 */

RlxFitRequest *rlx_peak_fit_request_new (const RlxPeak   *peak,
                                         const RlxRecipe *recipe,
                                         GError         **error);

/* Runs the fit synchronously. Returns NULL only when the request cannot be made; a fit that
   did not converge is a result with that status. */
RlxFitResult  *rlx_peak_fit             (const RlxPeak   *peak,
                                         const RlxRecipe *recipe,
                                         GCancellable    *cancellable,
                                         GError         **error);

/* The result JSON stored with a "peak-fit" analysis: the fit engine's JSON
   (rlx_fit_result_to_json) plus "peak_metrics", "signal_unit", "heating_rate", "ts" and
   "apparent_beta" = W_Debye(E_fit, Tp_fit)/W_observed (science.md §2.7). */
JsonNode      *rlx_peak_fit_to_json     (const RlxPeak      *peak,
                                         const RlxFitResult *result);

G_END_DECLS
