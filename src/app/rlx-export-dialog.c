/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-export-dialog.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rlx-render.h"

/* Export options for the figure on screen — format, size in px, cm or in, resolution and
 * colours — with a preview drawn by the same renderer at the chosen proportions, then the
 * file chooser. The choices are remembered in GSettings; sizes are kept there in mm. */

#define MM_PER_INCH 25.4
#define PT_PER_INCH 72.0
#define PREVIEW_MAX_PX 900.0

typedef enum
{
  UNIT_PX,
  UNIT_CM,
  UNIT_IN,
} SizeUnit;

static const struct
{
  RlxExportFormat  format;
  const char      *suffix;
  const char      *nick;
} formats[] = {
  { RLX_EXPORT_PNG, ".png", "png" },
  { RLX_EXPORT_SVG, ".svg", "svg" },
  { RLX_EXPORT_PDF, ".pdf", "pdf" },
  { RLX_EXPORT_EPS, ".eps", "eps" },
};

struct _RlxExportDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkPicture     *preview;
  GtkLabel       *size_label;
  AdwComboRow    *format_row;
  GtkSpinButton  *width_spin;
  GtkSpinButton  *height_spin;
  AdwComboRow    *unit_row;
  AdwActionRow   *dpi_row;
  GtkSpinButton  *dpi_spin;
  AdwComboRow    *theme_row;

  RlxFigure      *figure;
  GSettings      *settings;
  char           *base_name;
  double          width_mm;
  double          height_mm;
  SizeUnit        unit;
  gboolean        syncing;
  guint           preview_source;
};

G_DEFINE_FINAL_TYPE (RlxExportDialog, rlx_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static double
mm_to_unit (RlxExportDialog *self,
            double           mm)
{
  switch (self->unit)
    {
    case UNIT_PX:
      return mm / MM_PER_INCH * gtk_spin_button_get_value (self->dpi_spin);
    case UNIT_IN:
      return mm / MM_PER_INCH;
    case UNIT_CM:
    default:
      return mm / 10.0;
    }
}

static double
unit_to_mm (RlxExportDialog *self,
            double           value)
{
  switch (self->unit)
    {
    case UNIT_PX:
      return value / gtk_spin_button_get_value (self->dpi_spin) * MM_PER_INCH;
    case UNIT_IN:
      return value * MM_PER_INCH;
    case UNIT_CM:
    default:
      return value * 10.0;
    }
}

static const RlxTheme *
selected_theme (RlxExportDialog *self)
{
  switch (adw_combo_row_get_selected (self->theme_row))
    {
    case 0:
      return rlx_theme_get (RLX_THEME_LIGHT);
    case 1:
      return rlx_theme_get (RLX_THEME_DARK);
    case 2:
      return rlx_theme_get (adw_style_manager_get_dark (adw_style_manager_get_default ())
                            ? RLX_THEME_DARK : RLX_THEME_LIGHT);
    default:
      return rlx_theme_get (RLX_THEME_PRINT);
    }
}

static guint
selected_format (RlxExportDialog *self)
{
  return MIN (adw_combo_row_get_selected (self->format_row), G_N_ELEMENTS (formats) - 1);
}

void
rlx_export_dialog_get_size_pt (RlxExportDialog *self,
                               double          *width_pt,
                               double          *height_pt)
{
  g_return_if_fail (RLX_IS_EXPORT_DIALOG (self));

  *width_pt = self->width_mm / MM_PER_INCH * PT_PER_INCH;
  *height_pt = self->height_mm / MM_PER_INCH * PT_PER_INCH;
}

static void
show_values (RlxExportDialog *self)
{
  guint digits = self->unit == UNIT_PX ? 0 : self->unit == UNIT_CM ? 1 : 2;
  double step = self->unit == UNIT_PX ? 10.0 : self->unit == UNIT_CM ? 0.1 : 0.05;

  self->syncing = TRUE;
  gtk_spin_button_set_digits (self->width_spin, digits);
  gtk_spin_button_set_digits (self->height_spin, digits);
  gtk_spin_button_set_increments (self->width_spin, step, step * 10);
  gtk_spin_button_set_increments (self->height_spin, step, step * 10);
  gtk_spin_button_set_value (self->width_spin, mm_to_unit (self, self->width_mm));
  gtk_spin_button_set_value (self->height_spin, mm_to_unit (self, self->height_mm));
  self->syncing = FALSE;
}

static void
update_size_label (RlxExportDialog *self)
{
  double dpi = gtk_spin_button_get_value (self->dpi_spin);
  g_autofree char *text = NULL;

  if (formats[selected_format (self)].format == RLX_EXPORT_PNG)
    /* Translators: size of an exported figure: mm, mm, pixels, pixels, dpi */
    text = g_strdup_printf (_("%.0f × %.0f mm · %.0f × %.0f pixels at %.0f dpi"),
                            self->width_mm, self->height_mm,
                            round (self->width_mm / MM_PER_INCH * dpi),
                            round (self->height_mm / MM_PER_INCH * dpi), dpi);
  else
    /* Translators: size of an exported vector figure: mm, mm */
    text = g_strdup_printf (_("%.0f × %.0f mm, drawn as vectors"), self->width_mm, self->height_mm);
  gtk_label_set_label (self->size_label, text);
}

static void
render_preview (RlxExportDialog *self)
{
  double width_pt, height_pt, scale;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  int width, height;

  /* Drawn at the figure's own size in screen pixels, so that the text keeps its proportion
   * to the plot; very large figures are drawn smaller. */
  rlx_export_dialog_get_size_pt (self, &width_pt, &height_pt);
  width = (int) round (width_pt * 96.0 / PT_PER_INCH);
  height = (int) round (height_pt * 96.0 / PT_PER_INCH);
  scale = MIN (1.0, PREVIEW_MAX_PX / MAX (width, height));
  width = MAX (32, (int) (width * scale));
  height = MAX (32, (int) (height * scale));

  surface = rlx_figure_render_image (self->figure, selected_theme (self), width, height, 1,
                                     NULL, NULL, &error);
  if (surface == NULL)
    {
      g_debug ("Cannot draw the export preview: %s", error->message);
      gtk_picture_set_paintable (self->preview, NULL);
      return;
    }
  {
    int stride = cairo_image_surface_get_stride (surface);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GdkTexture) texture = NULL;

    cairo_surface_flush (surface);
    bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);
    texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
    gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (texture));
  }
  cairo_surface_destroy (surface);
}

