// Schema of the PostgreSQL database. Each group's migrations are applied in order and recorded by name
// in `schema_migrations`; never edit a released migration, append a new one to its group instead.
//
// Conventions: each table is a document table (doc-table.ts): `id text PRIMARY KEY`, the entity as
// `doc jsonb`, and plain columns copied out of it for what is queried, filtered or ordered on.
// Instants are canonical UTC ISO text, so text order is time order. No foreign keys between domain
// tables, as in the SQLite and CloudBase adapters.

import { CORE_MIGRATIONS } from './schema-core'
import { LEDGER_MIGRATIONS } from './schema-ledger'

export interface Migration {
  /** Unique across groups: `<group>-<nnn>-<what>`. */
  readonly name: string
  readonly sql: string
}

export const MIGRATIONS: readonly Migration[] = [...CORE_MIGRATIONS, ...LEDGER_MIGRATIONS]
