/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-drag-source"

#include "config.h"

#include <gtk/gtk.h>

/* A window to drag files from, for the drag-and-drop test under Xvfb: the whole window is a
 * drag source offering the files named on the command line as a GdkFileList (which GTK also
 * offers as text/uri-list). It quits when a drag ends. */

static GdkContentProvider *
on_prepare (GtkDragSource *source,
            double         x,
            double         y,
            GSList        *files)
{
  GdkFileList *list = gdk_file_list_new_from_list (files);
  GdkContentProvider *provider = gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, list);

  /* The provider keeps its own copy. */
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  return provider;
}

static void
on_drag_end (GtkDragSource *source,
             GdkDrag       *drag,
             gboolean       delete_data,
             GtkWindow     *window)
{
  g_print ("drag ended\n");
  gtk_window_destroy (window);
}

static void
on_activate (GtkApplication *app,
             GSList         *files)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *label = gtk_label_new ("Drag these exports");
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_window_set_title (GTK_WINDOW (window), "Relaxun drag source");
  gtk_window_set_default_size (GTK_WINDOW (window), 240, 120);
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (on_prepare), files);
  g_signal_connect (source, "drag-end", G_CALLBACK (on_drag_end), window);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (source));
  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GtkApplication) app = gtk_application_new (NULL, G_APPLICATION_NON_UNIQUE);
  GSList *files = NULL;
  int status;

  for (int i = 1; i < argc; i++)
    files = g_slist_append (files, g_file_new_for_commandline_arg (argv[i]));
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), files);
  status = g_application_run (G_APPLICATION (app), 1, argv);
  g_slist_free_full (files, g_object_unref);
  return status;
}
