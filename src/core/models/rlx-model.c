/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-models"

#include "config.h"

#include "rlx-model.h"

#include <math.h>
#include <string.h>

#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-dma.h"
#include "rlx-kww.h"
#include "rlx-model-private.h"

G_DEFINE_QUARK (rlx-model-error-quark, rlx_model_error)

/* Adding a model: one row here (and, for a new shape, a case in eval_component, the guess and
   the derived quantities). */
static const RlxModelClass model_classes[] = {
  { "debye", "Debye unit (Arrhenius)",
    "One exponential relaxation unit recovered on a linear heating scan, τ = τ0·exp(E/RT), "
    "fitted in (Q∞, E, Tp) with Tp the exact peak temperature.",
    RLX_MODEL_KIND_DSC, SHAPE_DEBYE_HEATING, FALSE, FALSE, FALSE, FALSE },
  { "debye-vft", "Debye unit (VFT)",
    "One exponential relaxation unit on a heating scan with τ = τ0·exp(D·T0/(T − T0)), "
    "fitted in (Q∞, D, Tp, T0).",
    RLX_MODEL_KIND_DSC, SHAPE_DEBYE_HEATING, FALSE, TRUE, FALSE, FALSE },
  { "debye-sum", "Sum of Debye units",
    "Several Arrhenius Debye units on one baseline (multi-step annealing), each (Q∞, E, Tp).",
    RLX_MODEL_KIND_DSC, SHAPE_DEBYE_HEATING, TRUE, FALSE, FALSE, FALSE },
  { "kww", "Stretched exponential (KWW) on heating",
    "Non-exponential relaxation Q∞·[1 − exp(−ξ^β)] on a heating scan, Arrhenius τ; Tp is the "
    "Debye peak temperature of the same τ(T).",
    RLX_MODEL_KIND_DSC, SHAPE_KWW_HEATING, FALSE, FALSE, FALSE, FALSE },
  { "dma-debye", "DMA loss E″(T), Debye",
    "Loss modulus at fixed frequency, one or more Debye processes.",
    RLX_MODEL_KIND_DMA, SHAPE_DMA_LOSS, TRUE, FALSE, FALSE, FALSE },
  { "dma-cole-cole", "DMA loss E″(T), Cole–Cole",
    "Loss modulus at fixed frequency, symmetric broadening a per process.",
    RLX_MODEL_KIND_DMA, SHAPE_DMA_LOSS, TRUE, FALSE, TRUE, FALSE },
  { "dma-cole-davidson", "DMA loss E″(T), Cole–Davidson",
    "Loss modulus at fixed frequency, asymmetric broadening b per process.",
    RLX_MODEL_KIND_DMA, SHAPE_DMA_LOSS, TRUE, FALSE, FALSE, TRUE },
  { "dma-hn", "DMA loss E″(T), Havriliak–Negami",
    "Loss modulus at fixed frequency, Havriliak–Negami (a, b) per process (e.g. α + β).",
    RLX_MODEL_KIND_DMA, SHAPE_DMA_LOSS, TRUE, FALSE, TRUE, TRUE },
  { "dma-storage", "DMA storage E′(T), Havriliak–Negami",
    "Storage modulus at fixed frequency: Eu minus the HN relaxation of each process.",
    RLX_MODEL_KIND_DMA, SHAPE_DMA_STORAGE, TRUE, FALSE, TRUE, TRUE },
};

static const RlxModelClass custom_class = {
  "custom", "Custom model", "A model given by a function.",
  RLX_MODEL_KIND_CUSTOM, SHAPE_CUSTOM, FALSE, FALSE, FALSE, FALSE,
};

static const RlxModelClass *
find_class (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (model_classes); i++)
    if (g_strcmp0 (model_classes[i].id, id) == 0)
      return &model_classes[i];
  return NULL;
}

void
rlx_model_options_init (RlxModelOptions *options)
{
  *options = (RlxModelOptions) {
    .n_components = 1,
    .baseline = RLX_BASELINE_NONE,
    .tau_law = RLX_TAU_LAW_ARRHENIUS,
    .heating_rate = NAN,
    .scan_start = NAN,
    .frequency = NAN,
    .signal_per_time = FALSE,
    .x_is_time = FALSE,
    .time_zero_temperature = NAN,
    .y_unit = NULL,
  };
}

