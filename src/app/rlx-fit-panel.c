/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-fit-panel.h"
#include "rlx-fit-panel-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include <json-glib/json-glib.h>

#include "rlx-fit.h"
#include "rlx-model.h"
#include "rlx-peak.h"

G_DEFINE_FINAL_TYPE (RlxFitPanel, rlx_fit_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_CAN_FIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ANALYSIS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
run_is_fittable (RlxRunItem *run)
{
  if (run == NULL)
    return FALSE;
  switch (rlx_run_item_get_kind (run))
    {
    case RLX_RUN_KIND_FLASH_DSC_HEATING:
    case RLX_RUN_KIND_DSC_HEATING:
      return rlx_run_item_get_role (run) != RLX_RUN_ROLE_REFERENCE;
    case RLX_RUN_KIND_DMA_TEMPERATURE_SWEEP:
      return TRUE;
    case RLX_RUN_KIND_UNKNOWN:
    case RLX_RUN_KIND_FLASH_DSC_COOLING:
    case RLX_RUN_KIND_DSC_COOLING:
    case RLX_RUN_KIND_DSC_ISOTHERMAL:
    case RLX_RUN_KIND_DMA_FREQUENCY_SWEEP:
    case RLX_RUN_KIND_TGA:
    case RLX_RUN_KIND_RHEOLOGY:
    case RLX_N_RUN_KINDS:
    default:
      return FALSE;
    }
}

gboolean
rlx_fit_panel_get_can_fit (RlxFitPanel *self)
{
  g_return_val_if_fail (RLX_IS_FIT_PANEL (self), FALSE);

  if (self->busy || !run_is_fittable (self->run) || self->model_ids->len == 0)
    return FALSE;
  return rlx_run_item_is_dma (self->run) || self->peak != NULL;
}

gboolean
rlx_fit_panel_get_busy (RlxFitPanel *self)
{
  g_return_val_if_fail (RLX_IS_FIT_PANEL (self), FALSE);
  return self->busy;
}

const char *
rlx_fit_panel_get_status (RlxFitPanel *self)
{
  g_return_val_if_fail (RLX_IS_FIT_PANEL (self), NULL);
  return gtk_label_get_label (self->status_label);
}

guint
rlx_fit_panel_get_n_results (RlxFitPanel *self)
{
  g_return_val_if_fail (RLX_IS_FIT_PANEL (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->results));
}

void
rlx_fit_panel_set_status (RlxFitPanel *self,
            const char  *status)
{
  gtk_label_set_label (self->status_label, status);
}

void
rlx_fit_panel_update_actions (RlxFitPanel *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fit-panel.fit", rlx_fit_panel_get_can_fit (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fit-panel.cancel", self->busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_FIT]);
}

void
rlx_fit_panel_set_busy (RlxFitPanel *self,
          gboolean     busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  rlx_fit_panel_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
fill_models (RlxFitPanel *self)
{
  const char * const *ids = rlx_model_list_ids ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gboolean dma = self->run != NULL && rlx_run_item_is_dma (self->run);

  g_ptr_array_set_size (self->model_ids, 0);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      if (rlx_model_id_is_dma (ids[i]) != dma)
        continue;
      g_ptr_array_add (self->model_ids, (gpointer) ids[i]);
      gtk_string_list_append (labels, rlx_model_id_get_label (ids[i]));
    }
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->model_row, 0);
  /* Havriliak–Negami describes both the broad α peak and the β shoulder of a glass. */
  for (guint i = 0; dma && i < self->model_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->model_ids, i), "dma-hn") == 0)
      adw_combo_row_set_selected (self->model_row, i);
  if (self->model_ids->len > 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->model_row),
                                 rlx_model_id_get_description (g_ptr_array_index (self->model_ids, 0)));
}

