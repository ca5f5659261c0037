/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-signal"

#include "config.h"

#include "rlx-baseline.h"

#include <math.h>
#include <string.h>

#include "rlx-baseline-private.h"
#include "rlx-json.h"

/* ---- JSON ---------------------------------------------------------------------------------- */

static gboolean
read_number (JsonNode *node,
             double   *value)
{
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  switch (json_node_get_value_type (node) == G_TYPE_INT64 ? 0 :
          json_node_get_value_type (node) == G_TYPE_DOUBLE ? 1 : 2)
    {
    case 0:
      *value = (double) json_node_get_int (node);
      return TRUE;
    case 1:
      *value = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
read_ranges (JsonNode    *node,
             const char  *member,
             GArray      *ranges,
             GError     **error)
{
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto bad;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonArray *pair;
      RlxRange range;

      if (!JSON_NODE_HOLDS_ARRAY (item))
        goto bad;
      pair = json_node_get_array (item);
      if (json_array_get_length (pair) != 2 ||
          !read_number (json_array_get_element (pair, 0), &range.lo) ||
          !read_number (json_array_get_element (pair, 1), &range.hi))
        goto bad;
      if (!(range.hi > range.lo))
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                       "The baseline range [%g, %g] in “%s” is empty: write the lower temperature first.",
                       range.lo, range.hi, member);
          return FALSE;
        }
      g_array_append_val (ranges, range);
    }
  return TRUE;

bad:
  g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
               "The baseline member “%s” must be a list of [low, high] temperature pairs in K, "
               "e.g. [[250, 270], [330, 350]].", member);
  return FALSE;
}

gboolean
rlx_baseline_check_ranges (RlxBaselineSpec  *baseline,
              guint             needed,
              GError          **error)
{
  if (baseline->ranges->len < needed)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                   "A %s baseline needs %s%u temperature range%s (it has %u), e.g. "
                   "[[250, 270], [330, 350]].",
                   rlx_baseline_kind_to_string (baseline->kind),
                   baseline->kind == RLX_BASELINE_KIND_TANGENT ||
                   baseline->kind == RLX_BASELINE_KIND_SIGMOIDAL ? "exactly " : "at least ",
                   needed, needed == 1 ? "" : "s", baseline->ranges->len);
      return FALSE;
    }
  if ((baseline->kind == RLX_BASELINE_KIND_TANGENT || baseline->kind == RLX_BASELINE_KIND_SIGMOIDAL))
    {
      RlxRange *r = (RlxRange *) baseline->ranges->data;

      if (baseline->ranges->len != 2)
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                       "A %s baseline needs exactly 2 ranges, one below and one above the peak "
                       "(it has %u).", rlx_baseline_kind_to_string (baseline->kind),
                       baseline->ranges->len);
          return FALSE;
        }
      if (!(r[0].hi <= r[1].lo))
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                       "The two ranges of a %s baseline must not overlap and the low one comes "
                       "first (got %g–%g K and %g–%g K).",
                       rlx_baseline_kind_to_string (baseline->kind), r[0].lo, r[0].hi, r[1].lo, r[1].hi);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
