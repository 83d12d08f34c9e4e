#include "ledger_format.h"

#include <quire/connection.h>
#include <quire/session.h>
#include <quire/statement.h>

#include <QList>
#include <QPair>
#include <QRegularExpression>

#include <cstdlib>

namespace ledger {

using quire::Connection;
using quire::Error;
using quire::ErrorCode;
using quire::Result;
using quire::Statement;

Result<qint64> parseCents(const QString &amount)
{
    static const QRegularExpression decimal(QStringLiteral("^(-?)(\\d{1,15})(?:\\.(\\d{1,2}))?$"));
    const auto match = decimal.match(amount);
    if (!match.hasMatch())
        return Error(ErrorCode::InvalidArgument, {}, QStringLiteral("'%1' is not an amount like 12.50.").arg(amount));
    const qint64 units = match.captured(2).toLongLong();
    const QString fraction = match.captured(3);
    const qint64 hundredths = fraction.isEmpty() ? 0 : fraction.leftJustified(2, QLatin1Char('0')).toLongLong();
    const qint64 cents = units * 100 + hundredths;
    return match.captured(1).isEmpty() ? cents : -cents;
}

QString formatCents(qint64 cents)
{
    const qint64 magnitude = std::llabs(cents);
    return QStringLiteral("%1%2.%3")
        .arg(cents < 0 ? QStringLiteral("-") : QString())
        .arg(magnitude / 100)
        .arg(magnitude % 100, 2, 10, QLatin1Char('0'));
}

namespace {

// Runs after 0002's ALTER TABLE, in the same savepoint: returning an error
// (an amount that does not parse) rolls the tenant back to version 1 as it
// was, and migrateAll reports it as Failed without stopping the others.
Result<void> fillCents(Connection &db)
{
    Result<Statement> read = db.prepare("SELECT id, amount FROM entries");
    if (!read)
        return read.error();
    // Read everything first: updating a table while stepping a SELECT on it
    // may visit rows twice.
    QList<QPair<qint64, QString>> amounts;
    if (auto r = read->each([&](Statement &row) { amounts.append({row.int64(0), row.text(1)}); }); !r)
        return r;
    Result<Statement> write = db.cached("UPDATE entries SET cents = ?2 WHERE id = ?1");
    if (!write)
        return write.error();
    for (const auto &[id, amount] : std::as_const(amounts)) {
        Result<qint64> cents = parseCents(amount);
        if (!cents)
            return Error(ErrorCode::InvalidArgument, db.label(),
                         QStringLiteral("entry %1: %2").arg(id).arg(cents.error().message()));
        if (auto r = write->bind(1, id).bind(2, *cents).run(); !r)
            return r;
    }
    return {};
}

} // namespace

Result<quire::TenantFormat> format(int version)
{
    if (version < 1 || version > LatestVersion)
        return Error(ErrorCode::InvalidArgument, {}, QStringLiteral("There is no ledger version %1.").arg(version));
    Result<QList<quire::MigrationStep>> steps = quire::TenantFormat::stepsFromFolder(QStringLiteral(":/ledger/schema"));
    if (!steps)
        return steps.error();
    constexpr int SqlSteps = 2;
    if (steps->size() != SqlSteps)
        return Error(ErrorCode::InvalidArgument, {},
                     QStringLiteral("The ledger schema has %1 SQL steps; this program knows %2.")
                         .arg(steps->size())
                         .arg(SqlSteps));
    // The engine's tables for moving rows, as the engine spells them: a
    // copy of the text in a .sql file could drift from what it expects.
    quire::MigrationStep transfers;
    transfers.version = 3;
    transfers.description = QStringLiteral("row transfers");
    transfers.sql = quire::rowTransferSchema();
    steps->append(transfers);

    quire::TenantFormatSpec spec;
    spec.applicationId = ApplicationId;
    spec.databasePath = QStringLiteral(".ledger/ledger.db");
    spec.kind = QStringLiteral("ledger");
    spec.program = QStringLiteral("Ledger");
    spec.steps = steps->mid(0, version);
    if (version >= 2)
        spec.steps[1].run = fillCents;
    return quire::TenantFormat::make(spec);
}

quire::RowMover entriesMover()
{
    quire::RowMover mover;
    mover.name = QStringLiteral("entries");
    mover.insert = [](quire::Session &source, quire::Session &destination, const QVariantList &ids,
                      quire::RowTransferKind) -> Result<void> {
        Result<Statement> read = source.statement("SELECT at, amount, cents FROM entries WHERE id = ?1");
        Result<Statement> write = destination.statement("INSERT INTO entries (at, amount, cents) VALUES (?1, ?2, ?3)");
        if (!read || !write)
            return !read ? read.error() : write.error();
        for (const QVariant &id : ids) {
            read->reset();
            if (auto r = read->bindValue(1, id).step(); !r || !*r)
                return r ? source.error(ErrorCode::NotFound, QStringLiteral("No entry %1.").arg(id.toString()))
                         : r.error();
            write->reset();
            write->bindColumn(1, *read, 0).bindColumn(2, *read, 1).bindColumn(3, *read, 2);
            if (auto r = write->run(); !r)
                return r;
        }
        return {};
    };
    mover.remove = [](quire::Session &source, const QVariantList &ids) -> Result<void> {
        for (const QVariant &id : ids) {
            if (auto r = source.exec("DELETE FROM entries WHERE id = ?1", {id}); !r)
                return r.error();
        }
        return {};
    };
    return mover;
}

} // namespace ledger
