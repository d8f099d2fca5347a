/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-sync-config.c — the sync's configuration from kiosk.conf, and the connection line it logs in with. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <string.h>

#include "tr-error.h"
#include "tr-sync.h"

void
tr_sync_config_free (TrSyncConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->database);
  g_free (config->conninfo);
  if (config->password != NULL)
    memset (config->password, 0, strlen (config->password));
  g_free (config->password);
  g_free (config);
}

TrSyncConfig *
tr_sync_config_new (const TrConfig  *config,
                    GError         **error)
{
  TrSyncConfig *sync;

  g_return_val_if_fail (config != NULL, NULL);

  if (config->hub == NULL)
    return NULL;
  sync = g_new0 (TrSyncConfig, 1);
  sync->database = g_strdup (config->database);
  sync->conninfo = g_strdup (config->hub);
  sync->password = g_strdup (config->hub_password);
  sync->lease_seats = config->hub_lease_seats;
  sync->top_up = TRUE;
  sync->close_hour = config->hub_close_hour;
  sync->refill_timeout_ms = TR_SYNC_REFILL_TIMEOUT_MS;
  sync->has_office_key = config->has_office_key;
  memcpy (sync->office_key, config->office_key, TR_OFFICE_KEY_BYTES);
  return sync;
}

static void
append_word (GString *out, const char *keyword, const char *value)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "%s='", keyword);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

static const char * const tcp_defaults[] = {
  "keepalives_idle", "30", "keepalives_interval", "10", "keepalives_count", "3",
  "tcp_user_timeout", "30000",
};

char *
tr_sync_config_conninfo (const TrSyncConfig  *config,
                         const char          *kiosk_id,
                         GError             **error)
{
  g_autofree char *role = g_strconcat ("kiosk_", kiosk_id, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) given = g_ptr_array_new_with_free_func (g_free);
  PQconninfoOption *options;
  char *message = NULL;
  gboolean has_password = FALSE, has_user = FALSE, has_certificate = FALSE;

  g_return_val_if_fail (config != NULL && kiosk_id != NULL, NULL);

  options = PQconninfoParse (config->conninfo != NULL ? config->conninfo : "", &message);
  if (options == NULL)
    {
      g_autofree char *reason = message != NULL ? g_strchomp (g_strdup (message)) : g_strdup ("?");

      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("Hub= is not a connection line PostgreSQL understands (%s): copy it again as the programme "
                     "office gave it, for example “host=hub.example.org dbname=tremplin”"), reason);
      PQfreemem (message);
      return NULL;
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || *o->val == '\0')
        continue;
      if (g_str_equal (o->keyword, "password"))
        {
          has_password = TRUE;
          /* HubPassword= wins. */
          if (config->password != NULL)
            continue;
        }
      if (g_str_equal (o->keyword, "sslcert"))
        has_certificate = TRUE;
      if (g_str_equal (o->keyword, "user"))
        {
          has_user = TRUE;
          if (!g_str_equal (o->val, role))
            {
              g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                           _("Hub= logs in as “%s”, but this kiosk is %s and the hub knows it as “%s”: "
                             "take user=%s out of Hub= (the kiosk logs in as itself)"),
                           o->val, kiosk_id, role, o->val);
              PQconninfoFree (options);
              return NULL;
            }
        }
      append_word (out, o->keyword, o->val);
      g_ptr_array_add (given, g_strdup (o->keyword));
    }
  PQconninfoFree (options);
  g_ptr_array_add (given, NULL);
  if (!has_user)
    append_word (out, "user", role);
  /* A hub gone silent over TCP (a cable pulled, a dead router) must not
   * hold the sync, nor the kiosk's exit, for the kernel's two hours: the
   * connection is given up after about half a minute. Hub= may say
   * otherwise. */
  for (guint i = 0; i < G_N_ELEMENTS (tcp_defaults); i += 2)
    if (!g_strv_contains ((const char * const *) given->pdata, tcp_defaults[i]))
      append_word (out, tcp_defaults[i], tcp_defaults[i + 1]);
  /* A kiosk that logs in by its TLS certificate alone (pg_hba "cert")
   * has no password to give. */
  if (config->password != NULL)
    append_word (out, "password", config->password);
  else if (!has_password && !has_certificate)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("HubPassword= is missing: add the password printed when this kiosk was enrolled at the "
                     "hub (“tremplin-office hub enrol-kiosk”)"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

TrSyncConfig *
tr_sync_config_copy (const TrSyncConfig *config)
{
  TrSyncConfig *copy = g_memdup2 (config, sizeof *config);

  copy->database = g_strdup (config->database);
  copy->conninfo = g_strdup (config->conninfo);
  copy->password = g_strdup (config->password);
  if (copy->lease_seats == 0)
    copy->lease_seats = TR_CONFIG_DEFAULT_HUB_LEASE_SEATS;
  if (copy->refill_timeout_ms == 0)
    copy->refill_timeout_ms = TR_SYNC_REFILL_TIMEOUT_MS;
  if (copy->close_hour == 0)
    copy->close_hour = TR_CONFIG_DEFAULT_HUB_CLOSE_HOUR;
  return copy;
}
