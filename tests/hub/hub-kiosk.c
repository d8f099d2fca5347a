/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub-kiosk — a kiosk's side of the hub for the hub tests: registrations committed to a local outbox against leased seats, then pushed; or a real kiosk store's. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tr-hub.h"
#include "tr-office-key.h"
#include "tr-store.h"

/* The kiosk's local state in DIR: "lease-<offer>" (seats held, one line),
 * outbox/<code>.row (committed, not yet acknowledged), sent/<code>.row.
 * Every file is written whole (tmp + rename), as the store commits. */

static const char *
error_name (const GError *error)
{
  static const char *names[] = { "unreachable", "refused", "revoked", "bad-signature", "bad-publication", "failed" };
  if (error->domain == TR_HUB_ERROR && error->code >= 0 && error->code < (int) G_N_ELEMENTS (names))
    return names[error->code];
  return "other";
}

static void
write_whole (const char *path, const char *text)
{
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autoptr (GError) error = NULL;
  int fd;

  if (!g_file_set_contents (tmp, text, -1, &error))
    g_error ("%s", error->message);
  fd = open (tmp, O_RDONLY);
  fsync (fd);
  close (fd);
  if (g_rename (tmp, path) != 0)
    g_error ("rename %s: %s", path, g_strerror (errno));
}

static guint
read_lease (const char *dir, const char *offer)
{
  g_autofree char *path = g_strdup_printf ("%s/lease-%s", dir, offer);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return (guint) g_ascii_strtoull (text, NULL, 10);
}

static void
write_lease (const char *dir, const char *offer, guint held)
{
  g_autofree char *path = g_strdup_printf ("%s/lease-%s", dir, offer);
  g_autofree char *text = g_strdup_printf ("%u\n", held);
  write_whole (path, text);
}

/* Pushes every row of DIR/outbox; returns how many remain unsent. */
static guint
push (TrHub **hub, const char *conninfo, const char *kiosk, const char *dir,
      guint *sent, guint *duplicates, GError **first_error)
{
  g_autofree char *outbox = g_build_filename (dir, "outbox", NULL);
  g_autoptr (GDir) listing = g_dir_open (outbox, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint left = 0;

  while (listing && (name = g_dir_read_name (listing)))
    if (g_str_has_suffix (name, ".row"))
      g_ptr_array_add (names, g_strdup (name));
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (outbox, names->pdata[i], NULL);
      g_autofree char *target = g_build_filename (dir, "sent", names->pdata[i], NULL);
      g_autoptr (GKeyFile) file = g_key_file_new ();
      g_autoptr (GError) error = NULL;
      g_autofree char *details_text = NULL;
      g_autofree guchar *details_data = NULL;
      gsize details_size = 0;
      g_autoptr (GBytes) details = NULL;
      gboolean duplicate = FALSE;
      TrHubRow row = { 0 };
      g_autofree char *session = NULL, *code = NULL, *created = NULL, *date = NULL, *offer = NULL,
                      *status = NULL, *payload = NULL;

      if (!g_key_file_load_from_file (file, path, 0, &error))
        g_error ("%s: %s", path, error->message);
      session = g_key_file_get_string (file, "row", "session_id", NULL);
      code = g_key_file_get_string (file, "row", "code", NULL);
      created = g_key_file_get_string (file, "row", "created_at", NULL);
      date = g_key_file_get_string (file, "row", "local_date", NULL);
      offer = g_key_file_get_string (file, "row", "offer_id", NULL);
      status = g_key_file_get_string (file, "row", "status", NULL);
      payload = g_key_file_get_string (file, "row", "payload", NULL);
      details_text = g_key_file_get_string (file, "row", "details", NULL);
      details_data = g_base64_decode (details_text, &details_size);
      details = g_bytes_new (details_data, details_size);
      row.session_id = session;
      row.code = code;
      row.local_id = g_key_file_get_int64 (file, "row", "local_id", NULL);
      row.created_at = created;
      row.local_date = date;
      row.offer_id = offer;
      row.status = status;
      row.verdict = "eligible";
      row.flags = "[\"qpv\"]";
      row.payload = payload;
      row.age_band = "under-26";
      row.woman = 1;
      row.qpv = TRUE;
      row.details = details;

      if (!*hub && !(*hub = tr_hub_connect (conninfo, kiosk, &error)))
        ;
      else if (tr_hub_submit (*hub, &row, &duplicate, &error))
        {
          /* Acknowledged: only now is it marked sent. A kill before this
           * line sends it again, and the hub answers "duplicate". */
          if (g_getenv ("HUB_KIOSK_PAUSE_US"))
            g_usleep (g_ascii_strtoull (g_getenv ("HUB_KIOSK_PAUSE_US"), NULL, 10));
          if (g_rename (path, target) != 0)
            g_error ("rename %s: %s", path, g_strerror (errno));
          (*sent)++;
          if (duplicate)
            (*duplicates)++;
          continue;
        }
      left++;
      if (error->code == TR_HUB_ERROR_UNREACHABLE)
        g_clear_pointer (hub, tr_hub_free);
      if (first_error && !*first_error)
        *first_error = g_steal_pointer (&error);
    }
  return left;
}

