#include "format/migrator.h"

#include "format/identity.h"
#include "quire/connection.h"
#include "quire/format.h"
#include "quire/transaction.h"

namespace quire::detail {

namespace {

Result<void> runStep(Connection &connection, const TenantFormat &format, const MigrationStep &step)
{
    Result<Transaction> savepoint = Transaction::begin(connection, true);
    if (!savepoint)
        return savepoint.error();
    auto failed = [&](const Error &error) {
        return Error(error.code(), connection.label(),
                     QStringLiteral("Upgrading the %1 to schema %2 (%3) failed: %4")
                         .arg(format.kind())
                         .arg(step.version)
                         .arg(step.description, error.message()),
                     error.sqliteCode());
    };
    for (const QByteArray &statement : TenantFormat::statements(step.sql)) {
        if (auto r = connection.exec(statement); !r)
            return failed(r.error());
    }
    if (step.run) {
        if (auto r = step.run(connection); !r)
            return failed(r.error());
    }
    // The engine's identity table comes with the first step (a format whose
    // step 1 makes it, as the album's does, leaves this a no-op).
    if (step.version == 1) {
        if (auto r = connection.exec(identityTableSql(format.identityTable())); !r)
            return r;
    }
    if (auto r = connection.exec("PRAGMA user_version = " + QByteArray::number(step.version)); !r)
        return r;
    return savepoint->commit();
}

Result<void> setMinWriteVersion(Connection &connection, const TenantFormat &format, int version)
{
    Result<Statement> statement = connection.prepare(
        identitySql(format.identityTable(), "INSERT INTO ",
                    " (key, value) VALUES ('min_write_version', ?1) "
                    "ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)"));
    if (!statement)
        return statement.error();
    return statement->bind(1, version).run();
}

} // namespace

Result<void> migrate(Connection &connection, const TenantFormat &format, int fromVersion, bool commit)
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
            if (auto r = runStep(connection, format, step); !r)
                return r;
            minWrite = step.minWriteVersion;
        }
        if (minWrite > 0) {
            if (auto r = setMinWriteVersion(connection, format, minWrite); !r)
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
                         QStringLiteral("Upgrading the %1 left a broken reference in table %2; "
                                        "the %1 was left as it was.")
                             .arg(format.kind(), check->text(0)));
        }
        return commit ? transaction->commit() : transaction->rollback();
    }();
    (void)connection.exec("PRAGMA foreign_keys = ON");
    return result;
}

} // namespace quire::detail
