// The session for the live dashboard's pages (/, /commandroom/exports.html), which are not built by Vite: loaded as
// /app/keeper.js, it signs in with the provider when there is no token, and renews the token before it ends (they
// read it from sessionStorage at each call), or ends the session as the workspace does.
import { ready } from './session';

void ready();
