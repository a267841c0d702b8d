// Every call the workspace makes, its types, the token and the consultation's reason and motif, in one place.
// The reason and motif travel as query parameters: they are French text, and a header carries only Latin-1.
import { freshToken, sessionExpired, token } from './session';

export type Role = 'officer' | 'operator' | 'supervisor' | 'admin' | 'magistrate' | 'dock' | 'terminal';
export interface Agent { matricule?: string | null; nom?: string | null; prenom?: string | null; grade?: string | null; service?: string | null }
export interface Identity { subject: string; role: Role; agent?: Agent | null }
export type Status = 'received' | 'processing' | 'ready' | 'unplayable' | 'quarantined' | 'failed' | 'purged';

export interface RecordingRow {
  id: string; sha256: string; size: number; filename: string | null; camera: string | null; officer: string | null;
  station: string | null; recordedAt: string | null; receivedAt: string; status: Status; durationSeconds: number | null;
  hasThumbnails: boolean; progress: number; bookmarks: number;
}
/** A page of a search; `more`: more than `total` recordings match (the server stops counting there). */
export interface RecordingPage { total: number; more?: boolean; page: number; pageSize: number; sort: string; order: 'asc' | 'desc'; items: RecordingRow[] }
export interface Job { step: string; state: string; percent: number; attempts: number; error: string | null }
export interface Recording {
  id: string; sha256: string; size: number; filename: string | null; camera: string | null; officer: string | null;
  station: string | null; recordedAt: string | null; receivedAt: string; status: Status; statusReason: string | null;
  probe: Probe | null; deleteAfter: string | null; jobs: Job[]; derivatives: string[];
}
export interface Probe { format?: { duration?: string }; streams?: Array<{ codec_type?: string; codec_name?: string; width?: number; height?: number; r_frame_rate?: string; avg_frame_rate?: string }> }
export interface LedgerEvent {
  seq: number | null; id: string; time: string; action: string; subjectKind: string; subjectId: string; sha256: string | null;
  actorSubject: string | null; actorRole: string; details: Record<string, unknown>; canonical: string | null; leafHash: string | null;
  /** The erasable personal part (R241-5): who by name, the reason in words, the recipient; erased after its term. */
  personal?: { state: 'kept' | 'erased' | 'missing'; fields?: Record<string, unknown> | null } | null;
}
export interface Checkpoint { size: number; rootHash: string; issuedAt: string; keyId: string; note: string }
export interface CustodyHistory { recordingId: string; checkpoint: Checkpoint | null; events: Array<{ event: LedgerEvent; proof: string[] | null }> }
export interface Bookmark { id: string; recordingId: string; atSeconds: number; untilSeconds: number | null; note: string; createdBy: string; createdAt: string }
export interface TimelineRecording { id: string; start: string; end: string; durationSeconds: number | null; status: Status; officer: string | null; station: string | null; bookmarks: Array<{ atSeconds: number; untilSeconds: number | null; note: string }> }
export interface Timeline { from: string; to: string; caseId: string | null; cameras: Array<{ camera: string; recordings: TimelineRecording[] }> }
export interface CaseSummary { id: string; procedure: string; title: string | null; service: string | null; createdAt: string; recordings: number; heldRecordings: number; exports: number }
export interface CaseView { id: string; procedure: string; title: string | null; createdBy: string | null; createdAt: string; recordings: string[]; viewers: string[] }
/** A legal hold; its reasons are read from the register's personal part: null once erased (reasonsErased). */
export interface CaseHold {
  id: string; recordingId: string; procedure: string; reason: string | null; motif: string | null; placedBy: string; placedAt: string;
  liftedBy: string | null; liftedAt: string | null; liftReason: string | null; reasonsErased: boolean;
}
export interface Share { magistrate: string | null; sharedBy: string | null; sharedAt: string; expiresAt: string; link: string }
export interface ExportView {
  id: string; caseId: string | null; procedure: string; reason: string; playback: boolean; createdBy: string | null; createdAt: string;
  status: 'pending' | 'building' | 'sealed' | 'failed'; progress: number; error: string | null; size: number | null;
  manifestSha256: string | null; sealedAt: string | null; recordings: string[]; shares: Share[]; attempts: number;
}

