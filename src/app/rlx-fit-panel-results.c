/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-fit-panel-private.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rlx-result-item.h"

/* The results table: one row a parameter or derived quantity of the fit shown. */

enum {
  COLUMN_NAME,
  COLUMN_VALUE,
  COLUMN_UNIT,
};

void
rlx_fit_panel_clear_results (RlxFitPanel *self)
{
  g_list_store_remove_all (self->results);
  g_clear_pointer (&self->result, rlx_fit_result_free);
}

static char *
format_value (double      value,
              double      sigma,
              const char *unit,
              const char **shown_unit)
{
  double scale = 1.0;

  *shown_unit = unit;
  /* Energies are J/mol inside and kJ/mol on screen. */
  if (g_strcmp0 (unit, "J/mol") == 0)
    {
      scale = 1e-3;
      *shown_unit = "kJ/mol";
    }
  if (!isfinite (sigma) || sigma <= 0)
    return g_strdup_printf ("%.6g", value * scale);
  return g_strdup_printf ("%.5g ± %.2g", value * scale, sigma * scale);
}

void
rlx_fit_panel_show_result (RlxFitPanel        *self,
             const RlxFitResult *result)
{
  g_autofree char *status = NULL;

  g_list_store_remove_all (self->results);
  for (guint i = 0; i < result->params->len; i++)
    {
      const RlxFitParam *param = &g_array_index (result->params, RlxFitParam, i);
      const char *unit = NULL;
      g_autofree char *value = format_value (param->value, param->stderr, param->unit, &unit);
      g_autoptr(RlxResultItem) item = NULL;

      if (param->fixed)
        {
          g_autofree char *fixed = g_strdup_printf (_("%s (fixed)"), value);

          g_free (value);
          value = g_steal_pointer (&fixed);
        }
      item = rlx_result_item_new (param->name, value, unit != NULL && g_strcmp0 (unit, "1") != 0 ? unit : "");
      g_list_store_append (self->results, item);
    }
  for (guint i = 0; result->derived != NULL && i < result->derived->len; i++)
    {
      const RlxDerived *derived = g_ptr_array_index (result->derived, i);
      const char *unit = NULL;
      g_autofree char *value = format_value (derived->value, derived->stderr, derived->unit, &unit);
      g_autoptr(RlxResultItem) item = rlx_result_item_new (derived->name, value,
                                                           unit != NULL && g_strcmp0 (unit, "1") != 0 ? unit : "");

      g_list_store_append (self->results, item);
    }

  /* Translators: the fit status line: the engine's message, then the reduced χ² */
  status = g_strdup_printf (_("%s χ²/dof = %.4g."),
                            result->message != NULL ? result->message : "",
                            result->reduced_chi2);
  rlx_fit_panel_set_status (self, status);
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

void
rlx_fit_panel_init_results (RlxFitPanel *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  self->results = g_list_store_new (RLX_TYPE_RESULT_ITEM);
  set_column_factory (self->name_column, COLUMN_NAME);
  set_column_factory (self->value_column, COLUMN_VALUE);
  set_column_factory (self->unit_column, COLUMN_UNIT);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_column_view_set_model (self->results_view, GTK_SELECTION_MODEL (selection));
}
