/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-signal"

#include "config.h"

#include "rlx-recipe.h"

#include <math.h>

#include "rlx-json.h"

RlxRecipe *
rlx_recipe_new (void)
{
  RlxRecipe *recipe = g_new0 (RlxRecipe, 1);

  recipe->reference_mode = RLX_REFERENCE_AUTO;
  recipe->grid_step = 0;
  recipe->lag = 0;
  recipe->normalise_mass = TRUE;
  recipe->mass_mg = NAN;
  recipe->dqdt = TRUE;
  recipe->baseline = rlx_baseline_spec_new (RLX_BASELINE_KIND_NONE);
  recipe->masks = g_array_new (FALSE, FALSE, sizeof (RlxRange));
  recipe->rate_tolerance = 0.05;
  recipe->min_overlap = 20;
  recipe->smooth = 0;
  recipe->fit = FALSE;
  recipe->fit_model = g_strdup ("debye");
  return recipe;
}

/* json-glib 1.6 shares nested objects between copies and counts their references without
   atomics, so two threads touching "copies" of one object corrupt it. A recipe copy owns a fit
   object of its own, made through text, and may go to another thread. */
static JsonObject *
deep_copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = rlx_json_to_string (node, FALSE);
  g_autoptr(JsonNode) copy = json_from_string (text, NULL);

  if (copy == NULL || !JSON_NODE_HOLDS_OBJECT (copy))
    return json_object_new ();
  return json_object_ref (json_node_get_object (copy));
}

/**
 * rlx_recipe_copy:
 *
 * Returns: (transfer full): a copy that shares nothing with @recipe, so it can be used in
 *   another thread
 */
RlxRecipe *
rlx_recipe_copy (const RlxRecipe *recipe)
{
  RlxRecipe *copy = g_memdup2 (recipe, sizeof (RlxRecipe));

  copy->baseline = rlx_baseline_spec_copy (recipe->baseline);
  copy->masks = g_array_copy (recipe->masks);
  copy->fit_model = g_strdup (recipe->fit_model);
  copy->fit_options = recipe->fit_options ? deep_copy_object (recipe->fit_options) : NULL;
  return copy;
}

void
rlx_recipe_free (RlxRecipe *recipe)
{
  if (recipe == NULL)
    return;
  rlx_baseline_spec_free (recipe->baseline);
  g_array_unref (recipe->masks);
  g_free (recipe->fit_model);
  g_clear_pointer (&recipe->fit_options, json_object_unref);
  g_free (recipe);
}

void
rlx_recipe_add_mask (RlxRecipe *recipe,
                     double     lo,
                     double     hi)
{
  RlxRange range = { MIN (lo, hi), MAX (lo, hi) };

  g_array_append_val (recipe->masks, range);
}

void
rlx_recipe_set_baseline (RlxRecipe       *recipe,
                         RlxBaselineSpec *baseline)
{
  rlx_baseline_spec_free (recipe->baseline);
  recipe->baseline = baseline;
}

static gboolean
get_number (JsonObject  *object,
            const char  *member,
            double      *value,
            gboolean     allow_null,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (node) && allow_null)
    {
      *value = NAN;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
       json_node_get_value_type (node) != G_TYPE_INT64))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "The recipe member “%s” must be a number.", member);
      return FALSE;
    }
  *value = json_node_get_double (node);
  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *member,
          gboolean    *value,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "The recipe member “%s” must be true or false.", member);
      return FALSE;
    }
  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_range (JsonNode    *node,
           const char  *member,
           RlxRange    *range,
           GError     **error)
{
  JsonArray *pair;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (pair = json_node_get_array (node)) != 2 ||
      !JSON_NODE_HOLDS_VALUE (json_array_get_element (pair, 0)) ||
      !JSON_NODE_HOLDS_VALUE (json_array_get_element (pair, 1)))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "The recipe member “%s” must be a [low, high] pair of temperatures in K.", member);
      return FALSE;
    }
  range->lo = json_array_get_double_element (pair, 0);
  range->hi = json_array_get_double_element (pair, 1);
  if (!(range->hi > range->lo))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "The recipe range “%s” [%g, %g] is empty: write the lower temperature first.",
                   member, range->lo, range->hi);
      return FALSE;
    }
  return TRUE;
}

