/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-core"

#include "config.h"

#include "rlx-core.h"

#include <gsl/gsl_errno.h>

/**
 * rlx_core_init:
 *
 * Prepares the core once per process: GSL must report errors through return codes and never
 * abort, because bad input from a user's file is an error to report, not a crash.
 */
void
rlx_core_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      gsl_set_error_handler_off ();
      g_once_init_leave (&initialised, 1);
    }
}

/**
 * rlx_core_get_version:
 *
 * Returns: the version of Relaxun, as stored in every analysis recipe.
 */
const char *
rlx_core_get_version (void)
{
  return PACKAGE_VERSION;
}