static void
fill_references (RlxFitPanel *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gint64 automatic = -1, none = 0;
  guint selected = 0;

  g_array_set_size (self->reference_ids, 0);
  /* Translators: the reference run is chosen by pairing rules */
  gtk_string_list_append (labels, _("Automatic"));
  g_array_append_val (self->reference_ids, automatic);
  /* Translators: no reference run: the annealed run is analysed against its baseline alone */
  gtk_string_list_append (labels, _("None"));
  g_array_append_val (self->reference_ids, none);

  if (self->project != NULL && self->run != NULL)
    {
      RlxSampleItem *sample = NULL;
      GListModel *samples = rlx_project_get_samples (self->project);
      gint64 paired = rlx_run_item_get_record (self->run)->reference_id;

      for (guint i = 0; i < g_list_model_get_n_items (samples) && sample == NULL; i++)
        {
          g_autoptr(RlxSampleItem) candidate = g_list_model_get_item (samples, i);

          if (rlx_sample_item_get_id (candidate) == rlx_run_item_get_sample_id (self->run))
            sample = candidate;
        }
      if (sample != NULL)
        {
          GListModel *runs = rlx_sample_item_get_runs (sample);

          for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
            {
              g_autoptr(RlxRunItem) run = g_list_model_get_item (runs, i);
              gint64 id = rlx_run_item_get_id (run);
              g_autofree char *label = NULL;

              if (rlx_run_item_get_role (run) != RLX_RUN_ROLE_REFERENCE
                  || rlx_run_item_get_kind (run) != rlx_run_item_get_kind (self->run))
                continue;
              g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

              /* Translators: a reference run in the reference chooser: run number, file */
              label = g_strdup_printf (_("Run %s · %s"), number,
                                       rlx_run_item_get_record (run)->source_name != NULL
                                       ? rlx_run_item_get_record (run)->source_name
                                       : rlx_run_item_get_subtitle (run));
              gtk_string_list_append (labels, label);
              g_array_append_val (self->reference_ids, id);
              if (id == paired)
                selected = self->reference_ids->len - 1;
            }
        }
    }

  adw_combo_row_set_model (self->reference_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->reference_row, selected);
}

void
rlx_fit_panel_emit_analysis_changed (RlxFitPanel *self)
{
  g_signal_emit (self, signals[ANALYSIS_CHANGED], 0);
}

gboolean
rlx_fit_panel_run_is_peak (RlxFitPanel *self)
{
  return run_is_fittable (self->run) && !rlx_run_item_is_dma (self->run);
}

/* Makes the peak of the selected run as the form says; fast enough for the main thread. */
void
rlx_fit_panel_rebuild_peak (RlxFitPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxRecipe) recipe = NULL;
  RlxPeak *peak = NULL;

  g_clear_pointer (&self->peak, rlx_peak_free);
  g_clear_pointer (&self->recipe, rlx_recipe_free);
  rlx_fit_panel_clear_results (self);

  if (self->project == NULL || !rlx_fit_panel_run_is_peak (self))
    {
      rlx_fit_panel_emit_analysis_changed (self);
      return;
    }

  recipe = rlx_fit_panel_build_recipe (self, &error);
  if (recipe == NULL && gtk_editable_get_text (GTK_EDITABLE (self->window_row))[0] == '\0')
    {
      /* No window yet for a baseline that needs one: find the peak with the automatic
       * baseline, then the window below is placed around it. */
      g_clear_error (&error);
      recipe = rlx_recipe_new ();
      rlx_recipe_set_baseline (recipe, rlx_baseline_spec_new (RLX_BASELINE_KIND_AUTO));
    }
  if (recipe != NULL)
    peak = rlx_peak_extract (rlx_project_get_store (self->project),
                             rlx_run_item_get_id (self->run), recipe, &error);
  if (peak == NULL)
    {
      rlx_fit_panel_set_status (self, error->message);
      rlx_fit_panel_update_actions (self);
      rlx_fit_panel_emit_analysis_changed (self);
      return;
    }

  self->peak = peak;
  self->recipe = g_steal_pointer (&recipe);

  /* A first look at a run gets a window around the measured peak, or the whole scan when no
   * peak could be measured. */
  if (!self->recipe->has_window && peak->n > 1)
    {
      double lo = peak->t[0], hi = peak->t[peak->n - 1];
      g_autofree char *text = NULL;

      if (isfinite (peak->metrics.tp) && isfinite (peak->metrics.half_low)
          && isfinite (peak->metrics.half_high))
        {
          lo = MAX (lo, peak->metrics.tp - 4.0 * peak->metrics.half_low);
          hi = MIN (hi, peak->metrics.tp + 4.0 * peak->metrics.half_high);
        }
      text = rlx_fit_panel_format_range (lo, hi);
      self->updating_form = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->window_row), text);
      self->updating_form = FALSE;
      rlx_fit_panel_rebuild_peak (self);
      return;
    }

  if (isfinite (peak->metrics.tp))
    {
      g_autofree char *status = NULL;

      /* Translators: peak metrics without a fit: temperature, height and unit */
      status = g_strdup_printf (_("Peak at %.1f K, ΔH = %.4g %s. Ready to fit."),
                                peak->metrics.tp, peak->metrics.delta_h, peak->enthalpy_unit);
      rlx_fit_panel_set_status (self, status);
    }
  else
    rlx_fit_panel_set_status (self, _("No peak could be measured in this window. Ready to fit."));
  rlx_fit_panel_update_actions (self);
  rlx_fit_panel_emit_analysis_changed (self);
}

