/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>
#include <plot.h>

#include "rlx-geometry.h"
#include "rlx-render.h"

G_BEGIN_DECLS

/* Shared between the drawing code (rlx-render.c) and the outputs (rlx-render-output.c). */

/* How finely long traces are decimated: columns per point of plot-box width. */
#define RLX_RENDER_DEFAULT_COLUMNS_PER_PT 3.0

gboolean rlx_render_figure (const RlxFigure  *figure,
                            const RlxTheme   *theme,
                            const char       *plotter_type,
                            FILE             *out,
                            double            width_pt,
                            double            height_pt,
                            double            columns_per_pt,
                            RlxFigureLayout **layout,
                            GError          **error);

G_END_DECLS
