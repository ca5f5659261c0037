/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-sim"

#include "config.h"

#include "rlx-sim-json.h"

#include <math.h>
#include <string.h>

#include "rlx-json.h"

/* The demo glass's fast Debye units, all on the compensation law (τ0 from E):
   - one γ/β′ unit at 44 kJ/mol (heating peak near 267 K at 1000 K/s);
   - a β ladder from 96 kJ/mol upwards in steps of 12 %, strength growing as E², so the
     unit that a 5 s anneal activates sweeps up in E with Ta and the recovery peaks move up
     (≈ 340 K → 400 K) and grow, as in Song et al. Fig. 2A; a 5 s anneal relaxes a band of
     them, so E* from a single-Debye fit is an apparent value below the newest unit's E;
   - the Debye-like part of α: 395, 410 and 425 kJ/mol, carrying most of the strength.
   Strengths in J/(g·K). */
#define DEMO_GAMMA_E 44.0
#define DEMO_GAMMA_STRENGTH 0.012
#define DEMO_BETA_E_FIRST 96.0
#define DEMO_BETA_E_LAST 345.0
#define DEMO_BETA_E_STEP 1.12
#define DEMO_BETA_STRENGTH 0.002
#define DEMO_BETA_EXPONENT 2.0
static const double demo_alpha_units[][2] = {
  { 395.0, 0.03 }, { 410.0, 0.15 }, { 425.0, 0.03 },
};

void
rlx_sim_json_add_double (JsonBuilder *builder,
                         double       value)
{
  rlx_json_builder_add_double (builder, value);
}

static void
add_demo_unit (RlxSimMaterial *material,
               double          e_kj_mol,
               double          strength)
{
  double e = e_kj_mol * 1000.0;

  rlx_sim_material_add_unit (material, strength, e, rlx_sim_compensation_ln_tau0 (e));
}

RlxSimMaterial *
rlx_sim_material_new_demo (void)
{
  RlxSimMaterial *material = rlx_sim_material_new_p1 ();

  g_free (material->name);
  material->name = g_strdup ("demo Au49Cu26.9Ag5.5Pd2.3Si16.3");
  material->cp_glass = 0.20;
  material->cp_glass_slope = 1e-4;
  /* A small cooperative α step: it gives the reference its glass transition and overshoot
     above 420 K, but its stretched sub-Tg annealing response must not bury the β ladder. */
  material->alpha.delta_cp = 0.01;
  add_demo_unit (material, DEMO_GAMMA_E, DEMO_GAMMA_STRENGTH);
  for (double e = DEMO_BETA_E_FIRST; e < DEMO_BETA_E_LAST; e *= DEMO_BETA_E_STEP)
    add_demo_unit (material, e,
                   DEMO_BETA_STRENGTH * pow (e / DEMO_BETA_E_FIRST, DEMO_BETA_EXPONENT));
  for (guint j = 0; j < G_N_ELEMENTS (demo_alpha_units); j++)
    add_demo_unit (material, demo_alpha_units[j][0], demo_alpha_units[j][1]);
  return material;
}

static gboolean
get_number (JsonObject  *object,
            const char  *member,
            double      *value,
            gboolean     required,
            const char  *where,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                       "%s: \"%s\" is missing", where, member);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_DOUBLE
          && json_node_get_value_type (node) != G_TYPE_INT64))
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                   "%s: \"%s\" must be a number", where, member);
      return FALSE;
    }
  *value = json_node_get_double (node);
  return TRUE;
}

