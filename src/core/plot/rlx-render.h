/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>
#include <cairo.h>
#include <glib.h>

#include "rlx-figure.h"

G_BEGIN_DECLS

/*
 * The renderer: the only code that draws a figure. It turns an RlxFigure into libplot calls
 * for any libplot plotter type ("svg", "ps", …), with its own transforms, clipping to the plot
 * box, ticks and legend. Outputs:
 *   screen  libplot svg in memory → librsvg → cairo ARGB32 image + the layout (data↔pixel)
 *   files   SVG (libplot), PNG (librsvg at a DPI), PDF (librsvg on a cairo PDF surface),
 *           EPS (libplot ps)
 * Sizes are in points (1/72 in): the canvas is width_pt × height_pt, and the theme's fonts and
 * lines are in points too. For the screen, rlx_figure_render_image() takes logical pixels at
 * 96 px per inch. Each call makes its own plotter, so calls from different threads are safe.
 */

#define RLX_PLOT_ERROR (rlx_plot_error_quark ())

typedef enum
{
  RLX_PLOT_ERROR_FAILED,       /* libplot, librsvg or cairo failed */
  RLX_PLOT_ERROR_INVALID,      /* bad size, empty figure, unknown format … */
  RLX_PLOT_ERROR_IO,           /* the output file could not be written */
} RlxPlotError;

typedef enum
{
  RLX_THEME_LIGHT = 0,         /* screen, light window */
  RLX_THEME_DARK,              /* screen, dark window */
  RLX_THEME_PRINT,             /* black on white, thin lines, Helvetica for a journal column */
  RLX_N_THEMES
} RlxThemeKind;

typedef struct
{
  RlxThemeKind kind;
  RlxColor     background;
  RlxColor     foreground;     /* frame, ticks, text */
  RlxColor     muted;          /* reference lines, secondary curves */
  RlxColor     palette[8];
  guint        n_palette;
  const char  *font;           /* libplot font name: "Helvetica", "Times-Roman" */
  double       font_size;      /* pt, tick labels */
  double       label_size;     /* pt, axis labels */
  double       legend_size;    /* pt */
  double       frame_width;    /* pt */
  double       line_width;     /* pt, data lines */
  double       marker_size;    /* pt, marker diameter */
  double       tick_length;    /* pt, major ticks (minor: 0.55 ×) */
} RlxTheme;

typedef enum
{
  RLX_EXPORT_SVG = 0,
  RLX_EXPORT_PNG,
  RLX_EXPORT_PDF,
  RLX_EXPORT_EPS,
} RlxExportFormat;

/* Where one panel ended up, in the output's pixel coordinates (y down) or points for files. */
typedef struct
{
  double        box_x;         /* left edge of the plot box */
  double        box_y;         /* top edge */
  double        box_width;
  double        box_height;
  double        x_min, x_max;  /* axis limits as drawn (x_min at the left unless reversed) */
  double        y_min, y_max;
  gboolean      x_log, y_log;
  gboolean      x_reversed, y_reversed;
} RlxPanelLayout;

typedef struct
{
  double          width;       /* of the output, same units as the boxes */
  double          height;
  guint           n_panels;
  RlxPanelLayout *panels;
} RlxFigureLayout;

typedef struct
{
  double libplot_ms;           /* describing the figure to libplot (SVG text) */
  double rsvg_ms;              /* librsvg parsing and drawing into the surface */
} RlxRenderTiming;

GQuark            rlx_plot_error_quark           (void);

const RlxTheme   *rlx_theme_get                  (RlxThemeKind      kind);
const char       *rlx_theme_kind_to_string       (RlxThemeKind      kind);
gboolean          rlx_theme_kind_from_string     (const char       *name,
                                                  RlxThemeKind     *kind);
gboolean          rlx_export_format_from_string  (const char       *name,
                                                  RlxExportFormat  *format);

/* Draws the figure with a libplot plotter of `plotter_type` writing to `out`. The layout
 * (optional) is in points with y down from the top of the canvas. */
gboolean          rlx_figure_plot                (const RlxFigure  *figure,
                                                  const RlxTheme   *theme,
                                                  const char       *plotter_type,
                                                  FILE             *out,
                                                  double            width_pt,
                                                  double            height_pt,
                                                  RlxFigureLayout **layout,
                                                  GError          **error);

/* The figure as an SVG document (UTF-8, Greek and symbols as Unicode text, fonts with
 * fallbacks). Returns the bytes; layout in points. */
GBytes           *rlx_figure_to_svg              (const RlxFigure  *figure,
                                                  const RlxTheme   *theme,
                                                  double            width_pt,
                                                  double            height_pt,
                                                  RlxFigureLayout **layout,
                                                  GError          **error);

/* The screen path: an ARGB32 image of width × height logical pixels times `scale` (the
 * display's scale factor, ≥ 1) device pixels. The layout is in logical pixels. */
cairo_surface_t  *rlx_figure_render_image        (const RlxFigure  *figure,
                                                  const RlxTheme   *theme,
                                                  int               width,
                                                  int               height,
                                                  double            scale,
                                                  RlxFigureLayout **layout,
                                                  RlxRenderTiming  *timing,
                                                  GError          **error);

/* Writes a file. PNG: (width_pt × dpi / 72) × (height_pt × dpi / 72) pixels, with the DPI
 * recorded in the file; other formats ignore dpi. */
gboolean          rlx_figure_export              (const RlxFigure  *figure,
                                                  const RlxTheme   *theme,
                                                  RlxExportFormat   format,
                                                  const char       *path,
                                                  double            width_pt,
                                                  double            height_pt,
                                                  double            dpi,
                                                  GError          **error);

void              rlx_figure_layout_free         (RlxFigureLayout  *layout);
/* The panel under a point, or -1. */
int               rlx_figure_layout_find_panel   (const RlxFigureLayout *layout,
                                                  double            px,
                                                  double            py);
/* data ↔ pixel for panel `panel`; FALSE for a bad panel index or a non-positive value on a
 * log axis. Points outside the box are mapped too (no clamping). */
gboolean          rlx_figure_layout_data_to_pixel (const RlxFigureLayout *layout,
                                                  guint             panel,
                                                  double            x,
                                                  double            y,
                                                  double           *px,
                                                  double           *py);
gboolean          rlx_figure_layout_pixel_to_data (const RlxFigureLayout *layout,
                                                  guint             panel,
                                                  double            px,
                                                  double            py,
                                                  double           *x,
                                                  double           *y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxFigureLayout, rlx_figure_layout_free)

G_END_DECLS
