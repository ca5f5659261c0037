/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-plot-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "rlx-render.h"

/* Shows one figure. The figure is rendered by the core (libplot → SVG → librsvg) into an
 * image that becomes a texture; it is redone only when the size, the scale, the theme or the
 * figure change. Everything interactive — the read-out under the pointer, the fit window
 * handles, masked ranges, baseline anchors — is drawn on top with the layout's data↔pixel
 * transform, so moving the pointer or dragging never re-renders the figure. */

#define HANDLE_GRAB_PX 7.0
#define ANCHOR_GRAB_PX 9.0
#define ANCHOR_RADIUS_PX 5.0

typedef enum
{
  DRAG_NONE,
  DRAG_WINDOW_LO,
  DRAG_WINDOW_HI,
  DRAG_ANCHOR,
  DRAG_NEW_MASK,
} DragKind;

struct _RlxPlotView
{
  GtkWidget        parent_instance;

  AdwStatusPage   *placeholder;

  RlxFigure       *figure;
  GdkTexture      *texture;
  RlxFigureLayout *layout;
  int              rendered_width;
  int              rendered_height;
  int              rendered_scale;
  gboolean         rendered_dark;
  char            *render_error;

  gboolean         hovering;
  double           hover_px;
  double           hover_py;

  gboolean         editable;
  double           window_lo;
  double           window_hi;
  GArray          *masks;        /* double pairs lo, hi */
  GArray          *anchors;      /* double pairs x, y */

  DragKind         drag;
  guint            drag_index;
  double           drag_start_px;
  double           drag_start_py;
};

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

static const RlxPanelLayout *
edit_panel (RlxPlotView *self)
{
  if (self->layout == NULL || self->layout->n_panels == 0)
    return NULL;
  return &self->layout->panels[0];
}

static double
x_to_px (RlxPlotView *self,
         double       x)
{
  const RlxPanelLayout *panel = edit_panel (self);
  double px = NAN, py = NAN;

  if (panel == NULL || !isfinite (x))
    return NAN;
  if (!rlx_plot_view_data_to_widget (self, x, panel->y_log ? panel->y_max : 0.5 * (panel->y_min + panel->y_max),
                                     &px, &py))
    return NAN;
  return px;
}

static void
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         x,
             double         y,
             double         width,
             double         height)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

static void
get_accent (RlxPlotView *self,
            GdkRGBA     *accent)
{
  /* The libadwaita accent in its light and dark variants. */
  if (rlx_plot_view_get_dark (self))
    gdk_rgba_parse (accent, "#78aeed");
  else
    gdk_rgba_parse (accent, "#1c71d8");
}

static void
snapshot_edit_overlay (RlxPlotView *self,
                       GtkSnapshot *snapshot)
{
  const RlxPanelLayout *panel = edit_panel (self);
  GdkRGBA accent, shade, mask_color;
  double top, bottom, left, right;

  if (panel == NULL)
    return;

  get_accent (self, &accent);
  top = panel->box_y;
  bottom = panel->box_y + panel->box_height;
  left = panel->box_x;
  right = panel->box_x + panel->box_width;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (left, top, right - left, bottom - top));

  mask_color = (GdkRGBA) { 0.88, 0.11, 0.14, 0.16 };
  for (guint i = 0; i + 1 < self->masks->len; i += 2)
    {
      double a = x_to_px (self, g_array_index (self->masks, double, i));
      double b = x_to_px (self, g_array_index (self->masks, double, i + 1));

      if (isfinite (a) && isfinite (b))
        append_rect (snapshot, &mask_color, MIN (a, b), top, fabs (b - a), bottom - top);
    }

  if (isfinite (self->window_lo) && isfinite (self->window_hi))
    {
      double a = x_to_px (self, self->window_lo);
      double b = x_to_px (self, self->window_hi);
      double lo = MIN (a, b), hi = MAX (a, b);

      /* Outside the window is dimmed so the fitted part stands out. */
      shade = rlx_plot_view_get_dark (self) ? (GdkRGBA) { 0, 0, 0, 0.30 } : (GdkRGBA) { 1, 1, 1, 0.55 };
      if (lo > left)
        append_rect (snapshot, &shade, left, top, lo - left, bottom - top);
      if (hi < right)
        append_rect (snapshot, &shade, hi, top, right - hi, bottom - top);
      for (int k = 0; k < 2; k++)
        {
          double px = k == 0 ? a : b;

          append_rect (snapshot, &accent, px - 1.0, top, 2.0, bottom - top);
          append_rect (snapshot, &accent, px - 4.0, top + 0.5 * (bottom - top) - 14.0, 8.0, 28.0);
        }
    }

  gtk_snapshot_pop (snapshot);

  for (guint i = 0; i + 1 < self->anchors->len; i += 2)
    {
      double px, py;
      GskRoundedRect dot;
      GdkRGBA white = { 1, 1, 1, 1 };
      const GdkRGBA border_colors[4] = { accent, accent, accent, accent };
      const float widths[4] = { 2.5f, 2.5f, 2.5f, 2.5f };

      if (!rlx_plot_view_data_to_widget (self, g_array_index (self->anchors, double, i),
                                         g_array_index (self->anchors, double, i + 1), &px, &py))
        continue;
      gsk_rounded_rect_init_from_rect (&dot,
                                       &GRAPHENE_RECT_INIT (px - ANCHOR_RADIUS_PX, py - ANCHOR_RADIUS_PX,
                                                            2 * ANCHOR_RADIUS_PX, 2 * ANCHOR_RADIUS_PX),
                                       ANCHOR_RADIUS_PX);
      gtk_snapshot_push_rounded_clip (snapshot, &dot);
      append_rect (snapshot, &white, px - ANCHOR_RADIUS_PX, py - ANCHOR_RADIUS_PX,
                   2 * ANCHOR_RADIUS_PX, 2 * ANCHOR_RADIUS_PX);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_append_border (snapshot, &dot, widths, border_colors);
    }
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

  append_rect (snapshot, &line_color, self->hover_px, panel->box_y, 1.0, panel->box_height);
  append_rect (snapshot, &line_color, panel->box_x, self->hover_py, panel->box_width, 1.0);

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
  append_rect (snapshot, &box_color, bx, by, text_width + 12.0, text_height + 6.0);
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
    snapshot_edit_overlay (self, snapshot);
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

