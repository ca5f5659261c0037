/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rlx-recipe.h"

G_BEGIN_DECLS

/* The recipe options that `peak` and `recipe save` share, as parsed from the command line:
 * NULL or FALSE for an option not given. */
typedef struct
{
  char     *reference;
  char     *baseline;
  char     *window;
  char     *grid;
  char     *lag;
  char     *mass;
  char     *model;
  char    **masks;
  gboolean  no_mass;
  gboolean  heat_flow;
  gboolean  fit;
} RlxCliRecipeOptions;

void     rlx_cli_recipe_options_clear (RlxCliRecipeOptions       *options);
gboolean rlx_cli_recipe_options_apply (const RlxCliRecipeOptions *options,
                                       RlxRecipe                 *recipe,
                                       GError                   **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RlxCliRecipeOptions, rlx_cli_recipe_options_clear)

G_END_DECLS