static int
cmd_day (int argc, char **argv)
{
  const char *conninfo = argv[2], *kiosk = argv[3], *offer = argv[4], *dir = argv[6];
  guint walk_ins = (guint) atoi (argv[5]);
  guint wanted = argc > 7 ? (guint) atoi (argv[7]) : 1;
  gboolean offline_lease = g_getenv ("HUB_KIOSK_NO_REFILL") != NULL;
  g_autoptr (TrHub) hub = NULL;
  g_autofree char *outbox = g_build_filename (dir, "outbox", NULL);
  g_autofree char *sent_dir = g_build_filename (dir, "sent", NULL);
  guint sent = 0, duplicates = 0, left, registered = 0, waiting = 0;

  g_mkdir_with_parents (outbox, 0700);
  g_mkdir_with_parents (sent_dir, 0700);
  for (guint i = 0; i < walk_ins; i++)
    {
      guint held = read_lease (dir, offer);
      g_autoptr (GKeyFile) file = g_key_file_new ();
      g_autofree char *session = g_uuid_string_random ();
      g_autofree char *code = NULL, *path = NULL, *text = NULL, *details = NULL;
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *created = g_date_time_format_iso8601 (now);
      g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
      guint8 sealed[48];
      const char *status;

      /* An empty lease is refilled on the spot when the hub answers. */
      if (held == 0 && !offline_lease)
        {
          g_autoptr (GError) error = NULL;
          guint now_held = 0;

          if ((hub || (hub = tr_hub_connect (conninfo, kiosk, &error)))
              && tr_hub_take_lease (hub, offer, wanted, &now_held, NULL, &error))
            held = now_held;
          else
            {
              g_printerr ("hub-kiosk %s: %s\n", kiosk, error->message);
              if (error->code == TR_HUB_ERROR_UNREACHABLE)
                g_clear_pointer (&hub, tr_hub_free);
            }
        }
      status = held > 0 ? "registered" : "waiting";
      code = g_ascii_strup (session, 12);
      code[8] = '-';
      for (gsize b = 0; b < sizeof sealed; b++)
        sealed[b] = (guint8) g_random_int_range (0, 256);
      details = g_base64_encode (sealed, sizeof sealed);
      g_key_file_set_string (file, "row", "session_id", session);
      g_key_file_set_string (file, "row", "code", code);
      g_key_file_set_int64 (file, "row", "local_id", i + 1);
      g_key_file_set_string (file, "row", "created_at", created);
      g_key_file_set_string (file, "row", "local_date", date);
      g_key_file_set_string (file, "row", "offer_id", offer);
      g_key_file_set_string (file, "row", "status", status);
      g_key_file_set_string (file, "row", "payload", "TR1:TEST");
      g_key_file_set_string (file, "row", "details", details);
      text = g_key_file_to_data (file, NULL, NULL);
      path = g_strdup_printf ("%s/%s.row", outbox, code);
      /* The local commit: the row, then the lease it used. */
      write_whole (path, text);
      if (held > 0)
        {
          write_lease (dir, offer, held - 1);
          registered++;
        }
      else
        {
          write_lease (dir, offer, 0);
          waiting++;
        }
      g_print ("%s %s\n", status, code);
      push (&hub, conninfo, kiosk, dir, &sent, &duplicates, NULL);
    }
  left = push (&hub, conninfo, kiosk, dir, &sent, &duplicates, NULL);
  g_print ("summary registered=%u waiting=%u sent=%u unsent=%u\n", registered, waiting, sent, left);
  return 0;
}

