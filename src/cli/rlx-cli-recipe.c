/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include "rlx-cli-recipe.h"

void
rlx_cli_recipe_options_clear (RlxCliRecipeOptions *options)
{
  g_clear_pointer (&options->reference, g_free);
  g_clear_pointer (&options->baseline, g_free);
  g_clear_pointer (&options->window, g_free);
  g_clear_pointer (&options->grid, g_free);
  g_clear_pointer (&options->lag, g_free);
  g_clear_pointer (&options->mass, g_free);
  g_clear_pointer (&options->model, g_free);
  g_clear_pointer (&options->masks, g_strfreev);
}

/* Options given on the command line override what @recipe says; the error is the recipe's
 * message about the first value it cannot take. */
gboolean
rlx_cli_recipe_options_apply (const RlxCliRecipeOptions *options,
                              RlxRecipe                 *recipe,
                              GError                   **error)
{
  const struct { const char *key; const char *value; } settings[] = {
    { "reference", options->reference }, { "baseline", options->baseline },
    { "window", options->window }, { "grid", options->grid }, { "lag", options->lag },
    { "mass", options->mass }, { "model", options->model },
  };

  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    if (settings[i].value != NULL &&
        !rlx_recipe_set_option (recipe, settings[i].key, settings[i].value, error))
      return FALSE;
  for (guint i = 0; options->masks != NULL && options->masks[i] != NULL; i++)
    if (!rlx_recipe_set_option (recipe, "mask", options->masks[i], error))
      return FALSE;
  if (options->no_mass)
    recipe->normalise_mass = FALSE;
  if (options->heat_flow)
    recipe->dqdt = FALSE;
  if (options->fit)
    recipe->fit = TRUE;
  return TRUE;
}
