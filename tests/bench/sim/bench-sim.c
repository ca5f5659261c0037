/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-bench-sim"

#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>

#include "rlx-demo.h"
#include "rlx-sim.h"
#include "rlx-sim-json.h"

/* Times one demo protocol (annealed + reference) and the whole demo export; prints, never asserts. */
int
main (void)
{
  g_autoptr (RlxSimMaterial) material = rlx_sim_material_new_demo ();
  g_autoptr (RlxSimProtocol) protocol = rlx_sim_protocol_new ();
  g_autoptr (RlxSimProtocol) reference = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rlx-bench-sim-XXXXXX", NULL);
  const int repeats = 20;
  gint64 t0, t1;

  protocol->instrument.mass_ng = 50.0;
  protocol->instrument.sample_interval = 4e-4;
  protocol->instrument.max_step_k = 0.05;
  rlx_sim_protocol_add_equilibrate (protocol, 500.0);
  rlx_sim_protocol_add_ramp (protocol, 333.0, 10000.0, FALSE);
  rlx_sim_protocol_add_hold (protocol, 5.0, TRUE);
  rlx_sim_protocol_add_ramp (protocol, 193.15, 10000.0, FALSE);
  rlx_sim_protocol_add_ramp (protocol, 493.15, 1000.0, TRUE);
  reference = rlx_sim_protocol_dup_reference (protocol);

  t0 = g_get_monotonic_time ();
  for (int i = 0; i < repeats; i++)
    {
      g_autoptr (RlxSimScan) a = rlx_sim_run (material, protocol, NULL, NULL);
      g_autoptr (RlxSimScan) b = rlx_sim_run (material, reference, NULL, NULL);
    }
  t1 = g_get_monotonic_time ();
  printf ("one protocol (annealed + reference, 0.05 K steps, 18 Prony modes + %u units): %.2f ms\n",
          material->units->len, (t1 - t0) / 1000.0 / repeats);

  t0 = g_get_monotonic_time ();
  if (!rlx_demo_write_exports (dir, RLX_DEMO_DEFAULT_SEED, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  t1 = g_get_monotonic_time ();
  printf ("whole demo export (48 files): %.1f ms\n", (t1 - t0) / 1000.0);
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
  }
  return 0;
}
