export type { AppDeps as RouteDeps } from '../app';