/** A feed live now (GET /api/live/feeds; the hub's feedStarted carries the same, with `feed` for its id). */
export interface LiveFeed { id: string; camera?: string | null; officer?: string | null; position?: string | null; source?: string | null; startedAt?: string }

export interface FeedViewer { subject: string; role: Role; firstAt: string; lastAt: string; views: number }
export interface FeedView {
  id: string; terminal: string; camera: string | null; officer: string | null; position: string | null; source: string;
  state: 'live' | 'ended'; startedAt: string; endedAt: string | null; endReason: string | null; segments: number;
  lastSha256: string | null; viewersNow: number; viewedBy: FeedViewer[];
}

/** Why a recording is consulted, or modified (a hold, a bookmark, a case): a motif from the fixed list and a free text (R241-5). */
export interface Consultation { motif: string; reason: string }

export const staffMotifs = ['judiciaire', 'administratif', 'disciplinaire', 'pedagogique'] as const;
export const officerPurposes = ['recherche_auteurs', 'prevention_ordre_public', 'secours_personnes', 'compte_rendu'] as const;

/** A refusal, with the server's problem detail (what to fix) when it sent one. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string | null, readonly detail: string) { super(detail); }
}

type Query = Record<string, string | number | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v != null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function call<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const bearer = await freshToken();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    // A refused token: the session is over (or was never valid); sign-in says so, rather than a page half shown.
    if (response.status === 401 && bearer) sessionExpired(problem.detail);
    throw new ApiError(response.status, problem.code ?? null, problem.detail ?? problem.title ?? response.statusText);
  }
  return response.status === 204 ? (undefined as T) : response.json();
}

/** One traced operation of the register (GET /api/registre), with every field R241-5 lists. */
export interface RegistreEntry {
  seq: number; time: string; kind: string; action: string; actorSubject: string | null; actorRole: string;
  matricule: string | null; nom: string | null; prenom: string | null; grade: string | null; service: string | null;
  motif: string | null; reason: string | null; recipient: string | null; recipientService: string | null; procedure: string | null;
  subjectKind: string; subjectId: string; camera: string | null; erased: boolean;
}
export interface RegistrePage { entries: RegistreEntry[]; next: string | null }
export interface RegistreQuery {
  matricule?: string; recording?: string; camera?: string; procedure?: string; kind?: string; from?: string; to?: string;
  limit?: number; before?: string;
}

async function fetchFile(path: string, accept: string): Promise<Blob> {
  const bearer = token();
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: accept, ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) } });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(response.status, problem.code ?? null, problem.detail ?? problem.title ?? response.statusText);
  }
  return response.blob();
}

export interface SearchQuery {
  camera?: string; officer?: string; station?: string; from?: string; to?: string; status?: string; case?: string;
  bookmark?: string; sort?: string; order?: string; page?: number; pageSize?: number;
}

const rec = (id: string) => `/api/recordings/${encodeURIComponent(id)}`;

