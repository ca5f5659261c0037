/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-sim"

#include "config.h"

#include "rlx-sim.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rlx-core.h"

G_DEFINE_QUARK (rlx-sim-error-quark, rlx_sim_error)

/* Prony expansion of exp(−x^0.5) (science.md §4): relative times s_i and weights w_i. */
static const double prony_half_s[] = {
  1.000000e-05, 1.105295e-04, 2.462092e-04, 5.484417e-04, 1.221677e-03, 2.721339e-03,
  6.061899e-03, 1.350314e-02, 3.007883e-02, 6.700188e-02, 1.492496e-01, 3.324598e-01,
  7.405685e-01, 1.649648e+00, 3.674662e+00, 8.185467e+00, 1.823348e+01, 1.000000e+03,
};
static const double prony_half_w[] = {
  3.87102339e-03, 3.20061810e-03, 4.50944219e-03, 3.48636680e-03, 9.68503002e-03,
  1.03234553e-02, 1.86529780e-02, 2.53737469e-02, 3.94648955e-02, 5.70812659e-02,
  8.44244014e-02, 1.19586872e-01, 1.61851345e-01, 1.91804914e-01, 1.73176212e-01,
  8.31601075e-02, 1.03471005e-02, 2.06695602e-07,
};
#define N_PRONY_HALF G_N_ELEMENTS (prony_half_s)

/* Isotherms: log-spaced steps from 1e-7 s, 40 per decade (§5.2). */
#define HOLD_FIRST_STEP 1e-7
#define HOLD_STEPS_PER_DECADE 40.0

/* ---- materials ------------------------------------------------------------------------- */

RlxSimMaterial *
rlx_sim_material_new (void)
{
  RlxSimMaterial *material = g_new0 (RlxSimMaterial, 1);

  material->alpha.model = RLX_SIM_ALPHA_NONE;
  material->alpha.beta = 0.5;
  material->units = g_array_new (FALSE, TRUE, sizeof (RlxSimUnit));
  material->cp_glass = 0.20;
  return material;
}

RlxSimMaterial *
rlx_sim_material_copy (const RlxSimMaterial *material)
{
  RlxSimMaterial *copy = g_new0 (RlxSimMaterial, 1);

  *copy = *material;
  copy->name = g_strdup (material->name);
  copy->units = g_array_copy (material->units);
  return copy;
}

void
rlx_sim_material_free (RlxSimMaterial *material)
{
  if (material == NULL)
    return;
  g_free (material->name);
  g_array_unref (material->units);
  g_free (material);
}

void
rlx_sim_material_add_unit (RlxSimMaterial *material,
                           double          strength,
                           double          e,
                           double          ln_tau0)
{
  RlxSimUnit unit = { strength, e, ln_tau0 };

  g_array_append_val (material->units, unit);
}

RlxSimMaterial *
rlx_sim_material_new_p1 (void)
{
  RlxSimMaterial *material = rlx_sim_material_new ();

  material->name = g_strdup ("P1 (TNM)");
  material->alpha.model = RLX_SIM_ALPHA_TNM;
  material->alpha.x = 0.45;
  /* Δh = m·R·Tg·ln 10 with m = 50, Tg = 401 K; τ_eq(Tg) = 100 s. */
  material->alpha.dh_over_r = 50.0 * 401.0 * G_LN10;
  material->alpha.ln_a = log (100.0) - material->alpha.dh_over_r / 401.0;
  material->alpha.beta = 0.5;
  material->alpha.delta_cp = 0.12;
  return material;
}

RlxSimMaterial *
rlx_sim_material_new_p2 (void)
{
  RlxSimMaterial *material = rlx_sim_material_new ();

  material->name = g_strdup ("P2 (AGV)");
  material->alpha.model = RLX_SIM_ALPHA_AGV;
  material->alpha.agv_t2 = 311.0;
  material->alpha.agv_b = 9.8 * 311.0;
  /* τ(401 K) = 100 s in equilibrium. */
  material->alpha.ln_a = log (100.0) - material->alpha.agv_b / (401.0 - 311.0);
  material->alpha.beta = 0.5;
  material->alpha.delta_cp = 0.12;
  return material;
}

