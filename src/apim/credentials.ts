import type { AccessToken, TokenCredential } from '@azure/identity'

/** A fixed token (the `access-token` input, or the emulator's). */
export class StaticTokenCredential implements TokenCredential {
  constructor(private readonly token: string) {}

  async getToken(): Promise<AccessToken> {
    return { token: this.token, expiresOnTimestamp: Date.now() + 55 * 60 * 1000 }
  }
}

export interface CredentialSources {
  /** `core.getIDToken` of the workflow (needs `permissions: id-token: write`). */
  getIdToken: (audience: string) => Promise<string>
}

/**
 * The credential for the target: `access-token` if given; else `client-id` + `tenant-id` as a
 * federated (OIDC) credential whose assertion is a fresh GitHub ID token on every refresh; else
 * `DefaultAzureCredential` (what `azure/login` left, environment, managed identity).
 */
export async function chooseCredential(
  target: {
    accessToken?: string
    clientId?: string
    tenantId?: string
    cloud: 'public' | 'china' | 'usgov'
  },
  sources: CredentialSources
): Promise<{ credential: TokenCredential; kind: string }> {
  if (target.accessToken)
    return { credential: new StaticTokenCredential(target.accessToken), kind: 'access-token' }
  const identity = await import('@azure/identity')
  const authorityHost = {
    public: identity.AzureAuthorityHosts.AzurePublicCloud,
    china: identity.AzureAuthorityHosts.AzureChina,
    usgov: identity.AzureAuthorityHosts.AzureGovernment
  }[target.cloud]
  if (target.clientId && target.tenantId) {
    const assertion = async () => {
      try {
        return await sources.getIdToken('api://AzureADTokenExchange')
      } catch (err) {
        throw new Error(
          `cannot get a GitHub OIDC token for client-id ${target.clientId}: ${(err as Error).message}. ` +
            'Give the workflow `permissions: id-token: write`.',
          { cause: err }
        )
      }
    }
    return {
      credential: new identity.ClientAssertionCredential(
        target.tenantId,
        target.clientId,
        assertion,
        { authorityHost }
      ),
      kind: 'OIDC federation (client-id, tenant-id)'
    }
  }
  return {
    credential: new identity.DefaultAzureCredential({ authorityHost }),
    kind: 'DefaultAzureCredential'
  }
}
