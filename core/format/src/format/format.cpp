#include "quire/format.h"

#include "format/identity.h"
#include "format/schema_text.h"
#include "quire/connection.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace quire {

struct TenantFormat::Private {
    TenantFormatSpec spec;
    QList<QByteArray> fingerprints; // [i]: after steps[0..i]
};

namespace {

Error formatError(const QString &message)
{
    return Error(ErrorCode::InvalidArgument, {}, message);
}

// "DIR/FILE": relative, one folder deep, no "." or ".." parts, so the
// database and the engine's files stay inside the tenant folder.
Result<void> checkDatabasePath(const QString &path)
{
    const QStringList parts = path.split(QLatin1Char('/'));
    const bool plain = std::all_of(parts.begin(), parts.end(), [](const QString &part) {
        return !part.isEmpty() && part != QLatin1String(".") && part != QLatin1String("..")
            && !part.contains(QLatin1Char('\\'));
    });
    if (path.isEmpty() || path.startsWith(QLatin1Char('/')) || parts.size() != 2 || !plain) {
        return formatError(QStringLiteral("The database path '%1' must be a folder and a file inside "
                                          "the tenant folder, such as '.ledger/ledger.db' (relative, "
                                          "one folder deep, without '.' or '..').")
                               .arg(path));
    }
    return {};
}

bool isIdentifier(const QString &name)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return identifier.match(name).hasMatch() && !name.startsWith(QLatin1String("sqlite_"), Qt::CaseInsensitive);
}

} // namespace

TenantFormat::TenantFormat() = default;

Result<TenantFormat> TenantFormat::make(TenantFormatSpec spec)
{
    if (spec.applicationId == 0)
        return formatError(QStringLiteral("The format's application id must not be 0 (0 is every "
                                          "SQLite database that never set one)."));
    if (auto r = checkDatabasePath(spec.databasePath); !r)
        return r.error();
    if (spec.kind.trimmed().isEmpty())
        return formatError(QStringLiteral("The format needs the kind's name for messages (\"album\")."));
    if (spec.rowNoun.trimmed().isEmpty())
        spec.rowNoun = QStringLiteral("rows");
    if (!isIdentifier(spec.identityTable))
        return formatError(QStringLiteral("The identity table name '%1' is not a plain SQL identifier.")
                               .arg(spec.identityTable));
    if (spec.steps.isEmpty())
        return formatError(QStringLiteral("The format has no migration steps; step 1 makes its tables."));
    std::sort(spec.steps.begin(), spec.steps.end(),
              [](const MigrationStep &a, const MigrationStep &b) { return a.version < b.version; });
    for (qsizetype i = 0; i < spec.steps.size(); ++i) {
        MigrationStep &step = spec.steps[i];
        if (step.version != i + 1) {
            return formatError(QStringLiteral("The migration steps must be numbered 1, 2, 3, ... without "
                                              "gaps or repeats; step %1 is followed by %2.")
                                   .arg(i == 0 ? 0 : spec.steps[i - 1].version)
                                   .arg(step.version));
        }
        if (step.sql.trimmed().isEmpty() && !step.run)
            return formatError(QStringLiteral("Migration step %1 has neither SQL nor a C++ step.").arg(step.version));
        if (step.minWriteVersion == 0)
            step.minWriteVersion = step.version;
        if (step.minWriteVersion > step.version)
            return formatError(QStringLiteral("Migration step %1 declares a minimum write version above "
                                              "itself (%2).").arg(step.version).arg(step.minWriteVersion));
    }

    auto d = std::make_shared<Private>();
    d->spec = std::move(spec);

    // Run the steps once on an in-memory database to learn the exact schema
    // text each version leaves behind.
    ConnectionOptions memory;
    memory.create = true;
    memory.untrusted = false;
    memory.setJournalMode = false;
    memory.label = d->spec.kind;
    Result<std::unique_ptr<Connection>> db = Connection::open(QStringLiteral(":memory:"), memory);
    if (!db)
        return db.error();
    // A step that fails here fails on every tenant too (the migration
    // reports it when it runs); it and the steps after it get no
    // fingerprint, so no tenant can claim those versions.
    bool valid = true;
    for (const MigrationStep &step : std::as_const(d->spec.steps)) {
        for (const QByteArray &statement : statements(step.sql)) {
            if (valid && !(*db)->exec(statement))
                valid = false;
        }
        if (valid && step.run && !step.run(**db))
            valid = false;
        if (valid && step.version == 1 && !(*db)->exec(detail::identityTableSql(d->spec.identityTable)))
            valid = false;
        d->fingerprints.append(valid ? detail::schemaText((*db)->handle()) : QByteArray());
    }
    TenantFormat format;
    format.d = std::move(d);
    return format;
}

