/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-bench-sim"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "rlx-demo.h"
#include "rlx-sim.h"
#include "rlx-sim-json.h"

/*
 * Times the simulator and compares it with a numpy implementation of the same algorithm
 * (bench-sim-peer.py: P1 TNM, 18 Prony modes, 0.05 K steps, the (350 K, 100 s) protocol of
 * science.md §5.2). Prints times and ratios; never asserts on them.
 */

static double
p1_protocol_seconds (int     repeats,
                     double *tf_glass)
{
  g_autoptr (RlxSimMaterial) p1 = rlx_sim_material_new_p1 ();
  g_autoptr (RlxSimProtocol) protocol = rlx_sim_protocol_new ();
  gint64 t0, t1;

  protocol->instrument.max_step_k = 0.05;
  protocol->instrument.sample_interval = 0.05 / 1000.0;
  rlx_sim_protocol_add_equilibrate (protocol, 500.0);
  rlx_sim_protocol_add_ramp (protocol, 350.0, 10000.0, FALSE);
  rlx_sim_protocol_add_hold (protocol, 100.0, TRUE);
  rlx_sim_protocol_add_ramp (protocol, 223.15, 10000.0, FALSE);
  rlx_sim_protocol_add_ramp (protocol, 500.0, 1000.0, TRUE);

  t0 = g_get_monotonic_time ();
  for (int i = 0; i < repeats; i++)
    {
      g_autoptr (RlxSimScan) scan = rlx_sim_run (p1, protocol, NULL, NULL);

      *tf_glass = scan != NULL ? scan->tf_alpha_start : 0.0;
    }
  t1 = g_get_monotonic_time ();
  return (t1 - t0) / 1e6 / repeats;
}

/* Runs the numpy peer; returns its seconds per protocol, or a negative number without one. */
static double
peer_seconds (double *tf_glass)
{
  const char *python = g_getenv ("PYTHON");
  const char *source = g_getenv ("RLX_SOURCE_DIR");
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;
  double seconds;

  if (python == NULL || source == NULL)
    return -1.0;
  script = g_build_filename (source, "tests", "bench", "sim", "bench-sim-peer.py", NULL);
  {
    const char *argv[] = { python, script, "2", NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                       &status, &error) || !g_spawn_check_wait_status (status, NULL))
      {
        fprintf (stderr, "numpy peer did not run: %s\n", error != NULL ? error->message : err);
        return -1.0;
      }
  }
  if (sscanf (out, "%lf %lf", &seconds, tf_glass) != 2)
    return -1.0;
  return seconds;
}

int
main (void)
{
  g_autoptr (RlxSimMaterial) material = rlx_sim_material_new_demo ();
  g_autoptr (RlxSimProtocol) protocol = rlx_sim_protocol_new ();
  g_autoptr (RlxSimProtocol) reference = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rlx-bench-sim-XXXXXX", NULL);
  const int repeats = 20;
  double c_s, py_s, tf_c = 0.0, tf_py = 0.0;
  gint64 t0, t1;

  c_s = p1_protocol_seconds (repeats, &tf_c);
  py_s = peer_seconds (&tf_py);
  printf ("P1 TNM protocol (350 K, 100 s; 0.05 K steps, 18 Prony modes): Relaxun %.2f ms "
          "(Tf_glass %.3f K)\n", c_s * 1e3, tf_c);
  if (py_s > 0.0)
    printf ("  numpy peer %.1f ms (Tf_glass %.3f K): Relaxun is %.0f× faster\n", py_s * 1e3,
            tf_py, py_s / c_s);
  else
    printf ("  numpy peer: not available\n");

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
  printf ("demo scan pair (annealed + reference, 18 Prony modes + %u units): %.2f ms\n",
          material->units->len, (t1 - t0) / 1000.0 / repeats);

  t0 = g_get_monotonic_time ();
  if (!rlx_demo_write_exports (dir, RLX_DEMO_DEFAULT_SEED, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_FAILURE;
    }
  t1 = g_get_monotonic_time ();
  printf ("whole demo export (47 Flash DSC scans, 1 DMA sweep, manifest): %.1f ms\n",
          (t1 - t0) / 1000.0);
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
  return EXIT_SUCCESS;
}
