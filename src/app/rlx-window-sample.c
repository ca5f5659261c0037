/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "rlx-notebook-figure.h"
#include "rlx-sample-item.h"
#include "rlx-window-private.h"

/* The figures of a sample: a sample row selected in the sidebar shows the paper's figures of
 * its runs (peak family, E* against Ta, ta and the recovered enthalpy, the spectrum map), one
 * at a time as the drop-down above the plot says. They come from rlx-notebook-figure.h, the
 * same builders as relaxun-cli export, run in a worker with its own store connection: a
 * family extracts a peak per run, which takes longer than a frame. */

/* The kinds offered, in the drop-down's order; the core says how each is built. */
static const struct
{
  const char *id;
  const char *title;
} sample_kinds[] = {
  { "estar-ta", N_("E* Against Annealing Temperature") },
  { "estar-ta-time", N_("E* Against Annealing Time") },
  { "estar-enthalpy", N_("E* Against Recovered Enthalpy") },
  { "family", N_("Peak Family") },
  { "spectrum-map", N_("Spectrum Map") },
};

typedef struct
{
  char   *db_path;
  char   *kind;
  GArray *run_ids;   /* gint64 */
} FigureJob;

static void
figure_job_free (FigureJob *job)
{
  g_free (job->db_path);
  g_free (job->kind);
  g_array_unref (job->run_ids);
  g_free (job);
}

static void
build_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  FigureJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxStore) store = rlx_store_open (job->db_path, &error);
  RlxFigure *figure;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  figure = rlx_notebook_figure_build (store, job->kind, (const gint64 *) (gpointer) job->run_ids->data,
                                      job->run_ids->len, NULL, &error);
  if (figure == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, figure, (GDestroyNotify) rlx_figure_free);
}

static void
on_figure_built (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RlxWindow *self = RLX_WINDOW (source);
  g_autoptr(GError) error = NULL;
  RlxFigure *figure = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer request, another selection or a closed window: nothing of this one is shown. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->figure_cancellable)
    {
      g_clear_pointer (&figure, rlx_figure_free);
      return;
    }
  g_clear_object (&self->figure_cancellable);
  if (figure == NULL)
    {
      rlx_plot_view_set_figure (self->plot_view, NULL);
      rlx_plot_view_set_placeholder (self->plot_view, "rlx-curve-symbolic",
                                     _("Nothing to Draw for This Sample"), error->message);
    }
  else
    {
      rlx_figure_set_title (figure, NULL);
      rlx_plot_view_set_figure (self->plot_view, figure);
    }
  rlx_window_update_actions (self);
}

const char *
rlx_window_get_sample_figure_kind (RlxWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->sample_figure_dropdown);

  return selected < G_N_ELEMENTS (sample_kinds) ? sample_kinds[selected].id : sample_kinds[0].id;
}

void
rlx_window_update_sample_figure (RlxWindow *self)
{
  g_autoptr(GTask) task = NULL;
  FigureJob *job;
  GListModel *runs;

  if (self->figure_cancellable != NULL)
    g_cancellable_cancel (self->figure_cancellable);
  g_clear_object (&self->figure_cancellable);
  if (self->sample == NULL || self->project == NULL)
    return;

  runs = rlx_sample_item_get_runs (self->sample);
  job = g_new0 (FigureJob, 1);
  job->db_path = g_strdup (rlx_project_get_path (self->project));
  job->kind = g_strdup (rlx_window_get_sample_figure_kind (self));
  job->run_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(RlxRunItem) run = g_list_model_get_item (runs, i);
      gint64 id = rlx_run_item_get_id (run);

      g_array_append_val (job->run_ids, id);
    }

  self->figure_cancellable = g_cancellable_new ();
  rlx_plot_view_set_editable (self->plot_view, FALSE);
  task = g_task_new (self, self->figure_cancellable, on_figure_built, NULL);
  g_task_set_source_tag (task, rlx_window_update_sample_figure);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, job, (GDestroyNotify) figure_job_free);
  g_task_run_in_thread (task, build_in_thread);
}

void
rlx_window_show_sample (RlxWindow     *self,
                        RlxSampleItem *sample)
{
  g_set_object (&self->sample, sample);
  if (sample != NULL)
    rlx_fit_panel_set_run (self->fit_panel, NULL);
  rlx_window_set_sample_mode (self, sample != NULL);
  rlx_window_update_figure (self);
  rlx_window_update_titles (self);
  rlx_window_update_actions (self);
}

/* The fit panel belongs to a run: the sample's figures take its room. */
void
rlx_window_set_sample_mode (RlxWindow *self,
                            gboolean   sample_mode)
{
  GtkWidget *separator = adw_flap_get_separator (self->flap);

  gtk_widget_set_visible (GTK_WIDGET (self->sample_figure_dropdown), sample_mode);
  gtk_widget_set_visible (GTK_WIDGET (self->fit_panel), !sample_mode);
  gtk_widget_set_visible (self->fit_panel_button, !sample_mode);
  if (separator != NULL)
    gtk_widget_set_visible (separator, !sample_mode);
}

gboolean
rlx_window_select_sample (RlxWindow  *self,
                          gint64      sample_id,
                          const char *figure_kind)
{
  g_return_val_if_fail (RLX_IS_WINDOW (self), FALSE);

  for (guint i = 0; figure_kind != NULL && i < G_N_ELEMENTS (sample_kinds); i++)
    if (g_str_equal (sample_kinds[i].id, figure_kind))
      gtk_drop_down_set_selected (self->sample_figure_dropdown, i);
  return rlx_sidebar_select_sample (self->sidebar, sample_id);
}

static void
on_dropdown_selected (RlxWindow *self)
{
  if (self->sample != NULL)
    rlx_window_update_sample_figure (self);
}

void
rlx_window_init_sample (RlxWindow *self)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  guint n_kinds = 0;
  const RlxNotebookFigureKind *kinds = rlx_notebook_figure_kind_list (&n_kinds);

  for (guint i = 0; i < G_N_ELEMENTS (sample_kinds); i++)
    {
      gboolean known = FALSE;

      for (guint k = 0; k < n_kinds; k++)
        known |= g_str_equal (kinds[k].id, sample_kinds[i].id) && kinds[k].per_sample;
      g_warn_if_fail (known);
      gtk_string_list_append (titles, _(sample_kinds[i].title));
    }
  gtk_drop_down_set_model (self->sample_figure_dropdown, G_LIST_MODEL (titles));
  rlx_window_set_sample_mode (self, FALSE);
  g_signal_connect_object (self->sample_figure_dropdown, "notify::selected",
                           G_CALLBACK (on_dropdown_selected), self, G_CONNECT_SWAPPED);
}

void
rlx_window_dispose_sample (RlxWindow *self)
{
  if (self->figure_cancellable != NULL)
    g_cancellable_cancel (self->figure_cancellable);
  g_clear_object (&self->figure_cancellable);
  g_clear_object (&self->sample);
}
