/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a service signs the webhooks it sends; resources/connectors/<id>.json says which
 * ("webhook": {"scheme": ..., "header": ...}). */
typedef enum
{
  SB_SIGNATURE_SCHEME_NONE,
  /* Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">[,v1=…][,v0=…] */
  SB_SIGNATURE_SCHEME_STRIPE,
  /* X-Shopify-Hmac-Sha256: base64 of HMAC-SHA256 over the raw body */
  SB_SIGNATURE_SCHEME_SHOPIFY,
  /* A header (named by the catalog) holding the hex HMAC-SHA256 of the raw body, optionally
   * prefixed "sha256=" (the GitHub convention) */
  SB_SIGNATURE_SCHEME_HMAC_HEX_HEADER,
} SbSignatureScheme;

#define SB_SIGNATURE_ERROR (sb_signature_error_quark ())

typedef enum
{
  SB_SIGNATURE_ERROR_MISSING,    /* no signature header */
  SB_SIGNATURE_ERROR_BAD_FORMAT, /* the header cannot be read */
  SB_SIGNATURE_ERROR_TOO_OLD,    /* Stripe: the timestamp is outside the tolerance */
  SB_SIGNATURE_ERROR_MISMATCH,   /* well formed, but no signature matches */
} SbSignatureError;

/* Stripe's SDKs reject events whose timestamp is older than five minutes. */
#define SB_SIGNATURE_STRIPE_TOLERANCE 300

GQuark             sb_signature_error_quark         (void);

const char        *sb_signature_scheme_to_string    (SbSignatureScheme  scheme);
gboolean           sb_signature_scheme_from_string  (const char        *string,
                                                     SbSignatureScheme *scheme);

/* @header is the value of the signature header, %NULL when the request had none; @body the
 * raw request body exactly as received; @secret the endpoint's signing secret, used as the
 * literal key. Each returns %TRUE when the signature is valid, otherwise %FALSE with an
 * SB_SIGNATURE_ERROR whose translated message says why (never the secret or a signature).
 * Every comparison takes constant time. */

/* @now is the current Unix time (a parameter, so tests can move the clock); @tolerance is
 * in seconds (SB_SIGNATURE_STRIPE_TOLERANCE). Like Stripe's own SDKs, only timestamps older
 * than the tolerance are rejected. Every v1 value is tried (there are two while a secret
 * is rolled); v0 and unknown keys are ignored. */
gboolean           sb_signature_verify_stripe       (const char        *header,
                                                     const guint8      *body,
                                                     gsize              body_length,
                                                     const char        *secret,
                                                     gint64             now,
                                                     gint64             tolerance,
                                                     GError           **error);
gboolean           sb_signature_verify_shopify      (const char        *header,
                                                     const guint8      *body,
                                                     gsize              body_length,
                                                     const char        *secret,
                                                     GError           **error);
gboolean           sb_signature_verify_hmac_hex     (const char        *header,
                                                     const guint8      *body,
                                                     gsize              body_length,
                                                     const char        *secret,
                                                     GError           **error);

/* Dispatches on @scheme (NONE always passes); @now is used by Stripe only. */
gboolean           sb_signature_verify              (SbSignatureScheme  scheme,
                                                     const char        *header,
                                                     const guint8      *body,
                                                     gsize              body_length,
                                                     const char        *secret,
                                                     gint64             now,
                                                     GError           **error);

/* The header values a service would send, for the tests and the webhook test button. */
char              *sb_signature_sign_stripe         (const guint8      *body,
                                                     gsize              body_length,
                                                     const char        *secret,
                                                     gint64             timestamp);
char              *sb_signature_sign_shopify        (const guint8      *body,
                                                     gsize              body_length,
                                                     const char        *secret);
char              *sb_signature_sign_hmac_hex       (const guint8      *body,
                                                     gsize              body_length,
                                                     const char        *secret);

G_END_DECLS