validate (RlxBaselineSpec  *baseline,
          GError          **error)
{
  switch (baseline->kind)
    {
    case RLX_BASELINE_KIND_NONE:
    case RLX_BASELINE_KIND_AUTO:
      return TRUE;
    case RLX_BASELINE_KIND_LINEAR:
      baseline->order = 1;
      return rlx_baseline_check_ranges (baseline, 1, error);
    case RLX_BASELINE_KIND_POLYNOMIAL:
      if (baseline->order > MAX_ORDER)
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                       "A polynomial baseline of order %u is asking for trouble; use order 0–%d.",
                       baseline->order, MAX_ORDER);
          return FALSE;
        }
      return rlx_baseline_check_ranges (baseline, 1, error);
    case RLX_BASELINE_KIND_TANGENT:
    case RLX_BASELINE_KIND_SIGMOIDAL:
      return rlx_baseline_check_ranges (baseline, 2, error);
    case RLX_BASELINE_KIND_ANCHORS:
      if (baseline->anchors->len < 2)
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                       "An anchor baseline needs at least 2 anchor points (it has %u).",
                       baseline->anchors->len);
          return FALSE;
        }
      for (guint i = 1; i < baseline->anchors->len; i++)
        if (!(g_array_index (baseline->anchors, RlxAnchor, i).t >
              g_array_index (baseline->anchors, RlxAnchor, i - 1).t))
          {
            g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                         "The baseline anchors must have increasing temperatures "
                         "(%g K follows %g K).",
                         g_array_index (baseline->anchors, RlxAnchor, i).t,
                         g_array_index (baseline->anchors, RlxAnchor, i - 1).t);
            return FALSE;
          }
      if (!(baseline->half_width > 0))
        baseline->half_width = 1.0;
      return TRUE;
    case RLX_N_BASELINE_KINDS:
    default:
      break;
    }
  g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE, "Unknown baseline type.");
  return FALSE;
}

RlxBaselineSpec *
rlx_baseline_spec_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(RlxBaselineSpec) baseline = NULL;
  JsonObject *object;
  const char *type;
  RlxBaselineKind kind;
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                   "A baseline is a JSON object such as {\"type\":\"linear\",\"ranges\":[[250,270],[330,350]]}.");
      return NULL;
    }
  object = json_node_get_object (node);
  type = json_object_get_string_member_with_default (object, "type", NULL);
  kind = rlx_baseline_kind_from_string (type);
  if (kind == RLX_N_BASELINE_KINDS)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                   "Unknown baseline type “%s”; use none, linear, polynomial, anchors, tangent, "
                   "sigmoidal or auto.", type ? type : "(missing)");
      return NULL;
    }
  baseline = rlx_baseline_spec_new (kind);

  if (read_number (json_object_get_member (object, "order"), &value))
    {
      if (value < 0 || value != floor (value))
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                       "The polynomial order must be a whole number ≥ 0 (got %g).", value);
          return NULL;
        }
      baseline->order = (guint) value;
    }
  if (!read_ranges (json_object_get_member (object, "ranges"), "ranges", baseline->ranges, error))
    return NULL;
  if (kind == RLX_BASELINE_KIND_AUTO &&
      !read_ranges (json_object_get_member (object, "exclude"), "exclude", baseline->ranges, error))
    return NULL;

  if (json_object_has_member (object, "points"))
    {
      JsonNode *points = json_object_get_member (object, "points");
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (points))
        goto bad_points;
      array = json_node_get_array (points);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          RlxAnchor anchor = { NAN, NAN };

          if (read_number (item, &anchor.t))
            {
              g_array_append_val (baseline->anchors, anchor);
              continue;
            }
          if (!JSON_NODE_HOLDS_ARRAY (item))
            goto bad_points;
          {
            JsonArray *pair = json_node_get_array (item);
            guint len = json_array_get_length (pair);

            if (len < 1 || len > 2 || !read_number (json_array_get_element (pair, 0), &anchor.t))
              goto bad_points;
            if (len == 2 && !JSON_NODE_HOLDS_NULL (json_array_get_element (pair, 1)) &&
                !read_number (json_array_get_element (pair, 1), &anchor.y))
              goto bad_points;
          }
          g_array_append_val (baseline->anchors, anchor);
        }
    }
  {
    const char *interpolation = json_object_get_string_member_with_default (object, "interpolation",
                                                                            "linear");
    if (g_strcmp0 (interpolation, "spline") == 0)
      baseline->spline = TRUE;
    else if (g_strcmp0 (interpolation, "linear") != 0)
      {
        g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                     "Unknown anchor interpolation “%s”; use linear or spline.", interpolation);
        return NULL;
      }
    if (type != NULL && g_ascii_strcasecmp (type, "spline") == 0)
      baseline->spline = TRUE;
  }
  if (read_number (json_object_get_member (object, "half_width"), &value))
    baseline->half_width = value;
  if (read_number (json_object_get_member (object, "lambda"), &value))
    {
      if (value < 0)
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                       "The smoothness lambda of an auto baseline must be ≥ 0 (0 = automatic).");
          return NULL;
        }
      baseline->lambda = value;
    }
  if (read_number (json_object_get_member (object, "p"), &value))
    {
      if (!(value > 0 && value < 0.5))
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                       "The asymmetry p of an auto baseline must lie between 0 and 0.5 (got %g).",
                       value);
          return NULL;
        }
      baseline->asymmetry = value;
    }

  if (!validate (baseline, error))
    return NULL;
  return g_steal_pointer (&baseline);