static int
cmd_push (int argc, char **argv)
{
  g_autoptr (TrHub) hub = NULL;
  g_autoptr (GError) error = NULL;
  guint sent = 0, duplicates = 0, left;

  left = push (&hub, argv[2], argv[3], argv[4], &sent, &duplicates, &error);
  g_print ("sent=%u duplicates=%u unsent=%u\n", sent, duplicates, left);
  if (error)
    g_print ("error %s: %s\n", error_name (error), error->message);
  return left ? 1 : 0;
}

static int
cmd_take (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrHub) hub = NULL;
  guint held = 0;

  if (!(hub = tr_hub_connect (argv[2], argv[3], &error))
      || !tr_hub_take_lease (hub, argv[4], (guint) atoi (argv[5]), &held, NULL, &error))
    {
      g_print ("error %s: %s\n", error_name (error), error->message);
      return 1;
    }
  if (argc > 6)
    g_mkdir_with_parents (argv[6], 0700);
  if (argc > 6)
    write_lease (argv[6], argv[4], held);
  g_print ("held=%u\n", held);
  return 0;
}

static int
cmd_return (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrHub) hub = NULL;
  guint held = 0;

  if (!(hub = tr_hub_connect (argv[2], argv[3], &error))
      || !tr_hub_return_lease (hub, argv[4], (guint) atoi (argv[5]), &held, &error))
    {
      g_print ("error %s: %s\n", error_name (error), error->message);
      return 1;
    }
  g_print ("held=%u\n", held);
  return 0;
}

static int
cmd_cancel (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrHub) hub = NULL;
  gboolean duplicate = FALSE;

  if (!(hub = tr_hub_connect (argv[2], argv[3], &error))
      || !tr_hub_cancel (hub, argv[4], "2026-12-05T10:00:00Z", "changed their mind", &duplicate, &error))
    {
      g_print ("error %s: %s\n", error_name (error), error->message);
      return 1;
    }
  g_print ("%s\n", duplicate ? "duplicate" : "stored");
  return 0;
}

static int
cmd_fetch (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrHub) hub = NULL;
  g_autoptr (GPtrArray) publications = NULL;
  guint8 key[TR_OFFICE_KEY_BYTES];

  if (!tr_office_key_from_text (argv[4], key, &error))
    g_error ("%s", error->message);
  if (!(hub = tr_hub_connect (argv[2], argv[3], &error))
      || !tr_hub_fetch_publications (hub, g_ascii_strtoll (argv[5], NULL, 10), key, &publications, &error))
    {
      g_print ("error %s: %s\n", error_name (error), error->message);
      return 1;
    }
  for (guint i = 0; i < publications->len; i++)
    {
      TrHubPublication *p = publications->pdata[i];
      if (p->problem)
        g_print ("%lld %s refused %s: %s\n", (long long) p->version, p->kind, error_name (p->problem), p->problem->message);
      else
        g_print ("%lld %s ok %zu\n", (long long) p->version, p->kind, g_bytes_get_size (p->payload));
    }
  return 0;
}

/* push-store: a real kiosk store's registrations of the days given, sent
 * as the store holds them (details sealed at commit), so that a test can
 * compare what reaches the hub with the same days exported. A registration
 * cancelled in the store goes as cancelled before it was sent. */
