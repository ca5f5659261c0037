/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun"

#include "config.h"

#include "rlx-application.h"

struct _RlxApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (RlxApplication, rlx_application, ADW_TYPE_APPLICATION)

static void
rlx_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));
  gtk_window_present (window);
}

static void
rlx_application_class_init (RlxApplicationClass *klass)
{
  G_APPLICATION_CLASS (klass)->activate = rlx_application_activate;
}

static void
rlx_application_init (RlxApplication *self)
{
}

RlxApplication *
rlx_application_new (void)
{
  return g_object_new (RLX_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}
