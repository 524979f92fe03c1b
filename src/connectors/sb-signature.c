/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-signature.h"

#include <glib/gi18n.h>

/* Webhook signatures, as the services' own SDKs check them (see connectors.md): Stripe's
 * "t=…,v1=…" over "t.body", Shopify's base64 over the body, and a plain hex HMAC in a
 * header. Messages say what is wrong, never what was expected. */

G_DEFINE_QUARK (sb-signature-error-quark, sb_signature_error)

static const char * const scheme_names[] = { "none", "stripe", "shopify", "hmac-hex-header" };

const char *
sb_signature_scheme_to_string (SbSignatureScheme scheme)
{
  g_return_val_if_fail (scheme <= SB_SIGNATURE_SCHEME_HMAC_HEX_HEADER, NULL);
  return scheme_names[scheme];
}

gboolean
sb_signature_scheme_from_string (const char        *string,
                                 SbSignatureScheme *scheme)
{
  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (scheme_names); i++)
    {
      if (g_str_equal (string, scheme_names[i]))
        {
          if (scheme != NULL)
            *scheme = (SbSignatureScheme)i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The raw HMAC-SHA256 of @parts (concatenated) with @secret; @digest holds 32 bytes. */
static void
compute_hmac (const char   *secret,
              const guint8 *prefix,
              gsize         prefix_length,
              const guint8 *body,
              gsize         body_length,
              guint8       *digest)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)secret, strlen (secret));
  gsize length = 32;

  if (prefix_length > 0)
    g_hmac_update (hmac, prefix, prefix_length);
  if (body_length > 0)
    g_hmac_update (hmac, body, body_length);
  g_hmac_get_digest (hmac, digest, &length);
}

/* Equal in time that depends only on the lengths. */
static gboolean
equal_constant_time (const guint8 *a,
                     gsize         a_length,
                     const guint8 *b,
                     gsize         b_length)
{
  guint8 difference = a_length == b_length ? 0 : 1;
  gsize length = MIN (a_length, b_length);

  for (gsize i = 0; i < length; i++)
    difference |= a[i] ^ b[i];

  return difference == 0;
}

/* Hex to bytes, either case; FALSE for anything that is not 64 hex digits. */
static gboolean
decode_hex_digest (const char *hex,
                   gsize       hex_length,
                   guint8     *digest)
{
  if (hex_length != 64)
    return FALSE;

  for (gsize i = 0; i < 32; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      digest[i] = (guint8)(high << 4 | low);
    }

  return TRUE;
}

static char *
encode_hex (const guint8 *digest)
{
  GString *out = g_string_sized_new (64);

  for (guint i = 0; i < 32; i++)
    g_string_append_printf (out, "%02x", digest[i]);

  return g_string_free (out, FALSE);
}

static gboolean
check_arguments (const char  *header,
                 const char  *secret,
                 GError     **error)
{
  if (secret == NULL || secret[0] == '\0')
    {
      g_set_error_literal (error, SB_SIGNATURE_ERROR, SB_SIGNATURE_ERROR_MISSING,
                           _("No signing secret is set for this webhook"));
      return FALSE;
    }

  if (header == NULL || header[0] == '\0')
    {
      g_set_error_literal (error, SB_SIGNATURE_ERROR, SB_SIGNATURE_ERROR_MISSING,
                           _("The request carries no signature"));
      return FALSE;
    }

  return TRUE;
}

gboolean
sb_signature_verify_stripe (const char    *header,
                            const guint8  *body,
                            gsize          body_length,
                            const char    *secret,
                            gint64         now,
                            gint64         tolerance,
                            GError       **error)
{
  g_auto(GStrv) pairs = NULL;
  g_autofree char *prefix = NULL;
  guint8 expected[32];
  gint64 timestamp = 0;
  gboolean have_timestamp = FALSE;
  gboolean have_v1 = FALSE;
  gboolean matched = FALSE;

  if (!check_arguments (header, secret, error))
    return FALSE;

  pairs = g_strsplit (header, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *pair = g_strstrip (pairs[i]);

      if (g_str_has_prefix (pair, "t="))
        have_timestamp = g_ascii_string_to_signed (pair + 2, 10, 0, G_MAXINT64, &timestamp, NULL);
    }

  if (!have_timestamp)
    {
      g_set_error_literal (error, SB_SIGNATURE_ERROR, SB_SIGNATURE_ERROR_BAD_FORMAT,
                           _("The signature header has no timestamp"));
      return FALSE;
    }

  prefix = g_strdup_printf ("%" G_GINT64_FORMAT ".", timestamp);
  compute_hmac (secret, (const guint8 *)prefix, strlen (prefix), body, body_length, expected);

  /* Every v1 is compared, even after a match, so the time does not tell which one did. */
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      guint8 given[32];

      if (!g_str_has_prefix (pairs[i], "v1="))
        continue;
      have_v1 = TRUE;
      if (decode_hex_digest (pairs[i] + 3, strlen (pairs[i] + 3), given) &&
          equal_constant_time (given, sizeof given, expected, sizeof expected))
        matched = TRUE;
    }

  if (!have_v1)
    {
      g_set_error_literal (error, SB_SIGNATURE_ERROR, SB_SIGNATURE_ERROR_BAD_FORMAT,
                           _("The signature header has no v1 signature"));
      return FALSE;
    }

  if (!matched)
    {
      g_set_error_literal (error, SB_SIGNATURE_ERROR, SB_SIGNATURE_ERROR_MISMATCH,
                           _("The signature does not match: the body was changed or the "
                             "signing secret is wrong"));
      return FALSE;
    }

  /* Checked after the signature, so an attacker cannot learn about the timestamp without
   * a valid signature; like stripe-node, only old timestamps are refused. */
  if (tolerance > 0 && now - timestamp > tolerance)
    {
      int age = (int)MIN (now - timestamp, G_MAXINT);

      g_set_error (error, SB_SIGNATURE_ERROR, SB_SIGNATURE_ERROR_TOO_OLD,
                   ngettext ("The signature is too old: it was made %d second ago",
                             "The signature is too old: it was made %d seconds ago", age),
                   age);
      return FALSE;
    }

  return TRUE;
}

