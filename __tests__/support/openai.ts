import { AzureOpenAI } from 'openai'
import { Agent, fetch as undiciFetch } from 'undici'
import type { TestEmulator } from './emulator.js'

/** A fetch that trusts the emulator's CA: its gateway answers over HTTPS with its own CA. */
export function emulatorFetch(t: Pick<TestEmulator, 'emulator'>): typeof fetch {
  const dispatcher = new Agent({ connect: { ca: t.emulator.caCert } })
  return ((url: string, init: Record<string, unknown> = {}) =>
    undiciFetch(url, { ...init, dispatcher } as never)) as never
}

/**
 * The openai package's AzureOpenAI client through the emulator's gateway: deployment gpt-4o, no
 * retries, the emulator's built-in key unless another is given, the gateway's root (or `path`
 * below it) as the endpoint.
 */
export function azureOpenAI(
  t: Pick<TestEmulator, 'emulator'>,
  options: { apiVersion: string; apiKey?: string; path?: string }
): AzureOpenAI {
  return new AzureOpenAI({
    endpoint: options.path ? `${t.emulator.gatewayUrl}/${options.path}` : t.emulator.gatewayUrl,
    apiKey: options.apiKey ?? t.emulator.subscriptionKey,
    apiVersion: options.apiVersion,
    deployment: 'gpt-4o',
    maxRetries: 0,
    fetch: emulatorFetch(t)
  })
}
