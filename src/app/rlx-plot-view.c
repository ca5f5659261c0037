/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-plot-view.h"
#include "rlx-plot-view-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "rlx-render.h"

/* Shows one figure. The figure is rendered by the core (libplot → SVG → librsvg) into an
 * image that becomes a texture; it is redone only when the size, the scale, the theme or the
 * figure change. Everything interactive — the read-out under the pointer, the fit window
 * handles, masked ranges, baseline anchors — is drawn on top with the layout's data↔pixel
 * transform, so moving the pointer or dragging never re-renders the figure (the editing
 * overlay and its gestures are in rlx-plot-view-edit.c). */

G_DEFINE_FINAL_TYPE (RlxPlotView, rlx_plot_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HAS_FIGURE,
  PROP_EDITABLE,
  N_PROPS
};

enum {
  EDITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

gboolean
rlx_plot_view_get_dark (RlxPlotView *self)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
invalidate_texture (RlxPlotView *self)
{
  g_clear_object (&self->texture);
  g_clear_pointer (&self->layout, rlx_figure_layout_free);
  g_clear_pointer (&self->render_error, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) bytes = NULL;

  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);
  /* Cairo's ARGB32 is premultiplied native-endian BGRA, which GDK_MEMORY_DEFAULT names. */
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
ensure_texture (RlxPlotView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  gboolean dark = rlx_plot_view_get_dark (self);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  RlxFigureLayout *layout = NULL;

  if (self->figure == NULL || width < 16 || height < 16)
    return;
  if ((self->texture != NULL || self->render_error != NULL)
      && self->rendered_width == width && self->rendered_height == height
      && self->rendered_scale == scale && self->rendered_dark == dark)
    return;

  g_clear_object (&self->texture);
  g_clear_pointer (&self->layout, rlx_figure_layout_free);
  g_clear_pointer (&self->render_error, g_free);
  self->rendered_width = width;
  self->rendered_height = height;
  self->rendered_scale = scale;
  self->rendered_dark = dark;

  surface = rlx_figure_render_image (self->figure,
                                     rlx_theme_get (dark ? RLX_THEME_DARK : RLX_THEME_LIGHT),
                                     width, height, scale, &layout, NULL, &error);
  if (surface == NULL)
    {
      /* Shown in place of the figure; a warning would abort test runs on fatal warnings. */
      g_debug ("Cannot draw the figure: %s", error->message);
      self->render_error = g_strdup (error->message);
      return;
    }
  self->texture = texture_from_surface (surface);
  self->layout = layout;
  cairo_surface_destroy (surface);
}

gboolean
rlx_plot_view_data_to_widget (RlxPlotView *self,
                              double       x,
                              double       y,
                              double      *px,
                              double      *py)
{
  g_return_val_if_fail (RLX_IS_PLOT_VIEW (self), FALSE);

  if (self->layout == NULL || self->layout->n_panels == 0)
    return FALSE;
  return rlx_figure_layout_data_to_pixel (self->layout, 0, x, y, px, py);
}

gboolean
rlx_plot_view_widget_to_data (RlxPlotView *self,
                              double       px,
                              double       py,
                              double      *x,
                              double      *y)
{
  g_return_val_if_fail (RLX_IS_PLOT_VIEW (self), FALSE);

  if (self->layout == NULL || self->layout->n_panels == 0)
    return FALSE;
  return rlx_figure_layout_pixel_to_data (self->layout, 0, px, py, x, y);
}

void
rlx_plot_view_append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         x,
             double         y,
             double         width,
             double         height)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