double
rlx_sim_compensation_ln_tau0 (double e)
{
  /* ΔS/R = −18.136 + 0.28007·E[kJ/mol], least squares over the units of §7.1 (τ_D = 1e-13 s):
     Tp(1000 K/s) ≈ 267 K at 44 kJ/mol, 342 K at 100 kJ/mol, 406 K at 380 kJ/mol. */
  double ds_over_r = -18.136 + 0.28007 * e / 1000.0;

  return log (1e-13) - ds_over_r;
}

gboolean
rlx_sim_material_validate (const RlxSimMaterial *material,
                           GError              **error)
{
  const RlxSimAlpha *alpha = &material->alpha;

  if (!(isfinite (material->cp_glass) && material->cp_glass >= 0.0)
      || !isfinite (material->cp_glass_slope))
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                   "The glass heat capacity must be a finite, non-negative number of J/(g·K)");
      return FALSE;
    }
  if (alpha->model != RLX_SIM_ALPHA_NONE)
    {
      if (alpha->beta != 0.5 && alpha->beta != 1.0)
        {
          g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                       "KWW β = %g has no Prony expansion in the simulator: use 0.5 or 1",
                       alpha->beta);
          return FALSE;
        }
      if (!(isfinite (alpha->delta_cp) && alpha->delta_cp >= 0.0) || !isfinite (alpha->ln_a))
        {
          g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                       "The α process needs a finite ln A and a non-negative ΔCp");
          return FALSE;
        }
      if (alpha->model == RLX_SIM_ALPHA_TNM
          && !(alpha->x > 0.0 && alpha->x <= 1.0 && alpha->dh_over_r > 0.0))
        {
          g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                       "TNM needs 0 < x ≤ 1 and Δh/R > 0 (got x = %g, Δh/R = %g K)",
                       alpha->x, alpha->dh_over_r);
          return FALSE;
        }
      if (alpha->model == RLX_SIM_ALPHA_AGV
          && !(alpha->agv_b > 0.0 && alpha->agv_t2 >= 0.0))
        {
          g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                       "AGV needs B > 0 and T2 ≥ 0 (got B = %g K, T2 = %g K)",
                       alpha->agv_b, alpha->agv_t2);
          return FALSE;
        }
    }
  for (guint j = 0; j < material->units->len; j++)
    {
      const RlxSimUnit *unit = &g_array_index (material->units, RlxSimUnit, j);

      if (!(unit->strength >= 0.0 && unit->e > 0.0 && isfinite (unit->e)
            && isfinite (unit->ln_tau0)))
        {
          g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                       "Debye unit %u needs strength ≥ 0, E > 0 and a finite ln τ0", j + 1);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- protocols ------------------------------------------------------------------------- */

RlxSimProtocol *
rlx_sim_protocol_new (void)
{
  RlxSimProtocol *protocol = g_new0 (RlxSimProtocol, 1);

  protocol->steps = g_array_new (FALSE, TRUE, sizeof (RlxSimStep));
  protocol->instrument.mass_ng = NAN;
  protocol->instrument.sample_interval = 1e-4;
  protocol->instrument.max_step_k = 0.02;
  return protocol;
}

RlxSimProtocol *
rlx_sim_protocol_copy (const RlxSimProtocol *protocol)
{
  RlxSimProtocol *copy = g_new0 (RlxSimProtocol, 1);

  *copy = *protocol;
  copy->steps = g_array_copy (protocol->steps);
  return copy;
}

void
rlx_sim_protocol_free (RlxSimProtocol *protocol)
{
  if (protocol == NULL)
    return;
  g_array_unref (protocol->steps);
  g_free (protocol);
}

void
rlx_sim_protocol_add_equilibrate (RlxSimProtocol *protocol,
                                  double          temperature)
{
  RlxSimStep step = { RLX_SIM_STEP_EQUILIBRATE, temperature, 0.0, 0.0, FALSE, FALSE };

  g_array_append_val (protocol->steps, step);
}

void
rlx_sim_protocol_add_ramp (RlxSimProtocol *protocol,
                           double          temperature,
                           double          rate,
                           gboolean        record)
{
  RlxSimStep step = { RLX_SIM_STEP_RAMP, temperature, fabs (rate), 0.0, record, FALSE };

  g_array_append_val (protocol->steps, step);
}

void
rlx_sim_protocol_add_hold (RlxSimProtocol *protocol,
                           double          duration,
                           gboolean        anneal)
{
  RlxSimStep step = { RLX_SIM_STEP_HOLD, NAN, 0.0, duration, FALSE, anneal };

  g_array_append_val (protocol->steps, step);
}

RlxSimProtocol *
rlx_sim_protocol_dup_reference (const RlxSimProtocol *protocol)
{
  RlxSimProtocol *reference = rlx_sim_protocol_copy (protocol);

  for (guint i = reference->steps->len; i > 0; i--)
    if (g_array_index (reference->steps, RlxSimStep, i - 1).kind == RLX_SIM_STEP_HOLD
        && g_array_index (reference->steps, RlxSimStep, i - 1).anneal)
      g_array_remove_index (reference->steps, i - 1);
  return reference;
}

GArray *
rlx_sim_protocol_dup_anneal_steps (const RlxSimProtocol *protocol)
{
  GArray *steps = g_array_new (FALSE, TRUE, sizeof (RlxAnnealStep));
  double current = NAN;

  for (guint i = 0; i < protocol->steps->len; i++)
    {
      const RlxSimStep *step = &g_array_index (protocol->steps, RlxSimStep, i);

      if (step->kind == RLX_SIM_STEP_HOLD)
        {
          RlxAnnealStep anneal = { current, step->duration };

          if (step->anneal && step->duration > 0.0)
            g_array_append_val (steps, anneal);
        }
      else
        current = step->temperature;
    }
  return steps;
}

static gboolean
validate_protocol (const RlxSimProtocol *protocol,
                   GError              **error)
{
  const RlxSimInstrument *inst = &protocol->instrument;
  guint n_record = 0;

  if (protocol->steps->len == 0
      || g_array_index (protocol->steps, RlxSimStep, 0).kind != RLX_SIM_STEP_EQUILIBRATE)
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                   "A protocol must start with an \"equilibrate\" step that sets the temperature");
      return FALSE;
    }
  for (guint i = 0; i < protocol->steps->len; i++)
    {
      const RlxSimStep *step = &g_array_index (protocol->steps, RlxSimStep, i);

      switch (step->kind)
        {
        case RLX_SIM_STEP_EQUILIBRATE:
        case RLX_SIM_STEP_RAMP:
          if (!(isfinite (step->temperature) && step->temperature > 0.0))
            {
              g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                           "Step %u: the temperature must be a positive number of kelvin", i + 1);
              return FALSE;
            }
          if (step->kind == RLX_SIM_STEP_RAMP && !(isfinite (step->rate) && step->rate > 0.0))
            {
              g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                           "Step %u: a ramp needs a rate above 0 K/s", i + 1);
              return FALSE;
            }
          break;
        case RLX_SIM_STEP_HOLD:
          if (!(isfinite (step->duration) && step->duration >= 0.0 && step->duration <= 1e9))
            {
              g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                           "Step %u: a hold needs a duration between 0 and 1e9 s", i + 1);
              return FALSE;
            }
          break;
        default:
          g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                       "Step %u has an unknown kind", i + 1);
          return FALSE;
        }
      if (step->record)
        n_record++;
    }
  if (n_record != 1)
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                   "A protocol must record exactly one ramp (it has %u)", n_record);
      return FALSE;
    }
  if (!(inst->sample_interval > 0.0 && inst->max_step_k > 0.0 && inst->max_step_k <= 5.0)
      || !(isfinite (inst->lag_s) && inst->lag_s >= 0.0)
      || !(isfinite (inst->noise_mw) && inst->noise_mw >= 0.0))
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                   "The instrument needs a sampling interval > 0, an integrator step in "
                   "(0, 5] K, and a non-negative lag and noise");
      return FALSE;
    }
  return TRUE;
}

