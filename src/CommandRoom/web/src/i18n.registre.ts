// The registre page's strings (French first, English beside), spread into the one catalogue (i18n.ts).

export const registreFr = {
  'nav.registre': 'Registre', 'role.supervisor': 'superviseur',
  'registre.title': 'Registre de traçabilité',
  'registre.intro': 'Chaque collecte, modification, consultation, communication et effacement (CSI R241-5), avec son auteur, son motif et son destinataire. Conservé trois ans.',
  'registre.matricule': 'Matricule de l’agent', 'registre.recording': 'Enregistrement (identifiant)', 'registre.camera': 'Caméra',
  'registre.procedure': 'N° de procédure', 'registre.kind': 'Type d’opération', 'registre.from': 'Du', 'registre.to': 'Au',
  'registre.kind.collecte': 'collecte', 'registre.kind.modification': 'modification', 'registre.kind.consultation': 'consultation',
  'registre.kind.communication': 'communication', 'registre.kind.effacement': 'effacement',
  'registre.col.seq': 'N°', 'registre.col.time': 'Date et heure', 'registre.col.kind': 'Opération', 'registre.col.agent': 'Agent',
  'registre.col.service': 'Service', 'registre.col.motif': 'Motif', 'registre.col.recipient': 'Destinataire',
  'registre.col.procedure': 'Procédure', 'registre.col.subject': 'Objet', 'registre.col.camera': 'Caméra',
  'registre.erased': 'effacé au terme de la durée de conservation',
  'registre.empty': 'Aucune opération pour ces critères. Élargissez la période ou retirez un filtre.',
  'registre.first': 'Première page', 'registre.next': 'Page suivante', 'registre.page': 'Page {page}',
  'registre.csv': 'Télécharger le CSV', 'registre.pdf': 'Rapport PDF signé', 'registre.preparing': 'Préparation du fichier…',
  'registre.ready': 'Fichier prêt : {name}',
};

export const registreEn: Partial<Record<keyof typeof registreFr, string>> = {
  'nav.registre': 'Register', 'role.supervisor': 'supervisor', 'registre.title': 'Traceability register',
  'registre.matricule': 'Officer’s service number', 'registre.recording': 'Recording (id)', 'registre.camera': 'Camera',
  'registre.procedure': 'Procedure no.', 'registre.kind': 'Kind of operation', 'registre.from': 'From', 'registre.to': 'To',
  'registre.erased': 'erased at the end of its retention term',
  'registre.empty': 'No operation matches. Widen the period or remove a filter.',
  'registre.first': 'First page', 'registre.next': 'Next page', 'registre.csv': 'Download CSV', 'registre.pdf': 'Signed PDF report',
  'registre.preparing': 'Preparing the file…', 'registre.ready': 'File ready: {name}',
};
