/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-sidebar-row.h"

#include "rlx-run-item.h"
#include "rlx-sample-item.h"

/* One row of the sidebar: a sample (expander, name, material and run count) or one of its
 * runs (kind icon, annealing condition, rate and point count, role badge). */
struct _RlxSidebarRow
{
  GtkWidget        parent_instance;

  GtkTreeExpander *expander;
  GtkImage        *icon;
  GtkLabel        *title;
  GtkLabel        *subtitle;
  GtkLabel        *badge;
};

G_DEFINE_FINAL_TYPE (RlxSidebarRow, rlx_sidebar_row, GTK_TYPE_WIDGET)

static void
set_badge (RlxSidebarRow *self,
           RlxRunItem    *run)
{
  const char *label = run != NULL ? rlx_run_item_get_role_label (run) : "";
  RlxRunRole role = run != NULL ? rlx_run_item_get_role (run) : RLX_RUN_ROLE_OTHER;

  gtk_label_set_label (self->badge, label);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), label[0] != '\0');
  if (role == RLX_RUN_ROLE_ANNEALED)
    gtk_widget_add_css_class (GTK_WIDGET (self->badge), "annealed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge), "annealed");
  if (role == RLX_RUN_ROLE_REFERENCE)
    gtk_widget_add_css_class (GTK_WIDGET (self->badge), "reference");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge), "reference");
}

void
rlx_sidebar_row_set_row (RlxSidebarRow  *self,
                         GtkTreeListRow *row)
{
  g_autoptr(GObject) item = NULL;

  g_return_if_fail (RLX_IS_SIDEBAR_ROW (self));

  gtk_tree_expander_set_list_row (self->expander, row);
  if (row == NULL)
    return;

  item = gtk_tree_list_row_get_item (row);
  if (RLX_IS_SAMPLE_ITEM (item))
    {
      RlxSampleItem *sample = RLX_SAMPLE_ITEM (item);

      gtk_image_set_from_icon_name (self->icon, "rlx-sample-symbolic");
      gtk_label_set_label (self->title, rlx_sample_item_get_name (sample));
      gtk_label_set_label (self->subtitle, rlx_sample_item_get_subtitle (sample));
      gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
      gtk_widget_add_css_class (GTK_WIDGET (self), "sample");
      set_badge (self, NULL);
    }
  else if (RLX_IS_RUN_ITEM (item))
    {
      RlxRunItem *run = RLX_RUN_ITEM (item);

      gtk_image_set_from_icon_name (self->icon, rlx_run_item_get_icon_name (run));
      gtk_label_set_label (self->title, rlx_run_item_get_title (run));
      gtk_label_set_label (self->subtitle, rlx_run_item_get_subtitle (run));
      gtk_widget_remove_css_class (GTK_WIDGET (self->title), "heading");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "sample");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                                   rlx_run_item_get_record (run)->source_name);
      set_badge (self, run);
    }
}

static void
rlx_sidebar_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RLX_TYPE_SIDEBAR_ROW);

  G_OBJECT_CLASS (rlx_sidebar_row_parent_class)->dispose (object);
}

static void
rlx_sidebar_row_class_init (RlxSidebarRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rlx_sidebar_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relaxun/Relaxun/rlx-sidebar-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RlxSidebarRow, expander);
  gtk_widget_class_bind_template_child (widget_class, RlxSidebarRow, icon);
  gtk_widget_class_bind_template_child (widget_class, RlxSidebarRow, title);
  gtk_widget_class_bind_template_child (widget_class, RlxSidebarRow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, RlxSidebarRow, badge);
}

static void
rlx_sidebar_row_init (RlxSidebarRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rlx_sidebar_row_new (void)
{
  return g_object_new (RLX_TYPE_SIDEBAR_ROW, NULL);
}
