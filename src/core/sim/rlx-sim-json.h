/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rlx-sim.h"

G_BEGIN_DECLS

/*
 * Protocol files (JSON). Temperatures in K, rates in K/s, times in s:
 *
 *   {
 *     "material": { "preset": "demo" },                     (or "p1", "p2", or explicit:)
 *     "material": { "alpha": { "model": "tnm", "x": 0.45, "dh_over_r": 46166.8,
 *                              "ln_a": -110.5241, "beta": 0.5, "delta_cp": 0.12 },
 *                   "units": [ { "strength": 0.004, "e_kj_mol": 44,
 *                                "ln_tau0": -23.65 } ],       (no ln_tau0: compensation law)
 *                   "cp_glass": 0.2, "cp_glass_slope": 0 },
 *     "instrument": { "mass_ng": 50, "noise_mw": 2e-5, "lag_s": 2e-4,
 *                     "baseline_mj_per_k": [2e-6, 1e-8, 0], "sample_interval_s": 4e-4,
 *                     "max_step_k": 0.05 },
 *     "steps": [ { "equilibrate": 500 },
 *                { "cool": 303, "rate": 10000 },
 *                { "hold": 5 },                     annealing hold (left out of the reference)
 *                { "cool": 193.15, "rate": 10000 },
 *                { "settle": 0.05 },                hold kept in the reference
 *                { "heat": 493.15, "rate": 1000 } ] the last heating ramp is recorded
 *   }                                               unless one step says "record": true
 */

RlxSimProtocol *rlx_sim_protocol_from_json  (JsonNode              *root,
                                             RlxSimMaterial       **material,
                                             GError               **error);
RlxSimProtocol *rlx_sim_protocol_load       (const char            *path,
                                             RlxSimMaterial       **material,
                                             GError               **error);
JsonNode       *rlx_sim_protocol_to_json    (const RlxSimProtocol  *protocol,
                                             const RlxSimMaterial  *material);
char           *rlx_sim_protocol_to_string  (const RlxSimProtocol  *protocol,
                                             const RlxSimMaterial  *material);

/* json_builder_add_double_value(), null for a non-finite value; serialise with
   rlx_json_to_string(), which repairs json-glib 1.6's "1e-13.0". */
void            rlx_sim_json_add_double     (JsonBuilder           *builder,
                                             double                 value);

/* The demo glass: TNM α (P1 with β = 0.5) plus fast Debye units on the compensation law. */
RlxSimMaterial *rlx_sim_material_new_demo   (void);

G_END_DECLS
