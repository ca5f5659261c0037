/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun"

#include "config.h"

#include "rlx-application.h"

#include <glib/gi18n.h>

#include "rlx-preferences-window.h"
#include "rlx-resources.h"
#include "rlx-store.h"
#include "rlx-window.h"

struct _RlxApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  gboolean        open_demo;
};

G_DEFINE_FINAL_TYPE (RlxApplication, rlx_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 'v', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version of Relaxun and exit"), NULL },
  { "demo", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Open the demo database, building it on first use"), NULL },
  { NULL }
};

static const char * const database_suffixes[] = { ".relaxun", ".db", ".sqlite", NULL };

gboolean
rlx_application_is_database_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = name != NULL ? g_utf8_strdown (name, -1) : NULL;

  if (lower == NULL)
    return FALSE;
  for (guint i = 0; database_suffixes[i] != NULL; i++)
    if (g_str_has_suffix (lower, database_suffixes[i]))
      return TRUE;
  return FALSE;
}

char *
rlx_application_dup_demo_database (void)
{
  return rlx_store_dup_demo_path ();
}

char *
rlx_application_dup_default_database (RlxApplication *self)
{
  g_autofree char *last = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (RLX_IS_APPLICATION (self), NULL);

  last = g_settings_get_string (self->settings, "last-database");
  if (last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&last);

  /* The notebook relaxun-cli uses too, unless the user chose another folder. */
  folder = g_settings_get_string (self->settings, "database-folder");
  if (folder[0] == '\0')
    return rlx_store_dup_default_path ();
  return g_build_filename (folder, "notebook.relaxun", NULL);
}

GSettings *
rlx_application_get_settings (RlxApplication *self)
{
  g_return_val_if_fail (RLX_IS_APPLICATION (self), NULL);

  return self->settings;
}

static RlxWindow *
ensure_window (RlxApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (RLX_IS_WINDOW (window))
    return RLX_WINDOW (window);
  return rlx_window_new (self);
}

static void
apply_color_scheme (RlxApplication *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  switch (g_settings_get_enum (self->settings, "color-scheme"))
    {
    case 1:
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
      break;
    case 2:
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      break;
    default:
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
      break;
    }
}

static void
on_settings_color_scheme_changed (GSettings      *settings,
                                  const char     *key,
                                  RlxApplication *self)
{
  apply_color_scheme (self);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RlxApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing (rather than quitting outright) lets every window save its state. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  RlxApplication *self = user_data;
  static const char *developers[] = { "The Relaxun developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application-name", _("Relaxun"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", "The Relaxun developers",
                        "developers", developers,
                        "copyright", "© 2026 The Relaxun developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", PACKAGE_URL,
                        "issue-url", PACKAGE_URL "/issues",
                        "comments", _("A workbench for glass relaxation spectroscopy: "
                                      "import Flash DSC, DSC and DMA exports, extract "
                                      "recovery peaks and fit them."),
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        "transient-for", parent,
                        "modal", parent != NULL,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  RlxApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  RlxPreferencesWindow *preferences = rlx_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
open_demo_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  RlxApplication *self = user_data;
  RlxWindow *window = ensure_window (self);

  rlx_window_open_demo (window);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
  { .name = "preferences", .activate = preferences_activated },
  { .name = "open-demo", .activate = open_demo_activated },
};

static const struct
{
  const char *action;
  const char *accels[3];
} accelerators[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
  { "win.import", { "<Control>o", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.open-database", { "<Control><Shift>o", NULL } },
  { "win.new-database", { "<Control>n", NULL } },
  { "win.fit", { "<Control>Return", NULL } },
  { "win.cancel-fit", { "Escape", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.toggle-fit-panel", { "F9", NULL } },
};

static int
rlx_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  RlxApplication *self = RLX_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("relaxun %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "demo"))
    {
      g_autoptr(GError) error = NULL;

      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("relaxun: %s\n", error->message);
          return 1;
        }
      /* A running Relaxun opens the demo itself; this process has nothing more to do. */
      if (g_application_get_is_remote (app))
        {
          g_action_group_activate_action (G_ACTION_GROUP (app), "open-demo", NULL);
          return 0;
        }
      self->open_demo = TRUE;
    }

  return G_APPLICATION_CLASS (rlx_application_parent_class)->handle_local_options (app, options);
}

static void
rlx_application_startup (GApplication *app)
{
  RlxApplication *self = RLX_APPLICATION (app);

  G_APPLICATION_CLASS (rlx_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (on_settings_color_scheme_changed), self, 0);
  apply_color_scheme (self);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app),
                                           accelerators[i].action,
                                           accelerators[i].accels);
}

static void
rlx_application_activate (GApplication *app)
{
  RlxApplication *self = RLX_APPLICATION (app);
  RlxWindow *window = ensure_window (self);

  if (self->open_demo)
    {
      self->open_demo = FALSE;
      rlx_window_open_demo (window);
    }
  else if (rlx_window_get_project (window) == NULL)
    {
      g_autofree char *path = rlx_application_dup_default_database (self);

      rlx_window_open_database (window, path);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
rlx_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  RlxApplication *self = RLX_APPLICATION (app);
  RlxWindow *window = ensure_window (self);
  g_autoptr(GPtrArray) imports = g_ptr_array_new_with_free_func (g_object_unref);
  GFile *database = NULL;

  for (int i = 0; i < n_files; i++)
    {
      if (rlx_application_is_database_file (files[i]))
        database = files[i];
      else
        g_ptr_array_add (imports, g_object_ref (files[i]));
    }

  if (database != NULL)
    {
      g_autofree char *path = g_file_get_path (database);

      rlx_window_open_database (window, path);
    }
  else if (self->open_demo)
    {
      rlx_window_open_demo (window);
    }
  else if (rlx_window_get_project (window) == NULL)
    {
      g_autofree char *path = rlx_application_dup_default_database (self);

      rlx_window_open_database (window, path);
    }
  self->open_demo = FALSE;

  if (imports->len > 0)
    rlx_window_import_files (window, (GFile **) imports->pdata, imports->len);

  gtk_window_present (GTK_WINDOW (window));
}

static void
rlx_application_dispose (GObject *object)
{
  RlxApplication *self = RLX_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rlx_application_parent_class)->dispose (object);
}

static void
rlx_application_class_init (RlxApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = rlx_application_dispose;

  app_class->handle_local_options = rlx_application_handle_local_options;
  app_class->startup = rlx_application_startup;
  app_class->activate = rlx_application_activate;
  app_class->open = rlx_application_open;

  rlx_register_resource ();
}

static void
rlx_application_init (RlxApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[DATABASE] [EXPORT FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                             _("Open a Relaxun database (.relaxun) and import "
                                               "Flash DSC, DSC or DMA export files into it."));
}

RlxApplication *
rlx_application_new (void)
{
  return g_object_new (RLX_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/relaxun/Relaxun",
                       NULL);
}
