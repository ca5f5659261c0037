/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The molar gas constant, J mol⁻¹ K⁻¹ (CODATA 2018, exact). */
#define RLX_GAS_CONSTANT 8.314462618

/* Celsius offset. */
#define RLX_KELVIN_OFFSET 273.15

void         rlx_core_init        (void);
const char  *rlx_core_get_version (void);

G_END_DECLS