/* ---- the integrator -------------------------------------------------------------------- */

typedef struct
{
  const RlxSimMaterial   *material;
  const RlxSimInstrument *inst;
  guint    n_modes;
  double   mode_s[N_PRONY_HALF];
  double   mode_w[N_PRONY_HALF];
  double   tf[N_PRONY_HALF];
  guint    n_units;
  double  *unit_tf;
  double   t_program;
  double   t_sample;
  double   enthalpy;     /* J/g, up to a constant */
  double   addenda;      /* mJ, up to a constant */
} State;

static double
alpha_tf (const State *state)
{
  double tf = 0.0;

  for (guint i = 0; i < state->n_modes; i++)
    tf += state->mode_w[i] * state->tf[i];
  return tf;
}

static double
alpha_ln_tau (const RlxSimAlpha *alpha,
              double             t,
              double             tf)
{
  if (alpha->model == RLX_SIM_ALPHA_TNM)
    return alpha->ln_a + alpha->x * alpha->dh_over_r / t
           + (1.0 - alpha->x) * alpha->dh_over_r / tf;

  /* AGV: below T2 the configurational entropy vanishes and τ is infinite. */
  if (tf <= alpha->agv_t2 * (1.0 + 1e-9))
    return INFINITY;
  return alpha->ln_a + alpha->agv_b / (t * (1.0 - alpha->agv_t2 / tf));
}