/* A DMA sweep fitted before (in an earlier session, by the demo or by relaxun-cli) shows its
 * current fit; the plot draws it from the same stored analysis. */
static void
show_stored_dma_fit (RlxFitPanel *self)
{
  g_autoptr(RlxAnalysisRecord) analysis = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *status = NULL;
  g_autofree char *when = NULL;
  RlxFitResult *result = NULL;

  analysis = rlx_store_get_current_analysis (rlx_project_get_store (self->project),
                                             rlx_run_item_get_id (self->run), "dma-fit", NULL);
  if (analysis == NULL || analysis->result_json == NULL)
    return;
  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, analysis->result_json, -1, NULL))
    result = rlx_fit_result_from_json (json_parser_get_root (parser), NULL);
  if (result == NULL)
    return;
  g_clear_pointer (&self->result, rlx_fit_result_free);
  self->result = result;
  rlx_fit_panel_show_result (self, result);
  if (analysis->created_at != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (analysis->created_at, NULL);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

      when = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (analysis->created_at);
    }
  /* Translators: the status line of a fit loaded from the database: date and time */
  status = g_strdup_printf (_("Stored fit of %s. Fit again to replace it with a new analysis."),
                            when != NULL ? when : "");
  rlx_fit_panel_set_status (self, status);
}

static void
update_form (RlxFitPanel *self)
{
  gboolean fittable = run_is_fittable (self->run);
  gboolean dma = self->run != NULL && rlx_run_item_is_dma (self->run);

  self->updating_form = TRUE;
  fill_models (self);
  fill_references (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reference_row), fittable && !dma);
  gtk_widget_set_sensitive (GTK_WIDGET (self->baseline_row), fittable && !dma);
  /* A DMA sweep is fitted as measured: no reference, no baseline, only a window. */
  gtk_widget_set_visible (GTK_WIDGET (self->reference_row), !dma);
  gtk_widget_set_visible (GTK_WIDGET (self->baseline_row), !dma);
  gtk_widget_set_visible (GTK_WIDGET (self->masks_row), !dma);
  adw_preferences_group_set_title (self->peak_group, dma ? _("Loss Modulus") : _("Peak"));
  adw_preferences_group_set_description (self->peak_group,
                                         dma ? _("E″ against temperature as measured, inside the window; leave it empty to fit the whole sweep")
                                             : _("Annealed run minus its reference, after the baseline, inside the window"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->window_row), fittable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->masks_row), fittable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->model_row), fittable);
  gtk_editable_set_text (GTK_EDITABLE (self->window_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->masks_row), "");
  g_array_set_size (self->anchors, 0);
  self->updating_form = FALSE;

  rlx_fit_panel_clear_results (self);
  if (self->run == NULL)
    rlx_fit_panel_set_status (self, _("Select an annealed heating scan or a DMA temperature sweep to fit it."));
  else if (!fittable && rlx_run_item_get_role (self->run) == RLX_RUN_ROLE_REFERENCE)
    rlx_fit_panel_set_status (self, _("This is a reference scan: select an annealed scan of the same sample to fit its recovery peak."));
  else if (!fittable)
    rlx_fit_panel_set_status (self, _("Relaxun fits heating scans and DMA temperature sweeps; this run is neither."));
  else
    rlx_fit_panel_set_status (self, _("Ready to fit."));
  rlx_fit_panel_rebuild_peak (self);
  if (fittable && dma)
    show_stored_dma_fit (self);
  else if (fittable)
    rlx_fit_panel_show_stored_peak_fit (self);
  rlx_fit_panel_update_actions (self);
}

