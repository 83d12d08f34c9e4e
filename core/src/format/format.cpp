#include "quire/format.h"

#include "format/schema_text.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <sqlite3.h>

#include <algorithm>

namespace quire {

struct AlbumFormat::Private {
    QList<MigrationStep> steps;
    QList<QByteArray> fingerprints; // [i]: after steps[0..i]
};

namespace {

// Quire's own steps, embedded from resources/schema: NNNN_description.sql.
QList<MigrationStep> embeddedSteps()
{
    static const QRegularExpression fileName(QStringLiteral("^(\\d+)_(.*)\\.sql$"));
    QList<MigrationStep> steps;
    const QDir dir(QStringLiteral(":/quire/schema"));
    for (const QString &entry : dir.entryList(QDir::Files, QDir::Name)) {
        const auto match = fileName.match(entry);
        if (!match.hasMatch())
            continue;
        QFile file(dir.filePath(entry));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("Quire: the embedded schema file %s cannot be read", qPrintable(entry));
        MigrationStep step;
        step.version = match.captured(1).toInt();
        step.description = match.captured(2).replace(QLatin1Char('_'), QLatin1Char(' '));
        step.sql = file.readAll();
        steps.append(step);
    }
    Q_ASSERT_X(!steps.isEmpty(), "AlbumFormat", "no schema embedded: is the resource linked?");
    return steps;
}

} // namespace

AlbumFormat::AlbumFormat(QList<MigrationStep> steps) : d(std::make_unique<Private>())
{
    std::sort(steps.begin(), steps.end(),
              [](const MigrationStep &a, const MigrationStep &b) { return a.version < b.version; });
    for (MigrationStep &step : steps) {
        if (step.minWriteVersion == 0)
            step.minWriteVersion = step.version;
    }
    d->steps = std::move(steps);

    // Run the steps once on an in-memory database to learn the exact schema
    // text each version leaves behind.
    sqlite3 *db = nullptr;
    sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    // A step that fails here fails on every album too (the migration
    // reports it); it and the steps after it get no fingerprint, so no album
    // can claim those versions.
    bool valid = true;
    for (const MigrationStep &step : std::as_const(d->steps)) {
        for (const QByteArray &statement : statements(step.sql)) {
            if (valid && sqlite3_exec(db, statement.constData(), nullptr, nullptr, nullptr) != SQLITE_OK)
                valid = false;
        }
        d->fingerprints.append(valid ? detail::schemaText(db) : QByteArray());
    }
    sqlite3_close(db);
}

AlbumFormat::~AlbumFormat() = default;

const AlbumFormat &AlbumFormat::current()
{
    // Immutable once built (a table of constants); C++ makes its
    // initialisation thread-safe.
    static const AlbumFormat format(embeddedSteps());
    return format;
}

int AlbumFormat::latestVersion() const
{
    return d->steps.isEmpty() ? 0 : d->steps.last().version;
}

const QList<MigrationStep> &AlbumFormat::steps() const
{
    return d->steps;
}

QByteArray AlbumFormat::fingerprint(int version) const
{
    for (qsizetype i = 0; i < d->steps.size(); ++i) {
        if (d->steps[i].version == version)
            return d->fingerprints[i];
    }
    return {};
}

QList<QByteArray> AlbumFormat::statements(const QByteArray &sql)
{
    QList<QByteArray> result;
    QByteArray current;
    for (const QByteArray &line : sql.split('\n')) {
        if (line.trimmed() == ";;") {
            if (!current.trimmed().isEmpty())
                result.append(current);
            current.clear();
            continue;
        }
        current += line;
        current += '\n';
    }
    if (!current.trimmed().isEmpty())
        result.append(current);
    return result;
}

} // namespace quire
