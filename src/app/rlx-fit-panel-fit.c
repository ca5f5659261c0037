/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-fit-panel-private.h"

#include <glib/gi18n.h>
#include <math.h>

#include <json-glib/json-glib.h>

#include "rlx-json.h"
#include "rlx-model.h"
#include "rlx-peak-fit.h"

/* Running a fit off the main thread and storing its analysis. */

/* One fit: its panel and the cancellable it was started with. A fit's notes and its end are
 * shown only while that cancellable is still the panel's: a fit superseded by another run or
 * another fit, or outliving its panel, changes nothing. */
typedef struct
{
  RlxFitPanel  *panel;
  GCancellable *cancellable;
} FitJob;

static FitJob *
fit_job_new (RlxFitPanel *panel)
{
  FitJob *job = g_atomic_rc_box_new0 (FitJob);

  job->panel = g_object_ref (panel);
  job->cancellable = g_object_ref (panel->cancellable);
  return job;
}

static void
fit_job_clear (FitJob *job)
{
  g_clear_object (&job->panel);
  g_clear_object (&job->cancellable);
}

static void
fit_job_unref (gpointer job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) fit_job_clear);
}

static gboolean
fit_job_is_current (FitJob *job)
{
  return job->panel->cancellable == job->cancellable;
}

static void
on_fit_progress (guint    iteration,
                 double   chi2,
                 gpointer user_data)
{
  FitJob *job = user_data;
  g_autofree char *text = NULL;

  if (!fit_job_is_current (job) || g_cancellable_is_cancelled (job->cancellable))
    return;
  /* Translators: fit progress: iteration number and χ² */
  text = g_strdup_printf (_("Iteration %u, χ² = %.5g"), iteration, chi2);
  gtk_progress_bar_set_text (job->panel->progress_bar, text);
  gtk_progress_bar_pulse (job->panel->progress_bar);
}

static gboolean
store_analysis (RlxFitPanel        *self,
                const RlxFitResult *result,
                GError            **error)
{
  g_autoptr(JsonNode) result_node = NULL;
  g_autofree char *result_json = NULL;
  g_autofree char *recipe_json = NULL;
  gint64 reference = 0;
  const char *kind;

  if (self->peak != NULL)
    {
      self->recipe->fit = TRUE;
      recipe_json = rlx_recipe_to_json (self->recipe);
      result_node = rlx_peak_fit_to_json (self->peak, result);
      reference = self->peak->reference_id;
      kind = "peak-fit";
    }
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) recipe_node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, result->model_id);
      json_builder_set_member_name (builder, "window");
      json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->window_row)));
      json_builder_end_object (builder);
      recipe_node = json_builder_get_root (builder);
      recipe_json = rlx_json_to_string (recipe_node, FALSE);
      result_node = rlx_fit_result_to_json (result);
      kind = "dma-fit";
    }
  result_json = rlx_json_to_string (result_node, FALSE);
  return rlx_store_add_analysis (rlx_project_get_store (self->project), rlx_run_item_get_id (self->run),
                                 reference, kind, recipe_json, result_json, error) > 0;
}

static void
on_fit_finished (GObject      *source,
                 GAsyncResult *async_result,
                 gpointer      user_data)
{
  FitJob *job = user_data;
  RlxFitPanel *self = job->panel;
  g_autoptr(GError) error = NULL;
  RlxFitResult *result = rlx_fit_run_finish (async_result, &error);

  if (!fit_job_is_current (job))
    {
      g_clear_pointer (&result, rlx_fit_result_free);
      fit_job_unref (job);
      return;
    }
  fit_job_unref (job);
  g_clear_object (&self->cancellable);
  rlx_fit_panel_set_busy (self, FALSE);

  if (result == NULL)
    {
      rlx_fit_panel_set_status (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                        ? _("The fit was cancelled.") : error->message);
      return;
    }
  if (result->status == RLX_FIT_STATUS_CANCELLED)
    {
      rlx_fit_result_free (result);
      rlx_fit_panel_set_status (self, _("The fit was cancelled."));
      return;
    }

  g_clear_pointer (&self->result, rlx_fit_result_free);
  self->result = result;
  rlx_fit_panel_show_result (self, result);
  if (rlx_fit_result_is_success (result) && !store_analysis (self, result, &error))
    {
      g_autofree char *status = g_strdup_printf (_("The fit could not be saved: %s"), error->message);

      rlx_fit_panel_set_status (self, status);
    }
  rlx_fit_panel_emit_analysis_changed (self);
}

