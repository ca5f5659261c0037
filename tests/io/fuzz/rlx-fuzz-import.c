/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-fuzz"

#include "config.h"

#include <stdint.h>

#include "rlx-import.h"

/* The whole reading pipeline (decode, sniff, every reader, metadata) on arbitrary bytes:
 * it must return runs or an error, never crash, leak or read out of bounds. The first byte
 * picks a forced format now and then, so that each reader also sees content it would not
 * have been sniffed for. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  const char *force = NULL;
  guint n_formats = 0;
  const RlxFormatInfo *formats = rlx_import_list_formats (&n_formats);

  if (size > 0 && data[0] < n_formats * 4 && data[0] % 4 == 0)
    {
      force = formats[data[0] / 4].id;
      data++;
      size--;
    }

  bytes = g_bytes_new (data, size);
  runs = rlx_import_read_bytes (bytes, "fuzz_Ta303K_ta5s_ref.txt", force, &format, &error);
  g_assert ((runs == NULL) != (error == NULL));
  if (runs != NULL)
    {
      g_ptr_array_set_free_func (runs, (GDestroyNotify) rlx_run_data_free);
      for (guint i = 0; i < runs->len; i++)
        g_assert (rlx_run_data_get_n_points (g_ptr_array_index (runs, i)) > 0);
    }
  return 0;
}
