// docker-compose.yml, checked without a Docker daemon (none runs here): every service the
// deployment needs is there with a health check, the API nodes' settings are ones the server
// accepts and point at the primary and the replica, and the files it mounts exist.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config';

const root = path.join(__dirname, '..', '..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: string; environment?: Record<string, string>; healthcheck?: { test: string[] }; volumes?: string[]; depends_on?: unknown }>;
};

/** ${NAME:-default} as docker compose reads it with NAME unset. */
const withDefaults = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

describe('docker-compose.yml', () => {
  const { services } = compose;

  it('runs a PostgreSQL primary, a replica, two API nodes and a load balancer, each with a health check', () => {
    expect(Object.keys(services).sort()).toEqual(['api-1', 'api-2', 'load-balancer', 'postgres-primary', 'postgres-replica']);
    expect(services['postgres-primary'].image).toMatch(/^postgres:15/);
    expect(services['postgres-replica'].image).toMatch(/^postgres:15/);
    for (const name of ['postgres-primary', 'postgres-replica', 'load-balancer']) expect(services[name].healthcheck?.test.length).toBeGreaterThan(0);
    // The API nodes' health check is the image's own (Dockerfile HEALTHCHECK on /healthz).
    expect(services['api-1'].build).toBe('.');
    expect(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
  });

  it('gives each API node settings the server accepts: writes to the primary, reads from the replica', () => {
    for (const name of ['api-1', 'api-2']) {
      const env = Object.fromEntries(Object.entries(services[name].environment!).map(([key, value]) => [key, withDefaults(String(value))]));
      const config = loadConfig(env);
      expect(new URL(config.databaseUrl!).hostname).toBe('postgres-primary');
      expect(config.databaseReadUrls.map((url) => new URL(url).hostname)).toEqual(['postgres-replica']);
      expect(config.workers).toBe(1);
    }
  });

  it('mounts files that exist, and the replica follows the primary', () => {
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (source.startsWith('./')) expect(fs.existsSync(path.join(root, source))).toBe(true);
      }
    }
    const replica = fs.readFileSync(path.join(root, 'deploy', 'postgres', 'replica-entrypoint.sh'), 'utf8');
    expect(replica).toMatch(/pg_basebackup -h "\$PRIMARY_HOST" -U replicator -D "\$PGDATA" -R -X stream/);
    expect(fs.readFileSync(path.join(root, 'deploy', 'Caddyfile'), 'utf8')).toMatch(/reverse_proxy api-1:4000 api-2:4000/);
  });
});