const char * const *
rlx_model_list_ids (void)
{
  static const char *ids[G_N_ELEMENTS (model_classes) + 1];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (model_classes); i++)
        ids[i] = model_classes[i].id;
      ids[G_N_ELEMENTS (model_classes)] = NULL;
      g_once_init_leave (&done, 1);
    }
  return ids;
}

const char *
rlx_model_id_get_label (const char *id)
{
  const RlxModelClass *klass = find_class (id);
  return klass != NULL ? klass->label : NULL;
}

const char *
rlx_model_id_get_description (const char *id)
{
  const RlxModelClass *klass = find_class (id);
  return klass != NULL ? klass->description : NULL;
}

gboolean
rlx_model_id_is_dma (const char *id)
{
  const RlxModelClass *klass = find_class (id);
  return klass != NULL && klass->kind == RLX_MODEL_KIND_DMA;
}

static const char *
keep (RlxModel   *model,
      char       *string)
{
  g_ptr_array_add (model->strings, string);
  return string;
}

static char *
amplitude_unit (const RlxModel *model)
{
  const char *y = model->y_unit;
  static const struct { const char *y; const char *per_time; const char *per_kelvin; } map[] = {
    { "W/g", "J/g", NULL },
    { "mW/mg", "J/g", NULL },
    { "mW", "mJ", NULL },
    { "W", "J", NULL },
    { "J/(g·K)", NULL, "J/g" },
    { "J/(g K)", NULL, "J/g" },
    { "J/g/K", NULL, "J/g" },
    { "mJ/K", NULL, "mJ" },
    { "J/K", NULL, "J" },
  };

  if (model->klass->kind != RLX_MODEL_KIND_DSC)
    return g_strdup (y);
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (map[i].y, y) == 0)
      {
        const char *u = model->options.signal_per_time ? map[i].per_time : map[i].per_kelvin;
        if (u != NULL)
          return g_strdup (u);
      }
  return g_strdup_printf ("%s·%s", y, model->options.signal_per_time ? "s" : "K");
}

static void
add_spec (RlxModel     *model,
          GArray       *specs,
          const char   *name,
          const char   *label,
          const char   *unit,
          double        lower,
          double        upper,
          gboolean      linear,
          int           component)
{
  RlxParamSpec spec = { 0 };
  gboolean suffix = component > 0 && model->n_components > 1;

  spec.name = suffix ? keep (model, g_strdup_printf ("%s_%d", name, component)) : keep (model, g_strdup (name));
  spec.label = suffix ? keep (model, g_strdup_printf ("%s%d", label, component)) : keep (model, g_strdup (label));
  spec.unit = keep (model, g_strdup (unit));
  spec.lower = lower;
  spec.upper = upper;
  spec.linear = linear;
  spec.component = component;
  spec.limit = NAN;
  g_array_append_val (specs, spec);
}

