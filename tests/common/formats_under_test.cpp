#include "formats_under_test.h"

#include "customer_format.h"

#include <quire/album.h>
#include <quire/album_registry.h>
#include <quire/pictures.h>
#include <quire/tags.h>
#include <quire/transaction.h>
#include <quire/row_transfer.h>

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUuid>

namespace quire::test {

qint64 FormatUnderTest::count(const Tenant &tenant) const
{
    Result<Session> session = tenant.read();
    if (!session)
        return -1;
    Result<Rows> rows = session->query(countSql().toUtf8());
    if (!rows || rows->isEmpty())
        return -1;
    return rows->values.first().first().toLongLong();
}

QString FormatUnderTest::fingerprint(const QString &folder) const
{
    const QString database = Tenant::databasePathFor(folder, format);
    QStringList answers;
    for (const QString &sql : fingerprintSql)
        answers.append(rawQuery(database, sql));
    return answers.join(QLatin1Char('#'));
}

QStringList FormatUnderTest::quirectlArguments(const QString &scratch) const
{
    if (format == albumUnderTest().format)
        return {};
    const QString folder = QDir(scratch).filePath(name + QStringLiteral("-format"));
    QDir().mkpath(folder + QStringLiteral("/migrations"));
    for (const MigrationStep &step : format.steps()) {
        const QString file = QStringLiteral("%1/migrations/%2_%3.sql")
                                 .arg(folder)
                                 .arg(step.version, 4, 10, QLatin1Char('0'))
                                 .arg(QString(step.description).replace(QLatin1Char(' '), QLatin1Char('_')));
        if (!writeFile(file, step.sql))
            qFatal("cannot write %s", qPrintable(file));
    }
    const QJsonObject description{{QStringLiteral("application_id"), double(quint32(format.applicationId()))},
                                  {QStringLiteral("database"), format.databasePath()},
                                  {QStringLiteral("migrations"), QStringLiteral("migrations")},
                                  {QStringLiteral("kind"), format.kind()},
                                  {QStringLiteral("program"), format.program()},
                                  {QStringLiteral("rows"), format.rowNoun()}};
    const QString file = folder + QStringLiteral("/format.json");
    if (!writeFile(file, QJsonDocument(description).toJson()))
        qFatal("cannot write %s", qPrintable(file));
    return {QStringLiteral("--format"), file};
}

TenantFormat FormatUnderTest::withStep(const MigrationStep &step) const
{
    TenantFormatSpec spec;
    spec.applicationId = format.applicationId();
    spec.databasePath = format.databasePath();
    spec.kind = format.kind();
    spec.program = format.program();
    spec.rowNoun = format.rowNoun();
    spec.steps = format.steps();
    spec.steps.append(step);
    spec.schemaCheck = format.schemaCheck();
    spec.identityTable = format.identityTable();
    Result<TenantFormat> next = TenantFormat::make(spec);
    if (!next)
        qFatal("the next version of %s is refused: %s", qPrintable(name), qPrintable(next.error().message()));
    return *next;
}

const FormatUnderTest &albumUnderTest()
{
    static const FormatUnderTest album = [] {
        FormatUnderTest f;
        f.name = QStringLiteral("album");
        f.format = albumFormat();
        f.table = QStringLiteral("pictures");
        f.makeRegistry = [](const TenantFormat &format, const QString &workspace,
                            const RegistryOptions &options) -> std::unique_ptr<Registry> {
            return std::make_unique<AlbumRegistry>(format, workspace, options);
        };
        f.addRow = [](Session &session, const QString &label) -> Result<void> {
            Picture p;
            p.path = label + QStringLiteral(".jpg");
            return Pictures(session).add(p);
        };
        f.addFileRow = [](Session &session, const QString &path, qint64 size) -> Result<void> {
            Picture p;
            p.path = path;
            p.fileSize = size;
            return Pictures(session).add(p);
        };
        f.fill = [](Session &session, int count) -> Result<void> {
            Result<Tag> tag = Tags(session).ensure(QStringLiteral("People/Ann"));
            if (!tag)
                return tag.error();
            QList<Picture> pictures;
            for (int i = 0; i < count; ++i) {
                Picture p;
                p.path = QStringLiteral("2024/holiday/day %1/IMG_%2_with_a_long_descriptive_name.jpg")
                             .arg(i / 20)
                             .arg(i, 5, 10, QLatin1Char('0'));
                p.tagIds = {tag->id};
                pictures.append(p);
            }
            return Pictures(session).add(pictures);
        };
        f.rawInsertSql = "INSERT INTO tags (name) VALUES ('raw')";
        f.labelSql = QStringLiteral("substr(path, 1, length(path) - 4)");
        f.padSql = "INSERT INTO thumbnails (picture_id, width, height, format, data) "
                   "SELECT id, 4, 3, 'jpeg', randomblob(30000) FROM pictures";
        f.fingerprintSql = {
            QStringLiteral("SELECT uuid || '|' || path || '|' || file_size || '|' || rating FROM pictures ORDER BY path"),
            QStringLiteral("SELECT p.path || '>' || t.name FROM picture_tags pt JOIN pictures p ON p.id = pt.picture_id "
                           "JOIN tags t ON t.id = pt.tag_id ORDER BY 1")};
        return f;
    }();
    return album;
}

const FormatUnderTest &customerUnderTest()
{
    static const FormatUnderTest customer = [] {
        FormatUnderTest f;
        f.name = QStringLiteral("customer");
        f.format = customerFormat();
        f.table = QStringLiteral("entries");
        f.makeRegistry = [](const TenantFormat &format, const QString &workspace,
                            const RegistryOptions &options) -> std::unique_ptr<Registry> {
            return std::make_unique<Registry>(format, workspace, withRowTransfers(options, {entriesMover()}));
        };
        f.addRow = [](Session &session, const QString &label) -> Result<void> {
            return addEntry(session, qint64(label.size()) * 100, label);
        };
        f.addFileRow = [](Session &session, const QString &path, qint64 size) -> Result<void> {
            return addEntry(session, size, QStringLiteral("receipt"), path);
        };
        f.fill = [](Session &session, int count) -> Result<void> {
            Result<Transaction> transaction = session.transaction();
            if (!transaction)
                return transaction.error();
            for (int i = 0; i < count; ++i) {
                Result<void> added =
                    addEntry(session, qint64(i) * 125,
                             QStringLiteral("invoice %1 for the spring delivery of long descriptive goods").arg(i));
                if (!added)
                    return added;
            }
            return transaction->commit();
        };
        f.rawInsertSql = "INSERT INTO entries (uuid, cents, memo) VALUES ('raw', 1, 'raw')";
        f.labelSql = QStringLiteral("memo");
        f.padSql = "UPDATE entries SET memo = memo || ' ' || hex(randomblob(15000))";
        f.fingerprintSql = {QStringLiteral("SELECT uuid || '|' || cents || '|' || memo || '|' || ifnull(receipt, '') "
                                           "FROM entries ORDER BY uuid")};
        return f;
    }();
    return customer;
}

void addFormatRows()
{
    QTest::addColumn<QString>("format");
    for (const FormatUnderTest *f : {&albumUnderTest(), &customerUnderTest()})
        QTest::newRow(qPrintable(f->name)) << f->name;
}

const FormatUnderTest &formatNamed(const QString &name)
{
    for (const FormatUnderTest *f : {&albumUnderTest(), &customerUnderTest()}) {
        if (f->name == name)
            return *f;
    }
    qFatal("no format under test is named '%s'", qPrintable(name));
}

const FormatUnderTest &takeFormatArgument(QStringList &args)
{
    if (args.size() > 2 && args.at(1) == QLatin1String("--format")) {
        const QString name = args.at(2);
        args.remove(1, 2);
        return formatNamed(name);
    }
    return albumUnderTest();
}

const FormatUnderTest &formatUnderTest()
{
    QFETCH_GLOBAL(QString, format);
    return formatNamed(format);
}

} // namespace quire::test
