/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-screenshot"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "rlx-application.h"
#include "rlx-export-dialog.h"
#include "rlx-import-dialog.h"
#include "rlx-window.h"

/* Takes the screenshots of the documentation under Xvfb: runs Relaxun in this process on a
 * database, brings up one view and writes what GTK drew into a PNG file.
 *   rlx-screenshot VIEW DATABASE OUTPUT.png [RUN-ID | FILE]
 * VIEW: main, dark, dma, import (FILE: an export to import; "importing" shows the window
 * behind the dialog), export, sample (RUN-ID is then SAMPLE-ID:FIGURE, e.g. 1:estar-ta). */

typedef struct
{
  RlxApplication *app;
  const char     *view;
  const char     *output;
  const char     *extra;
  int             status;
} Shot;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
save_window (GtkWindow  *window,
             const char *path)
{
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return FALSE;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, path);
}

static gboolean
take (gpointer data)
{
  Shot *shot = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (shot->app));
  GtkWindow *target = window;

  if (g_str_equal (shot->view, "dark"))
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  if (shot->extra != NULL && g_str_equal (shot->view, "sample"))
    {
      const char *colon = strchr (shot->extra, ':');

      rlx_window_select_sample (RLX_WINDOW (window), g_ascii_strtoll (shot->extra, NULL, 10),
                                colon != NULL ? colon + 1 : NULL);
    }
  else if (shot->extra != NULL && !g_str_has_prefix (shot->view, "import"))
    rlx_window_select_run (RLX_WINDOW (window), g_ascii_strtoll (shot->extra, NULL, 10));
  spin (600);

  if (g_str_equal (shot->view, "import") || g_str_equal (shot->view, "importing"))
    {
      g_autoptr(GFile) file = g_file_new_for_path (shot->extra);

      rlx_window_import_files (RLX_WINDOW (window), &file, 1);
      for (int i = 0; i < 200 && (target = find_toplevel (RLX_TYPE_IMPORT_DIALOG)) == NULL; i++)
        spin (20);
      if (target != NULL && g_str_equal (shot->view, "importing"))
        target = window;
    }
  else if (g_str_equal (shot->view, "export"))
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
      for (int i = 0; i < 200 && (target = find_toplevel (RLX_TYPE_EXPORT_DIALOG)) == NULL; i++)
        spin (20);
    }
  if (target == NULL)
    {
      g_printerr ("rlx-screenshot: the %s view did not appear\n", shot->view);
      shot->status = 1;
    }
  else
    {
      spin (800);
      if (!save_window (target, shot->output))
        shot->status = 1;
    }
  g_list_free_full (g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (shot->app)),
                                      (GCopyFunc) g_object_ref, NULL),
                    (GDestroyNotify) gtk_window_destroy);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(RlxApplication) app = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("relaxun-shot-XXXXXX", NULL);
  char *app_argv[] = { argv[0], NULL, NULL };
  Shot shot = { 0 };

  if (argc < 4)
    {
      g_printerr ("usage: rlx-screenshot VIEW DATABASE OUTPUT.png [RUN-ID | FILE]\n");
      return 2;
    }
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  adw_init ();

  app = rlx_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  shot = (Shot) { app, argv[1], argv[3], argc > 4 ? argv[4] : NULL, 0 };
  app_argv[1] = argv[2];
  g_timeout_add (500, take, &shot);
  if (g_application_run (G_APPLICATION (app), 2, app_argv) != 0)
    return 1;
  return shot.status;
}
