import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One column as `db/schema.ts` declares it. */
export type DeclaredColumn = {
  /** The selected value may be null (`T | null`, or a `ColumnType` whose select type has null). */
  isNullable: boolean;
  /** An insert may leave it out (`Generated<T>`, a nullable column, or a `ColumnType` whose insert type has undefined or is never). */
  isInsertOptional: boolean;
};

/** table → column → what the types say. */
export type DeclaredSchema = Map<string, Map<string, DeclaredColumn>>;

const SCHEMA_FILE = fileURLToPath(new URL('../schema.ts', import.meta.url));

/**
 * Reads the `Database` type of `db/schema.ts` with the TypeScript checker and describes its
 * tables and columns, for the test that compares them with the migrated database.
 *
 * Hand-written rather than kysely-codegen: codegen writes types *from* a database, whereas the
 * hand-kept types carry unions, JSON shapes and insert defaults codegen cannot know, so the
 * check needed is the reverse one — do these types still describe the tables the migrations
 * make? The compiler API (already a dev dependency) answers that from the types themselves.
 */
export function describeSchemaTypes(schemaFile: string = SCHEMA_FILE): DeclaredSchema {
  const program = ts.createProgram([schemaFile], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(schemaFile);
  if (!source) throw new Error(`cannot read ${schemaFile}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const databaseSymbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'Database');
  if (!databaseSymbol) throw new Error(`${schemaFile} exports no Database type`);

  const described: DeclaredSchema = new Map();
  const databaseType = checker.getDeclaredTypeOfSymbol(databaseSymbol);
  for (const table of checker.getPropertiesOfType(databaseType)) {
    const columns = new Map<string, DeclaredColumn>();
    for (const column of checker.getPropertiesOfType(checker.getTypeOfSymbol(table))) {
      const type = checker.getTypeOfSymbol(column);
      // kysely's ColumnType<S, I, U> is { __select__: S; __insert__: I; __update__: U }.
      const selectSymbol = type.getProperty('__select__');
      const insertSymbol = type.getProperty('__insert__');
      const selectType = selectSymbol ? checker.getTypeOfSymbol(selectSymbol) : type;
      const insertType = insertSymbol ? checker.getTypeOfSymbol(insertSymbol) : type;
      columns.set(column.name, {
        isNullable: hasFlag(selectType, ts.TypeFlags.Null),
        // `never` on insert: kysely leaves the column out of inserts altogether.
        isInsertOptional: [ts.TypeFlags.Undefined, ts.TypeFlags.Null, ts.TypeFlags.Never].some((flag) =>
          hasFlag(insertType, flag),
        ),
      });
    }
    described.set(table.name, columns);
  }
  return described;
}

function hasFlag(type: ts.Type, flag: ts.TypeFlags): boolean {
  if (type.flags & flag) return true;
  return type.isUnion() && type.types.some((member) => (member.flags & flag) !== 0);
}
