/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Stretched exponential (KWW) on a linear heating scan, science.md §2.7:
 * Q(T) = Q∞·[1 − exp(−ξ^β)] with ξ = A(T), the Debye reduced time of the same τ(T); tp is the
 * Debye peak temperature of that τ(T) (not the KWW maximum, which lies slightly lower).
 */

/* dQ/dT and its gradient with respect to (q_inf, b, tp, t0, beta); grad may be NULL. */
double rlx_kww_heating_dqdt (double t,
                             double q_inf,
                             double b,
                             double tp,
                             double t0,
                             double beta,
                             double grad[5]);

G_END_DECLS
