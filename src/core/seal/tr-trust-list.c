/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-trust-list.c — the kiosk registry read, and the trust list built, signed, checked and saved. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "tr-clock.h"
#include "tr-csv.h"
#include "tr-error.h"
#include "tr-file.h"
#include "tr-json.h"
#include "tr-receipt.h"
#include "tr-trust-list.h"

#define REGISTRY_HEADER "id;public_key;valid_from;valid_until;revoked_on"
#define N_COLUMNS 5
/* A registry lists a programme's kiosks: a few hundred at most. A larger
 * file is not one. */
#define REGISTRY_MAX_SIZE (4 * 1024 * 1024)
#define SIGNATURE_TEXT_LENGTH 86

static const char *const columns[N_COLUMNS] = {
  "id", "public_key", "valid_from", "valid_until", "revoked_on",
};

void
tr_trusted_kiosk_free (TrTrustedKiosk *kiosk)
{
  if (kiosk == NULL)
    return;
  g_free (kiosk->id);
  g_free (kiosk->valid_from);
  g_free (kiosk->valid_until);
  g_free (kiosk->revoked_on);
  g_free (kiosk);
}

void
tr_trust_list_free (TrTrustList *list)
{
  if (list == NULL)
    return;
  g_free (list->issued_at);
  g_clear_pointer (&list->kiosks, g_ptr_array_unref);
  g_free (list);
}

static int
compare_kiosks (gconstpointer a, gconstpointer b)
{
  const TrTrustedKiosk *ka = *(TrTrustedKiosk * const *) a;
  const TrTrustedKiosk *kb = *(TrTrustedKiosk * const *) b;

  return strcmp (ka->id, kb->id);
}

static gboolean
header_is_right (GPtrArray *fields)
{
  if (fields->len != N_COLUMNS)
    return FALSE;
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autofree char *cell = g_strstrip (g_ascii_strdown (g_ptr_array_index (fields, i), -1));
      if (strcmp (cell, columns[i]) != 0)
        return FALSE;
    }
  return TRUE;
}

/* An optional date cell: NULL when empty, else a real date. */
static gboolean
read_date (const char *cell, gboolean required, char **out)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (cell));

  *out = NULL;
  if (trimmed[0] == '\0')
    return !required;
  if (!tr_clock_is_date (trimmed))
    return FALSE;
  *out = g_steal_pointer (&trimmed);
  return TRUE;
}

/* One registry line into a kiosk; NULL with @error saying what to fix. */
static TrTrustedKiosk *
read_kiosk (GPtrArray *fields, const char *where, GError **error)
{
  g_autoptr(TrTrustedKiosk) kiosk = g_new0 (TrTrustedKiosk, 1);
  g_autoptr(GError) local_error = NULL;
  const char *cell[N_COLUMNS];

  if (fields->len != N_COLUMNS)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s: this line has %u fields; a kiosk's line has 5: "
                     "id;public_key;valid_from;valid_until;revoked_on"), where, fields->len);
      return NULL;
    }
  for (guint i = 0; i < N_COLUMNS; i++)
    cell[i] = g_ptr_array_index (fields, i);

  kiosk->id = g_strstrip (g_strdup (cell[0]));
  if (!tr_kiosk_id_check (kiosk->id, &local_error) ||
      !tr_public_key_from_text (cell[1], kiosk->public_key, &local_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID, "%s: %s", where, local_error->message);
      return NULL;
    }
  if (!read_date (cell[2], TRUE, &kiosk->valid_from) ||
      !read_date (cell[3], FALSE, &kiosk->valid_until) ||
      !read_date (cell[4], FALSE, &kiosk->revoked_on))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s: the dates must be real dates written YYYY-MM-DD, like 2027-01-04; "
                     "valid_from is required, valid_until and revoked_on may be empty"), where);
      return NULL;
    }
  if (kiosk->valid_until != NULL && strcmp (kiosk->valid_until, kiosk->valid_from) < 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s: valid_until (%s) comes before valid_from (%s): swap them or fix "
                     "the year"), where, kiosk->valid_until, kiosk->valid_from);
      return NULL;
    }
  return g_steal_pointer (&kiosk);
}

static gboolean
check_no_twins (GPtrArray *kiosks, const char *name, GError **error)
{
  for (guint i = 1; i < kiosks->len; i++)
    {
      const TrTrustedKiosk *a = g_ptr_array_index (kiosks, i - 1);
      const TrTrustedKiosk *b = g_ptr_array_index (kiosks, i);

      if (strcmp (a->id, b->id) == 0)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("%s: kiosk %s is listed twice: keep one line per kiosk (a kiosk "
                         "with a new key gets a new id)"), name, a->id);
          return FALSE;
        }
    }
  return TRUE;
}

