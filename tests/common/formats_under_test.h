#pragma once
// The formats the engine's suites run against: the photo album and a
// second program's format (customers with entries, customer_format.h), so
// that every engine capability a suite proves is proved for a schema that
// is not the album's too. A suite runs whole for each format by calling
// addFormatRows() from its initTestCase_data(); its test functions find
// theirs with formatUnderTest().

#include <quire/format.h>
#include <quire/registry.h>
#include <quire/session.h>

#include <QString>

#include <functional>
#include <memory>

namespace quire::test {

struct FormatUnderTest {
    QString name;          // "album", "customer": the data row's tag
    TenantFormat format;
    QString table;         // the table rowsSql counts ("pictures", "entries")
    // A registry of this format (or of `format`, a later version of it),
    // with the recovery a program of it runs (picture transfers for albums,
    // row transfers for customers).
    std::function<std::unique_ptr<Registry>(const TenantFormat &format, const QString &workspace,
                                            const RegistryOptions &)>
        makeRegistry;
    // Adds one row named `label` through the format's own API.
    std::function<Result<void>(Session &, const QString &label)> addRow;
    // Adds one row naming the file at `path` (relative to the tenant's
    // folder, already written, `size` bytes): a picture; an entry with
    // that receipt.
    std::function<Result<void>(Session &, const QString &path, qint64 size)> addFileRow;
    // Adds `count` rows with long text, in one transaction, so that the
    // table spans many pages (for damage and copy tests).
    std::function<Result<void>(Session &, int count)> fill;
    // One statement that writes a row, for a raw sqlite3 connection.
    QByteArray rawInsertSql;
    // Queries whose text together stands for every row the format keeps
    // (for "unchanged" and "copied whole" checks with rawQuery()).
    QStringList fingerprintSql;
    // An SQL expression over `table`: the label addRow() gave the row
    // (the album's picture path without ".jpg", the customer's memo).
    QString labelSql;
    // One statement that makes every row about 30 KB bigger (the album's
    // thumbnails, the customer's memos), so the database has many pages
    // to step through.
    QByteArray padSql;

    // SELECT count(*) of the format's rows, for rawQuery().
    QString countSql() const { return QStringLiteral("SELECT count(*) FROM ") + table; }
    // SELECT count(*) of the rows addRow() added with a label starting
    // with `prefix` (letters, digits and '/' only), for rawQuery().
    QString countLabelledSql(const QString &prefix) const
    {
        return QStringLiteral("SELECT count(*) FROM %1 WHERE substr(%2, 1, %3) = '%4'")
            .arg(table, labelSql)
            .arg(prefix.size())
            .arg(prefix);
    }
    std::unique_ptr<Registry> registry(const QString &workspace, const RegistryOptions &options = {}) const
    {
        return makeRegistry(format, workspace, options);
    }
    // This format with one more migration step: the next version.
    TenantFormat withStep(const MigrationStep &step) const;
    // The tenant's row count through a read session, -1 on an error.
    qint64 count(const Tenant &tenant) const;
    // The fingerprintSql answers for the tenant in `folder`, read raw.
    QString fingerprint(const QString &folder) const;
    // What quirectl needs to work on tenants of this format: nothing for
    // albums; for another format "--format FILE", the file and its
    // migration SQL written under `scratch` first.
    QStringList quirectlArguments(const QString &scratch) const;
};

const FormatUnderTest &albumUnderTest();
const FormatUnderTest &customerUnderTest();
const FormatUnderTest &formatNamed(const QString &name);
// For the tests' child processes: takes a leading "--format NAME" out of
// `args` (after the program name) and returns that format; the album's
// when there is none.
const FormatUnderTest &takeFormatArgument(QStringList &args);
// QTest::addColumn<QString>("format") and one row per format, for a
// suite's initTestCase_data() or a test function's _data() (which then
// finds its format with formatNamed()).
void addFormatRows();
// The format of the current global data row.
const FormatUnderTest &formatUnderTest();

} // namespace quire::test
