/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-markup.h"

#include <string.h>

typedef enum
{
  TARGET_LIBPLOT,
  TARGET_PANGO,
  TARGET_PLAIN,
} Target;

typedef enum
{
  SCRIPT_NONE,
  SCRIPT_SUB,
  SCRIPT_SUP,
} Script;

/* Greek letters and the libplot escape letter that selects them (groff names). */
static const struct
{
  gunichar lower;
  gunichar upper;
  char     code;
} greek[] = {
  { 0x03B1, 0x0391, 'a' }, { 0x03B2, 0x0392, 'b' }, { 0x03B3, 0x0393, 'g' },
  { 0x03B4, 0x0394, 'd' }, { 0x03B5, 0x0395, 'e' }, { 0x03B6, 0x0396, 'z' },
  { 0x03B7, 0x0397, 'y' }, { 0x03B8, 0x0398, 'h' }, { 0x03B9, 0x0399, 'i' },
  { 0x03BA, 0x039A, 'k' }, { 0x03BB, 0x039B, 'l' }, { 0x03BC, 0x039C, 'm' },
  { 0x03BD, 0x039D, 'n' }, { 0x03BE, 0x039E, 'c' }, { 0x03BF, 0x039F, 'o' },
  { 0x03C0, 0x03A0, 'p' }, { 0x03C1, 0x03A1, 'r' }, { 0x03C3, 0x03A3, 's' },
  { 0x03C4, 0x03A4, 't' }, { 0x03C5, 0x03A5, 'u' }, { 0x03C6, 0x03A6, 'f' },
  { 0x03C7, 0x03A7, 'x' }, { 0x03C8, 0x03A8, 'q' }, { 0x03C9, 0x03A9, 'w' },
};

static const struct
{
  gunichar    c;
  const char *libplot;
} symbols[] = {
  { 0x2032, "\\pr" },  /* ′ */
  { 0x2033, "\\sd" },  /* ″ */
  { 0x2264, "\\<=" },  /* ≤ */
  { 0x2265, "\\>=" },  /* ≥ */
  { 0x2248, "\\~~" },  /* ≈ */
  { 0x221E, "\\if" },  /* ∞ */
  { 0x2260, "\\!=" },  /* ≠ */
  { 0x2192, "\\->" },  /* → */
  { 0x2190, "\\<-" },  /* ← */
  { 0x2022, "\\bu" },  /* • */
  { 0x2212, "-" },     /* − */
  { 0x2013, "-" },     /* – */
  { 0x2014, "-" },     /* — */
  { 0x2010, "-" },     /* ‐ */
  { 0x2009, " " },     /* thin space */
  { 0x202F, " " },     /* narrow no-break space */
  { 0x2005, " " },
  { 0x212B, "\xc5" },  /* Å (angstrom sign) */
  { 0x2219, "\xb7" },  /* ∙ */
  { 0x22C5, "\xb7" },  /* ⋅ */
};

static int
script_digit (gunichar c,
              Script  *script)
{
  static const gunichar sup[] = { 0x2070, 0x00B9, 0x00B2, 0x00B3, 0x2074, 0x2075, 0x2076,
                                  0x2077, 0x2078, 0x2079 };

  for (int i = 0; i < 10; i++)
    if (c == sup[i])
      {
        *script = SCRIPT_SUP;
        return '0' + i;
      }
  if (c == 0x207A || c == 0x207B)
    {
      *script = SCRIPT_SUP;
      return c == 0x207A ? '+' : '-';
    }
  if (c >= 0x2080 && c <= 0x2089)
    {
      *script = SCRIPT_SUB;
      return '0' + (int) (c - 0x2080);
    }
  if (c == 0x208A || c == 0x208B)
    {
      *script = SCRIPT_SUB;
      return c == 0x208A ? '+' : '-';
    }
  *script = SCRIPT_NONE;
  return 0;
}

static void
open_script (GString *out,
             Target   target,
             Script   script)
{
  switch (target)
    {
    case TARGET_LIBPLOT:
      g_string_append (out, script == SCRIPT_SUB ? "\\sb" : "\\sp");
      break;
    case TARGET_PANGO:
      g_string_append (out, script == SCRIPT_SUB ? "<sub>" : "<sup>");
      break;
    case TARGET_PLAIN:
    default:
      break;
    }
}

static void
close_script (GString *out,
              Target   target,
              Script   script)
{
  if (script == SCRIPT_NONE)
    return;
  switch (target)
    {
    case TARGET_LIBPLOT:
      g_string_append (out, script == SCRIPT_SUB ? "\\eb" : "\\ep");
      break;
    case TARGET_PANGO:
      g_string_append (out, script == SCRIPT_SUB ? "</sub>" : "</sup>");
      break;
    case TARGET_PLAIN:
    default:
      break;
    }
}

