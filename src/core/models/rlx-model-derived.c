/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-models"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-dma.h"
#include "rlx-model.h"
#include "rlx-model-private.h"

#define R RLX_GAS_CONSTANT
#define TAU_DEBYE 1e-13   /* s, the attempt time behind ΔS/R = ln(τ_D/τ0) */

/* σ² = gᵀ C g over the parameters; g is a full-length gradient. */
static double
propagate (const RlxModel *model,
           const double   *grad,
           const double   *cov)
{
  guint np = model->n_params;
  double var = 0.0;

  if (cov == NULL)
    return NAN;
  for (guint i = 0; i < np; i++)
    {
      if (grad[i] == 0.0)
        continue;
      for (guint j = 0; j < np; j++)
        if (grad[j] != 0.0)
          var += grad[i] * cov[i * np + j] * grad[j];
    }
  return var >= 0.0 ? sqrt (var) : NAN;
}

static void
add (GPtrArray      *out,
     const RlxModel *model,
     guint           component,
     const char     *name,
     const char     *unit,
     double          value,
     const double   *grad,
     const double   *cov)
{
  RlxDerived *d = g_new0 (RlxDerived, 1);

  d->name = model->n_components > 1 ? g_strdup_printf ("%s_%u", name, component + 1) : g_strdup (name);
  d->unit = g_strdup (unit);
  d->value = value;
  d->stderr = propagate (model, grad, cov);
  g_ptr_array_add (out, d);
}

/*
 * Debye-type units (Debye, VFT, KWW): everything follows from ln τ0 and τ(Tp) = sp²/(B·Rh).
 * The gradients are written with respect to (B, Tp, T0 at fixed B) and then carried to the fitted
 * (E or D, Tp, T0 at fixed D).
 */
static void
derive_debye (const RlxModel *model,
              guint           j,
              const double   *params,
              const double   *cov,
              GPtrArray      *out)
{
  guint np = model->n_params;
  guint iq = rlx_model_comp_index (model, j, ROLE_AMP);
  guint ie = rlx_model_comp_index (model, j, ROLE_ENERGY);
  guint ip = rlx_model_comp_index (model, j, ROLE_POS);
  int it0 = model->vft ? (int) rlx_model_comp_index (model, j, ROLE_T0) : -1;
  double rate = model->options.heating_rate;
  double q = params[iq], tp = params[ip];
  double t0 = model->vft ? params[it0] : 0.0;
  double b = model->vft ? params[ie] * t0 : params[ie] / R;
  double sp = tp - t0;
  g_autofree double *g = g_new0 (double, np);
  /* d/d(B, Tp, T0|B) of ln τ0 and ln τ(Tp) */
  double dl_tau0[3] = { -1.0 / b - 1.0 / sp, 2.0 / sp + b / (sp * sp), -2.0 / sp - b / (sp * sp) };
  double dl_taup[3] = { -1.0 / b, 2.0 / sp, -2.0 / sp };

  /* fill g (full length) from d/d(B, Tp, T0|B) times a factor */
#define FILL(d3, factor) G_STMT_START {                                   \
    memset (g, 0, sizeof (double) * np);                                 \
    if (model->vft)                                                       \
      {                                                                   \
        g[ie] = (factor) * (d3)[0] * t0;                                  \
        g[it0] = (factor) * ((d3)[2] + params[ie] * (d3)[0]);             \
      }                                                                   \
    else                                                                  \
      g[ie] = (factor) * (d3)[0] / R;                                     \
    g[ip] = (factor) * (d3)[1];                                           \
  } G_STMT_END

  if (!(b > 0.0) || !(sp > 0.0))
    return;

  if (rate > 0.0 && isfinite (rate))
    {
      double ln_tau0 = rlx_debye_ln_tau0 (b, tp, t0, rate);
      double tau0 = exp (ln_tau0);
      double tau_p = sp * sp / (b * rate);
      double f_eq = 1.0 / (2.0 * M_PI * tau_p);

      FILL (dl_tau0, tau0);
      add (out, model, j, "tau0", "s", tau0, g, cov);
      FILL (dl_tau0, 1.0 / G_LN10);
      add (out, model, j, "log10_tau0", "1", ln_tau0 / G_LN10, g, cov);
      FILL (dl_taup, tau_p);
      add (out, model, j, "tau_Tp", "s", tau_p, g, cov);
      FILL (dl_taup, -f_eq);
      add (out, model, j, "f_eq", "Hz", f_eq, g, cov);
      FILL (dl_tau0, -1.0);
      add (out, model, j, "dS_R", "1", log (TAU_DEBYE) - ln_tau0, g, cov);
    }

  if (model->vft)
    {
      /* apparent activation energy at Tp: E_app = R·B·Tp²/sp² */
      double e_app = R * b * tp * tp / (sp * sp);
      double d3[3] = { 1.0 / b, 2.0 / tp - 2.0 / sp, 2.0 / sp };
      FILL (d3, e_app);
      add (out, model, j, "E_app", "J/mol", e_app, g, cov);
    }

  if (isfinite (model->options.scan_start))
    {
      double dlog[3];
      double factor = rlx_debye_q0_factor (model->options.scan_start, b, tp, t0, dlog);

      if (isfinite (factor))
        {
          FILL (dlog, q * factor);
          g[iq] = factor;
          add (out, model, j, "Q0", model->specs[iq].unit, q * factor, g, cov);
        }
    }
