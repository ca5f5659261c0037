/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-fit-panel-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

/* An annealed run fitted before (in an earlier session, by the demo, by relaxun-cli fit or
 * batch) opens with its current "peak-fit": the form takes the recipe it was fitted with, the
 * peak is made from that very recipe, and the results table and the plot show the stored
 * result, so that what is shown is what was fitted. */

static guint
baseline_choice (const RlxBaselineSpec *spec)
{
  if (spec == NULL)
    return BASELINE_AUTO;
  switch (spec->kind)
    {
    case RLX_BASELINE_KIND_NONE:
      return BASELINE_NONE;
    case RLX_BASELINE_KIND_LINEAR:
      return BASELINE_LINEAR;
    case RLX_BASELINE_KIND_POLYNOMIAL:
      return spec->order <= 1 ? BASELINE_LINEAR : BASELINE_QUADRATIC;
    case RLX_BASELINE_KIND_TANGENT:
      return BASELINE_TANGENTS;
    case RLX_BASELINE_KIND_SIGMOIDAL:
      return BASELINE_SIGMOIDAL;
    case RLX_BASELINE_KIND_ANCHORS:
      return BASELINE_ANCHORS;
    case RLX_BASELINE_KIND_AUTO:
    case RLX_N_BASELINE_KINDS:
    default:
      return BASELINE_AUTO;
    }
}

/* The form shows the recipe; the peak itself is made from the recipe, not from the form, since
 * the form cannot say everything a recipe can (e.g. baseline ranges other than the window's
 * outer eighths). */
static void
apply_recipe_to_form (RlxFitPanel     *self,
                      const RlxRecipe *recipe)
{
  g_autoptr(GString) masks = g_string_new (NULL);

  self->updating_form = TRUE;
  if (recipe->has_window)
    {
      g_autofree char *text = rlx_fit_panel_format_range (recipe->window.lo, recipe->window.hi);

      gtk_editable_set_text (GTK_EDITABLE (self->window_row), text);
    }
  for (guint i = 0; recipe->masks != NULL && i < recipe->masks->len; i++)
    {
      const RlxRange *r = &g_array_index (recipe->masks, RlxRange, i);
      g_autofree char *text = rlx_fit_panel_format_range (r->lo, r->hi);

      g_string_append_printf (masks, "%s%s", i > 0 ? ", " : "", text);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->masks_row), masks->str);
  adw_combo_row_set_selected (self->baseline_row, baseline_choice (recipe->baseline));
  g_array_set_size (self->anchors, 0);
  if (recipe->baseline != NULL && recipe->baseline->kind == RLX_BASELINE_KIND_ANCHORS &&
      recipe->baseline->anchors != NULL)
    g_array_append_vals (self->anchors, recipe->baseline->anchors->data, recipe->baseline->anchors->len);
  for (guint i = 0; i < self->reference_ids->len; i++)
    {
      gint64 id = g_array_index (self->reference_ids, gint64, i);

      if ((recipe->reference_mode == RLX_REFERENCE_AUTO && id < 0) ||
          (recipe->reference_mode == RLX_REFERENCE_NONE && id == 0) ||
          (recipe->reference_mode == RLX_REFERENCE_ID && id == recipe->reference_id))
        {
          adw_combo_row_set_selected (self->reference_row, i);
          break;
        }
    }
  self->updating_form = FALSE;
}

static void
select_model (RlxFitPanel *self,
              const char  *model_id)
{
  for (guint i = 0; model_id != NULL && i < self->model_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->model_ids, i), model_id))
      {
        self->updating_form = TRUE;
        adw_combo_row_set_selected (self->model_row, i);
        self->updating_form = FALSE;
        return;
      }
}

static char *
format_when (const char *created_at)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (created_at == NULL)
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (created_at, NULL);
  local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (created_at);
}

gboolean
rlx_fit_panel_show_stored_peak_fit (RlxFitPanel *self)
{
  RlxStore *store = rlx_project_get_store (self->project);
  gint64 run_id = rlx_run_item_get_id (self->run);
  g_autoptr(RlxAnalysisRecord) analysis = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(RlxFitResult) result = NULL;
  g_autoptr(RlxRecipe) recipe = NULL;
  g_autoptr(RlxPeak) peak = NULL;
  g_autofree char *when = NULL;
  g_autofree char *status = NULL;

  analysis = rlx_store_get_current_analysis (store, run_id, "peak-fit", NULL);
  if (analysis == NULL || analysis->result_json == NULL)
    return FALSE;
  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, analysis->result_json, -1, NULL))
    result = rlx_fit_result_from_json (json_parser_get_root (parser), NULL);
  if (result == NULL || result->params == NULL)
    return FALSE;
  if (analysis->recipe_json != NULL)
    recipe = rlx_recipe_from_json (analysis->recipe_json, NULL);
  if (recipe == NULL)
    recipe = self->recipe != NULL ? rlx_recipe_copy (self->recipe) : rlx_recipe_new ();
  peak = rlx_peak_extract (store, run_id, recipe, NULL);
  if (peak == NULL)
    return FALSE;

  apply_recipe_to_form (self, recipe);
  select_model (self, result->model_id);
  g_clear_pointer (&self->peak, rlx_peak_free);
  g_clear_pointer (&self->recipe, rlx_recipe_free);
  self->peak = g_steal_pointer (&peak);
  self->recipe = g_steal_pointer (&recipe);
  rlx_fit_panel_show_result (self, result);
  g_clear_pointer (&self->result, rlx_fit_result_free);
  self->result = g_steal_pointer (&result);

  when = format_when (analysis->created_at);
  /* Translators: the status line of a peak fit loaded from the database: date and time */
  status = g_strdup_printf (_("Stored fit from %s. Fit again to replace it with a new analysis."), when);
  rlx_fit_panel_set_status (self, status);
  rlx_fit_panel_update_actions (self);
  rlx_fit_panel_emit_analysis_changed (self);
  return TRUE;
}
