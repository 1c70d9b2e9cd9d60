import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll } from '@jest/globals'
import { ACTION } from './entry.js'
import { tempDir } from './temp.js'

const blobSha = (bytes: Buffer) =>
  createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')

export interface FakeComment {
  id: number
  body: string
  user: { login: string }
  html_url: string
}

/**
 * A small GitHub REST API on 127.0.0.1 for the real Octokit: issue comments (paged with Link
 * headers), GET /user (403 for the workflow token, as on GitHub), a read-only mode (403 on writes),
 * a one-time rate limit (429 with Retry-After) and an outage (`failWith`: every answer that status).
 */
export function useFakeGitHub() {
  const state = {
    url: '',
    comments: new Map<number, FakeComment[]>(),
    releases: [] as {
      id: number
      tag_name: string
      target_commitish: string
      name: string
      body: string
      html_url: string
    }[],
    requests: [] as { method: string; path: string; status: number; query?: string }[],
    readOnly: false,
    rateLimitOnce: false,
    /** When set, every request is answered with this status (GitHub having an outage). */
    failWith: 0,
    /** An upstream repository: file paths → contents, served through commits, trees and blobs. */
    upstream: {
      commit: 'c0ffee0000000000000000000000000000000001',
      ref: 'main',
      files: new Map<string, Buffer>(),
      truncate: false
    },
    nextId: 1000
  }
  let server: http.Server
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let raw = ''
      req.on('data', (c) => (raw += c))
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://github')
        const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          state.requests.push({
            method: req.method ?? '',
            path: url.pathname,
            status,
            ...(url.search ? { query: url.search } : {})
          })
          res.writeHead(status, { 'content-type': 'application/json', ...headers })
          res.end(JSON.stringify(body))
        }
        if (state.failWith) return send(state.failWith, { message: 'Server Error' })
        if (state.rateLimitOnce) {
          state.rateLimitOnce = false
          return send(
            429,
            { message: 'You have exceeded a secondary rate limit.' },
            { 'retry-after': '1' }
          )
        }
        const token = (req.headers.authorization ?? '').replace(/^token |^Bearer /i, '')
        if (url.pathname === '/user') {
          return token === 'user-token'
            ? send(200, { login: 'octo-user' })
            : send(403, { message: 'Resource not accessible by integration' })
        }
        const login = token === 'user-token' ? 'octo-user' : 'github-actions[bot]'
        const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname)
        if (list) {
          const issue = Number(list[3])
          const all = state.comments.get(issue) ?? []
          if (req.method === 'GET') {
            const perPage = Number(url.searchParams.get('per_page') ?? 30)
            const page = Number(url.searchParams.get('page') ?? 1)
            const slice = all.slice((page - 1) * perPage, page * perPage)
            const headers: Record<string, string> = {}
            if (page * perPage < all.length) {
              const next = new URL(url.toString().replace('http://github', state.url))
              next.searchParams.set('page', String(page + 1))
              headers.link = `<${next.toString()}>; rel="next"`
            }
            return send(200, slice, headers)
          }
          if (req.method === 'POST') {
            if (state.readOnly)
              return send(403, { message: 'Resource not accessible by integration' })
            const comment = {
              id: state.nextId++,
              body: JSON.parse(raw).body,
              user: { login },
              html_url: `https://github.example/c/${state.nextId}`
            }
            state.comments.set(issue, [...all, comment])
            return send(201, comment)
          }
        }
        const up = state.upstream
        const commitMatch = /^\/repos\/[^/]+\/[^/]+\/commits\/(.+)$/.exec(url.pathname)
        if (commitMatch && req.method === 'GET') {
          return decodeURIComponent(commitMatch[1]) === up.ref
            ? send(200, { sha: up.commit })
            : send(422, { message: 'No commit found for SHA' })
        }
        const treeMatch = /^\/repos\/[^/]+\/[^/]+\/git\/trees\/(.+)$/.exec(url.pathname)
        if (treeMatch && req.method === 'GET') {
          const id = decodeURIComponent(treeMatch[1])
          const base = id === up.commit ? '' : id.startsWith('tree:') ? id.slice(5) : undefined
          if (base === undefined) return send(404, { message: 'Not Found' })
          const recursive = url.searchParams.has('recursive')
          const prefix = base ? `${base}/` : ''
          const seen = new Map<string, { path: string; type: string; sha: string }>()
          for (const [file, content] of up.files) {
            if (!file.startsWith(prefix)) continue
            const parts = file.slice(prefix.length).split('/')
            const depth = recursive ? parts.length : 1
            for (let i = 1; i <= depth; i++) {
              const rel = parts.slice(0, i).join('/')
              const isBlob = i === parts.length
              if (!seen.has(rel))
                seen.set(rel, {
                  path: rel,
                  type: isBlob ? 'blob' : 'tree',
                  sha: isBlob ? blobSha(content) : `tree:${prefix}${rel}`
                })
            }
          }
          const tree = [...seen.values()]
          if (recursive && up.truncate)
            return send(200, { sha: id, tree: tree.slice(0, 2), truncated: true })
          return send(200, { sha: id, tree, truncated: false })
        }
        const blobMatch = /^\/repos\/[^/]+\/[^/]+\/git\/blobs\/(.+)$/.exec(url.pathname)
        if (blobMatch && req.method === 'GET') {
          const content = [...up.files.values()].find((c) => blobSha(c) === blobMatch[1])
          return content
            ? send(200, { content: content.toString('base64'), encoding: 'base64' })
            : send(404, { message: 'Not Found' })
        }
        const byTag = /^\/repos\/[^/]+\/[^/]+\/releases\/tags\/(.+)$/.exec(url.pathname)
        if (byTag && req.method === 'GET') {
          const release = state.releases.find((r) => r.tag_name === decodeURIComponent(byTag[1]))
          return release ? send(200, release) : send(404, { message: 'Not Found' })
        }
        if (/^\/repos\/[^/]+\/[^/]+\/releases$/.test(url.pathname) && req.method === 'POST') {
          if (state.readOnly)
            return send(403, { message: 'Resource not accessible by integration' })
          const input = JSON.parse(raw)
          const release = {
            id: state.nextId++,
            ...input,
            html_url: `https://github.example/releases/${input.tag_name}`
          }
          state.releases.push(release)
          return send(201, release)
        }
        const releaseId = /^\/repos\/[^/]+\/[^/]+\/releases\/(\d+)$/.exec(url.pathname)
        if (releaseId && req.method === 'PATCH') {
          const release = state.releases.find((r) => r.id === Number(releaseId[1]))
          if (!release) return send(404, { message: 'Not Found' })
          Object.assign(release, JSON.parse(raw))
          return send(200, release)
        }
        const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname)
        if (one && req.method === 'PATCH') {
          if (state.readOnly)
            return send(403, { message: 'Resource not accessible by integration' })
          for (const comments of state.comments.values()) {
            const comment = comments.find((c) => c.id === Number(one[3]))
            if (comment) {
              comment.body = JSON.parse(raw).body
              return send(200, comment)
            }
          }
          return send(404, { message: 'Not Found' })
        }
        send(404, { message: 'Not Found' })
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return state
}

// The runner's side of a fake GitHub: how it starts an action.

/** Runs the bundled action as the runner does: INPUT_* variables, output and summary files. */
export function runAction(
  workspace: string,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {}
) {
  const files = tempDir('apimv-runner-')
  const output = path.join(files, 'output')
  const summary = path.join(files, 'summary')
  fs.writeFileSync(output, '')
  fs.writeFileSync(summary, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    ...extraEnv
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  // Async: the emulator of the later tests runs in this process and must keep answering.
  const child = spawn(process.execPath, ACTION, { cwd: workspace, env })
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.resume()
  return new Promise<{
    code: number | null
    stdout: string
    outputs: Record<string, string>
    summary: string
  }>((resolve) =>
    child.once('close', (code) =>
      resolve({
        code,
        stdout,
        outputs: parseOutputs(fs.readFileSync(output, 'utf8')),
        summary: fs.readFileSync(summary, 'utf8')
      })
    )
  )
}

/** Reads GITHUB_OUTPUT's `name<<DELIMITER ... DELIMITER` records. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const match of text.matchAll(pattern)) outputs[match[1]] = match[3]
  return outputs
}
