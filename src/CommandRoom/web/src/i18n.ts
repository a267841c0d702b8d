// Every string the workspace shows, French first; English beside it. `?lang=en` (kept for the session) switches.
import { registreEn, registreFr } from './i18n.registre';

const fr = {
  ...registreFr,
  'product': 'Cameras',
  'nav.live': 'Direct', 'nav.recordings': 'Enregistrements', 'nav.timeline': 'Chronologie', 'nav.cases': 'Affaires',
  'nav.exports': 'Exports', 'nav.mine': 'Mes enregistrements', 'nav.packages': 'Mes exports',
  'signout': 'Se déconnecter', 'signedout': 'Non connecté',
  'signin.needed': 'Connectez-vous : ouvrez le lien affiché par ./run.sh au démarrage (ou /#token=JETON, jeton créé par « cameras token »).',
  'signin.wrongRole': 'Cette page n’est pas ouverte au rôle {role} : choisissez une section dans la barre du haut.',
  'signin.title': 'Connexion', 'signin.button': 'Se connecter', 'signin.going': 'Connexion en cours…',
  'signin.expired': 'Votre session a pris fin : reconnectez-vous pour continuer.', 'signin.signedout': 'Vous êtes déconnecté.',
  'signin.failed': 'La connexion a échoué : {detail}', 'signin.why': 'Réponse du serveur : {detail}',
  'signin.tokenExpired': 'Votre jeton n’est plus valable : demandez un nouveau lien (./run.sh au démarrage, ou « cameras token »).',
  'role.officer': 'agent', 'role.operator': 'opérateur', 'role.admin': 'administrateur', 'role.magistrate': 'magistrat',
  'status.received': 'reçu', 'status.processing': 'en traitement', 'status.ready': 'prêt', 'status.unplayable': 'illisible',
  'status.quarantined': 'en quarantaine', 'status.failed': 'échec du traitement', 'status.purged': 'supprimé',
  'filter.title': 'Filtres', 'filter.camera': 'Caméra', 'filter.officer': 'Agent', 'filter.station': 'Station',
  'filter.from': 'Du', 'filter.to': 'Au', 'filter.status': 'État', 'filter.any': 'tous', 'filter.case': 'Affaire (n° de procédure)',
  'filter.bookmark': 'Signet (texte)', 'filter.apply': 'Rechercher', 'filter.reset': 'Effacer',
  'col.thumbnail': 'Aperçu', 'col.recordedAt': 'Date et heure', 'col.duration': 'Durée', 'col.camera': 'Caméra',
  'col.officer': 'Agent', 'col.station': 'Station', 'col.size': 'Taille', 'col.status': 'État',
  'results.count': '{total} enregistrement(s)', 'results.countMore': 'Plus de {total} enregistrements', 'results.empty': 'Aucun enregistrement pour ces critères. Élargissez la période.',
  'results.page': 'Page {page} sur {pages}', 'results.prev': 'Précédente', 'results.next': 'Suivante',
  'results.addToCase': 'Ajouter à l’affaire', 'results.select': 'Choisir',
  'player.title': 'Lecteur', 'player.play': 'Lecture', 'player.pause': 'Pause', 'player.back5': '−5 s', 'player.fwd5': '+5 s',
  'player.prevFrame': 'Image précédente', 'player.nextFrame': 'Image suivante', 'player.speed': 'Vitesse',
  'player.cameraTime': 'Heure caméra', 'player.elapsed': 'Écoulé',
  'player.keys': 'Espace : lecture/pause · ← → : ±5 s · , . : image par image · [ ] : vitesse',
  'player.notReady': 'La copie de lecture n’est pas encore prête : voyez l’avancement du traitement.',
  'meta.title': 'Métadonnées', 'meta.filename': 'Fichier', 'meta.sha256': 'SHA-256', 'meta.receivedAt': 'Reçu le',
  'meta.recordedAt': 'Enregistré le', 'meta.codec': 'Codec', 'meta.resolution': 'Définition',
  'jobs.title': 'Traitement', 'jobs.probe': 'analyse', 'jobs.verify': 'vérification', 'jobs.proxy': 'copie de lecture',
  'jobs.thumbnails': 'vignettes',
  'custody.title': 'Historique de garde', 'custody.verified': 'preuve vérifiée ✓', 'custody.pending': 'preuve au prochain point de contrôle',
  'custody.failed': 'preuve invalide ✗', 'custody.by': 'par {who}', 'custody.why': 'motif : {why}',
  'custody.show': 'Afficher l’historique (motif demandé)', 'custody.afterMotif': 'Affichée une fois le motif de la consultation indiqué.',
  'lineage.title': 'Lignée des fichiers dérivés', 'lineage.from': 'issu de {sha} par {tool}',
  'bookmarks.title': 'Signets', 'bookmarks.add': 'Ajouter un signet', 'bookmarks.note': 'Note', 'bookmarks.range': 'jusqu’à la position actuelle',
  'bookmarks.empty': 'Aucun signet. Placez-vous au bon moment et ajoutez une note.', 'bookmarks.at': 'à {at}',
  'cases.title': 'Affaires', 'cases.procedure': 'N° de procédure', 'cases.caseTitle': 'Intitulé', 'cases.service': 'Service',
  'cases.count': 'Enregistrements', 'cases.hold': 'Gel', 'cases.held': 'gelée', 'cases.notHeld': '—', 'cases.create': 'Créer l’affaire',
  'cases.empty': 'Aucune affaire. Créez-en une avec son n° de procédure.', 'cases.recordings': 'Enregistrements de l’affaire',
  'cases.add': 'Ajouter des enregistrements (identifiants, ou depuis la recherche)', 'cases.addButton': 'Ajouter',
  'cases.holds': 'Gels', 'cases.placeHold': 'Placer un gel', 'cases.liftHold': 'Lever le gel', 'cases.holdReason': 'Raison (obligatoire)',
  'cases.motif': 'Motif', 'cases.motifChoose': '— choisir —', 'cases.addReason': 'Raison de l’ajout (obligatoire)',
  'cases.reasonErased': 'raison effacée au terme de la durée de conservation',
  'cases.exports': 'Exports', 'cases.createExport': 'Créer un export', 'cases.exportReason': 'Motif de l’export',
  'cases.share': 'Partager avec un magistrat', 'cases.magistrate': 'Identifiant du magistrat', 'cases.expires': 'expire le {at}',
  'export.status.pending': 'en attente', 'export.status.building': 'en construction', 'export.status.sealed': 'scellé', 'export.status.failed': 'échoué',
  'timeline.title': 'Chronologie', 'timeline.window': 'Période', 'timeline.show': 'Afficher', 'timeline.case': 'ou affaire',
  'timeline.pick': 'Choisissez 2 à 4 enregistrements puis « Lire ensemble ».', 'timeline.playTogether': 'Lire ensemble',
  'timeline.empty': 'Aucun enregistrement sur cette période. Élargissez-la.', 'timeline.clock': 'Horloge commune',
  'motif.title': 'Motif de la consultation', 'motif.logged': 'Cette consultation est enregistrée au registre.',
  'motif.judiciaire': 'Judiciaire', 'motif.administratif': 'Administratif', 'motif.disciplinaire': 'Disciplinaire', 'motif.pedagogique': 'Pédagogique',
  'motif.recherche_auteurs': 'Faciliter la recherche d’auteurs d’infractions',
  'motif.prevention_ordre_public': 'Prévenir une atteinte imminente à l’ordre public',
  'motif.secours_personnes': 'Secours aux personnes',
  'motif.compte_rendu': 'Établir fidèlement les faits dans un compte rendu d’intervention',
  'motif.reason': 'Précisez (obligatoire)', 'motif.confirm': 'Consulter', 'motif.cancel': 'Annuler',
  'motif.required': 'Choisissez un motif et précisez-le.',
  'packages.title': 'Mes exports', 'packages.empty': 'Aucun export ne vous a été partagé.', 'packages.download': 'Télécharger',
  'packages.contains': '{n} enregistrement(s), {size}', 'packages.verify': 'Vérifier hors ligne',
  'packages.verifyHelp': 'Après le téléchargement, sans notre logiciel :', 'packages.expires': 'Lien valable jusqu’au {at}',
  'error.generic': 'Le serveur a refusé : {detail}', 'error.network': 'Le serveur ne répond pas. Réessayez dans un instant.',
  'loading': 'Chargement…',
  'cases.lifted': 'levé : {why} ({who}, {at})', 'lineage.files': '{n} fichier(s)',
  'packages.verifyText': 'VERIFY.txt, dans le paquet, décrit la même vérification avec OpenSSL et sha256sum.',
  'packages.reason': 'Motif du téléchargement (obligatoire)',
  'state.pending': 'en attente', 'state.running': 'en cours', 'state.done': 'terminé', 'state.failed': 'échoué', 'state.skipped': 'sans objet',
  'action.recording.received': 'Reçu', 'action.recording.probed': 'Analysé', 'action.recording.verified': 'Intégrité vérifiée',
  'action.derivative.created': 'Fichier dérivé créé', 'action.recording.viewed': 'Consulté', 'action.recording.extracted': 'Extrait pour export',
  'action.bookmark.added': 'Signet ajouté', 'action.hold.placed': 'Gel placé', 'action.hold.lifted': 'Gel levé',
  'action.recording.unplayable': 'Illisible', 'action.recording.quarantined': 'Mis en quarantaine', 'action.recording.purged': 'Supprimé (conservation)',
  'action.recording.assembled': 'Assemblé depuis le direct', 'action.live.matched': 'Rapproché du direct',
  'feed.title': 'Flux en direct', 'feed.camera': 'Caméra', 'feed.officer': 'Agent', 'feed.position': 'Position',
  'feed.startedAt': 'Commencé le', 'feed.duration': 'Durée', 'feed.source': 'Arrivé par', 'feed.terminal': 'Terminal',
  'feed.state': 'État', 'feed.state.live': 'en direct', 'feed.state.ended': 'terminé le {at}',
  'feed.source.ffmpeg': 'ffmpeg', 'feed.source.browser': 'navigateur', 'feed.source.rtmp': 'RTMP', 'feed.source.srt': 'SRT',
  'feed.viewersNow': 'Spectateurs en ce moment', 'feed.viewersNowHint': 'flux à faible latence sur ce serveur',
  'feed.viewedBy': 'Qui a regardé', 'feed.viewedByEmpty': 'Personne n’a encore regardé ce flux.',
  'feed.viewer': '{who} ({role}) : {n} visionnage(s), du {first} au {last}',
  'feed.chain': 'Chaîne d’empreintes', 'feed.chainLength': '{n} segment(s) chaîné(s)', 'feed.lastHash': 'Dernière empreinte',
  'packages.motif': 'Motif du téléchargement', 'packages.motifPick': 'choisir…',
  'results.showPreviews': 'Afficher les aperçus', 'results.previewsHint': 'Les aperçus sont des images des enregistrements : leur affichage est consigné au registre avec son motif.',
  'export.retry': 'Relancer', 'export.attempt': '(essai {n})', 'export.recordings': '{n} enregistrement(s)',
  'export.withPlayback': 'avec copies de lecture', 'export.manifest': 'Empreinte du manifeste', 'export.none': 'Aucun export.',
  'export.playback': 'Joindre les copies de lecture', 'cases.outside': 'Exports hors affaire',
  'cases.outsideHint': 'Exports demandés sans affaire (ligne de commande, API).',
  'feed.back': 'Retour au direct', 'feed.none': 'Aucun flux ne porte cet identifiant. Revenez au direct.',
  'nav.jobs': 'Tâches', 'live.docTitle': 'Cameras — salle de commandement', 'live.title': 'Flux en direct',
  'live.hint': 'Chaque visionnage est journalisé (motif : « {reason} »). Cliquez sur une vignette pour l’agrandir ; double-cliquez (ou « Fiche ») pour la fiche du flux.',
  'live.none': 'Aucun flux en direct.', 'live.agent': 'agent {officer}', 'live.cameBy': 'Arrivé par {source}',
  'live.delayPending': '… s', 'live.noSound': 'Pas de son', 'live.muted': 'Son coupé', 'live.soundOn': 'Son actif',
  'live.volume': 'Volume', 'live.page': 'Fiche', 'live.pageTitle': 'Fiche du flux',
};