static gboolean
on_preview_timeout (gpointer data)
{
  RlxExportDialog *self = data;

  self->preview_source = 0;
  render_preview (self);
  return G_SOURCE_REMOVE;
}

static void
queue_preview (RlxExportDialog *self)
{
  /* Typing a size changes it at every key: draw once the typing pauses. */
  if (self->preview_source == 0)
    self->preview_source = g_timeout_add (120, on_preview_timeout, self);
}

static void
on_option_changed (RlxExportDialog *self)
{
  if (self->syncing || self->figure == NULL)
    return;
  self->width_mm = CLAMP (unit_to_mm (self, gtk_spin_button_get_value (self->width_spin)), 20.0, 1000.0);
  self->height_mm = CLAMP (unit_to_mm (self, gtk_spin_button_get_value (self->height_spin)), 20.0, 1000.0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->dpi_row),
                            formats[selected_format (self)].format == RLX_EXPORT_PNG || self->unit == UNIT_PX);
  update_size_label (self);
  queue_preview (self);
}

static void
on_unit_changed (RlxExportDialog *self)
{
  self->unit = (SizeUnit) MIN (adw_combo_row_get_selected (self->unit_row), (guint) UNIT_IN);
  show_values (self);
  on_option_changed (self);
}

static void
on_dpi_changed (RlxExportDialog *self)
{
  /* In pixels the size follows the resolution; in cm or in the physical size stays. */
  if (self->unit == UNIT_PX)
    show_values (self);
  on_option_changed (self);
}

static void
save_settings (RlxExportDialog *self)
{
  g_settings_delay (self->settings);
  g_settings_set_enum (self->settings, "export-format", (int) selected_format (self));
  g_settings_set_enum (self->settings, "export-theme", (int) adw_combo_row_get_selected (self->theme_row));
  g_settings_set_enum (self->settings, "export-unit", (int) self->unit);
  g_settings_set_int (self->settings, "export-dpi", (int) gtk_spin_button_get_value (self->dpi_spin));
  g_settings_set_double (self->settings, "export-width", self->width_mm);
  g_settings_set_double (self->settings, "export-height", self->height_mm);
  g_settings_apply (self->settings);
}

