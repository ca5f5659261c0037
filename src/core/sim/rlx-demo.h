/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The built-in demo: a simulated Au49Cu26.9Ag5.5Pd2.3Si16.3 glass put through the protocols of
 * Song et al. (PNAS 2023) — Flash DSC scans after annealing at many (Ta, ta), a three-step
 * protocol, and a DMA temperature sweep at 2 Hz — written as real instrument export files and
 * imported through the normal import path.
 */

/* The seed the committed data/demo files were generated with. */
#define RLX_DEMO_DEFAULT_SEED G_GUINT64_CONSTANT (20230601)

/* Name of the sample every demo run belongs to. */
#define RLX_DEMO_SAMPLE_NAME "Au49Cu26.9Ag5.5Pd2.3Si16.3"

/* Name of the peak recipe the demo database is analysed with. */
#define RLX_DEMO_RECIPE_NAME "demo-debye"

/**
 * rlx_demo_write_exports:
 * @dir: folder to write into (created if missing)
 * @seed: seed of the noise generator; the same seed gives byte-identical files
 * @error: return location for a #GError
 *
 * Simulates the demo experiments and writes them as Mettler STARe curve exports (Flash DSC,
 * decimal comma, latin-1) and a STARe DMA temperature sweep, plus `manifest.json` describing
 * the protocol and material behind every file.
 *
 * Returns: %TRUE on success
 */
gboolean     rlx_demo_write_exports      (const char    *dir,
                                          guint64        seed,
                                          GError       **error);

/**
 * rlx_demo_build_database:
 * @db_path: database file to create or extend
 * @exports_dir: folder holding the demo export files and `manifest.json`
 * @cancellable: (nullable): checked between files and between fits
 * @error: return location for a #GError
 *
 * Imports every demo export through the ordinary importer, marks the runs as simulated with
 * their protocol, pairs each annealed scan with the as-cooled reference, saves the
 * "demo-debye" recipe and applies it in a batch (a "peak" and a "peak-fit" analysis per
 * annealed scan), and fits the DMA sweep with two Havriliak–Negami processes ("dma-fit").
 * Safe to call from a worker thread (it opens its own connection).
 *
 * Returns: %TRUE on success
 */
gboolean     rlx_demo_build_database     (const char    *db_path,
                                          const char    *exports_dir,
                                          GCancellable  *cancellable,
                                          GError       **error);

/**
 * rlx_demo_find_exports_dir:
 *
 * Looks for the demo export files in the installed data folder, then in the source tree.
 *
 * Returns: (transfer full) (nullable): the folder, or %NULL when neither has a manifest
 */
char        *rlx_demo_find_exports_dir   (void);

G_END_DECLS
