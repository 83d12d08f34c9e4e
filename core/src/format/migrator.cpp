#include "format/migrator.h"

#include "quire/connection.h"
#include "quire/format.h"
#include "quire/transaction.h"

namespace quire::detail {

namespace {

Result<void> runStep(Connection &connection, const MigrationStep &step)
{
    Result<Transaction> savepoint = Transaction::begin(connection, true);
    if (!savepoint)
        return savepoint.error();
    for (const QByteArray &statement : AlbumFormat::statements(step.sql)) {
        if (auto r = connection.exec(statement); !r) {
            return Error(r.error().code(), connection.label(),
                         QStringLiteral("Upgrading the album to schema %1 (%2) failed: %3")
                             .arg(step.version)
                             .arg(step.description, r.error().message()),
                         r.error().sqliteCode());
        }
    }
    if (auto r = connection.exec("PRAGMA user_version = " + QByteArray::number(step.version)); !r)
        return r;
    return savepoint->commit();
}

Result<void> setMinWriteVersion(Connection &connection, int version)
{
    Result<Statement> statement = connection.prepare(
        "INSERT INTO meta (key, value) VALUES ('min_write_version', ?1) "
        "ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)");
    if (!statement)
        return statement.error();
    return statement->bind(1, version).run();
}

} // namespace

Result<void> migrate(Connection &connection, const AlbumFormat &format, int fromVersion, bool commit)
{
    // A step may rebuild a table; foreign keys are checked once at the end
    // instead (the pragma cannot change inside a transaction).
    if (auto r = connection.exec("PRAGMA foreign_keys = OFF"); !r)
        return r;
    Result<void> result = [&]() -> Result<void> {
        Result<Transaction> transaction = Transaction::begin(connection, true);
        if (!transaction)
            return transaction.error();
        int minWrite = 0;
        for (const MigrationStep &step : format.steps()) {
            if (step.version <= fromVersion)
                continue;
            if (auto r = runStep(connection, step); !r)
                return r;
            minWrite = step.minWriteVersion;
        }
        if (minWrite > 0) {
            if (auto r = setMinWriteVersion(connection, minWrite); !r)
                return r;
        }
        Result<Statement> check = connection.prepare("PRAGMA foreign_key_check");
        if (!check)
            return check.error();
        Result<bool> violation = check->step();
        if (!violation)
            return violation.error();
        if (*violation) {
            return Error(ErrorCode::Constraint, connection.label(),
                         QStringLiteral("Upgrading the album left a broken reference in table %1; "
                                        "the album was left as it was.")
                             .arg(check->text(0)));
        }
        return commit ? transaction->commit() : transaction->rollback();
    }();
    (void)connection.exec("PRAGMA foreign_keys = ON");
    return result;
}

} // namespace quire::detail