GPtrArray *
tr_kiosk_registry_parse (const char *data, gsize length, const char *name, GError **error)
{
  g_autoptr(TrCsvReader) reader = NULL;
  g_autoptr(GPtrArray) kiosks = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_trusted_kiosk_free);
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) local_error = NULL;
  guint line = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  reader = tr_csv_reader_new (data != NULL ? data : "", length);
  if (!tr_csv_reader_next (reader, &fields, &line, &local_error) || !header_is_right (fields))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s is not a kiosk registry: its first line must be “%s”"),
                   name, REGISTRY_HEADER);
      return NULL;
    }
  g_clear_pointer (&fields, g_ptr_array_unref);

  while (tr_csv_reader_next (reader, &fields, &line, &local_error))
    {
      g_autofree char *where = g_strdup_printf ("%s:%u", name, line);
      TrTrustedKiosk *kiosk = read_kiosk (fields, where, error);

      g_clear_pointer (&fields, g_ptr_array_unref);
      if (kiosk == NULL)
        return NULL;
      g_ptr_array_add (kiosks, kiosk);
    }
  if (local_error != NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE, "%s:%u: %s", name, line,
                   tr_csv_reader_get_problem (reader));
      return NULL;
    }
  if (kiosks->len == 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s lists no kiosk: add one line per kiosk with the id and key that "
                     "“tremplin-admin public-key” prints on it"), name);
      return NULL;
    }
  g_ptr_array_sort (kiosks, compare_kiosks);
  if (!check_no_twins (kiosks, name, error))
    return NULL;
  return g_steal_pointer (&kiosks);
}

GPtrArray *
tr_kiosk_registry_load (const char *path, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                     _("There is no kiosk registry at %s: give the path of the office's "
                       "kiosks file"), path);
      else
        g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                     _("Could not read the kiosk registry %s: %s"), path, local_error->message);
      return NULL;
    }
  length = g_mapped_file_get_length (file);
  if (length > REGISTRY_MAX_SIZE)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s is too large to be a kiosk registry (more than 4 MB): check the "
                     "path"), path);
      return NULL;
    }
  return tr_kiosk_registry_parse (g_mapped_file_get_contents (file), length, path, error);
}

static char *
to_base64url (const guint8 *data, gsize length)
{
  gsize size = sodium_base64_ENCODED_LEN (length, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *text = g_malloc (size);

  return sodium_bin2base64 (text, size, data, length, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static char *
to_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static char *
build_body (GPtrArray *kiosks, GDateTime *issued_at, const guint8 *office_key)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) utc = g_date_time_to_utc (issued_at);
  g_autofree char *issued = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *office_text = tr_office_key_to_text (office_key);

  json_builder_begin_object (builder);
  tr_json_add_text (builder, "format", TR_TRUST_LIST_FORMAT);
  tr_json_add_text (builder, "issued_at", issued);
  tr_json_add_text (builder, "office_key", office_text);
  json_builder_set_member_name (builder, "kiosks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < kiosks->len; i++)
    {
      const TrTrustedKiosk *kiosk = g_ptr_array_index (kiosks, i);
      g_autofree char *key_text = tr_public_key_to_text (kiosk->public_key);

      json_builder_begin_object (builder);
      tr_json_add_text (builder, "id", kiosk->id);
      tr_json_add_text (builder, "public_key", key_text);
      tr_json_add_text (builder, "valid_from", kiosk->valid_from);
      tr_json_add_text (builder, "valid_until", kiosk->valid_until);
      tr_json_add_text (builder, "revoked_on", kiosk->revoked_on);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return to_json (builder);
}

char *
tr_trust_list_build (GPtrArray *kiosks, GDateTime *issued_at, const TrOfficeKey *key)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *body = NULL;
  g_autofree char *signature_text = NULL;
  guint8 signature[TR_OFFICE_SIGNATURE_BYTES];

  g_return_val_if_fail (kiosks != NULL && issued_at != NULL && key != NULL, NULL);

  body = build_body (kiosks, issued_at, tr_office_key_get_public (key));
  tr_office_key_sign (key, body, strlen (body), signature);
  signature_text = to_base64url (signature, sizeof signature);

  json_builder_begin_object (builder);
  tr_json_add_text (builder, "format", TR_TRUST_LIST_FORMAT);
  tr_json_add_text (builder, "signed", body);
  tr_json_add_text (builder, "signature", signature_text);
  json_builder_end_object (builder);
  return to_json (builder);
}

/* A member that must be a string; NULL otherwise. */
static const char *
get_string (JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A member that is a date or null (when @optional); FALSE otherwise. */
static gboolean
get_date (JsonObject *object, const char *member, gboolean optional, char **out)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  *out = NULL;
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return optional;
  text = get_string (object, member);
  if (text == NULL || !tr_clock_is_date (text))
    return FALSE;
  *out = g_strdup (text);
  return TRUE;
}

/* An empty text parses to no root at all. */
static gboolean
holds_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node);
}

static TrTrustedKiosk *
parse_kiosk (JsonNode *node)
{
  g_autoptr(TrTrustedKiosk) kiosk = g_new0 (TrTrustedKiosk, 1);
  JsonObject *object = holds_object (node) ? json_node_get_object (node) : NULL;
  const char *id = get_string (object, "id");
  const char *key = get_string (object, "public_key");

  if (id == NULL || !tr_kiosk_id_check (id, NULL) || key == NULL ||
      !tr_public_key_from_text (key, kiosk->public_key, NULL) ||
      !get_date (object, "valid_from", FALSE, &kiosk->valid_from) ||
      !get_date (object, "valid_until", TRUE, &kiosk->valid_until) ||
      !get_date (object, "revoked_on", TRUE, &kiosk->revoked_on))
    return NULL;
  kiosk->id = g_strdup (id);
  return g_steal_pointer (&kiosk);
}

