/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The model registry. A model is an immutable, reference-counted description of a fit function
 * f(x; p) with named parameters (units, default bounds, which ones enter linearly), an analytic
 * Jacobian, an initial-guess routine from data and derived quantities with propagated σ.
 *
 * Registered ids (see rlx_model_list_ids()):
 *
 *   DSC (x = temperature in K, or time in s with options.x_is_time; y = dQ/dT, or heat flow):
 *     "debye"       one Debye unit, Arrhenius:      Q_inf, E [J/mol], Tp [K]
 *     "debye-vft"   one Debye unit, VFT, B = D·T0:  Q_inf, D [1], Tp [K], T0 [K]
 *     "debye-sum"   n Debye units (Arrhenius) on one baseline: Q_inf_i, E_i, Tp_i, i = 1…n
 *     "kww"         stretched exponential on heating (science.md §2.7): Q_inf, E, Tp, beta
 *                   (Tp is the Debye peak of the same τ(T), i.e. E/(R·Tp²) = 1/(Rh·τ(Tp)))
 *   DMA (x = temperature in K; y = E″ (or E′) in MPa; options.frequency required):
 *     "dma-debye", "dma-cole-cole", "dma-cole-davidson", "dma-hn"
 *                   E″(T) = Σ_j ΔE_j·L(y_j; a_j, b_j), y_j = ln(ωτ_j(T)).
 *                   Per process, Arrhenius: dE [MPa], E [J/mol], T1 [K] (ωτ(T1) = 1), then
 *                   a (Cole–Cole, HN) and b (Cole–Davidson, HN).
 *                   VFT (options.tau_law): dE, D, T1, T0, a, b with τ = τ0·exp(D·T0/(T − T0)).
 *     "dma-storage" E′(T) = Eu − Σ_j ΔE_j·Re[(1 + (iωτ_j)^a_j)^−b_j]: Eu [MPa], then per process
 *                   dE, E, T1, a, b (HN; fix a = b = 1 for Debye) — or D, T0 for VFT.
 *
 * With n_components > 1 every per-component parameter name gets a suffix "_1", "_2", … in order
 * of the components; with one component names carry no suffix.
 *
 * Baseline (options.baseline, any model): c0 + c1·(x − x_ref) + c2·(x − x_ref)², with the
 * parameters "c0" [y], "c1" [y/K], "c2" [y/K²] as far as the order asks, and "x_ref", a
 * constant (unit of x) that rlx_model_guess() sets to the middle of the data and the fitter
 * never varies.
 *
 * Signal units: DSC models compute dQ/dT. With options.signal_per_time the model returns
 * Rh·dQ/dT (heat flow), so y in W/g gives Q_inf in J/g and y in mW gives Q_inf in mJ. With
 * options.x_is_time, x is the time in s and T = options.time_zero_temperature + Rh·t.
 */

typedef enum
{
  RLX_MODEL_KIND_DSC,
  RLX_MODEL_KIND_DMA,
  RLX_MODEL_KIND_CUSTOM,
} RlxModelKind;

typedef enum
{
  RLX_TAU_LAW_ARRHENIUS,
  RLX_TAU_LAW_VFT,
} RlxTauLaw;

/* The value is the number of baseline coefficients. */
typedef enum
{
  RLX_BASELINE_NONE = 0,
  RLX_BASELINE_CONSTANT = 1,
  RLX_BASELINE_LINEAR = 2,
  RLX_BASELINE_QUADRATIC = 3,
} RlxBaseline;

typedef struct
{
  guint        n_components;           /* Debye units or DMA processes; 0 is taken as 1 */
  RlxBaseline  baseline;
  RlxTauLaw    tau_law;                /* DMA models only; "debye"/"debye-vft" decide by id */
  double       heating_rate;           /* K/s; derived τ0, τ(Tp), f_eq; time mapping; NAN unknown */
  double       scan_start;             /* Ts in K, for the derived Q0; NAN when not known */
  double       frequency;              /* Hz; DMA models */
  gboolean     signal_per_time;        /* y is heat flow Rh·dQ/dT (needs heating_rate) */
  gboolean     x_is_time;              /* x is time in s (needs heating_rate) */
  double       time_zero_temperature;  /* K at x = 0 when x_is_time */
  const char  *y_unit;                 /* unit of y, e.g. "W/g", "mW", "J/(g·K)", "MPa"; may be NULL */
} RlxModelOptions;

