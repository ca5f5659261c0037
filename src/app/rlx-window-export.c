/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "rlx-export-dialog.h"
#include "rlx-window-private.h"

/* Figure export: the options dialog for the figure on screen, which then asks for the file. */

static void
on_export_dialog_exported (RlxExportDialog *dialog,
                           const char      *path,
                           RlxWindow       *self)
{
  g_autofree char *base = g_path_get_basename (path);
  /* Translators: a toast after a figure was written */
  g_autofree char *message = g_strdup_printf (_("Figure saved as “%s”"), base);

  rlx_window_show_toast (self, message);
}

void
rlx_window_export_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  RlxWindow *self = RLX_WINDOW (widget);
  const RlxFigure *figure = rlx_plot_view_get_figure (self->plot_view);
  RlxRunItem *run = rlx_fit_panel_get_run (self->fit_panel);
  g_autofree char *base = NULL;
  RlxExportDialog *dialog;

  if (figure == NULL)
    return;
  if (run != NULL)
    base = g_strdup_printf ("run-%" G_GINT64_FORMAT, rlx_run_item_get_id (run));
  else if (self->sample != NULL)
    base = g_strdup_printf ("sample-%" G_GINT64_FORMAT "-%s", rlx_sample_item_get_id (self->sample),
                            rlx_window_get_sample_figure_kind (self));
  else
    base = g_strdup ("figure");
  dialog = rlx_export_dialog_new (GTK_WINDOW (self), figure, self->settings, base);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (on_export_dialog_exported), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
