/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "rlx-baseline.h"
#include "rlx-signal.h"

G_BEGIN_DECLS

/*
 * How a peak is made from a run, as stored with every analysis and saved by name in the store:
 *
 *   {
 *     "reference": "auto" | "none" | 12,        the reference run (auto: rlx_pairing_find_reference)
 *     "grid_step": 0.2,                          K; 0 = automatic (the coarser data spacing)
 *     "lag": 0.0,                                s; T_corr = T − lag·dT/dt (rlx_signal_lag_correct)
 *     "normalise_mass": true,                    mW → W/g when the sample mass is known
 *     "mass_mg": null,                           override of the run's mass (mg)
 *     "dqdt": true,                              divide by the heating rate: W/g → J/(g·K)
 *     "baseline": { … rlx-baseline.h … },
 *     "window": [250, 400] | null,               K
 *     "masks": [[380, 395], …],                  K
 *     "rate_tolerance": 0.05,                    pairing: relative heating/cooling-rate mismatch allowed
 *     "min_overlap": 20,                         pairing: K of common temperature range needed
 *     "smooth": 0,                               Savitzky–Golay half window for the display curve (0 = off)
 *     "fit": { "enabled": false, "model": "debye", … engine options … }
 *   }
 *
 * Missing members take the defaults shown.
 */

typedef enum
{
  RLX_REFERENCE_AUTO = 0,
  RLX_REFERENCE_ID,
  RLX_REFERENCE_NONE,
} RlxReferenceMode;

typedef struct
{
  RlxReferenceMode reference_mode;
  gint64           reference_id;
  double           grid_step;
  double           lag;
  gboolean         normalise_mass;
  double           mass_mg;
  gboolean         dqdt;
  RlxBaselineSpec *baseline;
  gboolean         has_window;
  RlxRange         window;
  GArray          *masks;          /* RlxRange */
  double           rate_tolerance;
  double           min_overlap;
  guint            smooth;
  gboolean         fit;
  char            *fit_model;
  JsonObject      *fit_options;    /* the whole "fit" object, passed on to the fit engine */
} RlxRecipe;

RlxRecipe *rlx_recipe_new        (void);
RlxRecipe *rlx_recipe_copy       (const RlxRecipe *recipe);
void       rlx_recipe_free       (RlxRecipe       *recipe);

RlxRecipe *rlx_recipe_from_json  (const char      *json,
                                  GError         **error);
RlxRecipe *rlx_recipe_from_node  (JsonNode        *node,
                                  GError         **error);
JsonNode  *rlx_recipe_to_node    (const RlxRecipe *recipe);
char      *rlx_recipe_to_json    (const RlxRecipe *recipe);

void       rlx_recipe_add_mask   (RlxRecipe       *recipe,
                                  double           lo,
                                  double           hi);
void       rlx_recipe_set_baseline (RlxRecipe     *recipe,
                                  RlxBaselineSpec *baseline);

/**
 * rlx_recipe_set_option:
 * @key: one of "reference" (auto | none | ID), "baseline" (rlx_baseline_spec_parse()),
 *   "window" (A:B or "none"), "mask" (A:B, added), "grid" (K), "lag" (s), "mass" (mg),
 *   "model" (fit model id)
 *
 * Sets one recipe setting from text, as the CLI and simple UIs write them.
 */
gboolean   rlx_recipe_set_option (RlxRecipe      *recipe,
                                  const char     *key,
                                  const char     *value,
                                  GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxRecipe, rlx_recipe_free)

G_END_DECLS