bad_points:
  g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
               "The anchor “points” must be a list of [T, y] or [T] (y from the data), T in K.");
  return NULL;
}

static gboolean
parse_double (const char *text,
              double     *value)
{
  char *end = NULL;

  while (g_ascii_isspace (*text))
    text++;
  *value = g_ascii_strtod (text, &end);
  if (end == text)
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  return *end == '\0' && isfinite (*value);
}

static gboolean
parse_short_ranges (const char *text,
                    GArray     *ranges,
                    GError    **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      RlxRange range;

      if (!rlx_range_parse (parts[i], &range, error))
        return FALSE;
      g_array_append_val (ranges, range);
    }
  return TRUE;
}

RlxBaselineSpec *
rlx_baseline_spec_parse (const char  *spec,
                         GError     **error)
{
  g_autoptr(RlxBaselineSpec) baseline = NULL;
  g_autofree char *head = NULL;
  const char *rest, *colon;
  RlxBaselineKind kind;

  if (spec == NULL)
    return rlx_baseline_spec_new (RLX_BASELINE_KIND_NONE);
  while (g_ascii_isspace (*spec))
    spec++;
  if (*spec == '{')
    {
      g_autoptr(JsonNode) node = json_from_string (spec, error);

      if (node == NULL)
        {
          g_prefix_error (error, "The baseline is not valid JSON: ");
          if (error != NULL && *error != NULL)
            {
              (*error)->domain = RLX_SIGNAL_ERROR;
              (*error)->code = RLX_SIGNAL_ERROR_BASELINE;
            }
          return NULL;
        }
      return rlx_baseline_spec_from_json (node, error);
    }

  colon = strchr (spec, ':');
  head = colon ? g_strndup (spec, colon - spec) : g_strdup (spec);
  rest = colon ? colon + 1 : "";
  kind = rlx_baseline_kind_from_string (g_strstrip (head));
  if (kind == RLX_N_BASELINE_KINDS)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                   "Unknown baseline “%s”; use none, auto, linear:A:B,C:D, poly:ORDER:A:B,C:D, "
                   "tangent:A:B,C:D, sigmoidal:A:B,C:D, spline:T1,T2,… or anchors:T1,T2,… "
                   "(temperatures in K), or a JSON object.", spec);
      return NULL;
    }
  baseline = rlx_baseline_spec_new (kind);
  if (g_ascii_strcasecmp (head, "spline") == 0)
    baseline->spline = TRUE;

  switch (kind)
    {
    case RLX_BASELINE_KIND_NONE:
    case RLX_BASELINE_KIND_AUTO:
      if (*rest != '\0' && !parse_short_ranges (rest, baseline->ranges, error))
        return NULL;
      break;
    case RLX_BASELINE_KIND_POLYNOMIAL:
      {
        const char *second = strchr (rest, ':');
        g_autofree char *order = second ? g_strndup (rest, second - rest) : NULL;
        double value;

        if (order == NULL || !parse_double (order, &value) || value < 0 || value != floor (value))
          {
            g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                         "Write a polynomial baseline as poly:ORDER:A:B,C:D, e.g. poly:2:250:270,330:350.");
            return NULL;
          }
        baseline->order = (guint) value;
        if (!parse_short_ranges (second + 1, baseline->ranges, error))
          return NULL;
      }
      break;
    case RLX_BASELINE_KIND_LINEAR:
    case RLX_BASELINE_KIND_TANGENT:
    case RLX_BASELINE_KIND_SIGMOIDAL:
      if (!parse_short_ranges (rest, baseline->ranges, error))
        return NULL;
      break;
    case RLX_BASELINE_KIND_ANCHORS:
      {
        g_auto(GStrv) parts = g_strsplit (rest, ",", -1);

        for (guint i = 0; parts[i] != NULL; i++)
          {
            RlxAnchor anchor = { NAN, NAN };
            char *eq = strchr (parts[i], '=');

            if (eq != NULL)
              *eq = '\0';
            if (!parse_double (parts[i], &anchor.t) || (eq != NULL && !parse_double (eq + 1, &anchor.y)))
              {
                g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                             "Write anchors as T1,T2,… or T1=y1,T2=y2,… (T in K), e.g. spline:250,300,400.");
                return NULL;
              }
            g_array_append_val (baseline->anchors, anchor);
          }
      }
      break;
    case RLX_N_BASELINE_KINDS:
    default:
      break;
    }

  if (!validate (baseline, error))
    return NULL;
  return g_steal_pointer (&baseline);
}

