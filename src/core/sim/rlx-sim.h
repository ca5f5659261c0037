/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rlx-run-data.h"

G_BEGIN_DECLS

/*
 * The thermal-protocol simulator (science.md §5). A glass is an α process (TNM or AGV with a
 * KWW memory function expanded in Prony modes, each mode carrying its own fictive temperature
 * and advanced with the exact linear-ramp update of §5.2) plus a set of independent fast Debye
 * units (§5.5). Each Debye unit j is a linear relaxing degree of freedom with Arrhenius
 * τ_j(T) = τ0_j·exp(E_j/(R·T)) and a strength c_j in J/(g·K): its excess enthalpy relaxes
 * towards c_j·T, so a unit held at Ta for ta loses the fraction p_j = 1 − exp(−ta/τ_j(Ta)) of
 * the excess it froze in on cooling, and on heating the annealed-minus-reference difference it
 * leaves is exactly the Debye kernel of §2.3 with the start temperature of the scan as Ts.
 *
 * Units: T in K, t in s, rates in K/s (signed inside a step: negative for cooling), energies in
 * J/mol, heat capacities in J/(g·K), heat flow in mW (or W/g without a mass).
 */

#define RLX_SIM_ERROR (rlx_sim_error_quark ())

typedef enum
{
  RLX_SIM_ERROR_INVALID,   /* a parameter or protocol step makes no sense */
  RLX_SIM_ERROR_PARSE,     /* the protocol JSON could not be read */
  RLX_SIM_ERROR_IO,        /* a file could not be written */
} RlxSimError;

typedef enum
{
  RLX_SIM_ALPHA_NONE = 0,
  RLX_SIM_ALPHA_TNM,
  RLX_SIM_ALPHA_AGV,
} RlxSimAlphaModel;

/* The α process: τ(T, Tf) of §5.1 and its KWW stretching. */
typedef struct
{
  RlxSimAlphaModel model;
  double           x;          /* TNM nonlinearity, 0 < x ≤ 1 */
  double           dh_over_r;  /* TNM Δh/R (K) */
  double           ln_a;       /* ln A, A in s (TNM and AGV) */
  double           agv_b;      /* AGV B (K) */
  double           agv_t2;     /* AGV T2 (K) */
  double           beta;       /* KWW β: 0.5 (18 Prony modes of §4) or 1 (one mode) */
  double           delta_cp;   /* ΔCp at Tg, J/(g·K) */
} RlxSimAlpha;

/* One fast Debye unit. */
typedef struct
{
  double strength;  /* c_j, J/(g·K): the unit's share of the liquid-minus-glass Cp */
  double e;         /* activation energy, J/mol */
  double ln_tau0;   /* ln τ0, τ0 in s */
} RlxSimUnit;

typedef struct
{
  char        *name;
  RlxSimAlpha  alpha;
  GArray      *units;        /* RlxSimUnit */
  double       cp_glass;     /* vibrational Cp at 300 K, J/(g·K) */
  double       cp_glass_slope; /* dCp_g/dT, J/(g·K²) */
} RlxSimMaterial;

typedef enum
{
  RLX_SIM_STEP_EQUILIBRATE,  /* jump to temperature and be in equilibrium there */
  RLX_SIM_STEP_RAMP,         /* go linearly to temperature at |rate| (cool or heat) */
  RLX_SIM_STEP_HOLD,         /* stay at the current temperature for duration */
} RlxSimStepKind;

typedef struct
{
  RlxSimStepKind kind;
  double         temperature;  /* K: target (equilibrate, ramp); ignored by hold */
  double         rate;         /* K/s, > 0 (ramp) */
  double         duration;     /* s (hold) */
  gboolean       record;       /* write this ramp out as the scan */
  gboolean       anneal;       /* a hold that is part of the annealing (left out of the
                                  reference); other holds (settling) stay in the reference */
} RlxSimStep;