static RlxSimMaterial *
material_from_json (JsonNode  *node,
                    GError   **error)
{
  g_autoptr (RlxSimMaterial) material = NULL;
  JsonObject *object, *alpha;
  const char *preset;

  if (node == NULL)
    return rlx_sim_material_new_demo ();
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE, "\"material\" must be an object");
      return NULL;
    }
  object = json_node_get_object (node);
  preset = json_object_get_string_member_with_default (object, "preset", NULL);
  if (preset == NULL || strcmp (preset, "demo") == 0)
    material = rlx_sim_material_new_demo ();
  else if (strcmp (preset, "p1") == 0)
    material = rlx_sim_material_new_p1 ();
  else if (strcmp (preset, "p2") == 0)
    material = rlx_sim_material_new_p2 ();
  else if (strcmp (preset, "none") == 0)
    material = rlx_sim_material_new ();
  else
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                   "Unknown material preset \"%s\": use demo, p1, p2 or none", preset);
      return NULL;
    }

  if (!get_number (object, "cp_glass", &material->cp_glass, FALSE, "material", error)
      || !get_number (object, "cp_glass_slope", &material->cp_glass_slope, FALSE, "material",
                      error))
    return NULL;

  if (json_object_has_member (object, "alpha"))
    {
      const char *model;

      alpha = json_object_get_object_member (object, "alpha");
      if (alpha == NULL)
        {
          g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                       "\"alpha\" must be an object");
          return NULL;
        }
      model = json_object_get_string_member_with_default (alpha, "model", NULL);
      if (model != NULL)
        {
          if (strcmp (model, "tnm") == 0)
            material->alpha.model = RLX_SIM_ALPHA_TNM;
          else if (strcmp (model, "agv") == 0)
            material->alpha.model = RLX_SIM_ALPHA_AGV;
          else if (strcmp (model, "none") == 0)
            material->alpha.model = RLX_SIM_ALPHA_NONE;
          else
            {
              g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                           "Unknown α model \"%s\": use tnm, agv or none", model);
              return NULL;
            }
        }
      if (!get_number (alpha, "x", &material->alpha.x, FALSE, "alpha", error)
          || !get_number (alpha, "dh_over_r", &material->alpha.dh_over_r, FALSE, "alpha", error)
          || !get_number (alpha, "ln_a", &material->alpha.ln_a, FALSE, "alpha", error)
          || !get_number (alpha, "b", &material->alpha.agv_b, FALSE, "alpha", error)
          || !get_number (alpha, "t2", &material->alpha.agv_t2, FALSE, "alpha", error)
          || !get_number (alpha, "beta", &material->alpha.beta, FALSE, "alpha", error)
          || !get_number (alpha, "delta_cp", &material->alpha.delta_cp, FALSE, "alpha", error))
        return NULL;
    }

  if (json_object_has_member (object, "units"))
    {
      JsonArray *units = json_object_get_array_member (object, "units");

      if (units == NULL)
        {
          g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE, "\"units\" must be an array");
          return NULL;
        }
      g_array_set_size (material->units, 0);
      for (guint j = 0; j < json_array_get_length (units); j++)
        {
          JsonObject *unit = json_array_get_object_element (units, j);
          g_autofree char *where = g_strdup_printf ("unit %u", j + 1);
          double strength = NAN, e_kj = NAN, ln_tau0 = NAN;

          if (unit == NULL)
            {
              g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                           "%s must be an object", where);
              return NULL;
            }
          if (!get_number (unit, "strength", &strength, TRUE, where, error)
              || !get_number (unit, "e_kj_mol", &e_kj, TRUE, where, error)
              || !get_number (unit, "ln_tau0", &ln_tau0, FALSE, where, error))
            return NULL;
          if (isnan (ln_tau0))
            ln_tau0 = rlx_sim_compensation_ln_tau0 (e_kj * 1000.0);
          rlx_sim_material_add_unit (material, strength, e_kj * 1000.0, ln_tau0);
        }
    }
  if (!rlx_sim_material_validate (material, error))
    return NULL;
  return g_steal_pointer (&material);
}

static gboolean
instrument_from_json (JsonObject        *object,
                      RlxSimInstrument  *inst,
                      GError           **error)
{
  JsonArray *baseline;

  if (!get_number (object, "mass_ng", &inst->mass_ng, FALSE, "instrument", error)
      || !get_number (object, "noise_mw", &inst->noise_mw, FALSE, "instrument", error)
      || !get_number (object, "lag_s", &inst->lag_s, FALSE, "instrument", error)
      || !get_number (object, "sample_interval_s", &inst->sample_interval, FALSE, "instrument",
                      error)
      || !get_number (object, "max_step_k", &inst->max_step_k, FALSE, "instrument", error))
    return FALSE;
  baseline = json_object_has_member (object, "baseline_mj_per_k")
             ? json_object_get_array_member (object, "baseline_mj_per_k") : NULL;
  if (baseline != NULL)
    for (guint i = 0; i < MIN (3u, json_array_get_length (baseline)); i++)
      inst->baseline[i] = json_array_get_double_element (baseline, i);
  return TRUE;
}

