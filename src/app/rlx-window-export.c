/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "rlx-window-private.h"

#ifdef RLX_HAVE_RENDER
# include "rlx-render.h"
#endif

/* Figure export: the current figure written by the core in the format of the file name. */

#ifdef RLX_HAVE_RENDER
static const struct
{
  const char      *nick;
  const char      *suffix;
  RlxExportFormat  format;
} formats[] = {
  { "png", ".png", RLX_EXPORT_PNG },
  { "svg", ".svg", RLX_EXPORT_SVG },
  { "pdf", ".pdf", RLX_EXPORT_PDF },
  { "eps", ".eps", RLX_EXPORT_EPS },
};

#define MM_TO_PT (72.0 / 25.4)

static void
on_export_response (GtkNativeDialog *chooser,
                    int              response,
                    RlxWindow       *self)
{
  const RlxFigure *figure = rlx_plot_view_get_figure (self->plot_view);

  if (response == GTK_RESPONSE_ACCEPT && figure != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *lower = path != NULL ? g_ascii_strdown (path, -1) : NULL;
      g_autofree char *base = NULL;
      g_autoptr(GError) error = NULL;
      RlxExportFormat format = formats[g_settings_get_enum (self->settings, "export-format")].format;
      RlxThemeKind theme;

      for (guint i = 0; lower != NULL && i < G_N_ELEMENTS (formats); i++)
        if (g_str_has_suffix (lower, formats[i].suffix))
          format = formats[i].format;

      switch (g_settings_get_enum (self->settings, "export-theme"))
        {
        case 1:
          theme = RLX_THEME_DARK;
          break;
        case 2:
          theme = rlx_plot_view_get_dark (self->plot_view) ? RLX_THEME_DARK : RLX_THEME_LIGHT;
          break;
        default:
          theme = RLX_THEME_PRINT;
          break;
        }

      if (path == NULL)
        rlx_window_show_error (self, _("Cannot Export the Figure"),
                               _("Choose a file on this computer."));
      else if (!rlx_figure_export (figure, rlx_theme_get (theme), format, path,
                                   g_settings_get_double (self->settings, "export-width") * MM_TO_PT,
                                   g_settings_get_double (self->settings, "export-height") * MM_TO_PT,
                                   g_settings_get_int (self->settings, "export-dpi"),
                                   &error))
        rlx_window_show_error (self, _("Cannot Export the Figure"), error->message);
      else
        {
          g_autofree char *message = NULL;

          base = g_path_get_basename (path);
          /* Translators: a toast after a figure was written */
          message = g_strdup_printf (_("Figure saved as “%s”"), base);
          rlx_window_show_toast (self, message);
        }
    }
  g_object_unref (chooser);
}
#endif

void
rlx_window_export_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  RlxWindow *self = RLX_WINDOW (widget);

#ifdef RLX_HAVE_RENDER
  GtkFileChooserNative *chooser;
  RlxRunItem *run = rlx_fit_panel_get_run (self->fit_panel);
  guint selected = g_settings_get_enum (self->settings, "export-format");
  g_autofree char *name = NULL;
  g_autofree char *base = NULL;

  if (rlx_plot_view_get_figure (self->plot_view) == NULL)
    return;

  base = run != NULL ? g_strdup_printf ("run-%" G_GINT64_FORMAT, rlx_run_item_get_id (run))
                     : g_strdup ("figure");
  name = g_strconcat (base, formats[MIN (selected, G_N_ELEMENTS (formats) - 1)].suffix, NULL);
  chooser = gtk_file_chooser_native_new (_("Export Figure"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
#else
  rlx_window_show_error (self, _("Cannot Export the Figure"),
                         _("This build of Relaxun has no figure renderer."));
#endif
}
