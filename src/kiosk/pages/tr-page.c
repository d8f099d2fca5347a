/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-page.c — the base class of the walk's screens: fields, Enter and the way forward. */
#include "config.h"

#include "tr-page.h"

typedef struct
{
  TrKiosk   *kiosk;
  TrSession *session;
  char      *name;
  char      *next_label;
  gboolean   complete;
  gboolean   in_progress;
  GPtrArray *fields;   /* unowned: the page's own entries, in Enter's order */
} TrPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (TrPage, tr_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_KIOSK,
  PROP_SESSION,
  PROP_NAME,
  PROP_NEXT_LABEL,
  PROP_COMPLETE,
  PROP_IN_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tr_page_dispose (GObject *object)
{
  TrPagePrivate *priv = tr_page_get_instance_private (TR_PAGE (object));

  g_clear_object (&priv->kiosk);
  g_clear_object (&priv->session);
  G_OBJECT_CLASS (tr_page_parent_class)->dispose (object);
}

static void
tr_page_finalize (GObject *object)
{
  TrPagePrivate *priv = tr_page_get_instance_private (TR_PAGE (object));

  g_free (priv->name);
  g_free (priv->next_label);
  g_ptr_array_unref (priv->fields);
  G_OBJECT_CLASS (tr_page_parent_class)->finalize (object);
}

static void
tr_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TrPagePrivate *priv = tr_page_get_instance_private (TR_PAGE (object));

  switch (prop_id)
    {
    case PROP_KIOSK: g_value_set_object (value, priv->kiosk); break;
    case PROP_SESSION: g_value_set_object (value, priv->session); break;
    case PROP_NAME: g_value_set_string (value, priv->name); break;
    case PROP_NEXT_LABEL: g_value_set_string (value, priv->next_label); break;
    case PROP_COMPLETE: g_value_set_boolean (value, priv->complete); break;
    case PROP_IN_PROGRESS: g_value_set_boolean (value, priv->in_progress); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tr_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TrPage *self = TR_PAGE (object);
  TrPagePrivate *priv = tr_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_KIOSK: priv->kiosk = g_value_dup_object (value); break;
    case PROP_SESSION: priv->session = g_value_dup_object (value); break;
    case PROP_NAME: priv->name = g_value_dup_string (value); break;
    case PROP_NEXT_LABEL: tr_page_set_next_label (self, g_value_get_string (value)); break;
    case PROP_COMPLETE: tr_page_set_complete (self, g_value_get_boolean (value)); break;
    case PROP_IN_PROGRESS: priv->in_progress = g_value_get_boolean (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
tr_page_real_apply (TrPage *self)
{
  return TRUE;
}

static gboolean
tr_page_real_should_skip (TrPage *self)
{
  return FALSE;
}

static gboolean
tr_page_real_field_done (TrPage *self, GtkWidget *field)
{
  return TRUE;
}

static void
tr_page_class_init (TrPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tr_page_dispose;
  object_class->finalize = tr_page_finalize;
  object_class->get_property = tr_page_get_property;
  object_class->set_property = tr_page_set_property;
  klass->apply = tr_page_real_apply;
  klass->should_skip = tr_page_real_should_skip;
  klass->field_done = tr_page_real_field_done;

  properties[PROP_KIOSK] =
    g_param_spec_object ("kiosk", NULL, NULL, TR_TYPE_KIOSK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TR_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_LABEL] =
    g_param_spec_string ("next-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IN_PROGRESS] =
    /* Not construct-only: a template sets it during init, and a construct
     * property's default would then overwrite it. */
    g_param_spec_boolean ("in-progress", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tr_page_init (TrPage *self)
{
  TrPagePrivate *priv = tr_page_get_instance_private (self);

  priv->complete = TRUE;
  priv->in_progress = TRUE;
  priv->fields = g_ptr_array_new ();
}

TrKiosk *
tr_page_get_kiosk (TrPage *self)
{
  TrPagePrivate *priv = tr_page_get_instance_private (self);
  return priv->kiosk;
}

TrSession *
tr_page_get_session (TrPage *self)
{
  TrPagePrivate *priv = tr_page_get_instance_private (self);
  return priv->session;
}

const char *
tr_page_get_name (TrPage *self)
{
  TrPagePrivate *priv = tr_page_get_instance_private (self);
  return priv->name;
}

const char *
tr_page_get_next_label (TrPage *self)
{
  TrPagePrivate *priv = tr_page_get_instance_private (self);
  return priv->next_label;
}

void
tr_page_set_next_label (TrPage *self, const char *label)
{
  TrPagePrivate *priv = tr_page_get_instance_private (self);

  if (g_strcmp0 (priv->next_label, label) == 0)
    return;
  g_free (priv->next_label);
  priv->next_label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_LABEL]);
}

gboolean
tr_page_get_complete (TrPage *self)
{
  TrPagePrivate *priv = tr_page_get_instance_private (self);
  return priv->complete;
}

void
tr_page_set_complete (TrPage *self, gboolean complete)
{
  TrPagePrivate *priv = tr_page_get_instance_private (self);

  complete = !!complete;
  if (priv->complete == complete)
    return;
  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

gboolean
tr_page_get_in_progress (TrPage *self)
{
  TrPagePrivate *priv = tr_page_get_instance_private (self);
  return priv->in_progress;
}

/* GTK 4.8 places a scrolled window's classic (non-overlay) scroll bar
 * outside its allocation, off the left edge of the screen, when laid out
 * right to left. Told left to right, the scrolled window keeps its bar on
 * the right edge, on screen; its content still follows the language's
 * direction, which GTK does not pass down. */
static void
keep_scroll_bars_on_screen (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    gtk_widget_set_direction (widget, GTK_TEXT_DIR_LTR);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    keep_scroll_bars_on_screen (child);
}

void
tr_page_shown (TrPage *self)
{
  keep_scroll_bars_on_screen (GTK_WIDGET (self));
  if (TR_PAGE_GET_CLASS (self)->shown != NULL)
    TR_PAGE_GET_CLASS (self)->shown (self);
}

gboolean
tr_page_apply (TrPage *self)
{
  return TR_PAGE_GET_CLASS (self)->apply (self);
}

void
tr_page_locale_changed (TrPage *self)
{
  if (TR_PAGE_GET_CLASS (self)->locale_changed != NULL)
    TR_PAGE_GET_CLASS (self)->locale_changed (self);
}

gboolean
tr_page_should_skip (TrPage *self)
{
  return TR_PAGE_GET_CLASS (self)->should_skip (self);
}

gboolean
tr_page_go_back (TrPage *self)
{
  return TR_PAGE_GET_CLASS (self)->go_back != NULL && TR_PAGE_GET_CLASS (self)->go_back (self);
}

gboolean
tr_page_focus_first (TrPage *self)
{
  if (TR_PAGE_GET_CLASS (self)->focus_first != NULL)
    return TR_PAGE_GET_CLASS (self)->focus_first (self);
  return gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_field_activate (GtkEntry *entry, TrPage *self)
{
  TrPagePrivate *priv = tr_page_get_instance_private (self);
  GtkWidget *field = GTK_WIDGET (entry);
  guint index;

  if (!g_ptr_array_find (priv->fields, field, &index) ||
      !TR_PAGE_GET_CLASS (self)->field_done (self, field))
    return;
  if (index + 1 < priv->fields->len)
    gtk_widget_grab_focus (g_ptr_array_index (priv->fields, index + 1));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "walk.next", NULL);
}

void
tr_page_add_field (TrPage *self, GtkWidget *field)
{
  TrPagePrivate *priv = tr_page_get_instance_private (self);

  g_return_if_fail (GTK_IS_ENTRY (field));
  g_ptr_array_add (priv->fields, field);
  g_signal_connect (field, "activate", G_CALLBACK (on_field_activate), self);
}

static gboolean
on_enter_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                  GdkModifierType state, TrPage *self)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return GDK_EVENT_PROPAGATE;
  if (tr_page_get_next_label (self) == NULL || !tr_page_get_complete (self))
    return GDK_EVENT_PROPAGATE;
  gtk_widget_activate_action (GTK_WIDGET (self), "walk.next", NULL);
  return GDK_EVENT_STOP;
}

void
tr_page_enter_goes_next (TrPage *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_enter_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

const char *
tr_page_get_language (TrPage *self)
{
  TrPagePrivate *priv = tr_page_get_instance_private (self);
  return tr_session_get_language (priv->session);
}