/* The exact update of one mode over a linear ramp t0 → t1 with a frozen relaxation time. */
static inline double
mode_update (double tf,
             double t0,
             double t1,
             double z)
{
  double decay, phi1;

  if (z < 1e-8)
    {
      decay = 1.0 - z;
      phi1 = 1.0 - 0.5 * z;
    }
  else
    {
      decay = exp (-z);
      phi1 = -expm1 (-z) / z;
    }
  return t1 + (tf - t0) * decay - (t1 - t0) * phi1;
}

static void
advance_alpha (State  *state,
               double  t0,
               double  t1,
               double  dt)
{
  const RlxSimAlpha *alpha = &state->material->alpha;
  double pred[N_PRONY_HALF];
  double t_mid = 0.5 * (t0 + t1);
  double tf_n, tf_pred, ln_tau, inv_tau;

  if (state->n_modes == 0)
    return;

  tf_n = alpha_tf (state);
  ln_tau = alpha_ln_tau (alpha, t_mid, tf_n);
  inv_tau = isfinite (ln_tau) ? exp (-ln_tau) : 0.0;
  tf_pred = 0.0;
  for (guint i = 0; i < state->n_modes; i++)
    {
      pred[i] = mode_update (state->tf[i], t0, t1, dt * inv_tau / state->mode_s[i]);
      tf_pred += state->mode_w[i] * pred[i];
    }

  ln_tau = alpha_ln_tau (alpha, t_mid, 0.5 * (tf_n + tf_pred));
  inv_tau = isfinite (ln_tau) ? exp (-ln_tau) : 0.0;
  for (guint i = 0; i < state->n_modes; i++)
    state->tf[i] = mode_update (state->tf[i], t0, t1, dt * inv_tau / state->mode_s[i]);
}

static void
advance_units (State  *state,
               double  t0,
               double  t1,
               double  dt)
{
  double inv_rt = 1.0 / (RLX_GAS_CONSTANT * 0.5 * (t0 + t1));

  for (guint j = 0; j < state->n_units; j++)
    {
      const RlxSimUnit *unit = &g_array_index (state->material->units, RlxSimUnit, j);
      double ln_z = log (dt) - unit->ln_tau0 - unit->e * inv_rt;

      /* Beyond e^±40 the unit is frozen or fully equilibrated within the step. */
      if (ln_z >= -40.0)
        state->unit_tf[j] = mode_update (state->unit_tf[j], t0, t1, ln_z > 40.0 ? 1e17 : exp (ln_z));
    }
}

static double
total_configurational_enthalpy (const State *state)
{
  double h = 0.0;

  if (state->n_modes > 0)
    h += state->material->alpha.delta_cp * alpha_tf (state);
  for (guint j = 0; j < state->n_units; j++)
    h += g_array_index (state->material->units, RlxSimUnit, j).strength * state->unit_tf[j];
  return h;
}

static double
vibrational_enthalpy (const RlxSimMaterial *material,
                      double                t)
{
  double d = t - 300.0;

  return material->cp_glass * d + 0.5 * material->cp_glass_slope * d * d;
}

