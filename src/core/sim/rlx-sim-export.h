/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rlx-sim.h"

G_BEGIN_DECLS

/* A simulated DMA temperature sweep at one frequency (science.md §3). */
typedef struct
{
  double frequency;     /* Hz */
  double eu0;           /* unrelaxed modulus at 300 K, MPa */
  double eu_slope;      /* relative dEu/dT, 1/K */
  /* α: HN, Arrhenius y = (E/R)(1/T − 1/T1); ΔE = Eu (the liquid flows) */
  double alpha_e, alpha_t1, alpha_a, alpha_b;
  /* β: HN, Arrhenius, ΔE = beta_fraction·Eu */
  double beta_e, beta_t1, beta_a, beta_b, beta_fraction;
  double t_start, t_end, t_step;   /* K */
  double heating_rate;             /* K/s */
  double noise_rel;                /* relative σ on E′ and E″ */
} RlxSimDmaParams;

typedef struct
{
  gsize   n;
  double *time;          /* s */
  double *temperature;   /* K */
  double *e_storage;     /* MPa */
  double *e_loss;        /* MPa */
} RlxSimDmaSweep;

void            rlx_sim_dma_params_init_demo (RlxSimDmaParams *params);
/* E′ and E″ of the HN process sum at temperature t (MPa). */
void            rlx_sim_dma_modulus          (const RlxSimDmaParams *params,
                                              double          t,
                                              double         *e_storage,
                                              double         *e_loss);
RlxSimDmaSweep *rlx_sim_dma_run              (const RlxSimDmaParams *params,
                                              void           *rng,
                                              GError        **error);
void            rlx_sim_dma_sweep_free       (RlxSimDmaSweep *sweep);

/* Mettler STARe "bare" curve export of a Flash DSC scan: Index, t [s], Heat Flow [mW],
   Ts [°C], Tr [°C]; 14-character right-aligned fields, decimal comma, latin-1, and a footer
   line holding curve_name. */
GBytes         *rlx_sim_format_stare_dsc     (const RlxSimScan *scan,
                                              const char     *curve_name);
/* The same layout as a STARe DMA export (point decimal), as a temperature sweep. */
GBytes         *rlx_sim_format_stare_dma     (const RlxSimDmaSweep *sweep,
                                              double          frequency,
                                              const char     *curve_name);
/* Plain CSV: t_s,Tr_K,Ts_K,heat_flow_mW (or heat_flow_W_per_g). */
GBytes         *rlx_sim_format_csv           (const RlxSimScan *scan);

gboolean        rlx_sim_write_bytes          (const char     *path,
                                              GBytes         *bytes,
                                              GError        **error);

/* File-name stem encoding an annealing condition, e.g. "Ta303K_ta5s", "Ta253K_ta0.1s";
   several steps are joined with "_" in order; an empty list gives "ref". */
char           *rlx_sim_condition_stem       (const GArray   *anneal_steps);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxSimDmaSweep, rlx_sim_dma_sweep_free)

G_END_DECLS
