/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rlx-axis.h"

G_BEGIN_DECLS

/*
 * A figure is a plain description of what to draw: panels stacked top to bottom (optionally
 * sharing the x axis), each with axes, series, shaded areas, bands, reference lines, text and
 * a legend; plus an optional colour scale for families of curves. It knows nothing about
 * libplot, files or screens: rlx-render.h turns it into drawings. All strings are UTF-8 label
 * markup (rlx-markup.h). Arrays handed to the add functions are copied.
 */

typedef struct
{
  double r, g, b;            /* 0…1 */
} RlxColor;

typedef enum
{
  RLX_LINE_NONE = 0,
  RLX_LINE_SOLID,
  RLX_LINE_DASHED,
  RLX_LINE_DOTTED,
  RLX_LINE_DASH_DOT,
} RlxLineStyle;

typedef enum
{
  RLX_MARKER_NONE = 0,
  RLX_MARKER_CIRCLE,
  RLX_MARKER_SQUARE,
  RLX_MARKER_TRIANGLE,
  RLX_MARKER_TRIANGLE_DOWN,
  RLX_MARKER_DIAMOND,
  RLX_MARKER_PLUS,
  RLX_MARKER_CROSS,
  RLX_N_MARKERS
} RlxMarker;

typedef enum
{
  RLX_LEGEND_NONE = 0,
  RLX_LEGEND_AUTO,           /* the corner that covers the fewest data points */
  RLX_LEGEND_TOP_LEFT,
  RLX_LEGEND_TOP_RIGHT,
  RLX_LEGEND_BOTTOM_LEFT,
  RLX_LEGEND_BOTTOM_RIGHT,
} RlxLegendPosition;

typedef enum
{
  RLX_COLOR_AUTO = 0,        /* next colour of the theme's palette */
  RLX_COLOR_EXPLICIT,        /* RlxSeries.color */
  RLX_COLOR_SCALE,           /* the figure's colour scale at color_value / color_values[i] */
  RLX_COLOR_FOREGROUND,      /* the theme's text colour (black on print) */
  RLX_COLOR_MUTED,           /* the theme's secondary colour (grey) */
  RLX_COLOR_PALETTE,         /* the theme's palette entry number (int) color_value */
} RlxColorMode;

/* Facts about a series' data, found once when the series is made: x, y and y_err are fixed from
 * then on (change a figure by making a new series). */
typedef struct
{
  gboolean      x_ascending;   /* every x and y finite, x non-decreasing */
  gboolean      y_positive;    /* every y > 0 */
  /* Data ranges as rlx_panel_get_data_range() counts them, indexed
   * [along x][this axis log10][other axis log10][min, max]; min > max when empty. */
  double        range[2][2][2][2];
} RlxSeriesStats;

typedef struct
{
  char         *label;         /* legend entry; NULL: not in the legend */
  double       *x;
  double       *y;
  double       *y_err;         /* symmetric error bars, or NULL */
  double       *color_values;  /* per point colour-scale values (RLX_COLOR_SCALE), or NULL */
  gsize         n;
  RlxLineStyle  line;
  RlxMarker     marker;
  gboolean      marker_filled;
  double        line_width;    /* multiple of the theme's data line width (1.0) */
  double        marker_size;   /* multiple of the theme's marker size (1.0) */
  RlxColorMode  color_mode;
  RlxColor      color;
  double        color_value;   /* for RLX_COLOR_SCALE when color_values is NULL */
  RlxSeriesStats stats;
} RlxSeries;

/* A shaded area between y_high and y_low (NULL: zero) over x, drawn beneath the series. */
typedef struct
{
  char         *label;
  double       *x;
  double       *y_low;
  double       *y_high;
  gsize         n;
  RlxColorMode  color_mode;
  RlxColor      color;
  double        color_value;
  double        opacity;       /* 0…1, blended with the background (0.35) */
} RlxFill;

typedef enum
{
  RLX_ORIENTATION_HORIZONTAL = 0, /* a range of y (band) / a line y = value */
  RLX_ORIENTATION_VERTICAL,       /* a range of x (band) / a line x = value */
} RlxOrientation;

/* A shaded range across the whole plot box, e.g. "γ/β′" for E* of 30–60 kJ mol⁻¹. */
typedef struct
{
  char           *label;       /* written inside the band, at its start */
  RlxOrientation  orientation;
  double          from;
  double          to;
  RlxColorMode    color_mode;
  RlxColor        color;
  double          opacity;     /* 0.18 */
} RlxBand;

/* A straight reference line across the plot box with an optional label. */
typedef struct
{
  char           *label;
  RlxOrientation  orientation;
  double          value;
  RlxLineStyle    line;
  RlxColorMode    color_mode;
  RlxColor        color;
} RlxRefLine;

typedef enum
{
  RLX_TEXT_ANCHOR_CENTER = 0,
  RLX_TEXT_ANCHOR_LEFT,             /* the text starts at the point, vertically centred */
  RLX_TEXT_ANCHOR_RIGHT,
  RLX_TEXT_ANCHOR_TOP_LEFT,         /* the point is the text's top-left corner */
  RLX_TEXT_ANCHOR_TOP_RIGHT,
  RLX_TEXT_ANCHOR_BOTTOM_LEFT,
  RLX_TEXT_ANCHOR_BOTTOM_RIGHT,
} RlxTextAnchor;

