export * from './canonical.ts';
export * from './channel.ts';
export {
  type CloudAdapter,
  type CloudCredentials,
  cloudCredentialsSchema,
  createCloudAdapter,
  defaultGraphApiBaseUrl,
  defaultGraphApiVersion,
  verifyHandshake,
} from './cloud/cloud.adapter.ts';
export { closeHttp } from './http.ts';
export * from './provider-error.ts';
export {
  createSandboxAdapter,
  SANDBOX_PHONE,
  SANDBOX_SIGNATURE_HEADER,
  type SandboxAdapter,
  type SandboxEvent,
} from './sandbox/sandbox.adapter.ts';