static gboolean
is_issue_time (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || strlen (text) != strlen ("2027-03-14T09:00:00Z") ||
      !g_str_has_suffix (text, "Z"))
    return FALSE;
  time = g_date_time_new_from_iso8601 (text, NULL);
  return time != NULL;
}

static TrTrustList *
parse_body (const char *body, const guint8 *office_key)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(TrTrustList) list = g_new0 (TrTrustList, 1);
  g_autofree char *office_text = tr_office_key_to_text (office_key);
  JsonObject *object;
  JsonNode *kiosks;

  if (!json_parser_load_from_data (parser, body, -1, NULL) ||
      !holds_object (json_parser_get_root (parser)))
    return NULL;
  object = json_node_get_object (json_parser_get_root (parser));
  kiosks = json_object_get_member (object, "kiosks");
  if (g_strcmp0 (get_string (object, "format"), TR_TRUST_LIST_FORMAT) != 0 ||
      g_strcmp0 (get_string (object, "office_key"), office_text) != 0 ||
      !is_issue_time (get_string (object, "issued_at")) ||
      kiosks == NULL || !JSON_NODE_HOLDS_ARRAY (kiosks))
    return NULL;

  list->issued_at = g_strdup (get_string (object, "issued_at"));
  list->kiosks = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_trusted_kiosk_free);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (kiosks)); i++)
    {
      TrTrustedKiosk *kiosk = parse_kiosk (json_array_get_element (json_node_get_array (kiosks), i));
      if (kiosk == NULL)
        return NULL;
      g_ptr_array_add (list->kiosks, kiosk);
    }
  return g_steal_pointer (&list);
}

static gboolean
read_signature (const char *text, guint8 *signature)
{
  gsize decoded = 0;
  const char *end = NULL;

  return text != NULL && strlen (text) == SIGNATURE_TEXT_LENGTH &&
         sodium_base642bin (signature, TR_OFFICE_SIGNATURE_BYTES, text, strlen (text), NULL,
                            &decoded, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
         decoded == TR_OFFICE_SIGNATURE_BYTES && *end == '\0';
}

TrTrustList *
tr_trust_list_parse (const char *text, gsize length, const guint8 *office_key, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint8 signature[TR_OFFICE_SIGNATURE_BYTES];
  JsonObject *envelope;
  const char *body;
  TrTrustList *list;

  g_return_val_if_fail (text != NULL && office_key != NULL, NULL);

  if (!tr_crypto_init (error))
    return NULL;
  if (memchr (text, '\0', length) != NULL ||
      !json_parser_load_from_data (parser, text, (gssize) length, NULL) ||
      !holds_object (json_parser_get_root (parser)) ||
      (envelope = json_node_get_object (json_parser_get_root (parser)),
       g_strcmp0 (get_string (envelope, "format"), TR_TRUST_LIST_FORMAT) != 0) ||
      (body = get_string (envelope, "signed")) == NULL ||
      !read_signature (get_string (envelope, "signature"), signature))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("This is not a Tremplin trust list: make it again with "
                     "“tremplin-office trust-list”"));
      return NULL;
    }
  if (!tr_office_key_verify (office_key, body, strlen (body), signature))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_FORGED,
                   _("This trust list was changed, or signed by another office key: its "
                     "signature does not match; use the one the office published"));
      return NULL;
    }
  list = parse_body (body, office_key);
  if (list == NULL)
    g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                 _("This trust list is signed but not in the form this version reads: make "
                   "it again with “tremplin-office trust-list”"));
  return list;
}

typedef struct {
  const char *path;
  const char *text;
} WriteData;

static gboolean
write_text (FILE *file, gpointer user_data, GError **error)
{
  const WriteData *data = user_data;

  /* A write error shows at the flush, which tr_file_write_atomically checks. */
  fputs (data->text, file);
  fputc ('\n', file);
  return TRUE;
}

static void
on_write_failed (TrFileStep step, int saved_errno, gpointer user_data, GError **error)
{
  const WriteData *data = user_data;

  tr_file_set_write_error (error, data->path, saved_errno);
}

gboolean
tr_trust_list_save (const char *path, const char *text, GError **error)
{
  WriteData data = { path, text };

  g_return_val_if_fail (path != NULL && text != NULL, FALSE);

  return tr_file_write_atomically (path, 0644, write_text, on_write_failed, &data, error);
}

char *
tr_trust_list_verifier_config (const guint8 *office_key)
{
  g_autofree char *office_text = NULL;

  g_return_val_if_fail (office_key != NULL, NULL);

  office_text = tr_office_key_to_text (office_key);
  return g_strdup_printf ("{\"office_key\":\"%s\"}", office_text);
}
