/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rlx-run-data.h"

G_BEGIN_DECLS

/* Synthetic Flash DSC heating scans for the signal tests: hold, linear ramp, hold, sampled at
   1/dt; the heat flow (mW) is mass_mg × rate × q(T) with q in J/(g·K), plus Gaussian noise of
   noise_q (J/(g·K)) from a fixed seed. */
typedef double (*SynthFunc) (double t, gpointer data);

typedef struct
{
  double     rate;      /* K/s */
  double     t_start;   /* K */
  double     t_end;     /* K */
  double     dt;        /* s */
  double     hold;      /* s at each end */
  double     mass_mg;
  double     noise_q;   /* J/(g·K) */
  double     sensor_shift; /* K added to the recorded sample temperature during the ramp */
  guint32    seed;
  SynthFunc  q;
  gpointer   q_data;
  RlxRunRole role;
} SynthScan;

void        synth_scan_init (SynthScan       *scan);
RlxRunData *synth_scan_make (const SynthScan *scan);

/* A Debye unit (Arrhenius, Q∞ form) in J/(g·K). */
typedef struct
{
  double q_inf;
  double e;      /* J/mol */
  double tp;     /* K */
} SynthDebye;

double      synth_debye     (double t, const SynthDebye *unit);
/* ∫ of the unit over [lo, hi] by Simpson's rule on 0.01 K. */
double      synth_debye_area (const SynthDebye *unit, double lo, double hi);

G_END_DECLS