export const api = {
  me: () => call<Identity>('GET', '/api/me'),
  search: (q: SearchQuery) => call<RecordingPage>('GET', '/api/recordings/search', { query: { ...q } }),
  recording: (id: string) => call<Recording>('GET', rec(id)),
  /** The custody history names who held, viewed and shared the recording: a consultation, with its reason and motif. */
  custody: (id: string, c: Consultation) => call<CustodyHistory>('GET', `${rec(id)}/custody`, { query: { reason: c.reason, motif: c.motif } }),
  bookmarks: (id: string) => call<Bookmark[]>('GET', `${rec(id)}/bookmarks`),
  /** A bookmark is a modification: its note is its words, the motif the one the page was consulted with. */
  addBookmark: (id: string, at: number, until: number | null, note: string, motif: string) =>
    call<Bookmark>('POST', `${rec(id)}/bookmarks`, { body: { at, until, note, motif } }),
  timeline: (q: { from?: string; to?: string; case?: string }) => call<Timeline>('GET', '/api/timeline', { query: q }),
  caseSummaries: () => call<CaseSummary[]>('GET', '/api/cases/summary'),
  case: (id: string) => call<CaseView>('GET', `/api/cases/${encodeURIComponent(id)}`),
  // Opening a case with recordings, adding recordings, placing and lifting holds are modifications: each states its
  // motif and reason (R241-5).
  createCase: (body: { procedure: string; title?: string; service?: string; recordings: string[] }, m: Consultation) =>
    call<CaseView>('POST', '/api/cases', { body: { ...body, motif: m.motif, reason: m.reason } }),
  addToCase: (id: string, recordings: string[], m: Consultation) =>
    call<CaseView>('POST', `/api/cases/${encodeURIComponent(id)}/recordings`, { body: { recordings, motif: m.motif, reason: m.reason } }),
  caseHolds: (id: string) => call<CaseHold[]>('GET', `/api/cases/${encodeURIComponent(id)}/holds`),
  holdCase: (id: string, m: Consultation) => call<CaseHold[]>('POST', `/api/cases/${encodeURIComponent(id)}/holds`, { body: { motif: m.motif, reason: m.reason } }),
  liftCase: (id: string, m: Consultation) =>
    call<CaseHold[]>('DELETE', `/api/cases/${encodeURIComponent(id)}/holds`, { query: { motif: m.motif, reason: m.reason } }),
  liveFeeds: () => call<LiveFeed[]>('GET', '/api/live/feeds'),
  feed: (id: string) => call<FeedView>('GET', `/api/live/feeds/${encodeURIComponent(id)}`),
  exports: () => call<ExportView[]>('GET', '/api/exports'),
  createExport: (body: { procedure: string; reason: string; caseId: string; playback?: boolean }) => call<{ id: string }>('POST', '/api/exports', { body }),
  retryExport: (id: string) => call<unknown>('POST', `/api/exports/${encodeURIComponent(id)}/retry`),
  share: (id: string, magistrate: string) => call<Share>('POST', `/api/exports/${encodeURIComponent(id)}/shares`, { body: { magistrate } }),

  /** The HLS playlist of a recording's proxy, with the consultation's reason and motif (every segment carries them). */
  playbackUrl: (id: string, c: Consultation) => withQuery(`${rec(id)}/playback/index.m3u8`, { reason: c.reason, motif: c.motif }),
  /** A thumbnail file: pictures of the recording, so a consultation (reason, motif). An <img> cannot send a header, so
   * the token goes in the query (accepted for these files only). */
  thumbnailUrl: (id: string, file: string, c: Consultation) =>
    withQuery(`${rec(id)}/thumbnails/${file}`, { access_token: token(), reason: c.reason, motif: c.motif }),
  /** The export package as a plain link: the browser streams it to disk. The download states its reason and motif. */
  packageUrl: (id: string, c: Consultation) =>
    withQuery(`/api/exports/${encodeURIComponent(id)}/package`, { access_token: token(), reason: c.reason, motif: c.motif }),
  registre: (q: RegistreQuery) => call<RegistrePage>('GET', '/api/registre', { query: { ...q } }),
  /** The whole filtered register as a file (CSV, or the signed PDF report), with the token in a header. */
  registreFile: (q: RegistreQuery, accept: 'text/csv' | 'application/pdf') => fetchFile(withQuery('/api/registre', { ...q }), accept),
  /** Headers for requests a library makes (hls.js). */
  authorization: (): Record<string, string> => { const b = token(); return b ? { Authorization: `Bearer ${b}` } : {}; },
};