static void
snapshot_readout (RlxPlotView *self,
                  GtkSnapshot *snapshot)
{
  int panel_index;
  const RlxPanelLayout *panel;
  double x, y;
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int text_width, text_height;
  double bx, by;
  GdkRGBA line_color, box_color, text_color;
  GskRoundedRect box;

  if (!self->hovering || self->layout == NULL)
    return;
  panel_index = rlx_figure_layout_find_panel (self->layout, self->hover_px, self->hover_py);
  if (panel_index < 0)
    return;
  panel = &self->layout->panels[panel_index];
  if (!rlx_figure_layout_pixel_to_data (self->layout, panel_index, self->hover_px, self->hover_py, &x, &y))
    return;

  if (rlx_plot_view_get_dark (self))
    {
      line_color = (GdkRGBA) { 1, 1, 1, 0.35 };
      box_color = (GdkRGBA) { 0.19, 0.19, 0.21, 0.92 };
      text_color = (GdkRGBA) { 1, 1, 1, 1 };
    }
  else
    {
      line_color = (GdkRGBA) { 0, 0, 0, 0.30 };
      box_color = (GdkRGBA) { 1, 1, 1, 0.92 };
      text_color = (GdkRGBA) { 0.13, 0.13, 0.15, 1 };
    }

  rlx_plot_view_append_rect (snapshot, &line_color, self->hover_px, panel->box_y, 1.0, panel->box_height);
  rlx_plot_view_append_rect (snapshot, &line_color, panel->box_x, self->hover_py, panel->box_width, 1.0);

  text = g_strdup_printf ("x = %.6g   y = %.6g", x, y);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  bx = self->hover_px + 12.0;
  by = self->hover_py - text_height - 16.0;
  if (bx + text_width + 12.0 > panel->box_x + panel->box_width)
    bx = self->hover_px - text_width - 24.0;
  if (by < panel->box_y)
    by = self->hover_py + 12.0;

  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (bx, by, text_width + 12.0, text_height + 6.0), 6.0);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  rlx_plot_view_append_rect (snapshot, &box_color, bx, by, text_width + 12.0, text_height + 6.0);
  gtk_snapshot_pop (snapshot);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (bx + 6.0, by + 3.0));
  gtk_snapshot_append_layout (snapshot, layout, &text_color);
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_error (RlxPlotView *self,
                GtkSnapshot *snapshot,
                int          width,
                int          height)
{
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA color;
  int text_width, text_height;

  if (self->render_error == NULL)
    return;
  text = g_strdup_printf (_("Cannot draw the figure: %s"), self->render_error);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  pango_layout_set_width (layout, MAX (1, width - 48) * PANGO_SCALE);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &color);
  color.alpha *= 0.7f;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (24, 0.5 * (height - text_height)));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
rlx_plot_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  RlxPlotView *self = RLX_PLOT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (self->figure == NULL)
    {
      gtk_widget_snapshot_child (widget, GTK_WIDGET (self->placeholder), snapshot);
      return;
    }

  ensure_texture (self);
  if (self->texture == NULL)
    {
      snapshot_error (self, snapshot, width, height);
      return;
    }

  gtk_snapshot_append_texture (snapshot, self->texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->editable)
    rlx_plot_view_snapshot_edit_overlay (self, snapshot);
  snapshot_readout (self, snapshot);
}

static void
update_placeholder (RlxPlotView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), self->figure == NULL);
}

void
rlx_plot_view_set_figure (RlxPlotView *self,
                          RlxFigure   *figure)
{
  gboolean had_figure;

  g_return_if_fail (RLX_IS_PLOT_VIEW (self));

  had_figure = self->figure != NULL;
  g_clear_pointer (&self->figure, rlx_figure_free);
  self->figure = figure;
  invalidate_texture (self);
  update_placeholder (self);
  if (had_figure != (figure != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_FIGURE]);
}

const RlxFigure *
rlx_plot_view_get_figure (RlxPlotView *self)
{
  g_return_val_if_fail (RLX_IS_PLOT_VIEW (self), NULL);
  return self->figure;
}

gboolean
rlx_plot_view_get_has_figure (RlxPlotView *self)
{
  g_return_val_if_fail (RLX_IS_PLOT_VIEW (self), FALSE);
  return self->figure != NULL;
}

void
rlx_plot_view_set_placeholder (RlxPlotView *self,
                               const char  *icon_name,
                               const char  *title,
                               const char  *description)
{
  g_return_if_fail (RLX_IS_PLOT_VIEW (self));

  adw_status_page_set_icon_name (self->placeholder, icon_name);
  adw_status_page_set_title (self->placeholder, title);
  adw_status_page_set_description (self->placeholder, description);
}

void
rlx_plot_view_set_editable (RlxPlotView *self,
                            gboolean     editable)
{
  g_return_if_fail (RLX_IS_PLOT_VIEW (self));

  editable = !!editable;
  if (self->editable == editable)
    return;
  self->editable = editable;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
}

