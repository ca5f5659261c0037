/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rlx-model.h"

G_BEGIN_DECLS

/* Roles of the per-component parameters; the position of each in a component is in
   RlxModel.role (−1 when the model has no such parameter). */
typedef enum
{
  ROLE_AMP,      /* Q_inf or dE */
  ROLE_ENERGY,   /* E (J/mol) or, for VFT, D */
  ROLE_POS,      /* Tp or T1 */
  ROLE_T0,
  ROLE_A,
  ROLE_B,
  ROLE_BETA,
  N_ROLES
} RlxParamRole;

typedef enum
{
  SHAPE_DEBYE_HEATING,
  SHAPE_KWW_HEATING,
  SHAPE_DMA_LOSS,
  SHAPE_DMA_STORAGE,
  SHAPE_CUSTOM,
} RlxModelShape;

typedef struct
{
  const char    *id;
  const char    *label;
  const char    *description;
  RlxModelKind   kind;
  RlxModelShape  shape;
  gboolean       multi;
  gboolean       vft;        /* VFT by id (debye-vft); DMA models take options.tau_law */
  gboolean       has_a;
  gboolean       has_b;
} RlxModelClass;

struct _RlxModel
{
  gatomicrefcount      ref;
  const RlxModelClass *klass;
  char                *id;
  RlxModelOptions      options;
  char                *y_unit;
  char                *x_unit;
  gboolean             vft;
  guint                n_components;
  guint                n_head;          /* global parameters before the components (Eu) */
  guint                n_per_comp;
  int                  role[N_ROLES];
  guint                baseline_first;  /* index of c0 */
  guint                n_baseline;      /* number of coefficients; x_ref follows when > 0 */
  guint                n_params;
  RlxParamSpec        *specs;
  GPtrArray           *strings;
  RlxModelEvalFunc     custom_eval;
  gpointer             custom_data;
  GDestroyNotify       custom_destroy;
};

static inline guint
rlx_model_comp_index (const RlxModel *model,
                      guint           component,   /* 0-based */
                      RlxParamRole    role)
{
  return model->n_head + component * model->n_per_comp + (guint) model->role[role];
}

static inline double
rlx_model_x_to_temperature (const RlxModel *model,
                            double          x)
{
  if (model->options.x_is_time)
    return model->options.time_zero_temperature + model->options.heating_rate * x;
  return x;
}

/* Factor from dQ/dT to the model's y (Rh for heat flow, 1 otherwise). */
static inline double
rlx_model_signal_scale (const RlxModel *model)
{
  if (model->klass->kind == RLX_MODEL_KIND_DSC && model->options.signal_per_time)
    return model->options.heating_rate;
  return 1.0;
}

G_END_DECLS