RlxSimProtocol *
rlx_sim_protocol_from_json (JsonNode        *root,
                            RlxSimMaterial **material_out,
                            GError         **error)
{
  g_autoptr (RlxSimProtocol) protocol = rlx_sim_protocol_new ();
  g_autoptr (RlxSimMaterial) material = NULL;
  JsonObject *object;
  JsonArray *steps;
  int last_heating = -1;
  gboolean any_record = FALSE;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                   "A protocol file must hold one JSON object");
      return NULL;
    }
  object = json_node_get_object (root);
  material = material_from_json (json_object_get_member (object, "material"), error);
  if (material == NULL)
    return NULL;
  if (json_object_has_member (object, "instrument"))
    {
      JsonObject *inst = json_object_get_object_member (object, "instrument");

      if (inst == NULL || !instrument_from_json (inst, &protocol->instrument, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                         "\"instrument\" must be an object");
          return NULL;
        }
    }

  steps = json_object_has_member (object, "steps")
          ? json_object_get_array_member (object, "steps") : NULL;
  if (steps == NULL || json_array_get_length (steps) == 0)
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                   "The protocol has no \"steps\" array");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);
      g_autofree char *where = g_strdup_printf ("step %u", i + 1);
      double value = NAN, rate = NAN;
      gboolean record;

      if (step == NULL)
        {
          g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE, "%s must be an object", where);
          return NULL;
        }
      record = json_object_get_boolean_member_with_default (step, "record", FALSE);
      any_record |= record;
      if (json_object_has_member (step, "equilibrate"))
        {
          if (!get_number (step, "equilibrate", &value, TRUE, where, error))
            return NULL;
          rlx_sim_protocol_add_equilibrate (protocol, value);
        }
      else if (json_object_has_member (step, "cool") || json_object_has_member (step, "heat"))
        {
          gboolean heat = json_object_has_member (step, "heat");

          if (!get_number (step, heat ? "heat" : "cool", &value, TRUE, where, error)
              || !get_number (step, "rate", &rate, TRUE, where, error))
            return NULL;
          rlx_sim_protocol_add_ramp (protocol, value, rate, record);
          if (heat)
            last_heating = (int) protocol->steps->len - 1;
        }
      else if (json_object_has_member (step, "hold") || json_object_has_member (step, "settle"))
        {
          gboolean anneal = json_object_has_member (step, "hold");

          if (!get_number (step, anneal ? "hold" : "settle", &value, TRUE, where, error))
            return NULL;
          rlx_sim_protocol_add_hold (protocol, value, anneal);
        }
      else
        {
          g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                       "%s: expected one of equilibrate, cool, heat, hold, settle", where);
          return NULL;
        }
    }
  if (!any_record && last_heating >= 0)
    g_array_index (protocol->steps, RlxSimStep, last_heating).record = TRUE;

  if (material_out != NULL)
    *material_out = g_steal_pointer (&material);
  return g_steal_pointer (&protocol);
}

RlxSimProtocol *
rlx_sim_protocol_load (const char      *path,
                       RlxSimMaterial **material,
                       GError         **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local = NULL;
  RlxSimProtocol *protocol;

  if (!json_parser_load_from_file (parser, path, &local))
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                   "Could not read the protocol %s: %s", path, local->message);
      return NULL;
    }
  protocol = rlx_sim_protocol_from_json (json_parser_get_root (parser), material, &local);
  if (protocol == NULL)
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE, "%s: %s", path, local->message);
      return NULL;
    }
  return protocol;
}