/* Instrument: what turns the sample's enthalpy into a recorded curve. */
typedef struct
{
  double   mass_ng;          /* sample mass in ng; ≤ 0 or NAN writes W/g instead of mW */
  double   noise_mw;         /* σ of white Gaussian noise on the heat flow (mW, or W/g) */
  double   lag_s;            /* first-order thermal lag of the sample, s (0 = none) */
  double   baseline[3];      /* addenda heat capacity c0 + c1·(T−300) + c2·(T−300)², mJ/K */
  double   sample_interval;  /* s between recorded points */
  double   max_step_k;       /* largest temperature step of the integrator, K */
} RlxSimInstrument;

typedef struct
{
  GArray           *steps;   /* RlxSimStep */
  RlxSimInstrument  instrument;
} RlxSimProtocol;

/* One recorded heating scan. */
typedef struct
{
  gsize    n;
  double  *time;          /* s from the start of the recorded step */
  double  *t_program;     /* K */
  double  *t_sample;      /* K */
  double  *heat_flow;     /* mW (or W/g when no mass) */
  double  *tf_alpha;      /* K, fictive temperature of the α process (NAN without α) */
  gboolean per_gram;      /* heat_flow is W/g */
  double   tf_alpha_start;  /* Tf of the α process when the recorded step begins */
  double   t_start;         /* sample temperature when the recorded step begins */
  double   rate;            /* K/s of the recorded step */
  double  *unit_excess;     /* per unit: c_j·(Tf_j − T) at the start of the record, J/g */
  guint    n_units;
} RlxSimScan;

GQuark          rlx_sim_error_quark         (void);

/* Materials */
RlxSimMaterial *rlx_sim_material_new        (void);
RlxSimMaterial *rlx_sim_material_copy       (const RlxSimMaterial *material);
void            rlx_sim_material_free       (RlxSimMaterial *material);
void            rlx_sim_material_add_unit   (RlxSimMaterial *material,
                                             double          strength,
                                             double          e,
                                             double          ln_tau0);
/* Parameter set P1 (TNM) or P2 (AGV) of science.md §5.3, without Debye units. */
RlxSimMaterial *rlx_sim_material_new_p1     (void);
RlxSimMaterial *rlx_sim_material_new_p2     (void);
gboolean        rlx_sim_material_validate   (const RlxSimMaterial *material,
                                             GError        **error);

/* The compensation law of the demo glass between a unit's E and τ0 (Meyer–Neldel form
   ln τ0 = ln τ_D − ΔS(E)/R with ΔS/R linear in E, calibrated on science.md §7.1). */
double          rlx_sim_compensation_ln_tau0 (double e);

/* Protocols */
RlxSimProtocol *rlx_sim_protocol_new        (void);
RlxSimProtocol *rlx_sim_protocol_copy       (const RlxSimProtocol *protocol);
void            rlx_sim_protocol_free       (RlxSimProtocol *protocol);
void            rlx_sim_protocol_add_equilibrate (RlxSimProtocol *protocol,
                                             double          temperature);
void            rlx_sim_protocol_add_ramp   (RlxSimProtocol *protocol,
                                             double          temperature,
                                             double          rate,
                                             gboolean        record);
void            rlx_sim_protocol_add_hold   (RlxSimProtocol *protocol,
                                             double          duration,
                                             gboolean        anneal);
/* The same protocol without its annealing holds: the as-cooled reference. */
RlxSimProtocol *rlx_sim_protocol_dup_reference (const RlxSimProtocol *protocol);
/* The (Ta, ta) of every annealing hold, in order (RlxAnnealStep). */
GArray         *rlx_sim_protocol_dup_anneal_steps (const RlxSimProtocol *protocol);

/* Runs the protocol; noise is drawn from rng (a gsl_rng *, may be NULL for no noise). */
RlxSimScan     *rlx_sim_run                 (const RlxSimMaterial *material,
                                             const RlxSimProtocol *protocol,
                                             void           *rng,
                                             GError        **error);
void            rlx_sim_scan_free           (RlxSimScan     *scan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxSimMaterial, rlx_sim_material_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxSimProtocol, rlx_sim_protocol_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxSimScan, rlx_sim_scan_free)

G_END_DECLS
