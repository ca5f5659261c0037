/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-render.h"

#include <string.h>

#define HEX(v) { ((v) >> 16 & 0xff) / 255.0, ((v) >> 8 & 0xff) / 255.0, ((v) & 0xff) / 255.0 }

/*
 * Screen themes are sized for a figure filling a pane at 96 px per inch (1 pt = 1.33 px);
 * the print theme for one journal column, 8.5 cm wide, where 7 pt text and 0.5–0.75 pt lines
 * are what the journals ask for. The palettes are colour-blind safe (Okabe–Ito hues), with
 * lighter variants on the dark theme so that they keep their contrast.
 */
static const RlxTheme themes[RLX_N_THEMES] = {
  [RLX_THEME_LIGHT] = {
    .kind = RLX_THEME_LIGHT,
    .background = HEX (0xffffff),
    .foreground = HEX (0x1c1c1e),
    .muted = HEX (0x7a7a80),
    .palette = { HEX (0x0b62a4), HEX (0xd1531d), HEX (0x118a64), HEX (0xb8508f),
                 HEX (0xd89000), HEX (0x4aa5dc), HEX (0x5c4a9c), HEX (0x6e6e6e) },
    .n_palette = 8,
    .font = "Helvetica",
    .font_size = 9.0,
    .label_size = 10.0,
    .legend_size = 8.5,
    .frame_width = 0.8,
    .line_width = 1.2,
    .marker_size = 5.0,
    .tick_length = 4.5,
  },
  [RLX_THEME_DARK] = {
    .kind = RLX_THEME_DARK,
    .background = HEX (0x242424),
    .foreground = HEX (0xe6e6e6),
    .muted = HEX (0x9a9a9f),
    .palette = { HEX (0x62aef0), HEX (0xf28a55), HEX (0x4cc99a), HEX (0xe28bc0),
                 HEX (0xf2c14e), HEX (0x9fd4f5), HEX (0xa796e0), HEX (0xbdbdbd) },
    .n_palette = 8,
    .font = "Helvetica",
    .font_size = 9.0,
    .label_size = 10.0,
    .legend_size = 8.5,
    .frame_width = 0.8,
    .line_width = 1.2,
    .marker_size = 5.0,
    .tick_length = 4.5,
  },
  [RLX_THEME_PRINT] = {
    .kind = RLX_THEME_PRINT,
    .background = HEX (0xffffff),
    .foreground = HEX (0x000000),
    .muted = HEX (0x6b6b6b),
    .palette = { HEX (0x000000), HEX (0xd55e00), HEX (0x0072b2), HEX (0x009e73),
                 HEX (0xcc79a7), HEX (0xe69f00), HEX (0x56b4e9), HEX (0x7f7f7f) },
    .n_palette = 8,
    .font = "Helvetica",
    .font_size = 7.0,
    .label_size = 7.5,
    .legend_size = 6.5,
    .frame_width = 0.5,
    .line_width = 0.75,
    .marker_size = 3.6,
    .tick_length = 2.8,
  },
};

static const char *theme_names[RLX_N_THEMES] = { "light", "dark", "print" };

const RlxTheme *
rlx_theme_get (RlxThemeKind kind)
{
  if ((guint) kind >= RLX_N_THEMES)
    kind = RLX_THEME_LIGHT;
  return &themes[kind];
}

const char *
rlx_theme_kind_to_string (RlxThemeKind kind)
{
  return (guint) kind < RLX_N_THEMES ? theme_names[kind] : "light";
}

gboolean
rlx_theme_kind_from_string (const char   *name,
                            RlxThemeKind *kind)
{
  for (guint i = 0; i < RLX_N_THEMES; i++)
    if (g_strcmp0 (name, theme_names[i]) == 0)
      {
        *kind = (RlxThemeKind) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
rlx_export_format_from_string (const char      *name,
                               RlxExportFormat *format)
{
  static const struct { const char *name; RlxExportFormat format; } formats[] = {
    { "svg", RLX_EXPORT_SVG }, { "png", RLX_EXPORT_PNG },
    { "pdf", RLX_EXPORT_PDF }, { "eps", RLX_EXPORT_EPS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (name != NULL && g_ascii_strcasecmp (name, formats[i].name) == 0)
      {
        *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}