static void
build_specs (RlxModel *model)
{
  g_autoptr(GArray) specs = g_array_new (FALSE, TRUE, sizeof (RlxParamSpec));
  g_autofree char *amp_unit = amplitude_unit (model);
  const RlxModelClass *klass = model->klass;
  gboolean dsc = klass->kind == RLX_MODEL_KIND_DSC;
  int pos = 0;

  for (int r = 0; r < N_ROLES; r++)
    model->role[r] = -1;
  model->role[ROLE_AMP] = pos++;
  model->role[ROLE_ENERGY] = pos++;
  model->role[ROLE_POS] = pos++;
  if (model->vft)
    model->role[ROLE_T0] = pos++;
  if (klass->has_a)
    model->role[ROLE_A] = pos++;
  if (klass->has_b)
    model->role[ROLE_B] = pos++;
  if (klass->shape == SHAPE_KWW_HEATING)
    model->role[ROLE_BETA] = pos++;
  model->n_per_comp = (guint) pos;

  model->n_head = 0;
  if (klass->shape == SHAPE_DMA_STORAGE)
    {
      add_spec (model, specs, "Eu", "Eu", model->y_unit, -INFINITY, INFINITY, TRUE, 0);
      model->n_head = 1;
    }

  for (guint j = 1; j <= model->n_components; j++)
    {
      if (dsc)
        add_spec (model, specs, "Q_inf", "Q∞", amp_unit, -INFINITY, INFINITY, TRUE, j);
      else
        add_spec (model, specs, "dE", "ΔE", model->y_unit, -INFINITY, INFINITY, TRUE, j);
      if (model->vft)
        add_spec (model, specs, "D", "D", "1", 0.01, 1000.0, FALSE, j);
      else
        add_spec (model, specs, "E", "E", "J/mol", 5e3, 1.5e6, FALSE, j);
      if (dsc)
        add_spec (model, specs, "Tp", "Tp", "K", 1.0, INFINITY, FALSE, j);
      else
        add_spec (model, specs, "T1", "T1", "K", 1.0, INFINITY, FALSE, j);
      if (model->vft)
        add_spec (model, specs, "T0", "T0", "K", 0.0, INFINITY, FALSE, j);
      if (klass->has_a)
        add_spec (model, specs, "a", "a", "1", 0.05, 1.0, FALSE, j);
      if (klass->has_b)
        add_spec (model, specs, "b", "b", "1", 0.05, 1.0, FALSE, j);
      if (klass->shape == SHAPE_KWW_HEATING)
        {
          add_spec (model, specs, "beta", "β", "1", 0.05, 1.0, FALSE, j);
          g_array_index (specs, RlxParamSpec, specs->len - 1).limit = 1.0;
        }
    }

  model->baseline_first = specs->len;
  model->n_baseline = (guint) model->options.baseline;
  for (guint k = 0; k < model->n_baseline; k++)
    {
      g_autofree char *name = g_strdup_printf ("c%u", k);
      g_autofree char *unit = k == 0 ? g_strdup (model->y_unit)
                              : k == 1 ? g_strdup_printf ("%s/%s", model->y_unit, model->x_unit)
                                       : g_strdup_printf ("%s/%s²", model->y_unit, model->x_unit);
      add_spec (model, specs, name, name, unit, -INFINITY, INFINITY, TRUE, 0);
      g_array_index (specs, RlxParamSpec, specs->len - 1).baseline = TRUE;
    }
  if (model->n_baseline > 0)
    {
      add_spec (model, specs, "x_ref", "x_ref", model->x_unit, -INFINITY, INFINITY, FALSE, 0);
      g_array_index (specs, RlxParamSpec, specs->len - 1).baseline = TRUE;
      g_array_index (specs, RlxParamSpec, specs->len - 1).constant = TRUE;
    }

  model->n_params = specs->len;
  model->specs = (RlxParamSpec *) (gpointer) g_array_free (g_steal_pointer (&specs), FALSE);
}

