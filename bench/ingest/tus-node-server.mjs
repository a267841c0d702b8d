// @tus/server with @tus/file-store: the reference Node tus server, as the benchmark's baseline.
// node tus-node-server.mjs PORT DIR
import * as http from 'node:http'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

// The packages live with the test tools (tests/tools/package.json).
const require = createRequire(new URL('../../tests/tools/package.json', import.meta.url))
const load = (name) => import(pathToFileURL(require.resolve(name)).href)
const { Server } = await load('@tus/server')
const { FileStore } = await load('@tus/file-store')

const [port, directory] = process.argv.slice(2)
const tus = new Server({ path: '/files', datastore: new FileStore({ directory }) })
http.createServer((req, res) => tus.handle(req, res)).listen(Number(port), '127.0.0.1', () => console.log('listening'))
