/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * DMA relaxation functions (science.md §3) in the sign convention of §3.1:
 *   E*(ω) = Eu − ΔE·P,  P = [1 + (iωτ)^a]^(−b),  E′ = Eu − ΔE·Re P,  E″ = −ΔE·Im P ≥ 0.
 * Everything depends on the temperature only through y = ln(ωτ(T)).
 * a = b = 1: Debye; b = 1: Cole–Cole; a = 1: Cole–Davidson; otherwise Havriliak–Negami.
 */

/* P and its derivatives with respect to (y, a, b); d_re/d_im may be NULL. Returns FALSE for
   non-finite input or a, b outside (0, 1]. */
gboolean rlx_dma_hn             (double  y,
                                 double  a,
                                 double  b,
                                 double *re,
                                 double *im,
                                 double  d_re[3],
                                 double  d_im[3]);

/* L(y) = E″/ΔE. */
double   rlx_dma_loss           (double  y,
                                 double  a,
                                 double  b);

/* Re P, so that E′ = Eu − ΔE·rlx_dma_storage_fraction(). 1 at low T (y → +∞ … see §3.1). */
double   rlx_dma_storage_fraction (double y,
                                 double  a,
                                 double  b);

/* y_max = ln(ω_max·τ) of the loss peak, L at the peak and the FWHM of L in y (= ln ω). */
void     rlx_dma_loss_peak      (double  a,
                                 double  b,
                                 double *y_max,
                                 double *l_max,
                                 double *width);

/* y = ln(ωτ(T)) with gradient. Arrhenius: (E [J/mol], T1 [K]), ωτ(T1) = 1, d/d(E, T1).
   VFT: τ = τ0·exp(D·T0/(T − T0)), ωτ(T1) = 1: (D, T1, T0), d/d(D, T1, T0).
   VFT returns +INFINITY for T ≤ T0 (the process is frozen). */
double   rlx_dma_y_arrhenius    (double  t,
                                 double  e,
                                 double  t1,
                                 double  grad[2]);
double   rlx_dma_y_vft          (double  t,
                                 double  d,
                                 double  t1,
                                 double  t0,
                                 double  grad[3]);

/* Temperature of the E″ maximum of one process at fixed frequency. */
double   rlx_dma_peak_temperature_arrhenius (double e,
                                 double  t1,
                                 double  a,
                                 double  b);
double   rlx_dma_peak_temperature_vft (double d,
                                 double  t1,
                                 double  t0,
                                 double  a,
                                 double  b);

G_END_DECLS
