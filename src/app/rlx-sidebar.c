/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-sidebar.h"

#include "rlx-sidebar-row.h"

/* Samples with their runs as a tree: GtkTreeListModel over the project's samples, each
 * expanding into its runs, both filtered by the search text. Only run rows are selectable. */
struct _RlxSidebar
{
  GtkWidget           parent_instance;

  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListView        *list_view;

  RlxProject         *project;
  GtkCustomFilter    *sample_filter;
  GtkCustomFilter    *run_filter;
  GtkFilterListModel *samples;
  GtkTreeListModel   *tree;
  GtkSingleSelection *selection;
  char               *query;       /* case-folded; NULL when empty */
  RlxRunItem         *selected_run;
};

G_DEFINE_FINAL_TYPE (RlxSidebar, rlx_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_SEARCH_MODE,
  PROP_SELECTED_RUN,
  N_PROPS
};

enum {
  RUN_ACTIVATED,
  SAMPLE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
filter_run (gpointer item,
            gpointer user_data)
{
  RlxSidebar *self = user_data;

  return rlx_run_item_matches (item, self->query);
}

static gboolean
filter_sample (gpointer item,
               gpointer user_data)
{
  RlxSidebar *self = user_data;
  GListModel *runs = rlx_sample_item_get_runs (item);
  guint n = g_list_model_get_n_items (runs);

  if (rlx_sample_item_matches (item, self->query))
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RlxRunItem) run = g_list_model_get_item (runs, i);

      if (rlx_run_item_matches (run, self->query))
        return TRUE;
    }
  return FALSE;
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  RlxSidebar *self = user_data;

  if (!RLX_IS_SAMPLE_ITEM (item))
    return NULL;
  return G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (rlx_sample_item_get_runs (item)),
                                                  g_object_ref (GTK_FILTER (self->run_filter))));
}

static void
set_selected_run (RlxSidebar *self,
                  RlxRunItem *run)
{
  if (!g_set_object (&self->selected_run, run))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_RUN]);
  g_signal_emit (self, signals[RUN_ACTIVATED], 0, run);
}

static void
update_empty (RlxSidebar *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->tree)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty && self->query != NULL ? "no-results" : "list");
}

static void
on_selection_changed (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      RlxSidebar        *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);
  g_autoptr(GObject) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

  if (RLX_IS_RUN_ITEM (item))
    set_selected_run (self, RLX_RUN_ITEM (item));
  else if (RLX_IS_SAMPLE_ITEM (item))
    {
      /* A sample row shows the sample's figures: no run is selected any more. */
      if (g_set_object (&self->selected_run, NULL))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_RUN]);
      g_signal_emit (self, signals[SAMPLE_ACTIVATED], 0, item);
    }
}

static void
on_tree_items_changed (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       RlxSidebar *self)
{
  update_empty (self);
}

