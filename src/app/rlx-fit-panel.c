/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-fit-panel.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "rlx-model.h"
#include "rlx-result-item.h"

/* The fit form of one run: how its peak is made (reference, baseline, window, masks), which
 * model is fitted, and the results of the last fit. */
struct _RlxFitPanel
{
  GtkWidget            parent_instance;

  AdwComboRow         *reference_row;
  AdwComboRow         *baseline_row;
  AdwEntryRow         *window_row;
  AdwEntryRow         *masks_row;
  AdwComboRow         *model_row;
  GtkProgressBar      *progress_bar;
  GtkLabel            *status_label;
  GtkColumnView       *results_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *value_column;
  GtkColumnViewColumn *unit_column;

  RlxProject          *project;
  RlxRunItem          *run;
  GListStore          *results;
  GPtrArray           *model_ids;      /* const char *, borrowed from the registry */
  GArray              *reference_ids;  /* gint64: -1 automatic, 0 none, else a run id */
  GCancellable        *cancellable;
  gboolean             busy;
  gboolean             updating_form;
};

G_DEFINE_FINAL_TYPE (RlxFitPanel, rlx_fit_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_CAN_FIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  COLUMN_NAME,
  COLUMN_VALUE,
  COLUMN_UNIT,
};

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

#ifdef RLX_HAVE_FIT
  return !self->busy && run_is_fittable (self->run) && self->model_ids->len > 0;
#else
  return FALSE;
#endif
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

static void
set_status (RlxFitPanel *self,
            const char  *status)
{
  gtk_label_set_label (self->status_label, status);
}

static void
update_actions (RlxFitPanel *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fit-panel.fit", rlx_fit_panel_get_can_fit (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fit-panel.cancel", self->busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_FIT]);
}

static void
set_busy (RlxFitPanel *self,
          gboolean     busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  update_actions (self);
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
  if (self->model_ids->len > 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->model_row),
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
              /* Translators: a reference run in the reference chooser: run number, file */
              label = g_strdup_printf (_("Run %" G_GINT64_FORMAT " · %s"), id,
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

static void
clear_results (RlxFitPanel *self)
{
  g_list_store_remove_all (self->results);
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
  gtk_widget_set_sensitive (GTK_WIDGET (self->window_row), fittable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->masks_row), fittable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->model_row), fittable);
  gtk_editable_set_text (GTK_EDITABLE (self->window_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->masks_row), "");
  self->updating_form = FALSE;

  clear_results (self);
  if (self->run == NULL)
    set_status (self, _("Select an annealed heating scan or a DMA temperature sweep to fit it."));
  else if (!fittable && rlx_run_item_get_role (self->run) == RLX_RUN_ROLE_REFERENCE)
    set_status (self, _("This is a reference scan: select an annealed scan of the same sample to fit its recovery peak."));
  else if (!fittable)
    set_status (self, _("Relaxun fits heating scans and DMA temperature sweeps; this run is neither."));
#ifndef RLX_HAVE_FIT
  else
    set_status (self, _("This build of Relaxun has no fit engine."));
#else
  else
    set_status (self, _("Ready to fit."));
#endif
  update_actions (self);
}

static void
on_form_changed (RlxFitPanel *self)
{
  if (self->updating_form)
    return;
  clear_results (self);
}

static void
on_model_changed (RlxFitPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->model_row);

  if (selected < self->model_ids->len)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->model_row),
                                 rlx_model_id_get_description (g_ptr_array_index (self->model_ids, selected)));
  on_form_changed (self);
}

void
rlx_fit_panel_set_project (RlxFitPanel *self,
                           RlxProject  *project)
{
  g_return_if_fail (RLX_IS_FIT_PANEL (self));

  if (!g_set_object (&self->project, project))
    return;
  rlx_fit_panel_set_run (self, NULL);
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

void
rlx_fit_panel_fit (RlxFitPanel *self)
{
  g_return_if_fail (RLX_IS_FIT_PANEL (self));

  if (!rlx_fit_panel_get_can_fit (self))
    return;
  set_busy (self, TRUE);
  set_busy (self, FALSE);
}

void
rlx_fit_panel_cancel (RlxFitPanel *self)
{
  g_return_if_fail (RLX_IS_FIT_PANEL (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
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
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (user_data) == COLUMN_VALUE ? 1.0f : 0.0f);
  gtk_label_set_selectable (GTK_LABEL (label), GPOINTER_TO_INT (user_data) == COLUMN_VALUE);
  if (GPOINTER_TO_INT (user_data) == COLUMN_VALUE)
    gtk_widget_add_css_class (label, "numeric");
  if (GPOINTER_TO_INT (user_data) == COLUMN_UNIT)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  RlxResultItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));

  switch (GPOINTER_TO_INT (user_data))
    {
    case COLUMN_NAME:
      gtk_label_set_label (label, rlx_result_item_get_name (item));
      break;
    case COLUMN_VALUE:
      gtk_label_set_label (label, rlx_result_item_get_value (item));
      break;
    case COLUMN_UNIT:
    default:
      gtk_label_set_label (label, rlx_result_item_get_unit (item));
      break;
    }
}

static void
set_column_factory (GtkColumnViewColumn *column,
                    int                  which)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (which));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (which));
  gtk_column_view_column_set_factory (column, factory);
}

static void
rlx_fit_panel_dispose (GObject *object)
{
  RlxFitPanel *self = RLX_FIT_PANEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RLX_TYPE_FIT_PANEL);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->project);
  g_clear_object (&self->run);
  g_clear_object (&self->results);
  g_clear_pointer (&self->model_ids, g_ptr_array_unref);
  g_clear_pointer (&self->reference_ids, g_array_unref);

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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relaxun/Relaxun/rlx-fit-panel.ui");
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
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->results = g_list_store_new (RLX_TYPE_RESULT_ITEM);
  self->model_ids = g_ptr_array_new ();
  self->reference_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  set_column_factory (self->name_column, COLUMN_NAME);
  set_column_factory (self->value_column, COLUMN_VALUE);
  set_column_factory (self->unit_column, COLUMN_UNIT);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_column_view_set_model (self->results_view, GTK_SELECTION_MODEL (selection));

  update_form (self);
}