static void
append_libplot_char (GString  *out,
                     gunichar  c)
{
  if (c >= 0x20 && c < 0x7F)
    {
      g_string_append_c (out, (char) c);
      return;
    }
  if (c == 0x03BC || c == 0x00B5)
    {
      g_string_append_c (out, (char) 0xB5);
      return;
    }
  if (c >= 0xA0 && c <= 0xFF)
    {
      g_string_append_c (out, (char) c);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (greek); i++)
    if (c == greek[i].lower || c == greek[i].upper)
      {
        g_string_append (out, "\\*");
        g_string_append_c (out, c == greek[i].lower ? greek[i].code
                                                    : g_ascii_toupper (greek[i].code));
        return;
      }
  if (c == 0x2206) /* ∆ increment, written for Δ */
    {
      g_string_append (out, "\\*D");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (c == symbols[i].c)
      {
        g_string_append (out, symbols[i].libplot);
        return;
      }
  g_string_append_c (out, '?');
}

static void
append_char (GString  *out,
             Target    target,
             gunichar  c)
{
  switch (target)
    {
    case TARGET_LIBPLOT:
      append_libplot_char (out, c);
      break;
    case TARGET_PANGO:
      if (c == '&')
        g_string_append (out, "&amp;");
      else if (c == '<')
        g_string_append (out, "&lt;");
      else if (c == '>')
        g_string_append (out, "&gt;");
      else
        g_string_append_unichar (out, c);
      break;
    case TARGET_PLAIN:
    default:
      g_string_append_unichar (out, c);
      break;
    }
}

static char *
convert (const char *markup,
         Target      target)
{
  GString *out = g_string_new (NULL);
  /* Open {…} groups: the script each one closes. */
  Script stack[16];
  guint depth = 0;
  Script single = SCRIPT_NONE;   /* a one-character script (_x) waiting for its character */
  Script run = SCRIPT_NONE;      /* a run of Unicode super/subscript digits */
  const char *p;

  if (markup == NULL)
    return g_string_free (out, FALSE);

  if (!g_utf8_validate (markup, -1, NULL))
    {
      /* Show something readable rather than nothing: keep the ASCII. */
      for (p = markup; *p != '\0'; p++)
        g_string_append_c (out, (*p & 0x80) ? '?' : *p);
      return g_string_free (out, FALSE);
    }

  for (p = markup; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      Script digit_script;
      int digit = script_digit (c, &digit_script);

      if (run != SCRIPT_NONE && digit_script != run)
        {
          close_script (out, target, run);
          run = SCRIPT_NONE;
        }

      if (c == '\\' && p[1] != '\0' && strchr ("_^{}\\", p[1]) != NULL)
        {
          p++;
          append_char (out, target, (gunichar) *p);
        }
      else if ((c == '_' || c == '^') && p[1] != '\0' && single == SCRIPT_NONE)
        {
          Script script = c == '_' ? SCRIPT_SUB : SCRIPT_SUP;

          open_script (out, target, script);
          if (p[1] == '{' && depth < G_N_ELEMENTS (stack))
            {
              stack[depth++] = script;
              p++;
            }
          else
            single = script;
          continue;
        }
      else if (c == '}' && depth > 0)
        {
          close_script (out, target, stack[--depth]);
        }
      else if (c == '{')
        {
          /* A bare group only groups. */
          if (depth < G_N_ELEMENTS (stack))
            stack[depth++] = SCRIPT_NONE;
        }
      else if (digit_script != SCRIPT_NONE)
        {
          if (run == SCRIPT_NONE)
            {
              open_script (out, target, digit_script);
              run = digit_script;
            }
          append_char (out, target, (gunichar) digit);
        }
      else
        append_char (out, target, c);

      if (single != SCRIPT_NONE)
        {
          close_script (out, target, single);
          single = SCRIPT_NONE;
        }
    }

  if (run != SCRIPT_NONE)
    close_script (out, target, run);
  if (single != SCRIPT_NONE)
    close_script (out, target, single);
  while (depth > 0)
    close_script (out, target, stack[--depth]);

  return g_string_free (out, FALSE);
}

char *
rlx_markup_to_libplot (const char *markup)
{
  return convert (markup, TARGET_LIBPLOT);
}

char *
rlx_markup_to_pango (const char *markup)
{
  return convert (markup, TARGET_PANGO);
}

char *
rlx_markup_to_plain (const char *markup)
{
  return convert (markup, TARGET_PLAIN);
}