RlxModel *
rlx_model_new (const char            *id,
               const RlxModelOptions *options,
               GError               **error)
{
  const RlxModelClass *klass = find_class (id);
  g_autoptr(RlxModel) model = NULL;
  RlxModelOptions defaults;

  if (klass == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) rlx_model_list_ids ());
      g_set_error (error, RLX_MODEL_ERROR, RLX_MODEL_ERROR_UNKNOWN_MODEL,
                   "Unknown model “%s”. Known models: %s.", id ? id : "(none)", known);
      return NULL;
    }
  if (options == NULL)
    {
      rlx_model_options_init (&defaults);
      options = &defaults;
    }

  model = g_new0 (RlxModel, 1);
  g_atomic_ref_count_init (&model->ref);
  model->klass = klass;
  model->id = g_strdup (id);
  model->options = *options;
  model->strings = g_ptr_array_new_with_free_func (g_free);
  model->n_components = MAX (options->n_components, 1);
  model->vft = klass->vft || (klass->kind == RLX_MODEL_KIND_DMA && options->tau_law == RLX_TAU_LAW_VFT);

  if (model->n_components > 1 && !klass->multi)
    {
      g_set_error (error, RLX_MODEL_ERROR, RLX_MODEL_ERROR_INVALID_OPTIONS,
                   "Model “%s” has exactly one component; use “debye-sum” for several Debye units.", id);
      return NULL;
    }
  if (model->n_components > 20)
    {
      g_set_error (error, RLX_MODEL_ERROR, RLX_MODEL_ERROR_INVALID_OPTIONS,
                   "%u components is more than a fit can resolve; use at most 20.", model->n_components);
      return NULL;
    }
  if ((guint) options->baseline > RLX_BASELINE_QUADRATIC)
    {
      g_set_error (error, RLX_MODEL_ERROR, RLX_MODEL_ERROR_INVALID_OPTIONS,
                   "Baseline order %d is not supported (none, constant, linear or quadratic).",
                   (int) options->baseline);
      return NULL;
    }
  if (klass->kind == RLX_MODEL_KIND_DSC &&
      (options->signal_per_time || options->x_is_time) &&
      !(options->heating_rate > 0.0 && isfinite (options->heating_rate)))
    {
      g_set_error (error, RLX_MODEL_ERROR, RLX_MODEL_ERROR_INVALID_OPTIONS,
                   "Fitting heat flow or data against time needs the heating rate (K/s); give it "
                   "with the run or as an option.");
      return NULL;
    }
  if (options->x_is_time && !isfinite (options->time_zero_temperature))
    {
      g_set_error (error, RLX_MODEL_ERROR, RLX_MODEL_ERROR_INVALID_OPTIONS,
                   "Fitting against time needs the temperature at time zero.");
      return NULL;
    }
  if (klass->kind == RLX_MODEL_KIND_DMA &&
      !(options->frequency > 0.0 && isfinite (options->frequency)))
    {
      g_set_error (error, RLX_MODEL_ERROR, RLX_MODEL_ERROR_INVALID_OPTIONS,
                   "The DMA model “%s” needs the measuring frequency in Hz.", id);
      return NULL;
    }
  if (klass->kind == RLX_MODEL_KIND_DMA && options->x_is_time)
    {
      g_set_error (error, RLX_MODEL_ERROR, RLX_MODEL_ERROR_INVALID_OPTIONS,
                   "DMA models are fitted against temperature, not time.");
      return NULL;
    }

  if (options->y_unit != NULL)
    model->y_unit = g_strdup (options->y_unit);
  else if (klass->kind == RLX_MODEL_KIND_DMA)
    model->y_unit = g_strdup ("MPa");
  else
    model->y_unit = g_strdup (options->signal_per_time ? "W/g" : "J/(g·K)");
  model->options.y_unit = model->y_unit;
  model->x_unit = g_strdup (options->x_is_time ? "s" : "K");

  build_specs (model);
  return g_steal_pointer (&model);
}

RlxModel *
rlx_model_new_custom (const char         *id,
                      guint               n_params,
                      const char * const *names,
                      RlxModelEvalFunc    eval,
                      gpointer            user_data,
                      GDestroyNotify      destroy)
{
  RlxModel *model;

  g_return_val_if_fail (eval != NULL && n_params > 0, NULL);

  model = g_new0 (RlxModel, 1);
  g_atomic_ref_count_init (&model->ref);
  model->klass = &custom_class;
  model->id = g_strdup (id != NULL ? id : "custom");
  rlx_model_options_init (&model->options);
  model->strings = g_ptr_array_new_with_free_func (g_free);
  model->y_unit = g_strdup ("1");
  model->x_unit = g_strdup ("1");
  model->options.y_unit = model->y_unit;
  model->n_components = 1;
  model->custom_eval = eval;
  model->custom_data = user_data;
  model->custom_destroy = destroy;
  for (int r = 0; r < N_ROLES; r++)
    model->role[r] = -1;
  model->n_params = n_params;
  model->baseline_first = n_params;
  model->specs = g_new0 (RlxParamSpec, n_params);
  for (guint i = 0; i < n_params; i++)
    {
      model->specs[i].name = keep (model, names != NULL ? g_strdup (names[i]) : g_strdup_printf ("p%u", i + 1));
      model->specs[i].label = model->specs[i].name;
      model->specs[i].unit = "1";
      model->specs[i].lower = -INFINITY;
      model->specs[i].upper = INFINITY;
      model->specs[i].limit = NAN;
    }
  return model;
}

