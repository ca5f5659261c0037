/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Axes and their ticks. Ticks are ours (libplot has no axes): 1/2/5×10ⁿ steps with minor
 * ticks on linear axes, decades with 2…9 minors on log10 axes. Labels come out as UTF-8
 * markup (see rlx-markup.h), e.g. "10^{-3}" or "2×10^{5}".
 */

typedef enum
{
  RLX_AXIS_SCALE_LINEAR = 0,
  RLX_AXIS_SCALE_LOG10,
} RlxAxisScale;

typedef struct
{
  char         *label;       /* UTF-8 markup with unit, e.g. "E″ (MPa)", "T_a (K)"; may be NULL */
  RlxAxisScale  scale;
  gboolean      auto_range;  /* TRUE: range from the data (with padding); FALSE: min/max below */
  double        min;         /* explicit limits; after layout they hold the limits drawn */
  double        max;
  gboolean      reversed;    /* larger values to the left (x) or down (y) */
  gboolean      include_zero; /* auto range always contains 0 (linear axes only) */
  double        padding;     /* fraction of the range added on each side in auto mode (0.04) */
  gboolean      show_labels; /* tick labels and axis label drawn (FALSE for inner shared axes) */
} RlxAxis;

typedef struct
{
  double  value;
  char   *label;             /* UTF-8 markup */
} RlxTick;

typedef struct
{
  GArray *major;             /* RlxTick; label owned */
  GArray *minor;             /* double */
  double  step;              /* linear: major step; log: decades between majors */
} RlxTicks;

void       rlx_axis_init              (RlxAxis       *axis,
                                       RlxAxisScale   scale,
                                       const char    *label);
void       rlx_axis_clear             (RlxAxis       *axis);
void       rlx_axis_copy              (RlxAxis       *dest,
                                       const RlxAxis *src);
void       rlx_axis_set_range         (RlxAxis       *axis,
                                       double         min,
                                       double         max);

/* A finite, non-degenerate range for data spanning [data_min, data_max] (padding applied,
 * non-positive values ignored on log axes, a single value widened). FALSE when there is no
 * usable value at all; lo/hi then hold a default range. */
gboolean   rlx_axis_auto_range        (RlxAxisScale   scale,
                                       double         data_min,
                                       double         data_max,
                                       double         padding,
                                       gboolean       include_zero,
                                       double        *lo,
                                       double        *hi);

/* The nice step (1, 2 or 5 × 10ⁿ) for about `max_major` intervals over `span`. */
double     rlx_ticks_nice_step        (double         span,
                                       guint          max_major);

/* Major and minor ticks inside [lo, hi] (either order) with at most max_major + 1 majors on
 * linear axes. Returns a new RlxTicks; free with rlx_ticks_free(). */
RlxTicks  *rlx_ticks_compute          (RlxAxisScale   scale,
                                       double         lo,
                                       double         hi,
                                       guint          max_major);
void       rlx_ticks_free             (RlxTicks      *ticks);

/* A tick label for value on a linear axis whose step is `step`: as many decimals as the
 * step needs, "−" for negatives, and a×10^{n} for very large or small magnitudes. */
char      *rlx_format_tick_value      (double         value,
                                       double         step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxTicks, rlx_ticks_free)

G_END_DECLS
