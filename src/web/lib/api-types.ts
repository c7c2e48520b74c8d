import type { components, paths } from './api.generated.js';

/**
 * Names for the API's JSON, taken from the generated `api.generated.ts` so the screens are
 * checked against the server's schemas by the type checker (see `api/web-api-types.ts`).
 *
 * @example
 *   type Account = ApiSchema<'Account'>;
 *   type TimelinePage = ApiResponse<'/api/accounts/{id}/timeline', 'get'>;
 */
export type ApiSchema<Name extends keyof components['schemas']> = components['schemas'][Name];

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
type Operation<Path extends keyof paths, M extends Method> = NonNullable<paths[Path][M]>;
type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

/** What a route answers when it succeeds (200 or 201). */
export type ApiResponse<Path extends keyof paths, M extends Method> =
  Operation<Path, M> extends { responses: infer Responses }
    ? Responses extends { 200: infer Ok }
      ? JsonOf<Ok>
      : Responses extends { 201: infer Created }
        ? JsonOf<Created>
        : never
    : never;

/** The JSON a route takes. */
export type ApiRequestBody<Path extends keyof paths, M extends Method> =
  Operation<Path, M> extends { requestBody?: infer Body } ? JsonOf<NonNullable<Body>> : never;

/** A route's query parameters. */
export type ApiQuery<Path extends keyof paths, M extends Method> = NonNullable<Operation<Path, M>['parameters']['query']>;