static int
find_anchor (RlxPlotView *self,
             double       px,
             double       py)
{
  int best = -1;
  double best_d = ANCHOR_GRAB_PX;

  for (guint i = 0; i + 1 < self->anchors->len; i += 2)
    {
      double ax, ay;

      if (!rlx_plot_view_data_to_widget (self, g_array_index (self->anchors, double, i),
                                         g_array_index (self->anchors, double, i + 1), &ax, &ay))
        continue;
      if (hypot (ax - px, ay - py) <= best_d)
        {
          best_d = hypot (ax - px, ay - py);
          best = (int) (i / 2);
        }
    }
  return best;
}

static int
find_mask (RlxPlotView *self,
           double       px)
{
  double x, y;

  if (!rlx_plot_view_widget_to_data (self, px, 0, &x, &y))
    return -1;
  for (guint i = 0; i + 1 < self->masks->len; i += 2)
    {
      double a = g_array_index (self->masks, double, i);
      double b = g_array_index (self->masks, double, i + 1);

      if (x >= MIN (a, b) && x <= MAX (a, b))
        return (int) (i / 2);
    }
  return -1;
}

static void
emit_edited (RlxPlotView *self)
{
  g_signal_emit (self, signals[EDITED], 0);
}

static void
sort_anchors (RlxPlotView *self)
{
  /* Anchors are kept in x order: a baseline through them is a function of x. */
  for (guint i = 2; i + 1 < self->anchors->len; i += 2)
    for (guint j = i; j >= 2 && g_array_index (self->anchors, double, j - 2) > g_array_index (self->anchors, double, j); j -= 2)
      {
        double *p = (double *) (gpointer) self->anchors->data;
        double tx = p[j - 2], ty = p[j - 1];

        p[j - 2] = p[j];
        p[j - 1] = p[j + 1];
        p[j] = tx;
        p[j + 1] = ty;
      }
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          start_x,
               double          start_y,
               RlxPlotView    *self)
{
  const RlxPanelLayout *panel = edit_panel (self);
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double lo_px = x_to_px (self, self->window_lo);
  double hi_px = x_to_px (self, self->window_hi);
  int anchor;

  self->drag = DRAG_NONE;
  if (!self->editable || panel == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->drag_start_px = start_x;
  self->drag_start_py = start_y;
  anchor = find_anchor (self, start_x, start_y);

  if ((state & GDK_SHIFT_MASK) != 0)
    {
      double x, y;

      if (!rlx_plot_view_widget_to_data (self, start_x, start_y, &x, &y))
        return;
      g_array_append_val (self->masks, x);
      g_array_append_val (self->masks, x);
      self->drag = DRAG_NEW_MASK;
      self->drag_index = self->masks->len / 2 - 1;
    }
  else if (anchor >= 0)
    {
      self->drag = DRAG_ANCHOR;
      self->drag_index = (guint) anchor;
    }
  else if (isfinite (lo_px) && fabs (start_x - lo_px) <= HANDLE_GRAB_PX)
    self->drag = DRAG_WINDOW_LO;
  else if (isfinite (hi_px) && fabs (start_x - hi_px) <= HANDLE_GRAB_PX)
    self->drag = DRAG_WINDOW_HI;

  if (self->drag == DRAG_NONE)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
  else
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                RlxPlotView    *self)
{
  double px = self->drag_start_px + offset_x;
  double py = self->drag_start_py + offset_y;
  double x, y;

  if (self->drag == DRAG_NONE || !rlx_plot_view_widget_to_data (self, px, py, &x, &y))
    return;

  switch (self->drag)
    {
    case DRAG_WINDOW_LO:
      self->window_lo = x;
      break;
    case DRAG_WINDOW_HI:
      self->window_hi = x;
      break;
    case DRAG_ANCHOR:
      g_array_index (self->anchors, double, 2 * self->drag_index) = x;
      g_array_index (self->anchors, double, 2 * self->drag_index + 1) = y;
      break;
    case DRAG_NEW_MASK:
      g_array_index (self->masks, double, 2 * self->drag_index + 1) = x;
      break;
    case DRAG_NONE:
    default:
      return;
    }
  self->hover_px = px;
  self->hover_py = py;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             RlxPlotView    *self)
{
  DragKind drag = self->drag;

  self->drag = DRAG_NONE;
  switch (drag)
    {
    case DRAG_WINDOW_LO:
    case DRAG_WINDOW_HI:
      if (self->window_lo > self->window_hi)
        {
          double t = self->window_lo;

          self->window_lo = self->window_hi;
          self->window_hi = t;
        }
      break;
    case DRAG_ANCHOR:
      sort_anchors (self);
      break;
    case DRAG_NEW_MASK:
      {
        double *p = &g_array_index (self->masks, double, 2 * self->drag_index);

        /* A click with Shift (no real drag) leaves a zero-width range: drop it. */
        if (fabs (offset_x) < 3.0)
          {
            g_array_remove_range (self->masks, 2 * self->drag_index, 2);
            gtk_widget_queue_draw (GTK_WIDGET (self));
            return;
          }
        if (p[0] > p[1])
          {
            double t = p[0];

            p[0] = p[1];
            p[1] = t;
          }
      }
      break;
    case DRAG_NONE:
    default:
      return;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  emit_edited (self);
}

static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           px,
                  double           py,
                  RlxPlotView     *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  double x, y;
  int index;

  if (!self->editable || edit_panel (self) == NULL)
    return;

  if (button == GDK_BUTTON_SECONDARY)
    {
      if ((index = find_anchor (self, px, py)) >= 0)
        g_array_remove_range (self->anchors, 2 * index, 2);
      else if ((index = find_mask (self, px)) >= 0)
        g_array_remove_range (self->masks, 2 * index, 2);
      else
        return;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      emit_edited (self);
      return;
    }

  if (button == GDK_BUTTON_PRIMARY && n_press == 2 && find_anchor (self, px, py) < 0
      && rlx_figure_layout_find_panel (self->layout, px, py) == 0
      && rlx_plot_view_widget_to_data (self, px, py, &x, &y))
    {
      g_array_append_val (self->anchors, x);
      g_array_append_val (self->anchors, y);
      sort_anchors (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      emit_edited (self);
    }
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    px,
           double                    py,
           RlxPlotView              *self)
{
  const char *cursor = NULL;

  self->hovering = TRUE;
  self->hover_px = px;
  self->hover_py = py;

  if (self->editable && self->drag == DRAG_NONE && edit_panel (self) != NULL)
    {
      double lo_px = x_to_px (self, self->window_lo);
      double hi_px = x_to_px (self, self->window_hi);

      if (find_anchor (self, px, py) >= 0)
        cursor = "grab";
      else if ((isfinite (lo_px) && fabs (px - lo_px) <= HANDLE_GRAB_PX)
               || (isfinite (hi_px) && fabs (px - hi_px) <= HANDLE_GRAB_PX))
        cursor = "col-resize";
    }
  else if (self->drag != DRAG_NONE)
    cursor = self->drag == DRAG_ANCHOR ? "grabbing" : "col-resize";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor != NULL ? cursor : "crosshair");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *controller,
          RlxPlotView              *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
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
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->window_lo = NAN;
  self->window_hi = NAN;
  self->masks = g_array_new (FALSE, FALSE, sizeof (double));
  self->anchors = g_array_new (FALSE, FALSE, sizeof (double));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_style_manager_dark_changed), self, G_CONNECT_SWAPPED);
}
