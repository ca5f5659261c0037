/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rlx-spectrum.h"

G_BEGIN_DECLS

/*
 * The single-peak fits a spectrum is judged against (science.md §6.4), through the fit engine:
 * one free-E Debye unit and one KWW-on-heating unit, both without baseline (the peak is already
 * baseline-corrected), on the same points as the spectrum.
 */

/**
 * rlx_spectrum_fit_debye:
 * @rate: heating rate in K/s (only for derived quantities; the shape does not depend on it)
 * @e: (out): fitted E, J/mol
 * @tp: (out): fitted Tp, K
 *
 * Fits one free-E Debye unit. Returns %FALSE with @error set when the fit does not converge.
 */
gboolean        rlx_spectrum_fit_debye             (const double  *t,
                                                    const double  *y,
                                                    gsize          n,
                                                    double         rate,
                                                    GCancellable  *cancellable,
                                                    double        *e,
                                                    double        *tp,
                                                    double        *area,
                                                    double        *chi2,
                                                    GError       **error);

/*
 * The "fit" E(Tp) law: a free-E Debye fit of the same peak gives (E, Tp), and the law keeps
 * E/(R·Tp) fixed, E(Tp') = E·Tp'/Tp. A constant u = E/(R·Tp) is what a fixed τ0 gives to within
 * a few percent over a peak (u + ln u = ln(Tp/(Rh·τ0))), so this is the AES through the fitted
 * unit rather than through an assumed τ0.
 */
RlxSpectrumLaw *rlx_spectrum_law_new_from_fit      (const double  *t,
                                                    const double  *y,
                                                    gsize          n,
                                                    double         rate,
                                                    GCancellable  *cancellable,
                                                    GError       **error);

/* Runs both fits on result->t, result->y and calls rlx_spectrum_result_set_comparison();
   a fit that fails is left out with a "comparison-failed" warning. */
void            rlx_spectrum_compare_fits          (RlxSpectrumResult *result,
                                                    double         rate,
                                                    GCancellable  *cancellable);

G_END_DECLS
