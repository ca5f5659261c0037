/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Geometry the renderer does itself because libplot cannot: clipping and decimation. */

typedef struct
{
  double x0, y0, x1, y1;       /* x0 < x1, y0 < y1 */
} RlxBox;

/* Liang–Barsky: clips the segment to the box in place; FALSE when nothing is left. */
gboolean rlx_clip_segment   (const RlxBox *box,
                             double       *x0,
                             double       *y0,
                             double       *x1,
                             double       *y1);

/* Sutherland–Hodgman against the box; writes at most 2 n + 4 vertices to out_x/out_y and
 * returns their number. */
gsize    rlx_clip_polygon   (const RlxBox *box,
                             const double *x,
                             const double *y,
                             gsize         n,
                             double       *out_x,
                             double       *out_y);

/* Min/max decimation for drawing: x is divided into n_columns columns over [x_lo, x_hi];
 * of each run of consecutive points in the same column, the first, the minimum, the maximum
 * and the last are kept, in their original order. Non-finite points are kept as breaks
 * (one NAN each). Writes at most n points to out_x/out_y (each n long) and returns how
 * many; for x running one way that is at most 4 n_columns (+ breaks). */
gsize    rlx_decimate_minmax (const double *x,
                              const double *y,
                              gsize         n,
                              double        x_lo,
                              double        x_hi,
                              guint         n_columns,
                              double       *out_x,
                              double       *out_y);

/* Min/max per column for data whose x is finite and ascending (non-decreasing) and whose y is
 * finite, in data space and without visiting a point twice: [x_lo, x_hi] is cut into n_columns
 * equal columns (equal in log10 x when log_x) whose edges are found by binary search. For each
 * non-empty column, the indices of its lowest and its highest point are written to out in index
 * order (the same index twice for a column of one point); out must hold 2 n_columns. Returns the
 * number of non-empty columns. *before and *after get the last index before x_lo and the first
 * after x_hi (G_MAXSIZE when there is none), so that a line can run on to the box's edges. */
guint    rlx_decimate_sorted (const double *x,
                              const double *y,
                              gsize         n,
                              double        x_lo,
                              double        x_hi,
                              gboolean      log_x,
                              guint         n_columns,
                              gsize        *out,
                              gsize        *before,
                              gsize        *after);

/* Douglas–Peucker: drops the points of a polyline that lie within `tolerance` of the line through
 * the points kept around them. NaN points are breaks and are kept, each finite run being
 * simplified on its own; the first and last point of a run are always kept. Writes at most n
 * points to out_x/out_y (which may not alias x/y) and returns how many. */
gsize    rlx_simplify_polyline (const double *x,
                                const double *y,
                                gsize         n,
                                double        tolerance,
                                double       *out_x,
                                double       *out_y);

G_END_DECLS