static double
addenda_enthalpy (const RlxSimInstrument *inst,
                  double                  t)
{
  double d = t - 300.0;

  return inst->baseline[0] * d + 0.5 * inst->baseline[1] * d * d
         + inst->baseline[2] * d * d * d / 3.0;
}

/* One integrator step: the program moves linearly by rate·dt, the sample follows with the lag. */
static void
step_state (State  *state,
            double  rate,
            double  dt)
{
  double lag = state->inst->lag_s;
  double t_prog1 = state->t_program + rate * dt;
  double ts0 = state->t_sample;
  double ts1;

  if (lag > 0.0)
    {
      double e0 = state->t_sample - state->t_program;
      double decay = exp (-dt / lag);

      ts1 = t_prog1 + e0 * decay - rate * lag * (1.0 - decay);
    }
  else
    ts1 = t_prog1;

  advance_alpha (state, ts0, ts1, dt);
  advance_units (state, ts0, ts1, dt);
  state->t_program = t_prog1;
  state->t_sample = ts1;
}

static void
equilibrate (State  *state,
             double  t)
{
  state->t_program = t;
  state->t_sample = t;
  for (guint i = 0; i < state->n_modes; i++)
    state->tf[i] = t;
  for (guint j = 0; j < state->n_units; j++)
    state->unit_tf[j] = t;
}

/* Total measured enthalpy: sample (J/g, times mass in mg gives mJ) plus addenda (mJ). */
static double
measured_enthalpy (const State *state,
                   double       mass_mg)
{
  double h_sample = vibrational_enthalpy (state->material, state->t_sample)
                    + total_configurational_enthalpy (state);

  if (mass_mg > 0.0)
    return h_sample * mass_mg + addenda_enthalpy (state->inst, state->t_sample);
  return h_sample + addenda_enthalpy (state->inst, state->t_sample);
}

static void
run_ramp (State  *state,
          double  target,
          double  rate_abs)
{
  double span = target - state->t_program;
  double rate = span >= 0.0 ? rate_abs : -rate_abs;
  guint n = (guint) ceil (fabs (span) / state->inst->max_step_k);

  if (n == 0)
    return;
  for (guint k = 0; k < n; k++)
    step_state (state, rate, span / n / rate);
  state->t_program = target;
}

static void
run_hold (State  *state,
          double  duration)
{
  double t = 0.0;
  double k = 0.0;

  while (t < duration)
    {
      double next = HOLD_FIRST_STEP * pow (10.0, k / HOLD_STEPS_PER_DECADE);

      if (next > duration || duration - next < 1e-3 * (next - t))
        next = duration;
      step_state (state, 0.0, next - t);
      t = next;
      k += 1.0;
    }
}

