#pragma once
// A format that is not the album, for the row-transfer tests and their
// child process: one database per customer folder (.books/books.db) with
// entries that may name a receipt file beside it, and the engine's
// row-transfer tables in step 2. The "entries" mover moves entries by UUID.

#include <quire/format.h>
#include <quire/row_transfer.h>
#include <quire/session.h>

#include <QUuid>

namespace quire::test {

inline TenantFormat customerFormat(bool withTransferTables = true)
{
    MigrationStep v1;
    v1.version = 1;
    v1.description = QStringLiteral("entries");
    v1.sql = "CREATE TABLE entries (\n"
             "    id      INTEGER PRIMARY KEY,\n"
             "    uuid    TEXT NOT NULL UNIQUE,\n"
             "    cents   INTEGER NOT NULL,\n"
             "    memo    TEXT NOT NULL,\n"
             "    receipt TEXT\n"
             ")\n";
    MigrationStep v2;
    v2.version = 2;
    v2.description = QStringLiteral("row transfers");
    v2.sql = rowTransferSchema();
    TenantFormatSpec spec;
    spec.applicationId = 0x424F4F4B; // "BOOK"
    spec.databasePath = QStringLiteral(".books/books.db");
    spec.kind = QStringLiteral("customer");
    spec.program = QStringLiteral("Books");
    spec.rowNoun = QStringLiteral("entries");
    spec.steps = {v1};
    if (withTransferTables)
        spec.steps.append(v2);
    Result<TenantFormat> format = TenantFormat::make(spec);
    Q_ASSERT(format.ok());
    return *format;
}

// Adds one entry (a new UUID when none is given); receipt empty: none.
inline Result<void> addEntry(Session &session, qint64 cents, const QString &memo, const QString &receipt = {},
                             QString uuid = {})
{
    if (uuid.isEmpty())
        uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    Result<qint64> inserted = session.exec("INSERT INTO entries (uuid, cents, memo, receipt) VALUES (?1, ?2, ?3, ?4)",
                                           {uuid, cents, memo, receipt.isEmpty() ? QVariant() : QVariant(receipt)});
    if (!inserted)
        return inserted.error();
    return {};
}

// Entries by UUID. A copy gets new UUIDs (they are unique in a tenant and a
// copy is a new entry); a move keeps them.
inline RowMover entriesMover()
{
    RowMover mover;
    mover.name = QStringLiteral("entries");
    mover.insert = [](Session &source, Session &destination, const QVariantList &keys,
                      RowTransferKind kind) -> Result<void> {
        for (const QVariant &key : keys) {
            Result<Rows> row = source.query("SELECT cents, memo, receipt FROM entries WHERE uuid = ?1", {key});
            if (!row)
                return row.error();
            if (row->isEmpty())
                return source.error(ErrorCode::NotFound, QStringLiteral("No entry %1.").arg(key.toString()));
            const QVariantList &v = row->values.first();
            const QString uuid = kind == RowTransferKind::Move ? key.toString()
                                                               : QUuid::createUuid().toString(QUuid::WithoutBraces);
            Result<qint64> inserted = destination.exec(
                "INSERT INTO entries (uuid, cents, memo, receipt) VALUES (?1, ?2, ?3, ?4)", {uuid, v[0], v[1], v[2]});
            if (!inserted)
                return inserted.error();
        }
        return {};
    };
    mover.remove = [](Session &source, const QVariantList &keys) -> Result<void> {
        for (const QVariant &key : keys) {
            if (auto r = source.exec("DELETE FROM entries WHERE uuid = ?1", {key}); !r)
                return r.error();
        }
        return {};
    };
    return mover;
}

} // namespace quire::test
