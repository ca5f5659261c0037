/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-fit-panel-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Reading the fit form: its text fields and choices become the recipe of a peak. */

/* "420 – 480", "420-480", "420 480", "420:480" */
static gboolean
parse_range (const char *text,
             double     *lo,
             double     *hi)
{
  g_autofree char *copy = g_strdup (text);
  char *end = NULL;
  char *p;

  for (p = copy; *p != '\0'; p++)
    if (*p == ':' || *p == ';')
      *p = ' ';
  p = copy;
  while (g_ascii_isspace (*p))
    p++;
  *lo = g_ascii_strtod (p, &end);
  if (end == p)
    return FALSE;
  p = end;
  while (g_ascii_isspace (*p))
    p++;
  if (g_str_has_prefix (p, "–"))
    p += strlen ("–");
  else if (*p == '-' || *p == ',')
    p++;
  *hi = g_ascii_strtod (p, &end);
  if (end == p)
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0' || !isfinite (*lo) || !isfinite (*hi) || *lo == *hi)
    return FALSE;
  if (*lo > *hi)
    {
      double t = *lo;

      *lo = *hi;
      *hi = t;
    }
  return TRUE;
}

char *
rlx_fit_panel_format_range (double lo,
              double hi)
{
  return g_strdup_printf ("%.1f – %.1f", lo, hi);
}

gboolean
rlx_fit_panel_read_window (RlxFitPanel *self,
             double      *lo,
             double      *hi,
             GError     **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->window_row));

  *lo = *hi = NAN;
  if (text[0] == '\0')
    return TRUE;
  if (!parse_range (text, lo, hi))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The fit window “%s” is not two temperatures in K, e.g. 300 – 420."), text);
      return FALSE;
    }
  return TRUE;
}

static GArray *
read_masks (RlxFitPanel *self,
            GError     **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->masks_row));
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GArray) masks = g_array_new (FALSE, FALSE, sizeof (RlxRange));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      RlxRange range;

      if (g_strstrip (parts[i])[0] == '\0')
        continue;
      if (!parse_range (parts[i], &range.lo, &range.hi))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The masked range “%s” is not two temperatures in K; separate ranges with commas, e.g. 350 – 355, 400 – 410."),
                       parts[i]);
          return NULL;
        }
      g_array_append_val (masks, range);
    }
  return g_steal_pointer (&masks);
}

static RlxBaselineSpec *
build_baseline (RlxFitPanel *self,
                double       lo,
                double       hi,
                GError     **error)
{
  guint selected = adw_combo_row_get_selected (self->baseline_row);
  RlxBaselineSpec *spec;
  RlxRange ranges[2];

  switch (selected)
    {
    case BASELINE_AUTO:
      return rlx_baseline_spec_new (RLX_BASELINE_KIND_AUTO);
    case BASELINE_NONE:
      return rlx_baseline_spec_new (RLX_BASELINE_KIND_NONE);
    case BASELINE_ANCHORS:
      if (self->anchors->len < 2)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Double-click at least two points of the curve to anchor the baseline."));
          return NULL;
        }
      spec = rlx_baseline_spec_new (RLX_BASELINE_KIND_ANCHORS);
      spec->spline = self->anchors->len > 2;
      g_array_append_vals (spec->anchors, self->anchors->data, self->anchors->len);
      return spec;
    default:
      break;
    }

  if (!isfinite (lo) || !isfinite (hi))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This baseline is fitted at the ends of the fit window: set the window first (type it, or drag its edges on the plot)."));
      return NULL;
    }
  /* The outer eighth of the window on each side carries the baseline. */
  ranges[0] = (RlxRange) { lo, lo + 0.125 * (hi - lo) };
  ranges[1] = (RlxRange) { hi - 0.125 * (hi - lo), hi };
  switch (selected)
    {
    case BASELINE_LINEAR:
      spec = rlx_baseline_spec_new (RLX_BASELINE_KIND_LINEAR);
      spec->order = 1;
      break;
    case BASELINE_QUADRATIC:
      spec = rlx_baseline_spec_new (RLX_BASELINE_KIND_POLYNOMIAL);
      spec->order = 2;
      break;
    case BASELINE_TANGENTS:
      spec = rlx_baseline_spec_new (RLX_BASELINE_KIND_TANGENT);
      break;
    case BASELINE_SIGMOIDAL:
    default:
      spec = rlx_baseline_spec_new (RLX_BASELINE_KIND_SIGMOIDAL);
      break;
    }
  g_array_append_vals (spec->ranges, ranges, 2);
  return spec;
}

const char *
rlx_fit_panel_selected_model_id (RlxFitPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->model_row);

  if (selected >= self->model_ids->len)
    return NULL;
  return g_ptr_array_index (self->model_ids, selected);
}

RlxRecipe *
rlx_fit_panel_build_recipe (RlxFitPanel *self,
              GError     **error)
{
  g_autoptr(RlxRecipe) recipe = rlx_recipe_new ();
  g_autoptr(GArray) masks = NULL;
  guint reference = adw_combo_row_get_selected (self->reference_row);
  RlxBaselineSpec *baseline;
  double lo, hi;

  if (!rlx_fit_panel_read_window (self, &lo, &hi, error))
    return NULL;
  if ((masks = read_masks (self, error)) == NULL)
    return NULL;
  if ((baseline = build_baseline (self, lo, hi, error)) == NULL)
    return NULL;
  rlx_recipe_set_baseline (recipe, baseline);

  if (reference < self->reference_ids->len)
    {
      gint64 id = g_array_index (self->reference_ids, gint64, reference);

      recipe->reference_mode = id < 0 ? RLX_REFERENCE_AUTO : id == 0 ? RLX_REFERENCE_NONE : RLX_REFERENCE_ID;
      recipe->reference_id = MAX (id, 0);
    }
  recipe->has_window = isfinite (lo) && isfinite (hi);
  if (recipe->has_window)
    recipe->window = (RlxRange) { lo, hi };
  for (guint i = 0; i < masks->len; i++)
    rlx_recipe_add_mask (recipe, g_array_index (masks, RlxRange, i).lo, g_array_index (masks, RlxRange, i).hi);
  if (rlx_fit_panel_selected_model_id (self) != NULL)
    {
      g_free (recipe->fit_model);
      recipe->fit_model = g_strdup (rlx_fit_panel_selected_model_id (self));
    }
  return g_steal_pointer (&recipe);
}