static void
on_form_changed (RlxFitPanel *self)
{
  if (self->updating_form)
    return;
  rlx_fit_panel_rebuild_peak (self);
}

static void
on_model_changed (RlxFitPanel *self)
{
  const char *id = rlx_fit_panel_selected_model_id (self);

  if (id != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->model_row), rlx_model_id_get_description (id));
  if (self->updating_form)
    return;
  rlx_fit_panel_clear_results (self);
  rlx_fit_panel_emit_analysis_changed (self);
}

void
rlx_fit_panel_set_project (RlxFitPanel *self,
                           RlxProject  *project)
{
  g_return_if_fail (RLX_IS_FIT_PANEL (self));

  if (!g_set_object (&self->project, project))
    return;
  rlx_fit_panel_cancel (self);
  g_clear_object (&self->run);
  update_form (self);
}

void
rlx_fit_panel_set_run (RlxFitPanel *self,
                       RlxRunItem  *run)
{
  g_return_if_fail (RLX_IS_FIT_PANEL (self));

  if (self->run == run)
    return;
  rlx_fit_panel_cancel (self);
  g_set_object (&self->run, run);
  update_form (self);
}

RlxRunItem *
rlx_fit_panel_get_run (RlxFitPanel *self)
{
  g_return_val_if_fail (RLX_IS_FIT_PANEL (self), NULL);
  return self->run;
}

const RlxPeak *
rlx_fit_panel_get_peak (RlxFitPanel *self)
{
  g_return_val_if_fail (RLX_IS_FIT_PANEL (self), NULL);
  return self->peak;
}

const RlxRecipe *
rlx_fit_panel_get_recipe (RlxFitPanel *self)
{
  g_return_val_if_fail (RLX_IS_FIT_PANEL (self), NULL);
  return self->recipe;
}

const RlxFitResult *
rlx_fit_panel_get_result (RlxFitPanel *self)
{
  g_return_val_if_fail (RLX_IS_FIT_PANEL (self), NULL);
  return self->result;
}

void
rlx_fit_panel_set_window (RlxFitPanel *self,
                          double       lo,
                          double       hi)
{
  g_autofree char *text = NULL;

  g_return_if_fail (RLX_IS_FIT_PANEL (self));

  text = isfinite (lo) && isfinite (hi) ? rlx_fit_panel_format_range (lo, hi) : g_strdup ("");
  self->updating_form = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->window_row), text);
  self->updating_form = FALSE;
}

void
rlx_fit_panel_set_masks (RlxFitPanel  *self,
                         const double *ranges,
                         guint         n_ranges)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (RLX_IS_FIT_PANEL (self));

  for (guint i = 0; i < n_ranges; i++)
    {
      g_autofree char *range = rlx_fit_panel_format_range (ranges[2 * i], ranges[2 * i + 1]);

      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, range);
    }
  self->updating_form = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->masks_row), text->str);
  self->updating_form = FALSE;
}

