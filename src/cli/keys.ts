// npm run keys -- create --role writer --name "ingest bot" [--database PATH]
// npm run keys -- list [--database PATH]
// npm run keys -- revoke <id|prefix> [--database PATH]
// Manages the API keys that writes need. A new key is printed once: only its hash is stored.
// The keys are those of DATABASE_URL's PostgreSQL database when it is set and --database is not.
import { Command, Option } from 'commander';
import { ROLES, type Role } from '../auth/authenticate';
import { createKey, listApiKeys, revokeKey } from '../auth/keys';
import { type Store } from '../store';
import { commandDatabase, withMigratedStore } from './database';

function databaseOption(): Option {
  return new Option(
    '--database <path>',
    'SQLite file (created and migrated if needed; default: DATABASE_URL when set, else DATABASE_PATH or data/scholargraph.db)',
  );
}

function withStore<T>(file: string | undefined, run: (store: Store) => Promise<T>): Promise<T> {
  return withMigratedStore(commandDatabase(file), run);
}

async function main(argv: string[]): Promise<void> {
  const program = new Command().name('keys').description('Create, list and revoke API keys.');

  program
    .command('create')
    .description('create a key and print it (once)')
    .addOption(new Option('--role <role>', 'what the key may do').choices(ROLES).makeOptionMandatory())
    .requiredOption('--name <name>', 'who or what uses the key, e.g. "ingest bot"')
    .addOption(databaseOption())
    .action(async (options: { role: Role; name: string; database?: string }) => {
      if (options.name.trim() === '') throw new Error('--name must not be blank.');
      const created = await withStore(options.database, (store) => createKey(store, { name: options.name.trim(), role: options.role }));
      // The key alone on stdout, so that KEY=$(npm run -s keys -- create ...) captures just it.
      console.error(`Created ${options.role} key ${created.id} (${created.prefix}...) for "${options.name.trim()}":`);
      console.log(created.key);
      console.error('Store it now: only its hash is kept, so it cannot be shown again.');
    });

  program
    .command('list')
    .description('list keys (id, prefix, role, name, dates; never the keys)')
    .addOption(databaseOption())
    .action(async (options: { database?: string }) => {
      const keys = await withStore(options.database, (store) => listApiKeys(store));
      if (keys.length === 0) {
        console.log('No API keys. Create one with: npm run keys -- create --role writer --name <name>');
        return;
      }
      for (const k of keys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
        console.log(`${k.id}\t${k.prefix}...\t${k.role}\t${state}\tcreated ${k.createdAt}\t${k.name}`);
      }
    });

  program
    .command('revoke')
    .description('revoke a key by id or by the prefix shown in list')
    .argument('<id|prefix>', 'key id or key prefix')
    .addOption(databaseOption())
    .action(async (idOrPrefix: string, options: { database?: string }) => {
      const revoked = await withStore(options.database, (store) => revokeKey(store, idOrPrefix));
      if (!revoked) throw new Error(`No active key with id or prefix "${idOrPrefix}" (npm run keys -- list shows them).`);
      console.log(`Revoked key ${idOrPrefix}.`);
    });

  await program.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
