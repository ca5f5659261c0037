/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "rlx-signal.h"

G_BEGIN_DECLS

/*
 * Baselines of a difference curve, each a small JSON description stored with the analysis:
 *
 *   {"type":"none"}
 *   {"type":"linear","ranges":[[a,b],[c,d]]}                 least-squares line through the ranges
 *   {"type":"polynomial","order":2,"ranges":[[a,b],[c,d]]}   least-squares polynomial (order 0–5)
 *   {"type":"anchors","interpolation":"linear"|"spline","points":[[T,y],[T],…],"half_width":1}
 *        through user anchors (natural cubic spline for "spline"); an anchor without y takes the
 *        mean of the data within ±half_width K; linear extrapolation outside the anchors
 *   {"type":"tangent","ranges":[[a,b],[c,d]]}                a line fitted on each range (the low
 *        and the high tangent), joined across the gap by the chord from tangent 1 at b to tangent 2
 *        at c: for step-like backgrounds
 *   {"type":"sigmoidal","ranges":[[a,b],[c,d]]}              the two tangents mixed in proportion
 *        to the cumulative peak area (area-proportional sigmoid, iterated to self-consistency)
 *   {"type":"auto","lambda":L,"p":0.01,"exclude":[[a,b]]}    asymmetric least squares (Eilers and
 *        Boelens): a first asymmetric pass finds the peak, which is then masked (or the given
 *        "exclude" ranges are) and a symmetric pass with the same smoothness gives the baseline.
 *        lambda is dimensionless on the data's grid; 0 or absent = automatic from the span.
 *
 * All temperatures in K; y in the unit of the curve.
 */

typedef enum
{
  RLX_BASELINE_KIND_NONE = 0,
  RLX_BASELINE_KIND_LINEAR,
  RLX_BASELINE_KIND_POLYNOMIAL,
  RLX_BASELINE_KIND_ANCHORS,
  RLX_BASELINE_KIND_TANGENT,
  RLX_BASELINE_KIND_SIGMOIDAL,
  RLX_BASELINE_KIND_AUTO,
  RLX_N_BASELINE_KINDS
} RlxBaselineKind;

typedef struct
{
  double t;
  double y;   /* NAN: take it from the data */
} RlxAnchor;

typedef struct
{
  RlxBaselineKind kind;
  guint           order;       /* polynomial order (linear: 1) */
  GArray         *ranges;      /* RlxRange */
  GArray         *anchors;     /* RlxAnchor */
  gboolean        spline;      /* anchors: natural cubic spline instead of straight lines */
  double          half_width;  /* anchors: K either side for anchors without y */
  double          lambda;      /* auto: smoothness (0 = automatic) */
  double          asymmetry;   /* auto: p of the first pass */
} RlxBaselineSpec;

RlxBaselineSpec *rlx_baseline_spec_new         (RlxBaselineKind        kind);
RlxBaselineSpec *rlx_baseline_spec_copy        (const RlxBaselineSpec *baseline);
void             rlx_baseline_spec_free        (RlxBaselineSpec       *baseline);

const char      *rlx_baseline_kind_to_string   (RlxBaselineKind        kind);
RlxBaselineKind  rlx_baseline_kind_from_string (const char            *id);

/* From a JSON object as above. */
RlxBaselineSpec *rlx_baseline_spec_from_json   (JsonNode              *node,
                                                GError               **error);
/**
 * rlx_baseline_spec_parse:
 * @spec: a JSON object, or a short form: `none`, `auto`, `linear:250:270,330:350`,
 *   `poly:2:250:270,330:350`, `tangent:…`, `sigmoidal:…` (same ranges as linear),
 *   `spline:T1,T2,…` or `anchors:T1,T2,…` (an anchor may be written `T=y`)
 */
RlxBaselineSpec *rlx_baseline_spec_parse       (const char            *spec,
                                                GError               **error);
JsonNode        *rlx_baseline_spec_to_json     (const RlxBaselineSpec *baseline);
char            *rlx_baseline_spec_to_string   (const RlxBaselineSpec *baseline);

/**
 * rlx_baseline_spec_apply:
 * @t: increasing temperatures (K) of the curve
 * @y: the curve
 * @use: (nullable): @n flags, FALSE for points that must not inform the baseline (masked ranges)
 * @out: (out caller-allocates): the baseline at every @t
 */
gboolean         rlx_baseline_spec_apply       (const RlxBaselineSpec *baseline,
                                                const double          *t,
                                                const double          *y,
                                                const gboolean        *use,
                                                gsize                  n,
                                                double                *out,
                                                GError               **error);

/* Solves the penalised least-squares smoother (W + λ·DᵀD)·z = W·y with D the second difference,
   by a banded (pentadiagonal) LDLᵀ factorisation. Exposed for tests. */
gboolean         rlx_baseline_whittaker        (const double          *y,
                                                const double          *w,
                                                gsize                  n,
                                                double                 lambda,
                                                double                *z,
                                                GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxBaselineSpec, rlx_baseline_spec_free)

G_END_DECLS
