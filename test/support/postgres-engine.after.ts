// The jest project `postgres`: the file's cluster (./engine.ts) stopped once its tests are done.
import { stopPostgres } from './engine';

afterAll(() => stopPostgres(), 60_000);
