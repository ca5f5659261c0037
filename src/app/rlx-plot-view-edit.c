/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-ui"

#include "config.h"

#include "rlx-plot-view-private.h"

#include <adwaita.h>
#include <math.h>

/* Peak editing on the plot: the overlay of fit window, masked ranges and baseline anchors,
 * and the pointer gestures that move them (and the pointer position the read-out follows). */

#define HANDLE_GRAB_PX 7.0
#define ANCHOR_GRAB_PX 9.0
#define ANCHOR_RADIUS_PX 5.0

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
get_accent (RlxPlotView *self,
            GdkRGBA     *accent)
{
  /* The libadwaita accent in its light and dark variants. */
  if (rlx_plot_view_get_dark (self))
    gdk_rgba_parse (accent, "#78aeed");
  else
    gdk_rgba_parse (accent, "#1c71d8");
}

void
rlx_plot_view_snapshot_edit_overlay (RlxPlotView *self,
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
        rlx_plot_view_append_rect (snapshot, &mask_color, MIN (a, b), top, fabs (b - a), bottom - top);
    }

  if (isfinite (self->window_lo) && isfinite (self->window_hi))
    {
      double a = x_to_px (self, self->window_lo);
      double b = x_to_px (self, self->window_hi);
      double lo = MIN (a, b), hi = MAX (a, b);

      /* Outside the window is dimmed so the fitted part stands out. */
      shade = rlx_plot_view_get_dark (self) ? (GdkRGBA) { 0, 0, 0, 0.30 } : (GdkRGBA) { 1, 1, 1, 0.55 };
      if (lo > left)
        rlx_plot_view_append_rect (snapshot, &shade, left, top, lo - left, bottom - top);
      if (hi < right)
        rlx_plot_view_append_rect (snapshot, &shade, hi, top, right - hi, bottom - top);
      for (int k = 0; k < 2; k++)
        {
          double px = k == 0 ? a : b;

          rlx_plot_view_append_rect (snapshot, &accent, px - 1.0, top, 2.0, bottom - top);
          rlx_plot_view_append_rect (snapshot, &accent, px - 4.0, top + 0.5 * (bottom - top) - 14.0, 8.0, 28.0);
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
      rlx_plot_view_append_rect (snapshot, &white, px - ANCHOR_RADIUS_PX, py - ANCHOR_RADIUS_PX,
                   2 * ANCHOR_RADIUS_PX, 2 * ANCHOR_RADIUS_PX);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_append_border (snapshot, &dot, widths, border_colors);
    }
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
  rlx_plot_view_emit_edited (self);
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
      rlx_plot_view_emit_edited (self);
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
      rlx_plot_view_emit_edited (self);
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

void
rlx_plot_view_init_input (RlxPlotView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

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
}