RlxModel *
rlx_model_ref (RlxModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  g_atomic_ref_count_inc (&model->ref);
  return model;
}

void
rlx_model_unref (RlxModel *model)
{
  if (model == NULL || !g_atomic_ref_count_dec (&model->ref))
    return;
  if (model->custom_destroy != NULL)
    model->custom_destroy (model->custom_data);
  g_free (model->specs);
  g_ptr_array_unref (model->strings);
  g_free (model->id);
  g_free (model->y_unit);
  g_free (model->x_unit);
  g_free (model);
}

const char *rlx_model_get_id (const RlxModel *model) { return model->id; }
RlxModelKind rlx_model_get_kind (const RlxModel *model) { return model->klass->kind; }
const RlxModelOptions *rlx_model_get_options (const RlxModel *model) { return &model->options; }
guint rlx_model_get_n_components (const RlxModel *model) { return model->n_components; }
guint rlx_model_get_n_params (const RlxModel *model) { return model->n_params; }
const char *rlx_model_get_x_unit (const RlxModel *model) { return model->x_unit; }
const char *rlx_model_get_y_unit (const RlxModel *model) { return model->y_unit; }

const RlxParamSpec *
rlx_model_get_param (const RlxModel *model,
                     guint           index)
{
  g_return_val_if_fail (index < model->n_params, NULL);
  return &model->specs[index];
}

int
rlx_model_find_param (const RlxModel *model,
                      const char     *name)
{
  for (guint i = 0; i < model->n_params; i++)
    if (g_strcmp0 (model->specs[i].name, name) == 0)
      return (int) i;
  return -1;
}

/* One component at one temperature; grad (nullable) in the component's parameter order. */
static double
eval_component (const RlxModel *model,
                const double   *cp,
                double          t,
                double         *grad)
{
  const int *role = model->role;
  const RlxModelClass *klass = model->klass;

  switch (klass->shape)
    {
    case SHAPE_DEBYE_HEATING:
      if (model->vft)
        return rlx_debye_vft_gradient (t, cp[0], cp[1], cp[2], cp[3], NAN, grad);
      return rlx_debye_arrhenius_gradient (t, cp[0], cp[1], cp[2], NAN, grad);

    case SHAPE_KWW_HEATING:
      {
        double g5[5];
        double f = rlx_kww_heating_dqdt (t, cp[0], cp[1] / RLX_GAS_CONSTANT, cp[2], 0.0,
                                         cp[role[ROLE_BETA]], grad != NULL ? g5 : NULL);
        if (grad != NULL)
          {
            grad[0] = g5[0];
            grad[1] = g5[1] / RLX_GAS_CONSTANT;
            grad[2] = g5[2];
            grad[role[ROLE_BETA]] = g5[4];
          }
        return f;
      }

    case SHAPE_DMA_LOSS:
    case SHAPE_DMA_STORAGE:
      {
        double gy[3] = { 0 }, d_re[3], d_im[3], re, im, y, a, b, amp, sign, val, dval[3];
        gboolean storage = klass->shape == SHAPE_DMA_STORAGE;

        amp = cp[0];
        a = role[ROLE_A] >= 0 ? cp[role[ROLE_A]] : 1.0;
        b = role[ROLE_B] >= 0 ? cp[role[ROLE_B]] : 1.0;
        if (model->vft)
          y = rlx_dma_y_vft (t, cp[1], cp[2], cp[3], gy);
        else
          y = rlx_dma_y_arrhenius (t, cp[1], cp[2], gy);

        if (grad != NULL)
          memset (grad, 0, sizeof (double) * model->n_per_comp);
        if (isinf (y) && y > 0 && a > 0.0 && a <= 1.0 && b > 0.0 && b <= 1.0)
          return 0.0;   /* frozen VFT process: P = 0 */
        if (!rlx_dma_hn (y, a, b, &re, &im, d_re, d_im))
          {
            if (grad != NULL)
              for (guint k = 0; k < model->n_per_comp; k++)
                grad[k] = NAN;
            return NAN;
          }
        /* E″ = −ΔE·Im P; E′ contribution = −ΔE·Re P */
        sign = -1.0;
        val = storage ? re : im;
        for (int k = 0; k < 3; k++)
          dval[k] = storage ? d_re[k] : d_im[k];
        if (grad != NULL)
          {
            grad[0] = sign * val;
            grad[1] = sign * amp * dval[0] * gy[0];
            grad[2] = sign * amp * dval[0] * gy[1];
            if (model->vft)
              grad[3] = sign * amp * dval[0] * gy[2];
            if (role[ROLE_A] >= 0)
              grad[role[ROLE_A]] = sign * amp * dval[1];
            if (role[ROLE_B] >= 0)
              grad[role[ROLE_B]] = sign * amp * dval[2];
          }
        return sign * amp * val;
      }

    case SHAPE_CUSTOM:
    default:
      break;
    }
  return NAN;
}