Result<QList<MigrationStep>> TenantFormat::stepsFromFolder(const QString &folder)
{
    static const QRegularExpression fileName(QStringLiteral("^(\\d+)_(.*)\\.sql$"));
    const QDir dir(folder);
    if (!dir.exists())
        return Error(ErrorCode::NotFound, {}, QStringLiteral("The migration folder %1 does not exist.").arg(folder));
    QList<MigrationStep> steps;
    for (const QString &entry : dir.entryList(QDir::Files, QDir::Name)) {
        const auto match = fileName.match(entry);
        if (!match.hasMatch())
            continue;
        QFile file(dir.filePath(entry));
        if (!file.open(QIODevice::ReadOnly))
            return Error(ErrorCode::Io, {}, QStringLiteral("The migration file %1 cannot be read.").arg(file.fileName()));
        MigrationStep step;
        step.version = match.captured(1).toInt();
        step.description = match.captured(2).replace(QLatin1Char('_'), QLatin1Char(' '));
        step.sql = file.readAll();
        steps.append(step);
    }
    if (steps.isEmpty())
        return formatError(QStringLiteral("The migration folder %1 holds no NNNN_description.sql files.").arg(folder));
    // Gaps and repeats are make()'s to refuse, for steps from anywhere.
    return steps;
}

qint32 TenantFormat::applicationId() const { return d ? d->spec.applicationId : 0; }
QString TenantFormat::databasePath() const { return d ? d->spec.databasePath : QString(); }
QString TenantFormat::controlFolder() const { return d ? d->spec.databasePath.section(QLatin1Char('/'), 0, 0) : QString(); }
QString TenantFormat::controlPath(const QString &folder, const QString &file) const
{
    const QString control = folder + QLatin1Char('/') + controlFolder();
    return file.isEmpty() ? control : control + QLatin1Char('/') + file;
}
QString TenantFormat::kind() const { return d ? d->spec.kind : QStringLiteral("tenant"); }
QString TenantFormat::kindWithArticle() const
{
    const QString k = kind();
    const bool vowel = !k.isEmpty() && QStringLiteral("aeiouAEIOU").contains(k.front());
    return (vowel ? QStringLiteral("an ") : QStringLiteral("a ")) + k;
}
QString TenantFormat::program() const { return d ? d->spec.program : QStringLiteral("Quire"); }
QString TenantFormat::rowNoun() const { return d ? d->spec.rowNoun : QStringLiteral("rows"); }
QString TenantFormat::identityTable() const { return d ? d->spec.identityTable : QString(); }
SchemaCheck TenantFormat::schemaCheck() const { return d ? d->spec.schemaCheck : SchemaCheck::Exact; }

int TenantFormat::latestVersion() const
{
    return !d || d->spec.steps.isEmpty() ? 0 : d->spec.steps.last().version;
}

const QList<MigrationStep> &TenantFormat::steps() const
{
    static const QList<MigrationStep> none;
    return d ? d->spec.steps : none;
}

QByteArray TenantFormat::fingerprint(int version) const
{
    if (!d || version < 1 || version > d->fingerprints.size())
        return {};
    return d->fingerprints[version - 1];
}

bool TenantFormat::acceptsSchema(const QByteArray &schema, int version) const
{
    const QByteArray expected = fingerprint(version);
    if (expected.isEmpty())
        return false;
    if (schema == expected)
        return true;
    if (schemaCheck() == SchemaCheck::Exact)
        return false;
    // One line per sqlite_schema row: every expected row must be there, and
    // what is added may only be a table or an index.
    const QList<QByteArray> have = schema.split('\n');
    const QSet<QByteArray> haveSet(have.begin(), have.end());
    const QList<QByteArray> want = expected.split('\n');
    const QSet<QByteArray> wantSet(want.begin(), want.end());
    for (const QByteArray &row : want) {
        if (!haveSet.contains(row))
            return false;
    }
    for (const QByteArray &row : have) {
        if (row.isEmpty() || wantSet.contains(row))
            continue;
        if (!row.startsWith("table\x1f") && !row.startsWith("index\x1f"))
            return false;
    }
    return true;
}

QList<QByteArray> TenantFormat::statements(const QByteArray &sql)
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
