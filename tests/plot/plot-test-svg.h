/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reading back what the renderer wrote: SVG elements and text, PNG pixels. */

guint     svg_count_stroked_polylines (const char *svg);
guint     svg_count_elements          (const char *svg,
                                       const char *element);
/* The content of every <text> element, in order (entities decoded). */
GPtrArray *svg_texts                  (const char *svg);
gboolean  svg_has_text                (GPtrArray  *texts,
                                       const char *text);

G_END_DECLS
