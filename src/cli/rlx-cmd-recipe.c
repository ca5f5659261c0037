/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "rlx-cli.h"
#include "rlx-cli-recipe.h"
#include "rlx-cli-store.h"
#include "rlx-recipe.h"

/* relaxun-cli recipe save|list|show: named peak recipes in a database. */

int
rlx_cmd_recipe (int    argc,
                char **argv)
{
  g_autofree char *db = NULL, *from_json = NULL;
  g_auto(RlxCliRecipeOptions) options = { 0 };
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Database file"), N_("FILE") },
    { "from-json", 0, 0, G_OPTION_ARG_FILENAME, &from_json, N_("save: read the recipe from a JSON file (- for stdin)"), N_("FILE") },
    { "reference", 0, 0, G_OPTION_ARG_STRING, &options.reference, N_("save: auto, none or a run id"), N_("ID") },
    { "baseline", 0, 0, G_OPTION_ARG_STRING, &options.baseline, N_("save: baseline (as for peak)"), N_("SPEC") },
    { "window", 0, 0, G_OPTION_ARG_STRING, &options.window, N_("save: window (K)"), N_("A:B") },
    { "mask", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.masks, N_("save: masked range (K); repeatable"), N_("A:B") },
    { "grid", 0, 0, G_OPTION_ARG_STRING, &options.grid, N_("save: grid step (K)"), N_("K") },
    { "lag", 0, 0, G_OPTION_ARG_STRING, &options.lag, N_("save: thermal-lag time constant (s)"), N_("S") },
    { "mass", 0, 0, G_OPTION_ARG_STRING, &options.mass, N_("save: sample mass (mg)"), N_("MG") },
    { "no-mass", 0, 0, G_OPTION_ARG_NONE, &options.no_mass, N_("save: do not normalise by the mass"), NULL },
    { "heat-flow", 0, 0, G_OPTION_ARG_NONE, &options.heat_flow, N_("save: keep heat flow, not dQ/dT"), NULL },
    { "fit", 0, 0, G_OPTION_ARG_NONE, &options.fit, N_("save: fit every peak"), NULL },
    { "model", 0, 0, G_OPTION_ARG_STRING, &options.model, N_("save: fit model id"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("list/show: print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rlx_cli_context_new ("recipe", "save NAME | list | show NAME",
                                                           _("Save, list and show named peak recipes."));
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxStore) store = NULL;
  const char *action;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!rlx_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return rlx_cli_usage_error (context, _("say what to do: save NAME, list or show NAME"));
  action = argv[1];

  if (strcmp (action, "save") == 0)
    {
      g_autoptr(RlxRecipe) recipe = NULL;
      g_autofree char *text = NULL;

      if (argc != 3)
        return rlx_cli_usage_error (context, _("save needs exactly one recipe NAME"));
      if (from_json != NULL)
        {
          g_autofree char *contents = NULL;

          if (strcmp (from_json, "-") == 0)
            {
              GString *in = g_string_new (NULL);
              char buf[4096];
              size_t got;
              while ((got = fread (buf, 1, sizeof buf, stdin)) > 0)
                g_string_append_len (in, buf, (gssize) got);
              contents = g_string_free (in, FALSE);
            }
          else if (!g_file_get_contents (from_json, &contents, NULL, &error))
            return rlx_cli_fail ("recipe", error);
          recipe = rlx_recipe_from_json (contents, &error);
          if (recipe == NULL)
            {
              g_prefix_error (&error, "%s: ", from_json);
              return rlx_cli_fail ("recipe", error);
            }
        }
      else
        recipe = rlx_recipe_new ();
      if (!rlx_cli_recipe_options_apply (&options, recipe, &error))
        return rlx_cli_usage_error (context, "%s", error->message);

      store = rlx_cli_open_store (db, FALSE, &error);
      if (store == NULL)
        return rlx_cli_fail ("recipe", error);
      text = rlx_recipe_to_json (recipe);
      if (!rlx_store_save_recipe (store, argv[2], text, &error))
        return rlx_cli_fail ("recipe", error);
      printf (_("Saved recipe “%s”: %s\n"), argv[2], text);
      return RLX_CLI_EXIT_OK;
    }

  store = rlx_cli_open_store (db, TRUE, &error);
  if (store == NULL)
    return rlx_cli_fail ("recipe", error);

  if (strcmp (action, "list") == 0)
    {
      g_auto(GStrv) names = rlx_store_list_recipes (store, &error);

      if (names == NULL && error != NULL)
        return rlx_cli_fail ("recipe", error);
      if (json)
        {
          g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
          JsonArray *array = json_array_new ();
          for (guint i = 0; names != NULL && names[i] != NULL; i++)
            json_array_add_string_element (array, names[i]);
          json_node_take_array (root, array);
          rlx_cli_print_json (root);
        }
      else
        for (guint i = 0; names != NULL && names[i] != NULL; i++)
          printf ("%s\n", names[i]);
      return RLX_CLI_EXIT_OK;
    }

  if (strcmp (action, "show") == 0)
    {
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) node = NULL;

      if (argc != 3)
        return rlx_cli_usage_error (context, _("show needs exactly one recipe NAME"));
      text = rlx_store_dup_recipe (store, argv[2], &error);
      if (text == NULL)
        return rlx_cli_fail ("recipe", error);
      node = json_from_string (text, &error);
      if (node == NULL)
        return rlx_cli_fail ("recipe", error);
      rlx_cli_print_json (node);
      return RLX_CLI_EXIT_OK;
    }

  return rlx_cli_usage_error (context, _("unknown action “%s”; use save, list or show"), action);
}