void
rlx_fit_panel_set_anchors (RlxFitPanel  *self,
                           const double *points,
                           guint         n_points)
{
  g_return_if_fail (RLX_IS_FIT_PANEL (self));

  g_array_set_size (self->anchors, 0);
  for (guint i = 0; i < n_points; i++)
    {
      RlxAnchor anchor = { points[2 * i], points[2 * i + 1] };

      g_array_append_val (self->anchors, anchor);
    }
  self->updating_form = TRUE;
  if (n_points > 0)
    adw_combo_row_set_selected (self->baseline_row, BASELINE_ANCHORS);
  self->updating_form = FALSE;
}

const double *
rlx_fit_panel_get_anchors (RlxFitPanel *self,
                           guint       *n_points)
{
  g_return_val_if_fail (RLX_IS_FIT_PANEL (self), NULL);

  *n_points = self->anchors->len;
  return (const double *) (gpointer) self->anchors->data;
}

void
rlx_fit_panel_refresh (RlxFitPanel *self)
{
  g_return_if_fail (RLX_IS_FIT_PANEL (self));
  rlx_fit_panel_rebuild_peak (self);
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  rlx_fit_panel_fit (RLX_FIT_PANEL (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rlx_fit_panel_cancel (RLX_FIT_PANEL (widget));
}

static void
rlx_fit_panel_dispose (GObject *object)
{
  RlxFitPanel *self = RLX_FIT_PANEL (object);
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RLX_TYPE_FIT_PANEL);
  /* The scrolled window at the top of the template is not a bound child. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->project);
  g_clear_object (&self->run);
  g_clear_object (&self->results);
  g_clear_pointer (&self->model_ids, g_ptr_array_unref);
  g_clear_pointer (&self->reference_ids, g_array_unref);
  g_clear_pointer (&self->anchors, g_array_unref);
  g_clear_pointer (&self->peak, rlx_peak_free);
  g_clear_pointer (&self->recipe, rlx_recipe_free);
  g_clear_pointer (&self->result, rlx_fit_result_free);

  G_OBJECT_CLASS (rlx_fit_panel_parent_class)->dispose (object);
}

static void
rlx_fit_panel_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RlxFitPanel *self = RLX_FIT_PANEL (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_CAN_FIT:
      g_value_set_boolean (value, rlx_fit_panel_get_can_fit (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rlx_fit_panel_class_init (RlxFitPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rlx_fit_panel_dispose;
  object_class->get_property = rlx_fit_panel_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_FIT] =
    g_param_spec_boolean ("can-fit", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The peak, the fit result or both changed: the plot redraws. */
  signals[ANALYSIS_CHANGED] =
    g_signal_new ("analysis-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relaxun/Relaxun/rlx-fit-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RlxFitPanel, peak_group);
  gtk_widget_class_bind_template_child (widget_class, RlxFitPanel, reference_row);
  gtk_widget_class_bind_template_child (widget_class, RlxFitPanel, baseline_row);
  gtk_widget_class_bind_template_child (widget_class, RlxFitPanel, window_row);
  gtk_widget_class_bind_template_child (widget_class, RlxFitPanel, masks_row);
  gtk_widget_class_bind_template_child (widget_class, RlxFitPanel, model_row);
  gtk_widget_class_bind_template_child (widget_class, RlxFitPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RlxFitPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, RlxFitPanel, results_view);
  gtk_widget_class_bind_template_child (widget_class, RlxFitPanel, name_column);
  gtk_widget_class_bind_template_child (widget_class, RlxFitPanel, value_column);
  gtk_widget_class_bind_template_child (widget_class, RlxFitPanel, unit_column);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_model_changed);

  gtk_widget_class_install_action (widget_class, "fit-panel.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "fit-panel.cancel", NULL, cancel_action);
  gtk_widget_class_set_css_name (widget_class, "fitpanel");
}

static void
rlx_fit_panel_init (RlxFitPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->model_ids = g_ptr_array_new ();
  self->reference_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->anchors = g_array_new (FALSE, FALSE, sizeof (RlxAnchor));
  rlx_fit_panel_init_results (self);

  /* Straight lines through the ends of the window suit most recovery peaks. */
  self->updating_form = TRUE;
  adw_combo_row_set_selected (self->baseline_row, BASELINE_LINEAR);
  self->updating_form = FALSE;
  update_form (self);
}
