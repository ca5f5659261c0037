/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <json-glib/json-glib.h>

#include "rlx-recipe.h"

static const char *recipe_text =
  "{\"reference\":\"auto\",\"window\":[213,418],"
  "\"fit\":{\"enabled\":true,\"model\":\"debye\",\"bounds\":{\"E\":[20000,1000000]}}}";

/* A copy owns its fit options: changing them leaves the original alone. */
static void
test_copy_shares_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxRecipe) recipe = rlx_recipe_from_json (recipe_text, &error);
  g_autoptr(RlxRecipe) copy = NULL;
  JsonObject *bounds;

  g_assert_no_error (error);
  copy = rlx_recipe_copy (recipe);
  g_assert_true (copy->fit_options != recipe->fit_options);
  bounds = json_object_get_object_member (copy->fit_options, "bounds");
  g_assert_true (bounds != json_object_get_object_member (recipe->fit_options, "bounds"));
  json_object_set_null_member (bounds, "E");
  g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (
    json_object_get_object_member (recipe->fit_options, "bounds"), "E")));
}

static gpointer
serialise_many (gpointer data)
{
  const RlxRecipe *recipe = data;

  for (guint i = 0; i < 20000; i++)
    g_free (rlx_recipe_to_json (recipe));
  return NULL;
}

/* Batch workers each serialise their own copy at the same time; with copies that shared the
   fit object this corrupted json-glib's reference counts and crashed now and then. */
static void
test_copies_in_threads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxRecipe) recipe = rlx_recipe_from_json (recipe_text, &error);
  g_autoptr(RlxRecipe) a = NULL;
  g_autoptr(RlxRecipe) b = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GThread *ta, *tb;

  g_assert_no_error (error);
  a = rlx_recipe_copy (recipe);
  b = rlx_recipe_copy (recipe);
  before = rlx_recipe_to_json (recipe);
  ta = g_thread_new ("a", serialise_many, a);
  tb = g_thread_new ("b", serialise_many, b);
  g_thread_join (ta);
  g_thread_join (tb);
  after = rlx_recipe_to_json (recipe);
  g_assert_cmpstr (before, ==, after);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relaxun/signal/recipe/copy-shares-nothing", test_copy_shares_nothing);
  g_test_add_func ("/relaxun/signal/recipe/copies-in-threads", test_copies_in_threads);

  return g_test_run ();
}
