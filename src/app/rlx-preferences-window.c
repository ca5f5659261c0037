/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-preferences-window.h"

#include <glib/gi18n.h>

/* Every row is bound to its GSettings key, so changes apply at once and need no Save. */
struct _RlxPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *color_scheme_row;
  GtkAdjustment        *heating_rate_adjustment;
  AdwActionRow         *database_folder_row;
  AdwComboRow          *export_format_row;
  AdwComboRow          *export_theme_row;
  GtkAdjustment        *dpi_adjustment;
  GtkAdjustment        *width_adjustment;
  GtkAdjustment        *height_adjustment;

  GSettings            *settings;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (RlxPreferencesWindow, rlx_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Enum keys ↔ the combo rows' positions, which list the nicks in schema order. */
static gboolean
enum_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_enum (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[selected]);
}

static const char * const color_scheme_nicks[] = { "follow", "light", "dark", NULL };
static const char * const export_format_nicks[] = { "png", "svg", "pdf", "eps", NULL };
static const char * const export_theme_nicks[] = { "light", "dark", "screen", "print", NULL };

static void
update_database_folder (RlxPreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "database-folder");
  g_autofree char *fallback = NULL;

  if (folder[0] == '\0')
    {
      fallback = g_build_filename (g_get_user_data_dir (), "relaxun", NULL);
      adw_action_row_set_subtitle (self->database_folder_row, fallback);
    }
  else
    adw_action_row_set_subtitle (self->database_folder_row, folder);
}

static void
on_chooser_response (GtkNativeDialog      *chooser,
                     int                   response,
                     RlxPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "database-folder", path);
    }
  g_clear_object (&self->chooser);
}

static void
on_database_folder_clicked (RlxPreferencesWindow *self)
{
  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Database Folder"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
bind_settings (RlxPreferencesWindow *self)
{
  g_settings_bind_with_mapping (self->settings, "color-scheme", self->color_scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_to_selected, selected_to_enum,
                                (gpointer) color_scheme_nicks, NULL);
  g_settings_bind_with_mapping (self->settings, "export-format", self->export_format_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_to_selected, selected_to_enum,
                                (gpointer) export_format_nicks, NULL);
  g_settings_bind_with_mapping (self->settings, "export-theme", self->export_theme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_to_selected, selected_to_enum,
                                (gpointer) export_theme_nicks, NULL);
  g_settings_bind (self->settings, "default-heating-rate", self->heating_rate_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-dpi", self->dpi_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-width", self->width_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-height", self->height_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::database-folder",
                           G_CALLBACK (update_database_folder), self, G_CONNECT_SWAPPED);
  update_database_folder (self);
}

static void
rlx_preferences_window_constructed (GObject *object)
{
  RlxPreferencesWindow *self = RLX_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (rlx_preferences_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);
  bind_settings (self);
}

static void
rlx_preferences_window_dispose (GObject *object)
{
  RlxPreferencesWindow *self = RLX_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), RLX_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rlx_preferences_window_parent_class)->dispose (object);
}

static void
rlx_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  RlxPreferencesWindow *self = RLX_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rlx_preferences_window_class_init (RlxPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rlx_preferences_window_constructed;
  object_class->dispose = rlx_preferences_window_dispose;
  object_class->set_property = rlx_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relaxun/Relaxun/rlx-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RlxPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, RlxPreferencesWindow, heating_rate_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RlxPreferencesWindow, database_folder_row);
  gtk_widget_class_bind_template_child (widget_class, RlxPreferencesWindow, export_format_row);
  gtk_widget_class_bind_template_child (widget_class, RlxPreferencesWindow, export_theme_row);
  gtk_widget_class_bind_template_child (widget_class, RlxPreferencesWindow, dpi_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RlxPreferencesWindow, width_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RlxPreferencesWindow, height_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, on_database_folder_clicked);
}

static void
rlx_preferences_window_init (RlxPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RlxPreferencesWindow *
rlx_preferences_window_new (GSettings *settings)
{
  return g_object_new (RLX_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}