#undef FILL
}

typedef double (*DmaQuantity) (const RlxModel *model, const double *cp);

static double
dma_ln_tau0 (const RlxModel *model,
             const double   *cp)
{
  double ln_omega = log (2.0 * M_PI * model->options.frequency);

  if (model->vft)
    return -ln_omega - cp[1] * cp[3] / (cp[2] - cp[3]);
  return -ln_omega - cp[1] / (R * cp[2]);
}

static double
dma_peak (const RlxModel *model,
          const double   *cp)
{
  double a = model->role[ROLE_A] >= 0 ? cp[model->role[ROLE_A]] : 1.0;
  double b = model->role[ROLE_B] >= 0 ? cp[model->role[ROLE_B]] : 1.0;

  if (model->vft)
    return rlx_dma_peak_temperature_vft (cp[1], cp[2], cp[3], a, b);
  return rlx_dma_peak_temperature_arrhenius (cp[1], cp[2], a, b);
}

/* DMA quantities have no tidy closed-form gradients (the HN peak position is implicit in a and
   b): central differences on the component's parameters are accurate enough for σ. */
static void
add_dma (GPtrArray      *out,
         const RlxModel *model,
         guint           j,
         const double   *params,
         const double   *cov,
         const char     *name,
         const char     *unit,
         DmaQuantity     func,
         double          mult)
{
  guint np = model->n_params, first = model->n_head + j * model->n_per_comp;
  g_autofree double *g = g_new0 (double, np);
  g_autofree double *p = g_memdup2 (params, np * sizeof (double));
  double value = mult * func (model, params + first);

  for (guint k = 1; k < model->n_per_comp; k++)
    {
      double h = 1e-6 * MAX (fabs (params[first + k]), 1e-3), hi, lo;
      p[first + k] = params[first + k] + h;
      hi = mult * func (model, p + first);
      p[first + k] = params[first + k] - h;
      lo = mult * func (model, p + first);
      p[first + k] = params[first + k];
      g[first + k] = (hi - lo) / (2.0 * h);
    }
  add (out, model, j, name, unit, value, g, cov);
}

static double
dma_tau0 (const RlxModel *model,
          const double   *cp)
{
  return exp (dma_ln_tau0 (model, cp));
}

GPtrArray *
rlx_model_compute_derived (const RlxModel *model,
                           const double   *params,
                           const double   *covariance)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_derived_free);

  for (guint j = 0; j < model->n_components; j++)
    switch (model->klass->shape)
      {
      case SHAPE_DEBYE_HEATING:
      case SHAPE_KWW_HEATING:
        derive_debye (model, j, params, covariance, out);
        break;
      case SHAPE_DMA_LOSS:
      case SHAPE_DMA_STORAGE:
        add_dma (out, model, j, params, covariance, "tau0", "s", dma_tau0, 1.0);
        add_dma (out, model, j, params, covariance, "log10_tau0", "1", dma_ln_tau0, 1.0 / G_LN10);
        add_dma (out, model, j, params, covariance, "T_peak", "K", dma_peak, 1.0);
        break;
      case SHAPE_CUSTOM:
      default:
        break;
      }
  return out;
}
