//! Column and index helpers for migrations from 4 on (1 to 3 keep their own copies: landed
//! migrations are never edited).

use sea_orm_migration::prelude::*;

/// A 64-bit auto-incrementing primary key.
pub fn id(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).big_integer().not_null().auto_increment().primary_key().to_owned()
}

pub fn index(name: &str, table: impl IntoIden, columns: Vec<DynIden>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    index.to_owned()
}

/// A foreign key from `from_table.from_column` to `to_table.id`.
pub fn references(
    from_table: impl IntoIden,
    from_column: impl IntoIden,
    to_table: impl IntoIden,
    to_column: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from_table, from_column).to(to_table, to_column).to_owned()
}