gboolean
rlx_export_dialog_export_to (RlxExportDialog  *self,
                             const char       *path,
                             GError          **error)
{
  g_autofree char *lower = NULL;
  RlxExportFormat format;
  double width_pt, height_pt;

  g_return_val_if_fail (RLX_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* A suffix typed in the file chooser wins over the format row. */
  format = formats[selected_format (self)].format;
  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_has_suffix (lower, formats[i].suffix))
      format = formats[i].format;

  rlx_export_dialog_get_size_pt (self, &width_pt, &height_pt);
  if (!rlx_figure_export (self->figure, selected_theme (self), format, path, width_pt, height_pt,
                          gtk_spin_button_get_value (self->dpi_spin), error))
    return FALSE;
  save_settings (self);
  g_signal_emit (self, signals[EXPORTED], 0, path);
  return TRUE;
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     RlxExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("Choose a file on this computer."));
      if (path != NULL && rlx_export_dialog_export_to (self, path, &error))
        gtk_window_destroy (GTK_WINDOW (self));
      else
        {
          GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Cannot Export the Figure"),
                                                      error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RlxExportDialog *self = RLX_EXPORT_DIALOG (widget);
  g_autofree char *name = g_strconcat (self->base_name, formats[selected_format (self)].suffix, NULL);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Figure"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
rlx_export_dialog_dispose (GObject *object)
{
  RlxExportDialog *self = RLX_EXPORT_DIALOG (object);

  g_clear_handle_id (&self->preview_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RLX_TYPE_EXPORT_DIALOG);
  g_clear_pointer (&self->figure, rlx_figure_free);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->base_name, g_free);

  G_OBJECT_CLASS (rlx_export_dialog_parent_class)->dispose (object);
}

static void
rlx_export_dialog_class_init (RlxExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rlx_export_dialog_dispose;

  /* A file was written: its path. */
  signals[EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relaxun/Relaxun/rlx-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RlxExportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RlxExportDialog, preview);
  gtk_widget_class_bind_template_child (widget_class, RlxExportDialog, size_label);
  gtk_widget_class_bind_template_child (widget_class, RlxExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, RlxExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, RlxExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, RlxExportDialog, unit_row);
  gtk_widget_class_bind_template_child (widget_class, RlxExportDialog, dpi_row);
  gtk_widget_class_bind_template_child (widget_class, RlxExportDialog, dpi_spin);
  gtk_widget_class_bind_template_child (widget_class, RlxExportDialog, theme_row);
  gtk_widget_class_bind_template_callback (widget_class, on_option_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_dpi_changed);

  gtk_widget_class_install_action (widget_class, "export-dialog.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rlx_export_dialog_init (RlxExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RlxExportDialog *
rlx_export_dialog_new (GtkWindow       *parent,
                       const RlxFigure *figure,
                       GSettings       *settings,
                       const char      *base_name)
{
  RlxExportDialog *self;

  g_return_val_if_fail (figure != NULL, NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (RLX_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);
  self->base_name = g_strdup (base_name != NULL ? base_name : "figure");
  self->width_mm = g_settings_get_double (settings, "export-width");
  self->height_mm = g_settings_get_double (settings, "export-height");
  self->unit = (SizeUnit) g_settings_get_enum (settings, "export-unit");

  self->syncing = TRUE;
  adw_combo_row_set_selected (self->format_row, MIN ((guint) g_settings_get_enum (settings, "export-format"),
                                                     G_N_ELEMENTS (formats) - 1));
  adw_combo_row_set_selected (self->theme_row, (guint) g_settings_get_enum (settings, "export-theme"));
  adw_combo_row_set_selected (self->unit_row, (guint) self->unit);
  gtk_spin_button_set_value (self->dpi_spin, g_settings_get_int (settings, "export-dpi"));
  self->syncing = FALSE;
  adw_window_title_set_subtitle (self->window_title, self->base_name);

  /* The figure is copied: the window may show another one while the dialog is open. */
  self->figure = rlx_figure_copy (figure);
  show_values (self);
  on_option_changed (self);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  render_preview (self);
  return self;
}