static JsonNode *
ranges_to_node (GArray *ranges)
{
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; i < ranges->len; i++)
    {
      JsonArray *pair = json_array_new ();
      RlxRange *r = &g_array_index (ranges, RlxRange, i);

      json_array_add_double_element (pair, r->lo);
      json_array_add_double_element (pair, r->hi);
      json_array_add_array_element (array, pair);
    }
  return json_node_init_array (json_node_alloc (), array);
}

JsonNode *
rlx_baseline_spec_to_json (const RlxBaselineSpec *baseline)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, rlx_baseline_kind_to_string (baseline->kind));
  switch (baseline->kind)
    {
    case RLX_BASELINE_KIND_POLYNOMIAL:
      json_builder_set_member_name (builder, "order");
      json_builder_add_int_value (builder, baseline->order);
      G_GNUC_FALLTHROUGH;
    case RLX_BASELINE_KIND_LINEAR:
    case RLX_BASELINE_KIND_TANGENT:
    case RLX_BASELINE_KIND_SIGMOIDAL:
      json_builder_set_member_name (builder, "ranges");
      json_builder_add_value (builder, ranges_to_node (baseline->ranges));
      break;
    case RLX_BASELINE_KIND_ANCHORS:
      json_builder_set_member_name (builder, "interpolation");
      json_builder_add_string_value (builder, baseline->spline ? "spline" : "linear");
      json_builder_set_member_name (builder, "points");
      json_builder_begin_array (builder);
      for (guint i = 0; i < baseline->anchors->len; i++)
        {
          RlxAnchor *a = &g_array_index (baseline->anchors, RlxAnchor, i);

          json_builder_begin_array (builder);
          rlx_json_builder_add_double (builder, a->t);
          if (isfinite (a->y))
            rlx_json_builder_add_double (builder, a->y);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "half_width");
      rlx_json_builder_add_double (builder, baseline->half_width);
      break;
    case RLX_BASELINE_KIND_AUTO:
      json_builder_set_member_name (builder, "lambda");
      rlx_json_builder_add_double (builder, baseline->lambda);
      json_builder_set_member_name (builder, "p");
      rlx_json_builder_add_double (builder, baseline->asymmetry);
      if (baseline->ranges->len > 0)
        {
          json_builder_set_member_name (builder, "exclude");
          json_builder_add_value (builder, ranges_to_node (baseline->ranges));
        }
      break;
    case RLX_BASELINE_KIND_NONE:
    case RLX_N_BASELINE_KINDS:
    default:
      break;
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
rlx_baseline_spec_to_string (const RlxBaselineSpec *baseline)
{
  g_autoptr(JsonNode) node = rlx_baseline_spec_to_json (baseline);

  return rlx_json_to_string (node, FALSE);
}