typedef struct {
  TrHub *hub;
  guint  sent;
  guint  duplicates;
} StorePush;

static gboolean
push_registration (const TrRegistration *registration, TrOffer *offer, gpointer user_data, GError **error)
{
  StorePush *push = user_data;
  gboolean cancelled = g_strcmp0 (registration->status, "cancelled") == 0;
  gboolean duplicate = FALSE;
  TrHubRow row = {
    .session_id = registration->session_id,
    .code = registration->code,
    .local_id = registration->id,
    .created_at = registration->created_at,
    .local_date = registration->local_date,
    .offer_id = registration->offer_id,
    .status = g_strcmp0 (registration->status, "waiting_list") == 0 ? "waiting" : "registered",
    .verdict = registration->verdict,
    .flags = registration->flags_json,
    .payload = registration->payload,
    .age_band = registration->age_band,
    .woman = registration->woman,
    .qpv = registration->qpv,
    .details = registration->details,
    .cancelled_at = cancelled ? registration->created_at : NULL,
    .cancel_reason = cancelled ? registration->cancel_reason : NULL,
  };

  if (!tr_hub_submit (push->hub, &row, &duplicate, error))
    return FALSE;
  push->sent++;
  push->duplicates += duplicate;
  return TRUE;
}

static int
cmd_push_store (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrStore) store = NULL;
  StorePush push = { NULL, 0, 0 };

  if (!(store = tr_store_open (argv[4], FALSE, &error)) || !(push.hub = tr_hub_connect (argv[2], argv[3], &error)))
    {
      g_print ("error %s: %s\n", error->domain == TR_HUB_ERROR ? error_name (error) : "store", error->message);
      return 1;
    }
  for (int i = 5; i < argc; i++)
    if (!tr_store_foreach_registration (store, argv[i], push_registration, &push, &error))
      {
        g_print ("error %s: %s\n", error->domain == TR_HUB_ERROR ? error_name (error) : "store", error->message);
        tr_hub_free (push.hub);
        return 1;
      }
  tr_hub_free (push.hub);
  g_print ("sent=%u duplicates=%u\n", push.sent, push.duplicates);
  return 0;
}

/* cancel-store: staff cancelling a registration in a real kiosk store (the
 * kiosk's staff panel does it on a kiosk; tremplin-admin has no command). */
static int
cmd_cancel_store (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrStore) store = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  if (!(store = tr_store_open (argv[2], FALSE, &error))
      || !tr_store_cancel (store, argv[3], "changed their mind", now, &error))
    {
      g_print ("error store: %s\n", error->message);
      return 1;
    }
  g_print ("cancelled\n");
  return 0;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (argc >= 7 && strcmp (argv[1], "day") == 0)
    return cmd_day (argc, argv);
  if (argc == 5 && strcmp (argv[1], "push") == 0)
    return cmd_push (argc, argv);
  if (argc >= 6 && strcmp (argv[1], "take") == 0)
    return cmd_take (argc, argv);
  if (argc == 6 && strcmp (argv[1], "return") == 0)
    return cmd_return (argc, argv);
  if (argc == 5 && strcmp (argv[1], "cancel") == 0)
    return cmd_cancel (argc, argv);
  if (argc == 6 && strcmp (argv[1], "fetch") == 0)
    return cmd_fetch (argc, argv);
  if (argc >= 6 && strcmp (argv[1], "push-store") == 0)
    return cmd_push_store (argc, argv);
  if (argc == 4 && strcmp (argv[1], "cancel-store") == 0)
    return cmd_cancel_store (argc, argv);
  g_printerr ("usage: hub-kiosk day CONNINFO KIOSK OFFER N DIR [WANTED] | push CONNINFO KIOSK DIR |"
              " take CONNINFO KIOSK OFFER N [DIR] | return CONNINFO KIOSK OFFER N |"
              " cancel CONNINFO KIOSK CODE | fetch CONNINFO KIOSK OFFICE-KEY SINCE |"
              " push-store CONNINFO KIOSK DB DAY… | cancel-store DB CODE\n");
  return 2;
}