gboolean
rlx_plot_view_get_editable (RlxPlotView *self)
{
  g_return_val_if_fail (RLX_IS_PLOT_VIEW (self), FALSE);
  return self->editable;
}

void
rlx_plot_view_set_window (RlxPlotView *self,
                          double       lo,
                          double       hi)
{
  g_return_if_fail (RLX_IS_PLOT_VIEW (self));

  self->window_lo = MIN (lo, hi);
  self->window_hi = MAX (lo, hi);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
rlx_plot_view_get_window (RlxPlotView *self,
                          double      *lo,
                          double      *hi)
{
  g_return_val_if_fail (RLX_IS_PLOT_VIEW (self), FALSE);

  *lo = MIN (self->window_lo, self->window_hi);
  *hi = MAX (self->window_lo, self->window_hi);
  return isfinite (*lo) && isfinite (*hi) && *hi > *lo;
}

void
rlx_plot_view_set_masks (RlxPlotView  *self,
                         const double *ranges,
                         guint         n_ranges)
{
  g_return_if_fail (RLX_IS_PLOT_VIEW (self));

  g_array_set_size (self->masks, 0);
  if (n_ranges > 0)
    g_array_append_vals (self->masks, ranges, 2 * n_ranges);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const double *
rlx_plot_view_get_masks (RlxPlotView *self,
                         guint       *n_ranges)
{
  g_return_val_if_fail (RLX_IS_PLOT_VIEW (self), NULL);

  *n_ranges = self->masks->len / 2;
  return (const double *) (gpointer) self->masks->data;
}

void
rlx_plot_view_set_anchors (RlxPlotView  *self,
                           const double *points,
                           guint         n_points)
{
  g_return_if_fail (RLX_IS_PLOT_VIEW (self));

  g_array_set_size (self->anchors, 0);
  if (n_points > 0)
    g_array_append_vals (self->anchors, points, 2 * n_points);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const double *
rlx_plot_view_get_anchors (RlxPlotView *self,
                           guint       *n_points)
{
  g_return_val_if_fail (RLX_IS_PLOT_VIEW (self), NULL);

  *n_points = self->anchors->len / 2;
  return (const double *) (gpointer) self->anchors->data;
}

void
rlx_plot_view_emit_edited (RlxPlotView *self)
{
  g_signal_emit (self, signals[EDITED], 0);
}

static void
on_style_manager_dark_changed (RlxPlotView *self)
{
  invalidate_texture (self);
}

static void
rlx_plot_view_dispose (GObject *object)
{
  RlxPlotView *self = RLX_PLOT_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RLX_TYPE_PLOT_VIEW);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->layout, rlx_figure_layout_free);
  g_clear_pointer (&self->figure, rlx_figure_free);
  g_clear_pointer (&self->render_error, g_free);
  g_clear_pointer (&self->masks, g_array_unref);
  g_clear_pointer (&self->anchors, g_array_unref);

  G_OBJECT_CLASS (rlx_plot_view_parent_class)->dispose (object);
}

static void
rlx_plot_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RlxPlotView *self = RLX_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_HAS_FIGURE:
      g_value_set_boolean (value, self->figure != NULL);
      break;
    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rlx_plot_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RlxPlotView *self = RLX_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_EDITABLE:
      rlx_plot_view_set_editable (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rlx_plot_view_class_init (RlxPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rlx_plot_view_dispose;
  object_class->get_property = rlx_plot_view_get_property;
  object_class->set_property = rlx_plot_view_set_property;

  widget_class->snapshot = rlx_plot_view_snapshot;

  properties[PROP_HAS_FIGURE] =
    g_param_spec_boolean ("has-figure", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A drag ended or an anchor or masked range was added or removed. */
  signals[EDITED] =
    g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relaxun/Relaxun/rlx-plot-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RlxPlotView, placeholder);
  gtk_widget_class_set_css_name (widget_class, "plotview");
}

static void
rlx_plot_view_init (RlxPlotView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->window_lo = NAN;
  self->window_hi = NAN;
  self->masks = g_array_new (FALSE, FALSE, sizeof (double));
  self->anchors = g_array_new (FALSE, FALSE, sizeof (double));
  rlx_plot_view_init_input (self);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_style_manager_dark_changed), self, G_CONNECT_SWAPPED);
}
