/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * One Debye unit on a linear heating scan (science.md §2), for the generic "shifted Arrhenius"
 * relaxation time τ(T) = τ0·exp(B/(T − T0)): T0 = 0 is Arrhenius with B = E/R, T0 > 0 is VFT with
 * B = D·T0. Everything is written in the well-conditioned parameters (Q∞, B, Tp, T0) of §2.3,
 * where Tp is the exact peak temperature of dQ/dT; τ0 is derived, never fitted.
 *
 * Units: T, B, Tp, T0 in K; rates in K/s; times in s; Q∞ in whatever unit the caller's signal area
 * has (J/g when dQ/dT is in J/(g·K)).
 */

/**
 * RlxDebyeTerms:
 * @s: T − T0 (K)
 * @sp: Tp − T0 (K)
 * @k: B/sp² (1/K)
 * @x: B/sp − B/s (0 at the peak)
 * @u: B/s
 * @rate: 1/(Rh·τ(T)) = k·e^x (1/K)
 * @a: A(T), the reduced time accumulated from T0
 * @da_db: ∂A/∂B
 * @da_dtp: ∂A/∂Tp
 * @da_dt0: ∂A/∂T0 (at fixed B)
 * @e1_rate: k·e^x·e^u·E1(u), which appears in ∂A/∂B
 *
 * The pieces shared by every model built on the Debye reduced time (Debye, Debye sums, KWW on
 * heating, the Debye-spectrum kernels). Derivatives are only filled when asked for.
 */
typedef struct
{
  double s;
  double sp;
  double k;
  double x;
  double u;
  double rate;
  double a;
  double da_db;
  double da_dtp;
  double da_dt0;
  double e1_rate;
} RlxDebyeTerms;

/* dQ/dT (per K) of one Debye unit; q_inf = Q∞ (area from T0); b in K; tp = exact peak T (K);
   t0 = 0 for Arrhenius; ts = start temperature of the scan or NAN for the Q∞ form (no Ts factor);
   returns 0 for T < ts (when ts is finite) and for T <= t0. The shape does not depend on rate. */
double   rlx_debye_heating_dqdt         (double t,
                                         double q_inf,
                                         double b,
                                         double tp,
                                         double t0,
                                         double ts);

/* τ0 in s from (b, tp, t0) and the heating rate (K/s): τ0 = (sp²/(b·rate))·exp(−b/sp). */
double   rlx_debye_tau0                 (double b,
                                         double tp,
                                         double t0,
                                         double rate);

/* ln τ0, finite even where τ0 itself underflows (E ≳ 1500 kJ/mol). */
double   rlx_debye_ln_tau0              (double b,
                                         double tp,
                                         double t0,
                                         double rate);

/* Exact peak temperature for given (b, τ0, t0, rate): solves b/(Tp−T0)² = 1/(rate·τ(Tp)).
   Returns NAN for non-positive or non-finite input. */
double   rlx_debye_peak_temperature     (double b,
                                         double tau0,
                                         double t0,
                                         double rate);

/* Same from ln τ0, for the α range where τ0 underflows a double. */
double   rlx_debye_peak_temperature_ln  (double b,
                                         double ln_tau0,
                                         double t0,
                                         double rate);

/* A(T) of §2.3 (reduced time accumulated from T0), so I(T) = A(T) − A(Ts); Q0 = Q∞·exp(−A(Ts)). */
double   rlx_debye_reduced_time         (double t,
                                         double b,
                                         double tp,
                                         double t0);

/* e^u·E_n(u), n = 1 or 2 (the scaled exponential integrals of §2.3). */
double   rlx_debye_expint_scaled        (int    n,
                                         double u);

gboolean rlx_debye_terms                (double         t,
                                         double         b,
                                         double         tp,
                                         double         t0,
                                         gboolean       with_derivatives,
                                         RlxDebyeTerms *terms);

/*
 * dQ/dT and its gradient with respect to (q_inf, b, tp, t0), in that order, in the Q∞ form (no Ts
 * factor; ts only zeroes T < ts as in rlx_debye_heating_dqdt). grad may be NULL. Returns f.
 */
double   rlx_debye_heating_gradient     (double  t,
                                         double  q_inf,
                                         double  b,
                                         double  tp,
                                         double  t0,
                                         double  ts,
                                         double  grad[4]);

/* rlx_debye_heating_gradient() at n temperatures t[i]: f[i] and, when grad is not NULL, the row
   grad[4·i … 4·i + 3]. The per-curve constants are computed once; this is what the fitter uses.
   Returns FALSE for invalid parameters or a failed special function. */
gboolean rlx_debye_heating_block        (const double *t,
                                         gsize         n,
                                         double        q_inf,
                                         double        b,
                                         double        tp,
                                         double        t0,
                                         double        ts,
                                         double       *f,
                                         double       *grad);

/* The same gradient in the physical parametrisations: Arrhenius (Q∞, E [J/mol], Tp), and VFT
   (Q∞, D, Tp, T0) with B = D·T0 (∂/∂T0 at fixed D). Return f. */
double   rlx_debye_arrhenius_gradient   (double  t,
                                         double  q_inf,
                                         double  e,
                                         double  tp,
                                         double  ts,
                                         double  grad[3]);
double   rlx_debye_vft_gradient         (double  t,
                                         double  q_inf,
                                         double  d,
                                         double  tp,
                                         double  t0,
                                         double  ts,
                                         double  grad[4]);

/* The width relations of a Debye peak on heating (Arrhenius, science.md §2.6), for initial
   guesses, peak metrics and spectrum grids: E from the full width at half maximum, from the
   high- and low-temperature half widths (all in K at the peak temperature tp), and the FWHM
   of a unit of energy e (J/mol). NAN for non-positive input. */
double   rlx_debye_energy_from_fwhm      (double  tp,
                                          double  fwhm);
double   rlx_debye_energy_from_high_half (double  tp,
                                          double  half_width);
double   rlx_debye_energy_from_low_half  (double  tp,
                                          double  half_width);
double   rlx_debye_fwhm                  (double  tp,
                                          double  e);

/* Amplitude recovered above Ts: Q0 = Q∞·exp(−A(Ts)); and d ln Q0 / d(b, tp, t0). */
double   rlx_debye_q0_factor            (double  ts,
                                         double  b,
                                         double  tp,
                                         double  t0,
                                         double  dlog[3]);

G_END_DECLS