static RlxSimScan *
record_ramp (State   *state,
             double   target,
             double   rate_abs,
             gsl_rng *rng)
{
  const RlxSimInstrument *inst = state->inst;
  g_autoptr (RlxSimScan) scan = g_new0 (RlxSimScan, 1);
  double mass_mg = inst->mass_ng > 0.0 ? inst->mass_ng * 1e-6 : 0.0;
  double span = target - state->t_program;
  double rate = span >= 0.0 ? rate_abs : -rate_abs;
  double duration = fabs (span) / rate_abs;
  double interval = inst->sample_interval;
  gsize n_points = (gsize) floor (duration / interval * (1.0 + 1e-12)) + 1;
  guint sub = (guint) ceil (interval * rate_abs / inst->max_step_k * (1.0 - 1e-12));
  double dt = interval / MAX (sub, 1);
  double h_prev, flow_before = NAN;

  sub = MAX (sub, 1);
  if (n_points < 2)
    return NULL;

  scan->n = n_points;
  scan->time = g_new (double, n_points);
  scan->t_program = g_new (double, n_points);
  scan->t_sample = g_new (double, n_points);
  scan->heat_flow = g_new (double, n_points);
  scan->tf_alpha = g_new (double, n_points);
  scan->per_gram = !(mass_mg > 0.0);
  scan->tf_alpha_start = state->n_modes > 0 ? alpha_tf (state) : NAN;
  scan->t_start = state->t_sample;
  scan->rate = rate;
  scan->n_units = state->n_units;
  scan->unit_excess = g_new0 (double, MAX (state->n_units, 1));
  for (guint j = 0; j < state->n_units; j++)
    scan->unit_excess[j] = g_array_index (state->material->units, RlxSimUnit, j).strength
                           * (state->unit_tf[j] - state->t_sample);

  h_prev = measured_enthalpy (state, mass_mg);
  for (gsize p = 0; p < n_points; p++)
    {
      double flow_after;

      scan->time[p] = p * interval;
      scan->t_program[p] = state->t_program;
      scan->t_sample[p] = state->t_sample;
      scan->tf_alpha[p] = state->n_modes > 0 ? alpha_tf (state) : NAN;

      /* The flow at a point is the mean of the steps on either side of it. */
      if (p + 1 < n_points)
        {
          double h = 0.0;

          for (guint k = 0; k < sub; k++)
            step_state (state, rate, dt);
          h = measured_enthalpy (state, mass_mg);
          flow_after = (h - h_prev) / interval;
          h_prev = h;
        }
      else
        flow_after = flow_before;

      if (isnan (flow_before))
        flow_before = flow_after;
      scan->heat_flow[p] = 0.5 * (flow_before + flow_after);
      if (rng != NULL && inst->noise_mw > 0.0)
        scan->heat_flow[p] += gsl_ran_gaussian_ziggurat (rng, inst->noise_mw);
      flow_before = flow_after;
    }
  /* The tail shorter than one sampling interval is not recorded but still happens. */
  if (fabs (target - state->t_program) > 1e-9)
    run_ramp (state, target, rate_abs);
  return g_steal_pointer (&scan);
}

RlxSimScan *
rlx_sim_run (const RlxSimMaterial *material,
             const RlxSimProtocol *protocol,
             void                 *rng,
             GError              **error)
{
  g_autoptr (RlxSimScan) scan = NULL;
  g_autofree double *unit_tf = NULL;
  State state = { 0 };

  g_return_val_if_fail (material != NULL && protocol != NULL, NULL);

  if (!rlx_sim_material_validate (material, error) || !validate_protocol (protocol, error))
    return NULL;

  state.material = material;
  state.inst = &protocol->instrument;
  if (material->alpha.model != RLX_SIM_ALPHA_NONE)
    {
      if (material->alpha.beta == 1.0)
        {
          state.n_modes = 1;
          state.mode_s[0] = 1.0;
          state.mode_w[0] = 1.0;
        }
      else
        {
          state.n_modes = N_PRONY_HALF;
          memcpy (state.mode_s, prony_half_s, sizeof prony_half_s);
          memcpy (state.mode_w, prony_half_w, sizeof prony_half_w);
        }
    }
  state.n_units = material->units->len;
  unit_tf = g_new0 (double, MAX (state.n_units, 1));
  state.unit_tf = unit_tf;

  for (guint i = 0; i < protocol->steps->len; i++)
    {
      const RlxSimStep *step = &g_array_index (protocol->steps, RlxSimStep, i);

      switch (step->kind)
        {
        case RLX_SIM_STEP_EQUILIBRATE:
          equilibrate (&state, step->temperature);
          break;
        case RLX_SIM_STEP_RAMP:
          if (step->record)
            {
              scan = record_ramp (&state, step->temperature, step->rate, rng);
              if (scan == NULL)
                {
                  g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                               "Step %u: the recorded ramp is shorter than two sampling "
                               "intervals", i + 1);
                  return NULL;
                }
            }
          else
            run_ramp (&state, step->temperature, step->rate);
          break;
        case RLX_SIM_STEP_HOLD:
          run_hold (&state, step->duration);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return g_steal_pointer (&scan);
}

void
rlx_sim_scan_free (RlxSimScan *scan)
{
  if (scan == NULL)
    return;
  g_free (scan->time);
  g_free (scan->t_program);
  g_free (scan->t_sample);
  g_free (scan->heat_flow);
  g_free (scan->tf_alpha);
  g_free (scan->unit_excess);
  g_free (scan);
}