static void
on_search_entry_search_changed (GtkSearchEntry *entry,
                                RlxSidebar     *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->query, g_free);
  if (stripped[0] != '\0')
    self->query = g_utf8_casefold (stripped, -1);

  gtk_filter_changed (GTK_FILTER (self->run_filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_filter_changed (GTK_FILTER (self->sample_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_empty (self);
}

static void
on_search_entry_activate (GtkSearchEntry *entry,
                          RlxSidebar     *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));

  /* Enter picks the first matching run. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (RLX_IS_RUN_ITEM (item))
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
          return;
        }
    }
}

static void
on_list_view_activate (GtkListView *list_view,
                       guint        position,
                       RlxSidebar  *self)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), position);
  g_autoptr(GObject) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

  if (RLX_IS_SAMPLE_ITEM (item))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
  else if (RLX_IS_RUN_ITEM (item))
    g_signal_emit (self, signals[RUN_ACTIVATED], 0, item);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, rlx_sidebar_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

  rlx_sidebar_row_set_row (RLX_SIDEBAR_ROW (gtk_list_item_get_child (list_item)), row);
  gtk_list_item_set_selectable (list_item, RLX_IS_RUN_ITEM (item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  rlx_sidebar_row_set_row (RLX_SIDEBAR_ROW (gtk_list_item_get_child (list_item)), NULL);
}

RlxProject *
rlx_sidebar_get_project (RlxSidebar *self)
{
  g_return_val_if_fail (RLX_IS_SIDEBAR (self), NULL);
  return self->project;
}

void
rlx_sidebar_set_project (RlxSidebar *self,
                         RlxProject *project)
{
  g_return_if_fail (RLX_IS_SIDEBAR (self));
  g_return_if_fail (project == NULL || RLX_IS_PROJECT (project));

  if (!g_set_object (&self->project, project))
    return;

  g_clear_object (&self->selected_run);
  gtk_filter_list_model_set_model (self->samples,
                                   project != NULL ? rlx_project_get_samples (project) : NULL);
  update_empty (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_RUN]);
}

RlxRunItem *
rlx_sidebar_get_selected_run (RlxSidebar *self)
{
  g_return_val_if_fail (RLX_IS_SIDEBAR (self), NULL);
  return self->selected_run;
}

gboolean
rlx_sidebar_select_run (RlxSidebar *self,
                        gint64      run_id)
{
  guint n;

  g_return_val_if_fail (RLX_IS_SIDEBAR (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (RLX_IS_RUN_ITEM (item) && rlx_run_item_get_id (RLX_RUN_ITEM (item)) == run_id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item",
                                      "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
rlx_sidebar_select_sample (RlxSidebar *self,
                           gint64      sample_id)
{
  guint n;

  g_return_val_if_fail (RLX_IS_SIDEBAR (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (RLX_IS_SAMPLE_ITEM (item) && rlx_sample_item_get_id (RLX_SAMPLE_ITEM (item)) == sample_id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item",
                                      "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

void
rlx_sidebar_focus_search (RlxSidebar *self)
{
  g_return_if_fail (RLX_IS_SIDEBAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
rlx_sidebar_dispose (GObject *object)
{
  RlxSidebar *self = RLX_SIDEBAR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RLX_TYPE_SIDEBAR);

  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->samples);
  g_clear_object (&self->run_filter);
  g_clear_object (&self->sample_filter);
  g_clear_object (&self->project);
  g_clear_object (&self->selected_run);
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (rlx_sidebar_parent_class)->dispose (object);
}

static void
rlx_sidebar_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RlxSidebar *self = RLX_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, gtk_search_bar_get_search_mode (self->search_bar));
      break;
    case PROP_SELECTED_RUN:
      g_value_set_object (value, self->selected_run);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rlx_sidebar_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RlxSidebar *self = RLX_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      rlx_sidebar_set_project (self, g_value_get_object (value));
      break;
    case PROP_SEARCH_MODE:
      gtk_search_bar_set_search_mode (self->search_bar, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_search_bar_search_mode_enabled (RlxSidebar *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}

static void
rlx_sidebar_class_init (RlxSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rlx_sidebar_dispose;
  object_class->get_property = rlx_sidebar_get_property;
  object_class->set_property = rlx_sidebar_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, RLX_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_RUN] =
    g_param_spec_object ("selected-run", NULL, NULL, RLX_TYPE_RUN_ITEM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RUN_ACTIVATED] =
    g_signal_new ("run-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RLX_TYPE_RUN_ITEM);
  signals[SAMPLE_ACTIVATED] =
    g_signal_new ("sample-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RLX_TYPE_SAMPLE_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relaxun/Relaxun/rlx-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, RlxSidebar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RlxSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RlxSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, RlxSidebar, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate);

  g_type_ensure (RLX_TYPE_SIDEBAR_ROW);
}

static void
rlx_sidebar_init (RlxSidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->run_filter = gtk_custom_filter_new (filter_run, self, NULL);
  self->sample_filter = gtk_custom_filter_new (filter_sample, self, NULL);
  self->samples = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->sample_filter)));
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->samples)),
                                        FALSE, TRUE, create_children, self, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed), self, 0);
  g_signal_connect_object (self->tree, "items-changed",
                           G_CALLBACK (on_tree_items_changed), self, 0);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_bar_search_mode_enabled), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
}
