// SPDX-License-Identifier: GPL-3.0-or-later
// i18n.js — the page's words, in French (the advisors' language) and English.

export const LANGUAGES = ['fr', 'en'];

const WORDS = {
  fr: {
    title: 'Vérifier un reçu Tremplin',
    'other-language': 'English',
    intro: 'Le reçu d’inscription porte un code QR. La vérification se fait sur cet appareil : rien n’est envoyé.',
    scan: 'Scanner un reçu',
    photo: 'Choisir une photo',
    type: 'Saisir ou coller le texte',
    'trust-ok': 'Liste des bornes de confiance du {date}.',
    'trust-old': 'Attention : la liste des bornes de confiance date du {date} ({days} jours). Connectez-vous à Internet pour la mettre à jour.',
    'trust-none': 'Aucune liste des bornes de confiance : connectez-vous une fois à Internet pour la charger.',
    'trust-refused': 'Une liste des bornes reçue a été refusée (sa signature n’est pas celle du bureau) ; la précédente est conservée.',
    'not-configured': 'Cette page n’est pas installée complètement : la clé du bureau (config.json) manque. Prévenez le bureau du programme.',
    'scan-title': 'Scanner le code QR',
    'scan-hint': 'Placez le code QR du reçu dans le cadre.',
    cancel: 'Annuler',
    'no-camera': 'La caméra n’est pas disponible : choisissez une photo ou saisissez le texte.',
    'no-qr': 'Aucun code QR n’a été trouvé sur cette photo. Essayez une photo plus nette, ou saisissez le texte.',
    'type-title': 'Texte du reçu',
    'type-label': 'Les deux lignes du code QR (la seconde commence par TR1:)',
    check: 'Vérifier',
    back: 'Retour',
    'verdict-genuine': 'Reçu authentique',
    'verdict-forged': 'Reçu non authentique',
    'verdict-unknown': 'Borne inconnue',
    'verdict-revoked': 'Clé de la borne révoquée',
    'explain-genuine': 'Ce reçu a été fait par la borne {kiosk} et n’a pas été modifié.',
    'explain-forged': 'Ce reçu a été modifié ou fabriqué : ne vous y fiez pas.',
    'explain-unknown': 'Ce reçu vient d’une borne qui n’est pas dans la liste de confiance : impossible de dire s’il est authentique.',
    'explain-revoked': 'La clé de la borne {kiosk} a été déclarée perdue ou volée le {date} : ce reçu ne peut pas être garanti.',
    'reason-not-utf8': 'Son texte est endommagé.',
    'reason-not-a-receipt': 'Ce n’est pas un reçu Tremplin.',
    'reason-unreadable': 'Sa seconde ligne ne se lit pas.',
    'reason-no-kiosk': 'Il ne nomme aucune borne valide.',
    'reason-bad-line': 'Sa première ligne n’a pas la forme qu’écrit une borne.',
    'reason-bad-signature': 'Sa signature ne correspond pas à ce qu’il dit.',
    'reason-line-differs': 'Sa première ligne ne dit pas ce qui a été signé.',
    'reason-out-of-service': 'Il est daté d’un jour où cette borne n’était pas en service.',
    'facts-genuine': 'Ce que dit le reçu',
    'facts-unverified': 'Ce que le reçu prétend (rien n’est garanti)',
    code: 'Code du reçu',
    offer: 'Formation',
    date: 'Date',
    kiosk: 'Borne',
    status: 'Statut',
    'status-registered': 'Inscription',
    'status-waiting_list': 'Liste d’attente',
    again: 'Scanner un autre reçu',
    home: 'Accueil',
    footer: 'Rien n’est envoyé : tout se vérifie sur cet appareil, même hors connexion.',
  },
  en: {
    title: 'Check a Tremplin receipt',
    'other-language': 'Français',
    intro: 'The registration receipt carries a QR code. The check happens on this device: nothing is sent.',
    scan: 'Scan a receipt',
    photo: 'Pick a photo',
    type: 'Type or paste the text',
    'trust-ok': 'Trusted kiosk list of {date}.',
    'trust-old': 'Warning: the trusted kiosk list is from {date} ({days} days ago). Go online to update it.',
    'trust-none': 'No trusted kiosk list yet: go online once to load it.',
    'trust-refused': 'A kiosk list received was refused (it is not signed by the office); the previous one is kept.',
    'not-configured': 'This page is not fully installed: the office key (config.json) is missing. Tell the programme office.',
    'scan-title': 'Scan the QR code',
    'scan-hint': 'Hold the receipt’s QR code inside the frame.',
    cancel: 'Cancel',
    'no-camera': 'The camera is not available: pick a photo or type the text.',
    'no-qr': 'No QR code was found in this photo. Try a sharper photo, or type the text.',
    'type-title': 'Receipt text',
    'type-label': 'The QR code’s two lines (the second starts with TR1:)',
    check: 'Check',
    back: 'Back',
    'verdict-genuine': 'Genuine receipt',
    'verdict-forged': 'Not genuine',
    'verdict-unknown': 'Unknown kiosk',
    'verdict-revoked': 'Kiosk key revoked',
    'explain-genuine': 'This receipt was made by kiosk {kiosk} and has not been changed.',
    'explain-forged': 'This receipt was altered or forged: do not rely on it.',
    'explain-unknown': 'This receipt comes from a kiosk that is not on the trusted list: there is no telling whether it is genuine.',
    'explain-revoked': 'The key of kiosk {kiosk} was declared lost or stolen on {date}: this receipt cannot be vouched for.',
    'reason-not-utf8': 'Its text is damaged.',
    'reason-not-a-receipt': 'This is not a Tremplin receipt.',
    'reason-unreadable': 'Its second line cannot be read.',
    'reason-no-kiosk': 'It names no valid kiosk.',
    'reason-bad-line': 'Its first line is not in the form a kiosk writes.',
    'reason-bad-signature': 'Its signature does not match what it says.',
    'reason-line-differs': 'Its first line does not say what was signed.',
    'reason-out-of-service': 'It is dated on a day this kiosk was not in service.',
    'facts-genuine': 'What the receipt says',
    'facts-unverified': 'What the receipt claims (nothing is vouched for)',
    code: 'Receipt code',
    offer: 'Training',
    date: 'Date',
    kiosk: 'Kiosk',
    status: 'Status',
    'status-registered': 'Registered',
    'status-waiting_list': 'Waiting list',
    again: 'Scan another receipt',
    home: 'Home',
    footer: 'Nothing is sent: everything is checked on this device, even offline.',
  },
};

let current = 'fr';

export function setLanguage(language) {
  current = LANGUAGES.includes(language) ? language : 'fr';
  return current;
}

export function language() {
  return current;
}

// The words for @key, with {name} replaced from @values.
export function t(key, values = {}) {
  const text = WORDS[current][key] ?? WORDS.fr[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

// "14 mars 2027" / "14 March 2027" for YYYY-MM-DD or an ISO time.
export function formatDate(iso) {
  const date = new Date(iso.length === 10 ? iso + 'T12:00:00Z' : iso);
  return new Intl.DateTimeFormat(current === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(date);
}