/* Points per block of the Debye fast path: the scratch rows stay on the stack and in cache. */
#define BLOCK 256

/*
 * The Debye models (one unit, VFT, sums) a block of points at a time: per component one call of
 * rlx_debye_heating_block(), which computes the per-curve constants once and one special
 * function per point. Same result as the point-by-point path, several times faster; the fitter
 * spends nearly all its time here.
 */
static gboolean
evaluate_debye (const RlxModel *model,
                const double   *params,
                int             only_component,
                const double   *x,
                gsize           n,
                double         *f,
                double         *jac)
{
  guint np = model->n_params;
  double scale = rlx_model_signal_scale (model);
  gboolean ok = TRUE;
  double tbuf[BLOCK], fbuf[BLOCK], gbuf[4 * BLOCK];

  for (gsize start = 0; start < n; start += BLOCK)
    {
      gsize m = MIN (BLOCK, n - start);
      const double *t = x + start;
      double *fb = f + start;

      if (model->options.x_is_time)
        {
          for (gsize i = 0; i < m; i++)
            tbuf[i] = rlx_model_x_to_temperature (model, t[i]);
          t = tbuf;
        }
      memset (fb, 0, sizeof (double) * m);
      /* Every column is written below unless a single component is asked for. */
      if (jac != NULL && only_component >= 0)
        memset (jac + start * np, 0, sizeof (double) * m * np);

      for (guint j = 0; j < model->n_components; j++)
        {
          guint first = model->n_head + j * model->n_per_comp;
          const double *cp = params + first;
          double b, t0;

          if (only_component >= 0 && only_component != (int) j + 1)
            continue;
          if (model->vft)
            {
              t0 = cp[3];
              b = cp[1] * t0;
            }
          else
            {
              t0 = 0.0;
              b = cp[1] / RLX_GAS_CONSTANT;
            }
          if (!rlx_debye_heating_block (t, m, cp[0], b, cp[2], t0, NAN, fbuf,
                                        jac != NULL ? gbuf : NULL))
            ok = FALSE;
          for (gsize i = 0; i < m; i++)
            fb[i] += scale * fbuf[i];
          if (jac != NULL)
            for (gsize i = 0; i < m; i++)
              {
                double *row = jac + (start + i) * np + first;
                const double *g = gbuf + 4 * i;

                row[0] = scale * g[0];
                row[2] = scale * g[2];
                if (model->vft)
                  {
                    row[1] = scale * g[1] * t0;
                    row[3] = scale * (g[3] + cp[1] * g[1]);
                  }
                else
                  row[1] = scale * g[1] / RLX_GAS_CONSTANT;
              }
        }

      if (model->n_baseline > 0 && only_component <= 0)
        {
          guint c = model->baseline_first;
          double x_ref = params[c + model->n_baseline];

          for (gsize i = 0; i < m; i++)
            {
              double *row = jac != NULL ? jac + (start + i) * np : NULL;
              double dx = x[start + i] - x_ref, p = 1.0, slope = 0.0, pm1 = 0.0;

              for (guint k = 0; k < model->n_baseline; k++)
                {
                  fb[i] += params[c + k] * p;
                  slope += k * params[c + k] * pm1;
                  if (row != NULL)
                    row[c + k] = p;
                  pm1 = p;
                  p *= dx;
                }
              if (row != NULL)
                row[c + model->n_baseline] = -slope;
            }
        }

      for (gsize i = 0; i < m; i++)
        if (!isfinite (fb[i]))
          ok = FALSE;
    }
  return ok;
}

