// Uploads one file with tus-js-client, the tus reference client, the way a browser or Node dock would.
// node tus-upload.mjs --endpoint URL --token T --file PATH [--metadata JSON] [--chunk-size BYTES]
//                     [--store FILE] [--abort-after BYTES]
// With --store, the upload URL is kept in FILE and a later run resumes it. --abort-after stops the upload
// (as a dropped connection would) once that many bytes are sent. Prints one JSON line per event; exit 0 on success.
import * as fs from 'node:fs'
import * as tus from 'tus-js-client'

const args = {}
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1]
const say = (event) => console.log(JSON.stringify(event))

const size = fs.statSync(args.file).size
let headOffset = null
let lastHeaders = {}
const upload = new tus.Upload(fs.createReadStream(args.file), {
  endpoint: args.endpoint,
  headers: { Authorization: `Bearer ${args.token}` },
  metadata: args.metadata ? JSON.parse(args.metadata) : {},
  uploadSize: size,
  chunkSize: args['chunk-size'] ? Number(args['chunk-size']) : Infinity,
  retryDelays: [0, 500, 1000, 2000],
  urlStorage: args.store ? new tus.FileUrlStorage(args.store) : undefined,
  storeFingerprintForResuming: Boolean(args.store),
  removeFingerprintOnSuccess: false,
  onAfterResponse(req, res) {
    if (req.getMethod() === 'HEAD') headOffset = Number(res.getHeader('Upload-Offset'))
    if (req.getMethod() === 'PATCH') say({ event: 'patch', status: res.getStatus(), offset: Number(res.getHeader('Upload-Offset')) })
    lastHeaders = { recording: res.getHeader('Cameras-Recording'), quarantine: res.getHeader('Cameras-Quarantine') }
  },
  onProgress(sent) {
    if (args['abort-after'] && sent >= Number(args['abort-after'])) {
      upload.abort().then(() => {
        say({ event: 'aborted', url: upload.url, sent })
        process.exit(3)
      })
    }
  },
  onSuccess() {
    say({ event: 'success', url: upload.url, resumedAt: headOffset, ...lastHeaders })
    process.exit(0)
  },
  onError(error) {
    say({ event: 'error', message: String(error) })
    process.exit(1)
  },
})

const previous = args.store ? await upload.findPreviousUploads() : []
if (previous.length > 0) upload.resumeFromPreviousUpload(previous[0])
upload.start()
