/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-cli"

#include "config.h"

#include "rlx-cli.h"

#include <gsl/gsl_rng.h>
#include <string.h>

#include "rlx-sim.h"
#include "rlx-sim-export.h"
#include "rlx-sim-json.h"

/* Writes the annealed scan and its as-cooled reference (same protocol without the holds). */
int
rlx_cmd_simulate (int argc, char **argv)
{
  g_autofree char *protocol_path = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  gint64 seed = 1;
  double noise = -1.0;
  GOptionEntry entries[] = {
    { "protocol", 'p', 0, G_OPTION_ARG_FILENAME, &protocol_path, "Protocol (JSON)", "FILE" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "stare (default) or csv", "FORMAT" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the noise (default 1)", "N" },
    { "noise", 0, 0, G_OPTION_ARG_DOUBLE, &noise, "σ of the heat-flow noise in mW", "SIGMA" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Output: OUT_<condition>.txt and OUT_ref.txt are written", "OUT" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = rlx_cli_context_new ("simulate", NULL,
      "Simulate a thermal protocol: the annealed scan and its reference");
  g_autoptr (GError) error = NULL;
  g_autoptr (RlxSimMaterial) material = NULL;
  g_autoptr (RlxSimProtocol) protocol = NULL;
  g_autoptr (RlxSimProtocol) reference = NULL;
  g_autoptr (GArray) steps = NULL;
  g_autofree char *stem = NULL;
  gboolean csv;
  gsl_rng *rng;
  int status;
  RlxSimProtocol *runs[2];
  const char *stems[2];

  g_option_context_add_main_entries (context, entries, NULL);
  if (!rlx_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (protocol_path == NULL || output == NULL)
    return rlx_cli_usage_error (context, "--protocol and -o are required");
  if (format != NULL && strcmp (format, "stare") != 0 && strcmp (format, "csv") != 0)
    return rlx_cli_usage_error (context, "--format must be stare or csv, not %s", format);
  csv = format != NULL && strcmp (format, "csv") == 0;

  protocol = rlx_sim_protocol_load (protocol_path, &material, &error);
  if (protocol == NULL)
    return rlx_cli_fail ("simulate", error);
  if (noise >= 0.0)
    protocol->instrument.noise_mw = noise;
  reference = rlx_sim_protocol_dup_reference (protocol);
  steps = rlx_sim_protocol_dup_anneal_steps (protocol);
  stem = rlx_sim_condition_stem (steps);

  runs[0] = protocol;
  runs[1] = reference;
  stems[0] = stem;
  stems[1] = "ref";
  rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, (unsigned long) seed);
  for (guint i = 0; i < (steps->len > 0 ? 2u : 1u); i++)
    {
      g_autoptr (RlxSimScan) scan = rlx_sim_run (material, runs[i], rng, &error);
      g_autoptr (GBytes) bytes = NULL;
      g_autofree char *path = NULL;
      g_autofree char *curve = NULL;

      if (scan == NULL)
        break;
      path = g_strdup_printf ("%s_%s.%s", output, stems[i], csv ? "csv" : "txt");
      curve = g_strdup_printf ("Relaxun simulation %s", stems[i]);
      bytes = csv ? rlx_sim_format_csv (scan) : rlx_sim_format_stare_dsc (scan, curve);
      if (!rlx_sim_write_bytes (path, bytes, &error))
        break;
      printf ("%s\n", path);
    }
  gsl_rng_free (rng);
  if (error != NULL)
    return rlx_cli_fail ("simulate", error);
  return RLX_CLI_EXIT_OK;
}
