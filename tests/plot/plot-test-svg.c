/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot-test"

#include "config.h"

#include "plot-test-svg.h"

#include <string.h>

guint
svg_count_elements (const char *svg,
                    const char *element)
{
  g_autofree char *open = g_strdup_printf ("<%s ", element);
  guint n = 0;

  for (const char *p = strstr (svg, open); p != NULL; p = strstr (p + 1, open))
    n++;
  return n;
}

/* A jagged line is written in pieces of a dozen points that continue one another: a piece that
 * starts where the previous stroked polyline ended, with the same attributes, is the same line. */
guint
svg_count_stroked_polylines (const char *svg)
{
  g_autofree char *prev_attrs = NULL;
  g_autofree char *prev_end = NULL;
  guint n = 0;

  for (const char *p = strstr (svg, "<polyline "); p != NULL; p = strstr (p + 1, "<polyline "))
    {
      const char *end = strstr (p, "/>");
      g_autofree char *element = g_strndup (p, end != NULL ? (gsize) (end - p) : strlen (p));
      const char *points = strstr (element, "points=\"");
      const char *close = points != NULL ? strchr (points + 8, '"') : NULL;
      g_autofree char *first = NULL;
      g_auto(GStrv) coords = NULL;
      guint n_coords;

      /* Filled areas have no stroke; markers (closed shapes) have a fill. Data lines have
       * a stroke and no fill. */
      if (strstr (element, "stroke=\"none\"") != NULL || strstr (element, " fill=") != NULL ||
          close == NULL)
        continue;
      {
        g_autofree char *list = g_strndup (points + 8, close - points - 8);

        coords = g_strsplit_set (g_strstrip (list), " ", -1);
      }
      n_coords = g_strv_length (coords);
      first = g_strdup (n_coords > 0 ? coords[0] : "");
      if (prev_attrs == NULL || g_strcmp0 (prev_attrs, close + 1) != 0 ||
          g_strcmp0 (prev_end, first) != 0)
        n++;
      g_free (prev_attrs);
      prev_attrs = g_strdup (close + 1);
      g_free (prev_end);
      prev_end = g_strdup (n_coords > 0 ? coords[n_coords - 1] : "");
    }
  return n;
}

GPtrArray *
svg_texts (const char *svg)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (const char *p = strstr (svg, "<text "); p != NULL; p = strstr (p + 1, "<text "))
    {
      const char *gt = strchr (p, '>');
      const char *end = gt != NULL ? strstr (gt, "</text>") : NULL;
      g_autofree char *raw = NULL;
      GString *s;

      if (end == NULL)
        break;
      raw = g_strndup (gt + 1, end - gt - 1);
      s = g_string_new (raw);
      g_string_replace (s, "&lt;", "<", 0);
      g_string_replace (s, "&gt;", ">", 0);
      g_string_replace (s, "&quot;", "\"", 0);
      g_string_replace (s, "&apos;", "'", 0);
      g_string_replace (s, "&amp;", "&", 0);
      g_ptr_array_add (texts, g_string_free (s, FALSE));
    }
  return texts;
}

gboolean
svg_has_text (GPtrArray  *texts,
              const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
}