RlxRecipe *
rlx_recipe_from_node (JsonNode  *node,
                      GError   **error)
{
  g_autoptr(RlxRecipe) recipe = rlx_recipe_new ();
  JsonObject *object;
  JsonNode *member;
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "A recipe is a JSON object, e.g. {\"baseline\":{\"type\":\"auto\"},\"window\":[250,420]}.");
      return NULL;
    }
  object = json_node_get_object (node);

  member = json_object_get_member (object, "reference");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (member);

          if (g_strcmp0 (text, "auto") == 0)
            recipe->reference_mode = RLX_REFERENCE_AUTO;
          else if (g_strcmp0 (text, "none") == 0)
            recipe->reference_mode = RLX_REFERENCE_NONE;
          else
            {
              g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                           "The recipe’s reference must be \"auto\", \"none\" or a run id (got “%s”).",
                           text);
              return NULL;
            }
        }
      else if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_INT64 &&
               json_node_get_int (member) > 0)
        {
          recipe->reference_mode = RLX_REFERENCE_ID;
          recipe->reference_id = json_node_get_int (member);
        }
      else
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                       "The recipe’s reference must be \"auto\", \"none\" or a positive run id.");
          return NULL;
        }
    }
  else if (member != NULL)
    recipe->reference_mode = RLX_REFERENCE_NONE;

  if (!get_number (object, "grid_step", &recipe->grid_step, FALSE, error) ||
      !get_number (object, "lag", &recipe->lag, FALSE, error) ||
      !get_bool (object, "normalise_mass", &recipe->normalise_mass, error) ||
      !get_number (object, "mass_mg", &recipe->mass_mg, TRUE, error) ||
      !get_bool (object, "dqdt", &recipe->dqdt, error) ||
      !get_number (object, "rate_tolerance", &recipe->rate_tolerance, FALSE, error) ||
      !get_number (object, "min_overlap", &recipe->min_overlap, FALSE, error))
    return NULL;
  if (recipe->grid_step < 0 || !isfinite (recipe->grid_step))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "The grid step must be ≥ 0 K (0 = automatic), got %g.", recipe->grid_step);
      return NULL;
    }
  if (!isfinite (recipe->lag))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE, "The lag must be a number of seconds.");
      return NULL;
    }
  if (isfinite (recipe->mass_mg) && !(recipe->mass_mg > 0))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "The sample mass must be positive (mg), got %g.", recipe->mass_mg);
      return NULL;
    }
  value = recipe->smooth;
  if (!get_number (object, "smooth", &value, FALSE, error))
    return NULL;
  if (value < 0 || value > 1000 || value != floor (value))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "The smoothing half window must be a whole number of points 0–1000.");
      return NULL;
    }
  recipe->smooth = (guint) value;

  member = json_object_get_member (object, "baseline");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      RlxBaselineSpec *baseline;

      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        baseline = rlx_baseline_spec_parse (json_node_get_string (member), error);
      else
        baseline = rlx_baseline_spec_from_json (member, error);
      if (baseline == NULL)
        return NULL;
      rlx_recipe_set_baseline (recipe, baseline);
    }

  member = json_object_get_member (object, "window");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!get_range (member, "window", &recipe->window, error))
        return NULL;
      recipe->has_window = TRUE;
    }

  member = json_object_get_member (object, "masks");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                       "The recipe’s masks must be a list of [low, high] pairs in K.");
          return NULL;
        }
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          RlxRange range;

          if (!get_range (json_array_get_element (array, i), "masks", &range, error))
            return NULL;
          g_array_append_val (recipe->masks, range);
        }
    }

  member = json_object_get_member (object, "fit");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonObject *fit;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                       "The recipe’s fit must be an object, e.g. {\"enabled\":true,\"model\":\"debye\"}.");
          return NULL;
        }
      fit = json_node_get_object (member);
      recipe->fit = TRUE;
      if (!get_bool (fit, "enabled", &recipe->fit, error))
        return NULL;
      if (json_object_has_member (fit, "model"))
        {
          const char *model = json_object_get_string_member_with_default (fit, "model", NULL);

          if (model == NULL || *model == '\0')
            {
              g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                           "The recipe’s fit model must be a model id such as \"debye\".");
              return NULL;
            }
          g_free (recipe->fit_model);
          recipe->fit_model = g_strdup (model);
        }
      recipe->fit_options = json_object_ref (fit);
    }

  return g_steal_pointer (&recipe);
}

RlxRecipe *
rlx_recipe_from_json (const char  *json,
                      GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local = NULL;

  node = json_from_string (json, &local);
  if (node == NULL)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "The recipe is not valid JSON: %s", local ? local->message : "empty text");
      return NULL;
    }
  return rlx_recipe_from_node (node, error);
}

static JsonNode *
range_node (const RlxRange *range)
{
  g_autoptr(JsonArray) pair = json_array_new ();

  json_array_add_double_element (pair, range->lo);
  json_array_add_double_element (pair, range->hi);
  /* the node takes its own reference */
  return json_node_init_array (json_node_alloc (), pair);
}

