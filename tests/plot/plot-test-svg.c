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

guint
svg_count_stroked_polylines (const char *svg)
{
  guint n = 0;

  for (const char *p = strstr (svg, "<polyline "); p != NULL; p = strstr (p + 1, "<polyline "))
    {
      const char *end = strstr (p, "/>");
      g_autofree char *element = g_strndup (p, end != NULL ? (gsize) (end - p) : strlen (p));

      /* Filled areas have no stroke; markers (closed shapes) have a fill. Data lines have
       * a stroke and no fill. */
      if (strstr (element, "stroke=\"none\"") == NULL && strstr (element, " fill=") == NULL)
        n++;
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
