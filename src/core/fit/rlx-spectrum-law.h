/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The E(Tp) law of a Debye spectrum (science.md §6.1): one curve cannot identify both E and τ0
 * of every unit, so the activation energy of the kernel at peak temperature Tp is prescribed.
 * Energies are in J/mol, temperatures in K, rates in K/s.
 */

/* The error domain of the whole spectrum unit (law, grid, solve, result). */
#define RLX_SPECTRUM_ERROR (rlx_spectrum_error_quark ())

typedef enum
{
  RLX_SPECTRUM_ERROR_INVALID,   /* bad input: sizes, values, options, a malformed file */
  RLX_SPECTRUM_ERROR_FAILED,    /* a numerical step failed */
  RLX_SPECTRUM_ERROR_CANCELLED,
} RlxSpectrumError;

GQuark              rlx_spectrum_error_quark          (void);

typedef enum
{
  RLX_SPECTRUM_LAW_TAU0,          /* fixed τ0: the activation-energy spectrum (AES) */
  RLX_SPECTRUM_LAW_CALIBRATION,   /* a user table of (Tp, E), interpolated linearly */
  RLX_SPECTRUM_LAW_CONSTANT,      /* one E for every Tp */
  RLX_SPECTRUM_LAW_PROPORTIONAL,  /* E = E_ref·Tp/Tp_ref, from a free-E Debye fit (E_ref, Tp_ref) */
} RlxSpectrumLawKind;

typedef struct _RlxSpectrumLaw RlxSpectrumLaw;

RlxSpectrumLaw     *rlx_spectrum_law_new_tau0         (double        tau0,
                                                       double        rate);
RlxSpectrumLaw     *rlx_spectrum_law_new_calibration  (const double *tp,
                                                       const double *e,
                                                       gsize         n,
                                                       GError      **error);
RlxSpectrumLaw     *rlx_spectrum_law_new_constant     (double        e);
RlxSpectrumLaw     *rlx_spectrum_law_new_proportional (double        e_ref,
                                                       double        tp_ref);

/**
 * rlx_spectrum_law_parse:
 * @spec: "tau0:SECONDS", "calibration:FILE" (two columns: Tp in K, E in kJ/mol),
 *   "constant:KJ_PER_MOL" or "proportional:KJ_PER_MOL@KELVIN"
 * @rate: heating rate in K/s (needed by the τ0 law)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the law, or %NULL with @error set
 */
RlxSpectrumLaw     *rlx_spectrum_law_parse            (const char   *spec,
                                                       double        rate,
                                                       GError      **error);
RlxSpectrumLaw     *rlx_spectrum_law_copy             (const RlxSpectrumLaw *law);
void                rlx_spectrum_law_free             (RlxSpectrumLaw *law);

RlxSpectrumLawKind  rlx_spectrum_law_get_kind         (const RlxSpectrumLaw *law);

/* E(Tp) in J/mol; NAN when tp is not positive and finite. */
double              rlx_spectrum_law_energy           (const RlxSpectrumLaw *law,
                                                       double                tp);
/* A short human-readable description, e.g. "fixed τ0 = 1e-13 s at 1000 K/s". */
char               *rlx_spectrum_law_describe         (const RlxSpectrumLaw *law);
JsonNode           *rlx_spectrum_law_to_json          (const RlxSpectrumLaw *law);
RlxSpectrumLaw     *rlx_spectrum_law_from_json        (JsonNode             *node,
                                                       GError              **error);

/* E from fixed τ0: solves E/(R·Tp²) = exp(−E/(R·Tp))/(rate·τ0); NAN on bad input. */
double              rlx_spectrum_energy_from_tau0     (double tp,
                                                       double tau0,
                                                       double rate);
/* Kernel widths come from rlx_debye_fwhm() (models/rlx-debye.h). */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxSpectrumLaw, rlx_spectrum_law_free)

G_END_DECLS
