import { PARAMTYPES_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';

/**
 * tsx and vitest compile with esbuild, which does not emit `design:paramtypes`. @nestjs/swagger reads
 * parameters (and their zod schemas) only when that metadata exists, so we add a neutral one: the
 * schema on each parameter, not its TypeScript type, is what describes it (ADR 0004).
 */
export function describeParams(controllers: (new (...args: never[]) => unknown)[]): void {
  for (const ctrl of controllers) {
    for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
      if (name === 'constructor') continue;
      const args: Record<string, { index: number }> | undefined = Reflect.getMetadata(
        ROUTE_ARGS_METADATA,
        ctrl,
        name,
      );
      if (!args || Reflect.getMetadata(PARAMTYPES_METADATA, ctrl.prototype, name)) continue;
      const count = Math.max(-1, ...Object.values(args).map((a) => a.index)) + 1;
      Reflect.defineMetadata(
        PARAMTYPES_METADATA,
        Array.from({ length: count }, () => Object),
        ctrl.prototype,
        name,
      );
    }
  }
}