typedef struct
{
  char      *text;
  double     x;
  double     y;
  gboolean   in_data;          /* TRUE: x, y in data units; FALSE: fractions of the plot box */
  RlxTextAnchor  anchor;
} RlxAnnotation;

typedef struct
{
  RlxAxis            x;
  RlxAxis            y;
  double             weight;   /* relative height among the panels (1.0) */
  char              *tag;      /* panel letter drawn in the top-left corner, e.g. "A"; or NULL */
  RlxLegendPosition  legend;
  GPtrArray         *series;      /* RlxSeries* */
  GPtrArray         *fills;       /* RlxFill* */
  GPtrArray         *bands;       /* RlxBand* */
  GPtrArray         *ref_lines;   /* RlxRefLine* */
  GPtrArray         *annotations; /* RlxAnnotation* */
} RlxPanel;

/* Maps a value (e.g. Ta in K or ta in s) to a colour of a perceptual dark-to-light map. */
typedef struct
{
  gboolean      enabled;
  char         *label;         /* colour-bar label, e.g. "T_a (K)" */
  RlxAxisScale  scale;         /* log10 for annealing times */
  double        min;
  double        max;           /* min == max (both 0): the range of the values used */
} RlxColorScale;

typedef struct
{
  char          *title;        /* drawn above the first panel, or NULL */
  gboolean       share_x;      /* panels share one x range; only the bottom one is labelled */
  GPtrArray     *panels;       /* RlxPanel* */
  RlxColorScale  color_scale;
} RlxFigure;

RlxFigure     *rlx_figure_new              (void);
void           rlx_figure_free             (RlxFigure     *figure);
RlxFigure     *rlx_figure_copy             (const RlxFigure *figure);
void           rlx_figure_set_title        (RlxFigure     *figure,
                                            const char    *title);
RlxPanel      *rlx_figure_add_panel        (RlxFigure     *figure,
                                            const char    *x_label,
                                            const char    *y_label);
RlxPanel      *rlx_figure_get_panel        (RlxFigure     *figure,
                                            guint          index);
guint          rlx_figure_get_n_panels     (const RlxFigure *figure);
void           rlx_figure_set_color_scale  (RlxFigure     *figure,
                                            const char    *label,
                                            RlxAxisScale   scale,
                                            double         min,
                                            double         max);
/* The colour scale's resolved range (explicit, or from every colour value in the figure). */
gboolean       rlx_figure_get_color_range  (const RlxFigure *figure,
                                            double        *min,
                                            double        *max);
gsize          rlx_figure_get_n_points     (const RlxFigure *figure);

/* Line series: solid line, no markers. y_err may be NULL. */
RlxSeries     *rlx_panel_add_line          (RlxPanel      *panel,
                                            const char    *label,
                                            const double  *x,
                                            const double  *y,
                                            gsize          n);
/* Marker series: filled circles unless changed, no line; y_err may be NULL. */
RlxSeries     *rlx_panel_add_markers       (RlxPanel      *panel,
                                            const char    *label,
                                            const double  *x,
                                            const double  *y,
                                            const double  *y_err,
                                            gsize          n);
RlxFill       *rlx_panel_add_fill          (RlxPanel      *panel,
                                            const char    *label,
                                            const double  *x,
                                            const double  *y_low,
                                            const double  *y_high,
                                            gsize          n);
RlxBand       *rlx_panel_add_band          (RlxPanel      *panel,
                                            const char    *label,
                                            RlxOrientation orientation,
                                            double         from,
                                            double         to);
RlxRefLine    *rlx_panel_add_ref_line      (RlxPanel      *panel,
                                            const char    *label,
                                            RlxOrientation orientation,
                                            double         value);
RlxAnnotation *rlx_panel_add_annotation    (RlxPanel      *panel,
                                            const char    *text,
                                            double         x,
                                            double         y,
                                            gboolean       in_data,
                                            RlxTextAnchor      anchor);
/* Data range of everything in the panel along x or y (log axes: positive values only). */
gboolean       rlx_panel_get_data_range    (const RlxPanel *panel,
                                            gboolean       along_x,
                                            RlxAxisScale   scale,
                                            double        *min,
                                            double        *max);

void           rlx_series_set_color        (RlxSeries     *series,
                                            double         r,
                                            double         g,
                                            double         b);
void           rlx_series_set_color_values (RlxSeries     *series,
                                            const double  *values);

/* The perceptual map (dark violet → blue → green → yellow) at t ∈ [0, 1]. */
RlxColor       rlx_colormap_eval           (double         t);
RlxColor       rlx_color_from_hex          (guint32        rgb);
RlxColor       rlx_color_mix               (RlxColor       a,
                                            RlxColor       b,
                                            double         t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxFigure, rlx_figure_free)

G_END_DECLS