type Key = keyof typeof fr;

const en: Record<Key, string> = {
  ...fr, ...(registreEn as Record<keyof typeof registreFr, string>),
  'nav.live': 'Live', 'nav.recordings': 'Recordings', 'nav.timeline': 'Timeline', 'nav.cases': 'Cases', 'nav.exports': 'Exports',
  'nav.mine': 'My recordings', 'nav.packages': 'My exports', 'signout': 'Sign out', 'signedout': 'Not signed in',
  'signin.needed': 'Sign in: open the link ./run.sh prints at start (or /#token=TOKEN, a token made by "cameras token").',
  'signin.wrongRole': 'This page is not open to the role {role}: choose a section in the top bar.',
  'signin.title': 'Sign in', 'signin.button': 'Sign in', 'signin.going': 'Signing in…',
  'signin.expired': 'Your session has ended: sign in again to go on.', 'signin.signedout': 'You are signed out.',
  'signin.failed': 'Sign-in failed: {detail}', 'signin.why': 'The server said: {detail}',
  'signin.tokenExpired': 'Your token is no longer valid: ask for a new link (./run.sh at start, or "cameras token").',
  'status.received': 'received', 'status.processing': 'processing', 'status.ready': 'ready', 'status.unplayable': 'unplayable',
  'status.quarantined': 'quarantined', 'status.failed': 'processing failed', 'status.purged': 'deleted',
  'filter.title': 'Filters', 'filter.camera': 'Camera', 'filter.officer': 'Officer', 'filter.from': 'From', 'filter.to': 'To',
  'filter.status': 'Status', 'filter.any': 'any', 'filter.case': 'Case (procedure no.)', 'filter.bookmark': 'Bookmark (text)',
  'filter.apply': 'Search', 'filter.reset': 'Clear',
  'col.thumbnail': 'Preview', 'col.recordedAt': 'Date and time', 'col.duration': 'Duration', 'col.camera': 'Camera',
  'col.officer': 'Officer', 'col.size': 'Size', 'col.status': 'Status',
  'results.count': '{total} recording(s)', 'results.countMore': 'More than {total} recordings', 'results.empty': 'No recording matches. Widen the period.',
  'results.page': 'Page {page} of {pages}', 'results.prev': 'Previous', 'results.next': 'Next',
  'motif.title': 'Purpose of this viewing', 'motif.logged': 'This viewing is recorded in the register.',
  'motif.confirm': 'View', 'motif.cancel': 'Cancel', 'motif.reason': 'Details (required)',
  'bookmarks.title': 'Bookmarks', 'custody.title': 'Chain of custody', 'custody.verified': 'proof checked ✓',
  'custody.show': 'Show the history (purpose asked)', 'custody.afterMotif': 'Shown once the purpose of this viewing is given.',
  'timeline.title': 'Timeline', 'timeline.playTogether': 'Play together', 'cases.title': 'Cases', 'packages.title': 'My exports',
  'packages.download': 'Download', 'packages.verify': 'Verify offline', 'loading': 'Loading…',
  'cases.holdReason': 'Reason (required)', 'cases.motif': 'Purpose', 'cases.motifChoose': '— choose —',
  'cases.addReason': 'Why they belong to the case (required)', 'cases.reasonErased': 'reason erased at the end of its retention term',
  'cases.lifted': 'lifted: {why} ({who}, {at})', 'lineage.files': '{n} file(s)',
  'packages.verifyText': 'VERIFY.txt, in the package, describes the same check with OpenSSL and sha256sum.',
  'packages.reason': 'Reason for the download (required)',
  'feed.title': 'Live feed', 'feed.camera': 'Camera', 'feed.officer': 'Officer', 'feed.startedAt': 'Started',
  'feed.source': 'Came by', 'feed.state': 'State', 'feed.state.live': 'live', 'feed.state.ended': 'ended {at}', 'feed.source.browser': 'browser',
  'feed.viewersNow': 'Viewers now', 'feed.viewersNowHint': 'low-latency stream on this server', 'feed.viewedBy': 'Who watched',
  'feed.viewedByEmpty': 'Nobody has watched this feed yet.', 'feed.viewer': '{who} ({role}): {n} view(s), {first} to {last}',
  'feed.chain': 'Hash chain', 'feed.chainLength': '{n} chained segment(s)', 'feed.lastHash': 'Last hash',
  'packages.motif': 'Purpose of the download', 'packages.motifPick': 'choose…',
  'results.showPreviews': 'Show previews', 'results.previewsHint': 'Previews are pictures of the recordings: showing them is logged in the register with its purpose.',
  'export.retry': 'Retry', 'export.attempt': '(attempt {n})', 'export.recordings': '{n} recording(s)',
  'export.withPlayback': 'with playback copies', 'export.manifest': 'Manifest fingerprint', 'export.none': 'No export.',
  'export.playback': 'Include playback copies', 'cases.outside': 'Exports outside a case',
  'cases.outsideHint': 'Exports asked for without a case (command line, API).',
  'feed.back': 'Back to live', 'feed.none': 'No feed has this id. Go back to live.',
  'nav.jobs': 'Jobs', 'live.docTitle': 'Cameras — command room', 'live.title': 'Live feeds',
  'live.hint': 'Every view is logged (reason: “{reason}”). Click a tile to enlarge it; double-click it (or “Details”) for the feed’s page.',
  'live.none': 'No live feed.', 'live.agent': 'officer {officer}', 'live.cameBy': 'Came by {source}',
  'live.noSound': 'No sound', 'live.muted': 'Sound off', 'live.soundOn': 'Sound on',
  'live.page': 'Details', 'live.pageTitle': 'The feed’s page',
};

const catalogues = { fr, en };
export type Lang = keyof typeof catalogues;

let current: Lang | null = null;

export function lang(): Lang {
  if (current) return current;
  let chosen: string | null = null;
  if (typeof location !== 'undefined') {
    chosen = new URLSearchParams(location.search).get('lang');
    if (chosen) sessionStorage.setItem('cameras.lang', chosen);
    else chosen = sessionStorage.getItem('cameras.lang');
  }
  current = chosen === 'en' ? 'en' : 'fr';
  return current;
}

export function setLang(value: Lang): void { current = value; }

/** The string for `key` in the current language, with {name} placeholders filled in. */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  const text = catalogues[lang()][key] ?? fr[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? `{${name}}`));
}

export type TextKey = Key;

/** The string for a key built from data (an event's action, a job's state), or the raw value when the catalogue has none. */
export function label(prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return key in fr ? t(key as Key) : value;
}