typedef struct
{
  const char *name;      /* e.g. "E_2" */
  const char *label;     /* for people, e.g. "E₂" */
  const char *unit;      /* SI-canonical, e.g. "J/mol", "K", "J/g", "1" */
  double      lower;     /* default bounds; -INFINITY / INFINITY when none */
  double      upper;
  gboolean    linear;    /* enters f linearly (amplitude or baseline coefficient) */
  gboolean    baseline;  /* a baseline coefficient (or x_ref) */
  gboolean    constant;  /* never varied by the fitter (x_ref) */
  int         component; /* 1-based component it belongs to; 0 for baseline / global */
  double      limit;     /* a bound at which the model becomes a simpler one (β = 1 of "kww" is
                            the Debye unit), which the fitter tests as such; NAN when none */
} RlxParamSpec;

typedef struct
{
  char   *name;
  char   *unit;
  double  value;
  double  stderr;        /* NAN when no covariance was given */
} RlxDerived;

typedef struct _RlxModel RlxModel;

/* Custom models (used for reference problems, tests and plug-ins): f and optionally the
   row-major n × n_params Jacobian. Return FALSE when the parameters are invalid. */
typedef gboolean (*RlxModelEvalFunc) (const double *params,
                                      const double *x,
                                      gsize         n,
                                      double       *f,
                                      double       *jacobian,
                                      gpointer      user_data);

#define RLX_MODEL_ERROR (rlx_model_error_quark ())

typedef enum
{
  RLX_MODEL_ERROR_UNKNOWN_MODEL,
  RLX_MODEL_ERROR_INVALID_OPTIONS,
  RLX_MODEL_ERROR_INVALID_DATA,
} RlxModelError;

GQuark               rlx_model_error_quark        (void);

void                 rlx_model_options_init       (RlxModelOptions       *options);

const char * const  *rlx_model_list_ids           (void);
const char          *rlx_model_id_get_label       (const char            *id);
const char          *rlx_model_id_get_description (const char            *id);
gboolean             rlx_model_id_is_dma          (const char            *id);

RlxModel            *rlx_model_new                (const char            *id,
                                                   const RlxModelOptions *options,
                                                   GError               **error);
RlxModel            *rlx_model_new_custom         (const char            *id,
                                                   guint                  n_params,
                                                   const char * const    *names,
                                                   RlxModelEvalFunc       eval,
                                                   gpointer               user_data,
                                                   GDestroyNotify         destroy);
RlxModel            *rlx_model_ref                (RlxModel              *model);
void                 rlx_model_unref              (RlxModel              *model);

const char          *rlx_model_get_id             (const RlxModel        *model);
RlxModelKind         rlx_model_get_kind           (const RlxModel        *model);
const RlxModelOptions *rlx_model_get_options      (const RlxModel        *model);
guint                rlx_model_get_n_components   (const RlxModel        *model);
guint                rlx_model_get_n_params       (const RlxModel        *model);
const RlxParamSpec  *rlx_model_get_param          (const RlxModel        *model,
                                                   guint                  index);
int                  rlx_model_find_param         (const RlxModel        *model,
                                                   const char            *name);
const char          *rlx_model_get_x_unit         (const RlxModel        *model);
const char          *rlx_model_get_y_unit         (const RlxModel        *model);

/* f(x) for n abscissae; jacobian (nullable) is row-major n × n_params, ∂f_i/∂p_j. */
gboolean             rlx_model_evaluate           (const RlxModel        *model,
                                                   const double          *params,
                                                   const double          *x,
                                                   gsize                  n,
                                                   double                *f,
                                                   double                *jacobian);

/* One component (1-based) alone, without baseline; component 0 is the baseline alone. */
gboolean             rlx_model_evaluate_component (const RlxModel        *model,
                                                   const double          *params,
                                                   guint                  component,
                                                   const double          *x,
                                                   gsize                  n,
                                                   double                *f);

/* Initial parameters from data (peak position, width formulas of science.md §2.6, area). */
gboolean             rlx_model_guess              (const RlxModel        *model,
                                                   const double          *x,
                                                   const double          *y,
                                                   gsize                  n,
                                                   double                *params,
                                                   GError               **error);

/* Derived quantities (RlxDerived*, owned by the array) with σ propagated from covariance
   (row-major n_params × n_params on the parameters' scale; nullable → σ = NAN). */
GPtrArray           *rlx_model_compute_derived    (const RlxModel        *model,
                                                   const double          *params,
                                                   const double          *covariance);

void                 rlx_derived_free             (RlxDerived            *derived);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxModel, rlx_model_unref)

G_END_DECLS