static gboolean
evaluate (const RlxModel *model,
          const double   *params,
          int             only_component,   /* −1: all; 0: baseline; j: component j */
          const double   *x,
          gsize           n,
          double         *f,
          double         *jac)
{
  guint np = model->n_params;
  double scale = rlx_model_signal_scale (model);
  double grad[16];
  gboolean ok = TRUE;

  if (model->klass->shape == SHAPE_CUSTOM)
    {
      if (!model->custom_eval (params, x, n, f, jac, model->custom_data))
        return FALSE;
      for (gsize i = 0; i < n; i++)
        if (!isfinite (f[i]))
          return FALSE;
      return TRUE;
    }
  if (model->klass->shape == SHAPE_DEBYE_HEATING)
    return evaluate_debye (model, params, only_component, x, n, f, jac);

  for (gsize i = 0; i < n; i++)
    {
      double t = rlx_model_x_to_temperature (model, x[i]);
      double *row = jac != NULL ? jac + i * np : NULL;
      double sum = 0.0;

      if (row != NULL)
        memset (row, 0, sizeof (double) * np);

      if (model->n_head > 0 && (only_component < 0))
        {
          sum += params[0];
          if (row != NULL)
            row[0] = 1.0;
        }

      for (guint j = 0; j < model->n_components; j++)
        {
          const double *cp = params + model->n_head + j * model->n_per_comp;
          double v;

          if (only_component >= 0 && only_component != (int) j + 1)
            continue;
          v = eval_component (model, cp, t, row != NULL ? grad : NULL);
          sum += scale * v;
          if (row != NULL)
            for (guint k = 0; k < model->n_per_comp; k++)
              row[model->n_head + j * model->n_per_comp + k] = scale * grad[k];
        }

      if (model->n_baseline > 0 && only_component <= 0)
        {
          guint c = model->baseline_first;
          double dx = x[i] - params[c + model->n_baseline];
          double p = 1.0, slope = 0.0, pm1 = 0.0;

          for (guint k = 0; k < model->n_baseline; k++)
            {
              sum += params[c + k] * p;
              slope += k * params[c + k] * pm1;
              if (row != NULL)
                row[c + k] = p;
              pm1 = p;
              p *= dx;
            }
          if (row != NULL)
            row[c + model->n_baseline] = -slope;
        }

      f[i] = sum;
      if (!isfinite (sum))
        ok = FALSE;
    }
  return ok;
}

/**
 * rlx_model_evaluate:
 * @jacobian: (nullable): row-major n × n_params
 *
 * Returns: %FALSE when the parameters are outside the model's domain (some value not finite).
 */
gboolean
rlx_model_evaluate (const RlxModel *model,
                    const double   *params,
                    const double   *x,
                    gsize           n,
                    double         *f,
                    double         *jacobian)
{
  return evaluate (model, params, -1, x, n, f, jacobian);
}

gboolean
rlx_model_evaluate_component (const RlxModel *model,
                              const double   *params,
                              guint           component,
                              const double   *x,
                              gsize           n,
                              double         *f)
{
  g_return_val_if_fail (component <= model->n_components, FALSE);
  if (model->klass->shape == SHAPE_CUSTOM)
    return evaluate (model, params, -1, x, n, f, NULL);
  return evaluate (model, params, (int) component, x, n, f, NULL);
}

void
rlx_derived_free (RlxDerived *derived)
{
  if (derived == NULL)
    return;
  g_free (derived->name);
  g_free (derived->unit);
  g_free (derived);
}