JsonNode *
rlx_sim_protocol_to_json (const RlxSimProtocol *protocol,
                          const RlxSimMaterial *material)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const RlxSimInstrument *inst = &protocol->instrument;

  json_builder_begin_object (b);
  if (material != NULL)
    {
      json_builder_set_member_name (b, "material");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "preset");
      json_builder_add_string_value (b, "none");
      if (material->name != NULL)
        {
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, material->name);
        }
      json_builder_set_member_name (b, "cp_glass");
      rlx_sim_json_add_double (b, material->cp_glass);
      json_builder_set_member_name (b, "cp_glass_slope");
      rlx_sim_json_add_double (b, material->cp_glass_slope);
      json_builder_set_member_name (b, "alpha");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, material->alpha.model == RLX_SIM_ALPHA_TNM ? "tnm"
                                        : material->alpha.model == RLX_SIM_ALPHA_AGV ? "agv"
                                        : "none");
      if (material->alpha.model == RLX_SIM_ALPHA_TNM)
        {
          json_builder_set_member_name (b, "x");
          rlx_sim_json_add_double (b, material->alpha.x);
          json_builder_set_member_name (b, "dh_over_r");
          rlx_sim_json_add_double (b, material->alpha.dh_over_r);
        }
      else if (material->alpha.model == RLX_SIM_ALPHA_AGV)
        {
          json_builder_set_member_name (b, "b");
          rlx_sim_json_add_double (b, material->alpha.agv_b);
          json_builder_set_member_name (b, "t2");
          rlx_sim_json_add_double (b, material->alpha.agv_t2);
        }
      json_builder_set_member_name (b, "ln_a");
      rlx_sim_json_add_double (b, material->alpha.ln_a);
      json_builder_set_member_name (b, "beta");
      rlx_sim_json_add_double (b, material->alpha.beta);
      json_builder_set_member_name (b, "delta_cp");
      rlx_sim_json_add_double (b, material->alpha.delta_cp);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "units");
      json_builder_begin_array (b);
      for (guint j = 0; j < material->units->len; j++)
        {
          const RlxSimUnit *u = &g_array_index (material->units, RlxSimUnit, j);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "strength");
          rlx_sim_json_add_double (b, u->strength);
          json_builder_set_member_name (b, "e_kj_mol");
          rlx_sim_json_add_double (b, u->e / 1000.0);
          json_builder_set_member_name (b, "ln_tau0");
          rlx_sim_json_add_double (b, u->ln_tau0);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }

  json_builder_set_member_name (b, "instrument");
  json_builder_begin_object (b);
  if (inst->mass_ng > 0.0)
    {
      json_builder_set_member_name (b, "mass_ng");
      rlx_sim_json_add_double (b, inst->mass_ng);
    }
  json_builder_set_member_name (b, "noise_mw");
  rlx_sim_json_add_double (b, inst->noise_mw);
  json_builder_set_member_name (b, "lag_s");
  rlx_sim_json_add_double (b, inst->lag_s);
  json_builder_set_member_name (b, "baseline_mj_per_k");
  json_builder_begin_array (b);
  for (guint i = 0; i < 3; i++)
    rlx_sim_json_add_double (b, inst->baseline[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "sample_interval_s");
  rlx_sim_json_add_double (b, inst->sample_interval);
  json_builder_set_member_name (b, "max_step_k");
  rlx_sim_json_add_double (b, inst->max_step_k);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "steps");
  json_builder_begin_array (b);
  for (guint i = 0; i < protocol->steps->len; i++)
    {
      const RlxSimStep *step = &g_array_index (protocol->steps, RlxSimStep, i);
      double previous = NAN;

      for (guint k = i; k > 0; k--)
        {
          const RlxSimStep *before = &g_array_index (protocol->steps, RlxSimStep, k - 1);

          if (before->kind != RLX_SIM_STEP_HOLD)
            {
              previous = before->temperature;
              break;
            }
        }
      json_builder_begin_object (b);
      switch (step->kind)
        {
        case RLX_SIM_STEP_EQUILIBRATE:
          json_builder_set_member_name (b, "equilibrate");
          rlx_sim_json_add_double (b, step->temperature);
          break;
        case RLX_SIM_STEP_RAMP:
          json_builder_set_member_name (b, step->temperature < previous ? "cool" : "heat");
          rlx_sim_json_add_double (b, step->temperature);
          json_builder_set_member_name (b, "rate");
          rlx_sim_json_add_double (b, step->rate);
          if (step->record)
            {
              json_builder_set_member_name (b, "record");
              json_builder_add_boolean_value (b, TRUE);
            }
          break;
        case RLX_SIM_STEP_HOLD:
          json_builder_set_member_name (b, step->anneal ? "hold" : "settle");
          rlx_sim_json_add_double (b, step->duration);
          break;
        default:
          g_assert_not_reached ();
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
rlx_sim_protocol_to_string (const RlxSimProtocol *protocol,
                            const RlxSimMaterial *material)
{
  g_autoptr (JsonNode) root = rlx_sim_protocol_to_json (protocol, material);

  return rlx_json_to_string (root, FALSE);
}
