/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Label markup: callers write UTF-8 such as "E″ (MPa)", "τ (s)", "ΔH (J g⁻¹)", "T (°C)",
 * "kJ mol^{-1}", "T_a (K)", "t_{a} (s)". Rules:
 *   _x or _{…}   subscript        ^x or ^{…}   superscript
 *   ⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ superscript runs  ₀…₉          subscript runs
 *   \_ \^ \{ \}  literal characters
 * Greek letters, ′ ″ ° µ ± × · ≤ ≥ ≈ ∞ ≠ → and the Latin-1 letters are translated; the minus
 * sign − and dashes – — become "-". Anything else that libplot's fonts cannot show becomes "?".
 */

/* The string for pl_label()/pl_alabel() (libplot escape sequences, ISO-8859-1 bytes). */
char *rlx_markup_to_libplot (const char *markup);

/* Pango markup (for GTK overlays): <sub>/<sup>, with &, <, > escaped. */
char *rlx_markup_to_pango   (const char *markup);

/* Plain UTF-8 text without the sub/superscript markers (for file names, tooltips, logs). */
char *rlx_markup_to_plain   (const char *markup);

G_END_DECLS