gboolean
sb_signature_verify_shopify (const char    *header,
                             const guint8  *body,
                             gsize          body_length,
                             const char    *secret,
                             GError       **error)
{
  g_autofree guint8 *given = NULL;
  g_autofree char *copy = NULL;
  guint8 expected[32];
  gsize given_length = 0;
  gsize length;

  if (!check_arguments (header, secret, error))
    return FALSE;

  copy = g_strstrip (g_strdup (header));
  length = strlen (copy);
  /* base64 of 32 bytes is 44 characters ending in one '='. */
  if (length != 44 || strspn (copy, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                    "0123456789+/=") != length)
    {
      g_set_error_literal (error, SB_SIGNATURE_ERROR, SB_SIGNATURE_ERROR_BAD_FORMAT,
                           _("The signature is not a base64 HMAC-SHA256"));
      return FALSE;
    }

  given = g_base64_decode (copy, &given_length);
  compute_hmac (secret, NULL, 0, body, body_length, expected);

  if (!equal_constant_time (given, given_length, expected, sizeof expected))
    {
      g_set_error_literal (error, SB_SIGNATURE_ERROR, SB_SIGNATURE_ERROR_MISMATCH,
                           _("The signature does not match: the body was changed or the "
                             "signing secret is wrong"));
      return FALSE;
    }

  return TRUE;
}

gboolean
sb_signature_verify_hmac_hex (const char    *header,
                              const guint8  *body,
                              gsize          body_length,
                              const char    *secret,
                              GError       **error)
{
  g_autofree char *copy = NULL;
  const char *hex;
  guint8 given[32];
  guint8 expected[32];

  if (!check_arguments (header, secret, error))
    return FALSE;

  copy = g_strstrip (g_strdup (header));
  hex = g_str_has_prefix (copy, "sha256=") ? copy + strlen ("sha256=") : copy;
  if (!decode_hex_digest (hex, strlen (hex), given))
    {
      g_set_error_literal (error, SB_SIGNATURE_ERROR, SB_SIGNATURE_ERROR_BAD_FORMAT,
                           _("The signature is not a hexadecimal HMAC-SHA256"));
      return FALSE;
    }

  compute_hmac (secret, NULL, 0, body, body_length, expected);
  if (!equal_constant_time (given, sizeof given, expected, sizeof expected))
    {
      g_set_error_literal (error, SB_SIGNATURE_ERROR, SB_SIGNATURE_ERROR_MISMATCH,
                           _("The signature does not match: the body was changed or the "
                             "signing secret is wrong"));
      return FALSE;
    }

  return TRUE;
}

gboolean
sb_signature_verify (SbSignatureScheme   scheme,
                     const char         *header,
                     const guint8       *body,
                     gsize               body_length,
                     const char         *secret,
                     gint64              now,
                     GError            **error)
{
  switch (scheme)
    {
    case SB_SIGNATURE_SCHEME_NONE:
      return TRUE;
    case SB_SIGNATURE_SCHEME_STRIPE:
      return sb_signature_verify_stripe (header, body, body_length, secret, now,
                                         SB_SIGNATURE_STRIPE_TOLERANCE, error);
    case SB_SIGNATURE_SCHEME_SHOPIFY:
      return sb_signature_verify_shopify (header, body, body_length, secret, error);
    case SB_SIGNATURE_SCHEME_HMAC_HEX_HEADER:
      return sb_signature_verify_hmac_hex (header, body, body_length, secret, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

char *
sb_signature_sign_stripe (const guint8 *body,
                          gsize         body_length,
                          const char   *secret,
                          gint64        timestamp)
{
  g_autofree char *prefix = g_strdup_printf ("%" G_GINT64_FORMAT ".", timestamp);
  g_autofree char *hex = NULL;
  guint8 digest[32];

  g_return_val_if_fail (secret != NULL, NULL);

  compute_hmac (secret, (const guint8 *)prefix, strlen (prefix), body, body_length, digest);
  hex = encode_hex (digest);
  return g_strdup_printf ("t=%" G_GINT64_FORMAT ",v1=%s", timestamp, hex);
}

char *
sb_signature_sign_shopify (const guint8 *body,
                           gsize         body_length,
                           const char   *secret)
{
  guint8 digest[32];

  g_return_val_if_fail (secret != NULL, NULL);

  compute_hmac (secret, NULL, 0, body, body_length, digest);
  return g_base64_encode (digest, sizeof digest);
}

char *
sb_signature_sign_hmac_hex (const guint8 *body,
                            gsize         body_length,
                            const char   *secret)
{
  guint8 digest[32];

  g_return_val_if_fail (secret != NULL, NULL);

  compute_hmac (secret, NULL, 0, body, body_length, digest);
  return encode_hex (digest);
}