/* JSON has no NaN or infinity. */
static void
set_number (JsonObject *object,
            const char *name,
            double      value)
{
  if (isfinite (value))
    json_object_set_double_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

JsonNode *
rlx_recipe_to_node (const RlxRecipe *recipe)
{
  JsonObject *object = json_object_new ();
  JsonArray *masks = json_array_new ();
  JsonObject *fit;
  JsonNode *node;

  switch (recipe->reference_mode)
    {
    case RLX_REFERENCE_ID:
      json_object_set_int_member (object, "reference", recipe->reference_id);
      break;
    case RLX_REFERENCE_NONE:
      json_object_set_string_member (object, "reference", "none");
      break;
    case RLX_REFERENCE_AUTO:
    default:
      json_object_set_string_member (object, "reference", "auto");
      break;
    }
  set_number (object, "grid_step", recipe->grid_step);
  set_number (object, "lag", recipe->lag);
  json_object_set_boolean_member (object, "normalise_mass", recipe->normalise_mass);
  set_number (object, "mass_mg", recipe->mass_mg);
  json_object_set_boolean_member (object, "dqdt", recipe->dqdt);
  json_object_set_member (object, "baseline", rlx_baseline_spec_to_json (recipe->baseline));
  if (recipe->has_window)
    json_object_set_member (object, "window", range_node (&recipe->window));
  else
    json_object_set_null_member (object, "window");
  for (guint i = 0; i < recipe->masks->len; i++)
    json_array_add_element (masks, range_node (&g_array_index (recipe->masks, RlxRange, i)));
  json_object_set_array_member (object, "masks", masks);
  set_number (object, "rate_tolerance", recipe->rate_tolerance);
  set_number (object, "min_overlap", recipe->min_overlap);
  json_object_set_int_member (object, "smooth", recipe->smooth);

  fit = json_object_new ();
  if (recipe->fit_options != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (recipe->fit_options);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (fit, l->data,
                                json_node_copy (json_object_get_member (recipe->fit_options, l->data)));
    }
  json_object_set_boolean_member (fit, "enabled", recipe->fit);
  json_object_set_string_member (fit, "model", recipe->fit_model);
  json_object_set_object_member (object, "fit", fit);

  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

char *
rlx_recipe_to_json (const RlxRecipe *recipe)
{
  g_autoptr(JsonNode) node = rlx_recipe_to_node (recipe);

  return rlx_json_to_string (node, FALSE);
}

static gboolean
parse_positive (const char  *key,
                const char  *value,
                gboolean     allow_zero,
                gboolean     allow_negative,
                double      *out,
                GError     **error)
{
  char *end = NULL;
  double v = g_ascii_strtod (value, &end);

  if (end == value || *end != '\0' || !isfinite (v) || (!allow_negative && v < 0) ||
      (!allow_zero && v == 0))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "“%s” is not a valid %s; give a %snumber.", value, key,
                   allow_negative ? "" : allow_zero ? "non-negative " : "positive ");
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
rlx_recipe_set_option (RlxRecipe  *recipe,
                       const char *key,
                       const char *value,
                       GError    **error)
{
  if (g_strcmp0 (key, "reference") == 0)
    {
      guint64 id;

      if (g_strcmp0 (value, "auto") == 0)
        recipe->reference_mode = RLX_REFERENCE_AUTO;
      else if (g_strcmp0 (value, "none") == 0)
        recipe->reference_mode = RLX_REFERENCE_NONE;
      else if (g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT64, &id, NULL))
        {
          recipe->reference_mode = RLX_REFERENCE_ID;
          recipe->reference_id = (gint64) id;
        }
      else
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                       "The reference must be auto, none or a run id (got “%s”).", value);
          return FALSE;
        }
      return TRUE;
    }
  if (g_strcmp0 (key, "baseline") == 0)
    {
      RlxBaselineSpec *baseline = rlx_baseline_spec_parse (value, error);

      if (baseline == NULL)
        return FALSE;
      rlx_recipe_set_baseline (recipe, baseline);
      return TRUE;
    }
  if (g_strcmp0 (key, "window") == 0)
    {
      if (g_strcmp0 (value, "none") == 0)
        {
          recipe->has_window = FALSE;
          return TRUE;
        }
      if (!rlx_range_parse (value, &recipe->window, error))
        return FALSE;
      recipe->has_window = TRUE;
      return TRUE;
    }
  if (g_strcmp0 (key, "mask") == 0)
    {
      RlxRange range;

      if (!rlx_range_parse (value, &range, error))
        return FALSE;
      g_array_append_val (recipe->masks, range);
      return TRUE;
    }
  if (g_strcmp0 (key, "grid") == 0)
    return parse_positive ("grid step (K)", value, TRUE, FALSE, &recipe->grid_step, error);
  if (g_strcmp0 (key, "lag") == 0)
    return parse_positive ("lag (s)", value, TRUE, TRUE, &recipe->lag, error);
  if (g_strcmp0 (key, "mass") == 0)
    return parse_positive ("mass (mg)", value, FALSE, FALSE, &recipe->mass_mg, error);
  if (g_strcmp0 (key, "model") == 0)
    {
      g_free (recipe->fit_model);
      recipe->fit_model = g_strdup (value);
      return TRUE;
    }
  g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE, "Unknown recipe setting “%s”.", key);
  return FALSE;
}
