// Google's Cloud Storage emulator (inside firebase-tools), started offline for the GCS store tests.
// `firebase emulators:start` needs Java 21 and downloads a rules jar, so the storage server is built
// directly (see shared/notes/gcs-emulator.md). Usage: node server.js PORT (0 = any free port)
// Two emulator bugs that break correct clients are corrected here, in front of it:
//  1. it finalises a resumable upload on its first PUT, truncating objects larger than one chunk:
//     intermediate chunks are appended to the upload and answered 308 with `Range: bytes=0-N`;
//  2. 206 responses carry the whole object's x-goog-hash, failing client validation of ranges.
// And one gap is filled: the emulator creates a bucket on first use and cannot delete one, so a
// missing bucket could not be shown. DELETE /storage/v1/b/BUCKET deletes an empty bucket as GCS
// does (204; 409 while it holds objects); from then on every JSON API call naming it answers GCS's
// 404 "The specified bucket does not exist." until POST /storage/v1/b creates it again.
"use strict";
const http = require("http");
const express = require("express");
const { StorageEmulator } = require("firebase-tools/lib/emulator/storage");
const { createApp } = require("firebase-tools/lib/emulator/storage/server");
const { EmulatorRegistry } = require("firebase-tools/lib/emulator/registry");

const PROJECT_ID = "geopera-clip-test";
const HOST = "127.0.0.1";
const CHUNK_LIMIT = "130mb"; // the emulator's own body limit

function parseContentRange(header) {
  // "bytes a-b/total", "bytes a-b/*", "bytes */total"
  const m = /^bytes (?:(\d+)-(\d+)|\*)\/(\d+|\*)$/.exec((header || "").trim());
  if (!m) return null;
  return {
    first: m[1] === undefined ? null : Number(m[1]),
    last: m[2] === undefined ? null : Number(m[2]),
    total: m[3] === "*" ? null : Number(m[3]),
  };
}

function answerIncomplete(res, received) {
  if (received > 0) res.setHeader("Range", `bytes=0-${received - 1}`);
  res.status(308).end();
}

// Bug 1: accept every chunk but the last one here; let the emulator finalise with the last.
function resumableChunks(emulator) {
  return (req, res, next) => {
    const uploadId = req.query.upload_id && req.query.upload_id.toString();
    const range = parseContentRange(req.header("content-range"));
    if (!uploadId || !range) return next();
    let upload;
    try {
      upload = emulator.uploadService.getResumableUpload(uploadId);
    } catch {
      return next(); // unknown upload: the emulator answers 404
    }
    if (upload.status !== "active") return next();
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (range.first !== null) {
      if (range.first > upload.size) return answerIncomplete(res, upload.size); // a gap: ask for the rest
      const fresh = body.subarray(Math.min(body.length, upload.size - range.first)); // a resent chunk overlaps
      const isLast = range.total !== null && range.last + 1 === range.total;
      if (!isLast) {
        if (fresh.length > 0) emulator.uploadService.continueResumableUpload(uploadId, fresh);
        return answerIncomplete(res, upload.size);
      }
      req.body = fresh;
      return next();
    }
    // "bytes */total": a status query, or the closing request of an upload whose size was unknown.
    if (range.total !== null && range.total === upload.size) {
      req.body = Buffer.alloc(0);
      return next();
    }
    return answerIncomplete(res, upload.size);
  };
}

// Bug 2: a hash of the whole object does not describe a range of it.
function stripHashOnPartialContent(req, res, next) {
  const writeHead = res.writeHead;
  res.writeHead = function (statusCode, ...rest) {
    if ((statusCode || res.statusCode) === 206) res.removeHeader("x-goog-hash");
    return writeHead.call(this, statusCode, ...rest);
  };
  next();
}

// GCS's answer for a bucket that does not exist (cloud.google.com/storage/docs/json_api/v1/status-codes).
function bucketMissing(res) {
  const message = "The specified bucket does not exist.";
  res.status(404).json({ error: { code: 404, message, errors: [{ message, domain: "global", reason: "notFound" }] } });
}

function deletableBuckets(emulator) {
  const deleted = new Set();
  const router = express.Router();
  router.delete("/storage/v1/b/:bucketId", async (req, res) => {
    const bucket = req.params.bucketId;
    if (deleted.has(bucket)) return bucketMissing(res);
    const listing = await emulator.adminStorageLayer.listObjects({ bucketId: bucket, prefix: "", delimiter: "" });
    if ((listing.items || []).length > 0) {
      const message = "The bucket you tried to delete is not empty.";
      return res.status(409).json({ error: { code: 409, message, errors: [{ message, domain: "global", reason: "conflict" }] } });
    }
    deleted.add(bucket);
    res.status(204).end();
  });
  router.post("/storage/v1/b", express.json(), (req, res) => {
    const name = req.body && req.body.name;
    if (!name) return res.status(400).json({ error: { code: 400, message: "Missing bucket name." } });
    deleted.delete(name);
    emulator.adminStorageLayer.createBucket(name);
    res.json({ kind: "storage#bucket", id: name, name });
  });
  router.use((req, res, next) => {
    const named = /^\/(?:upload\/|download\/)?storage\/v1\/b\/([^/]+)\/./.exec(req.path);
    return named && deleted.has(decodeURIComponent(named[1])) ? bucketMissing(res) : next();
  });
  return router;
}

// PORT 0 binds a free port chosen by the kernel (no check-then-use race with other runs on the
// machine); the port is known before the emulator is built because its upload URLs embed it.
async function main() {
  const requested = Number(process.argv[2]);
  if (!Number.isInteger(requested) || requested < 0) {
    console.error("usage: node server.js PORT   (0 = any free port)");
    process.exit(2);
  }
  const server = http.createServer();
  server.on("error", (err) => {
    console.error(`GCS emulator could not listen on ${HOST}:${requested}: ${err.message}`);
    process.exit(1);
  });
  await new Promise((resolve) => server.listen(requested, HOST, resolve));
  const port = server.address().port;
  const emulator = new StorageEmulator({
    projectId: PROJECT_ID,
    host: HOST,
    port,
    auto_download: false,
    rules: { name: "storage.rules", content: "" }, // never loaded: the JSON API runs as admin
  });
  EmulatorRegistry.set("storage", emulator); // upload URLs are built from the registry
  const app = express();
  app.use(stripHashOnPartialContent);
  app.use(deletableBuckets(emulator));
  app.put("/upload/storage/v1/b/:bucketId/o", express.raw({ type: () => true, limit: CHUNK_LIMIT }) /* chunks often carry no Content-Type */, resumableChunks(emulator));
  app.use(await createApp(PROJECT_ID, emulator));
  server.on("request", app);
  console.log(`GCS emulator listening on http://${HOST}:${port}/storage/v1/`);
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
