/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-report-registration.c — a registration as the store and the hub keep it, counted as its export row would be. */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "tr-report-private.h"

/* The export's status: the hub says "waiting" where the store and the
 * export say "waiting_list", and keeps a cancellation beside the status it
 * had, where the export's row just says "cancelled". */
static const char *
export_status (const TrReportRegistration *registration)
{
  if (registration->cancelled || g_strcmp0 (registration->status, "cancelled") == 0)
    return "cancelled";
  if (g_strcmp0 (registration->status, "waiting") == 0 ||
      g_strcmp0 (registration->status, "waiting_list") == 0)
    return "waiting_list";
  return "registered";
}

/* The ids set, as the export's flag_<id> columns that hold 1; an array the
 * report cannot read counts no flag rather than stopping the season. */
static void
read_flags (TrReportRow *row, JsonParser *parser, const char *flags_json)
{
  JsonArray *array;

  if (flags_json == NULL || !json_parser_load_from_data (parser, flags_json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return;
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array) && row->n_flags < TR_REPORT_MAX_FLAGS; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          row->flag_ids[row->n_flags] = json_node_get_string (node);
          row->flags[row->n_flags] = TRUE;
          row->n_flags++;
        }
    }
}

void
tr_report_add_registration (TrReport                   *self,
                            const TrReportRegistration *registration)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  TrReportRow row = { 0 };

  g_return_if_fail (registration->local_date != NULL && registration->offer_id != NULL);

  row.kiosk_id = registration->kiosk_id;
  row.status = export_status (registration);
  row.local_date = registration->local_date;
  row.offer_id = registration->offer_id;
  /* The offer's title, category and provider come from the catalogue the
   * report was given: the store and the hub keep only its id. */
  row.postcode = registration->postcode;
  read_flags (&row, parser, registration->flags_json);
  tr_report_add_row (self, &row);
}