static RlxFitRequest *
build_dma_request (RlxFitPanel *self,
                   GError     **error)
{
  g_autoptr(RlxRunRecord) record = rlx_store_load_run (rlx_project_get_store (self->project),
                                                       rlx_run_item_get_id (self->run), TRUE, error);
  g_autoptr(RlxModel) model = NULL;
  RlxModelOptions options;
  RlxChannel *t, *loss;
  RlxFitRequest *request;
  g_autofree double *sigma = NULL;
  double lo, hi, largest = 0.0;
  gsize n;

  if (record == NULL)
    return NULL;
  t = rlx_run_data_get_channel (record->data, RLX_QUANTITY_TEMPERATURE);
  loss = rlx_run_data_get_channel (record->data, RLX_QUANTITY_LOSS_MODULUS);
  if (t == NULL || loss == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("This DMA run has no temperature or no loss modulus channel."));
      return NULL;
    }
  if (!rlx_fit_panel_read_window (self, &lo, &hi, error))
    return NULL;
  /* E″(T) of a glass shows the α peak and the β shoulder: two processes, each point weighted
   * by its own size so that the shoulder, far below the peak, still counts. */
  rlx_model_options_init (&options);
  options.n_components = 2;
  options.frequency = record->data->frequency;
  options.y_unit = "MPa";
  model = rlx_model_new (rlx_fit_panel_selected_model_id (self), &options, error);
  if (model == NULL)
    return NULL;
  n = MIN (t->n_values, loss->n_values);
  for (gsize i = 0; i < n; i++)
    largest = MAX (largest, fabs (loss->values[i]));
  sigma = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    sigma[i] = MAX (fabs (loss->values[i]), 1e-6 * largest);
  request = rlx_fit_request_new (model, t->values, loss->values, sigma, n);
  if (isfinite (lo) && isfinite (hi))
    rlx_fit_request_set_window (request, lo, hi);
  return request;
}

void
rlx_fit_panel_fit (RlxFitPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxFitRequest) request = NULL;

  g_return_if_fail (RLX_IS_FIT_PANEL (self));

  if (!rlx_fit_panel_get_can_fit (self))
    return;

  if (rlx_fit_panel_run_is_peak (self))
    {
      if (self->peak == NULL)
        rlx_fit_panel_rebuild_peak (self);
      if (self->peak == NULL)
        return;
      g_free (self->recipe->fit_model);
      self->recipe->fit_model = g_strdup (rlx_fit_panel_selected_model_id (self));
      self->recipe->fit = TRUE;
      request = rlx_peak_fit_request_new (self->peak, self->recipe, &error);
    }
  else
    request = build_dma_request (self, &error);

  if (request == NULL)
    {
      rlx_fit_panel_set_status (self, error->message);
      return;
    }

  rlx_fit_panel_clear_results (self);
  rlx_fit_panel_emit_analysis_changed (self);
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  rlx_fit_panel_set_status (self, _("Fitting…"));
  rlx_fit_panel_set_busy (self, TRUE);
  rlx_fit_run_async (request, self->cancellable, on_fit_progress, fit_job_new (self), fit_job_unref,
                     on_fit_finished, fit_job_new (self));
}

void
rlx_fit_panel_cancel (RlxFitPanel *self)
{
  g_return_if_fail (RLX_IS_FIT_PANEL (self));

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  rlx_fit_panel_set_busy (self, FALSE);
  rlx_fit_panel_set_status (self, _("The fit was cancelled."));
}
