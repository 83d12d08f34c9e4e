// Rows of a program's own format moved and copied between tenants
// (quire/row_transfer.h): all or none, with their files, refused with
// nothing changed for every bad input, and finished or undone after a
// SIGKILL at every step boundary.

#include "customer_format.h"
#include "testsupport.h"

#include <quire/registry.h>
#include <quire/row_transfer.h>
#include <quire/session.h>

#include <QDir>
#include <QDirIterator>
#include <QMap>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace quire;
using quire::test::customerFormat;
using quire::test::entriesMover;

namespace {

struct Entry {
    qint64 cents = 0;
    QString memo;
    QString receipt;
    bool operator==(const Entry &) const = default;
};

// uuid -> entry, as a person reading the customer's books would see them.
QHash<QString, Entry> entriesOf(const Tenant &tenant)
{
    QHash<QString, Entry> result;
    Result<Session> session = tenant.read();
    if (!session)
        return result;
    Result<Rows> rows = session->query("SELECT uuid, cents, memo, receipt FROM entries");
    if (!rows)
        return result;
    for (const QVariantList &row : std::as_const(rows->values))
        result.insert(row[0].toString(), {row[1].toLongLong(), row[2].toString(), row[3].toString()});
    return result;
}

// What the engine keeps while a transfer is unfinished, in one line.
QString leftovers(const Tenant &tenant)
{
    Result<Session> session = tenant.read();
    if (!session)
        return session.error().toString();
    Result<Rows> rows = session->query(
        "SELECT (SELECT count(*) FROM quire_row_transfers_out), (SELECT count(*) FROM quire_row_transfers_in),"
        " (SELECT count(*) FROM quire_identity WHERE key = 'transfers')");
    if (!rows)
        return rows.error().toString();
    const QVariantList &v = rows->values.first();
    return QStringLiteral("%1/%2/%3").arg(v[0].toInt()).arg(v[1].toInt()).arg(v[2].toInt());
}

QByteArray receiptBytes(int i)
{
    return QByteArrayLiteral("%PDF-1.4 receipt ") + QByteArray::number(i) + QByteArray(4096 + i, 'r');
}

class Books
{
public:
    explicit Books(const QString &root, const RegistryOptions &options = withRowTransfers({}, {entriesMover()}))
        : registry(customerFormat(), root + QStringLiteral("/ws"), options)
    {
    }
    Registry registry;
};

// Adds n entries; every even one has a receipt file receipts/r<i>.pdf.
QStringList addEntries(const Tenant &tenant, int n)
{
    QStringList uuids;
    Result<Session> writer = tenant.write();
    if (!writer)
        return uuids;
    for (int i = 0; i < n; ++i) {
        const QString uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QString receipt;
        if (i % 2 == 0) {
            receipt = QStringLiteral("receipts/r%1.pdf").arg(i);
            if (!quire::test::writeFile(QDir(tenant.folder()).filePath(receipt), receiptBytes(i)))
                return {};
        }
        if (!quire::test::addEntry(*writer, 100 * (i + 1), QStringLiteral("invoice %1").arg(i), receipt, uuid))
            return {};
        uuids.append(uuid);
    }
    return uuids;
}

RowTransfer transferOf(const Tenant &source, const QStringList &uuids)
{
    RowTransfer t;
    t.mover = QStringLiteral("entries");
    const QHash<QString, Entry> all = entriesOf(source);
    for (const QString &uuid : uuids) {
        t.keys.append(uuid);
        if (!all.value(uuid).receipt.isEmpty())
            t.files.append(all.value(uuid).receipt);
    }
    return t;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestRowTransfer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString path(const QString &name) const { return m_tmp->filePath(name); }

    // Every file in the tenant folder but the control folder, with its
    // bytes; links are listed, not followed.
    static QMap<QString, QByteArray> filesOf(const Tenant &tenant)
    {
        QMap<QString, QByteArray> files;
        QDirIterator it(tenant.folder(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            const QString relative = QDir(tenant.folder()).relativeFilePath(file);
            if (relative.startsWith(tenant.format().controlFolder() + u'/'))
                continue;
            files.insert(relative, it.fileInfo().isSymLink() ? "link to " + it.fileInfo().symLinkTarget().toUtf8()
                                                              : readFile(file));
        }
        return files;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
    }

    void moveCarriesRowsAndReceipts()
    {
        Books books(m_tmp->path());
        Result<Tenant> a = books.registry.create(path(QStringLiteral("Ann")), QStringLiteral("Ann"));
        Result<Tenant> b = books.registry.create(path(QStringLiteral("Bob")), QStringLiteral("Bob"));
        QVERIFY(a && b);
        const QStringList uuids = addEntries(*a, 6);
        QCOMPARE(uuids.size(), 6);
        const QHash<QString, Entry> before = entriesOf(*a);
        const QStringList moved = {uuids[0], uuids[1], uuids[2]}; // receipts r0 and r2
        Result<RowTransferReport> report =
            moveRows(books.registry, *a, *b, entriesMover(), transferOf(*a, moved));
        QVERIFY2(report, qPrintable(report.error().toString()));
        QCOMPARE(report->rows, 3);
        QCOMPARE(report->files, 2);

        const QHash<QString, Entry> inA = entriesOf(*a), inB = entriesOf(*b);
        QCOMPARE(inA.size(), 3);
        QCOMPARE(inB.size(), 3);
        for (const QString &uuid : moved) {
            QVERIFY(!inA.contains(uuid));
            QCOMPARE(inB.value(uuid), before.value(uuid)); // same UUID, amount, memo, receipt
        }
        for (int i : {0, 2}) {
            const QString receipt = QStringLiteral("receipts/r%1.pdf").arg(i);
            QVERIFY(!QFileInfo::exists(QDir(a->folder()).filePath(receipt)));
            QCOMPARE(readFile(QDir(b->folder()).filePath(receipt)), receiptBytes(i));
        }
        QVERIFY(QFileInfo::exists(QDir(a->folder()).filePath(QStringLiteral("receipts/r4.pdf"))));
        QCOMPARE(leftovers(*a), QStringLiteral("0/0/0"));
        QCOMPARE(leftovers(*b), QStringLiteral("0/0/0"));
    }

    void copyKeepsTheSourceAndGivesNewEntries()
    {
        Books books(m_tmp->path());
        Result<Tenant> a = books.registry.create(path(QStringLiteral("Ann")), QStringLiteral("Ann"));
        Result<Tenant> b = books.registry.create(path(QStringLiteral("Bob")), QStringLiteral("Bob"));
        QVERIFY(a && b);
        const QStringList uuids = addEntries(*a, 4);
        const QHash<QString, Entry> before = entriesOf(*a);
        Result<RowTransferReport> report = copyRows(books.registry, *a, *b, entriesMover(), transferOf(*a, uuids));
        QVERIFY2(report, qPrintable(report.error().toString()));
        QCOMPARE(entriesOf(*a), before);
        const QHash<QString, Entry> inB = entriesOf(*b);
        QCOMPARE(inB.size(), 4);
        QList<Entry> copied = inB.values(), original = before.values();
        auto byCents = [](const Entry &x, const Entry &y) { return x.cents < y.cents; };
        std::sort(copied.begin(), copied.end(), byCents);
        std::sort(original.begin(), original.end(), byCents);
        QCOMPARE(copied, original);
        for (const QString &uuid : uuids)
            QVERIFY(!inB.contains(uuid)); // new identities
        for (int i : {0, 2}) {
            const QString receipt = QStringLiteral("receipts/r%1.pdf").arg(i);
            QCOMPARE(readFile(QDir(a->folder()).filePath(receipt)), receiptBytes(i));
            QCOMPARE(readFile(QDir(b->folder()).filePath(receipt)), receiptBytes(i));
        }
    }

    void refusedWithNothingChanged_data()
    {
        QTest::addColumn<QString>("bad");
        QTest::addColumn<QString>("expected"); // in the message
        QTest::newRow("same tenant") << "same" << "the same";
        QTest::newRow("no rows") << "nokeys" << "no rows were named";
        QTest::newRow("unknown entry: the mover's insert fails") << "unknown" << "No entry";
        QTest::newRow("file path leaving the folder") << "dotdot" << "not a path inside the customer folder";
        QTest::newRow("absolute file path") << "absolute" << "not a path inside the customer folder";
        QTest::newRow("file in the control folder") << "control" << "not a path inside the customer folder";
        QTest::newRow("file that is a link to elsewhere") << "link" << "a link leading elsewhere";
        QTest::newRow("missing file") << "missing" << "not a plain file";
        QTest::newRow("file already in the destination") << "taken" << "is never overwritten";
        QTest::newRow("destination folder is a link out") << "linkedfolder" << "a link leading out";
        QTest::newRow("mover without remove") << "noremove" << "remove function";
        QTest::newRow("renamed to a path leaving the folder") << "renameout" << "not a path inside the customer folder";
        QTest::newRow("renamed onto a file already there") << "renametaken" << "is never overwritten";
        QTest::newRow("two files renamed to one name") << "renametwice" << "would both become";
        QTest::newRow("renames a file not in the transfer") << "renamestray" << "not one of its files";
        QTest::newRow("key of a kind that cannot be recorded") << "mapkey" << "cannot be recorded";
        QTest::newRow("empty composite key") << "emptykey" << "cannot be recorded";
    }

    void refusedWithNothingChanged()
    {
        QFETCH(QString, bad);
        QFETCH(QString, expected);
        Books books(m_tmp->path());
        Result<Tenant> a = books.registry.create(path(QStringLiteral("Ann")), QStringLiteral("Ann"));
        Result<Tenant> b = books.registry.create(path(QStringLiteral("Bob")), QStringLiteral("Bob"));
        QVERIFY(a && b);
        const QStringList uuids = addEntries(*a, 4);
        addEntries(*b, 1); // Bob has r0.pdf of his own
        QVERIFY(QFile::remove(QDir(b->folder()).filePath(QStringLiteral("receipts/r0.pdf"))));
        RowTransfer transfer = transferOf(*a, {uuids[0], uuids[1], uuids[2]});
        RowMover mover = entriesMover();
        Tenant destination = *b;
        const QString outside = path(QStringLiteral("outside"));
        QVERIFY(QDir().mkpath(outside));
        if (bad == QLatin1String("same"))
            destination = *a;
        else if (bad == QLatin1String("nokeys"))
            transfer.keys.clear();
        else if (bad == QLatin1String("unknown"))
            transfer.keys.append(QUuid::createUuid().toString(QUuid::WithoutBraces));
        else if (bad == QLatin1String("dotdot"))
            transfer.files.append(QStringLiteral("../Bob/receipts/r0.pdf"));
        else if (bad == QLatin1String("absolute"))
            transfer.files.append(QDir(a->folder()).filePath(QStringLiteral("receipts/r0.pdf")));
        else if (bad == QLatin1String("control"))
            transfer.files.append(QStringLiteral(".books/books.db"));
        else if (bad == QLatin1String("link")) {
            QVERIFY(quire::test::writeFile(outside + QStringLiteral("/secret.txt"), "not the customer's"));
            QVERIFY(QFile::link(outside + QStringLiteral("/secret.txt"),
                                QDir(a->folder()).filePath(QStringLiteral("receipts/secret.pdf"))));
            transfer.files.append(QStringLiteral("receipts/secret.pdf"));
        } else if (bad == QLatin1String("missing"))
            transfer.files.append(QStringLiteral("receipts/nothing.pdf"));
        else if (bad == QLatin1String("taken"))
            QVERIFY(quire::test::writeFile(QDir(b->folder()).filePath(QStringLiteral("receipts/r2.pdf")), "Bob's own"));
        else if (bad == QLatin1String("linkedfolder")) {
            QVERIFY(QDir(b->folder()).rmdir(QStringLiteral("receipts")));
            QVERIFY(QFile::link(outside, QDir(b->folder()).filePath(QStringLiteral("receipts"))));
        } else if (bad == QLatin1String("noremove"))
            mover.remove = nullptr;
        else if (bad == QLatin1String("renameout"))
            transfer.renamedTo.insert(QStringLiteral("receipts/r0.pdf"), QStringLiteral("../r0.pdf"));
        else if (bad == QLatin1String("renametaken")) {
            QVERIFY(quire::test::writeFile(QDir(b->folder()).filePath(QStringLiteral("receipts/mine.pdf")), "Bob's"));
            transfer.renamedTo.insert(QStringLiteral("receipts/r0.pdf"), QStringLiteral("receipts/mine.pdf"));
        } else if (bad == QLatin1String("renametwice")) {
            transfer.renamedTo.insert(QStringLiteral("receipts/r0.pdf"), QStringLiteral("receipts/both.pdf"));
            transfer.renamedTo.insert(QStringLiteral("receipts/r2.pdf"), QStringLiteral("receipts/both.pdf"));
        } else if (bad == QLatin1String("renamestray"))
            transfer.renamedTo.insert(QStringLiteral("receipts/r1.pdf"), QStringLiteral("receipts/x.pdf"));
        else if (bad == QLatin1String("mapkey"))
            transfer.keys.append(QVariantMap{{QStringLiteral("uuid"), uuids[3]}});
        else if (bad == QLatin1String("emptykey"))
            transfer.keys.append(QVariant(QVariantList()));
        const QHash<QString, Entry> beforeA = entriesOf(*a), beforeB = entriesOf(*b);
        const QMap<QString, QByteArray> filesA = filesOf(*a), filesB = filesOf(*b);
        QVERIFY(filesA.contains(QStringLiteral("receipts/r0.pdf")));

        Result<RowTransferReport> report = moveRows(books.registry, *a, destination, mover, transfer);
        QVERIFY(!report);
        const QString message = report.error().toString();
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(message.contains(a->folder()), qPrintable(message)); // names the tenant
        // Nothing changed: rows, files (no partial copy left), engine
        // records, and nothing written outside either folder.
        QCOMPARE(entriesOf(*a), beforeA);
        QCOMPARE(entriesOf(*b), beforeB);
        QCOMPARE(filesOf(*a), filesA);
        QCOMPARE(filesOf(*b), filesB);
        QCOMPARE(leftovers(*a), QStringLiteral("0/0/0"));
        QCOMPARE(leftovers(*b), QStringLiteral("0/0/0"));
        QCOMPARE(QDir(outside).entryList(QDir::Files | QDir::Hidden),
                 bad == QLatin1String("link") ? QStringList{QStringLiteral("secret.txt")} : QStringList());
    }

    // A program that never overwrites picks free names in the destination:
    // the files arrive under them, and its composite keys tell its insert
    // which name each row now has.
    void renamedFilesArriveUnderTheirNewNames()
    {
        RowMover mover;
        mover.name = QStringLiteral("renaming entries");
        mover.insert = [](Session &source, Session &destination, const QVariantList &keys, RowTransferKind) -> Result<void> {
            for (const QVariant &key : keys) {
                const QVariantList parts = key.toList(); // [uuid, receipt in the destination]
                Result<Rows> row = source.query("SELECT cents, memo FROM entries WHERE uuid = ?1", {parts.value(0)});
                if (!row || row->isEmpty())
                    return source.error(ErrorCode::NotFound, QStringLiteral("No entry %1.").arg(parts.value(0).toString()));
                Result<qint64> inserted = destination.exec(
                    "INSERT INTO entries (uuid, cents, memo, receipt) VALUES (?1, ?2, ?3, ?4)",
                    {parts.value(0), row->values[0][0], row->values[0][1], parts.value(1)});
                if (!inserted)
                    return inserted.error();
            }
            return {};
        };
        mover.remove = [](Session &source, const QVariantList &keys) -> Result<void> {
            for (const QVariant &key : keys) {
                if (auto r = source.exec("DELETE FROM entries WHERE uuid = ?1", {key.toList().value(0)}); !r)
                    return r.error();
            }
            return {};
        };
        Books books(m_tmp->path(), withRowTransfers({}, {mover}));
        Result<Tenant> a = books.registry.create(path(QStringLiteral("Ann")), QStringLiteral("Ann"));
        Result<Tenant> b = books.registry.create(path(QStringLiteral("Bob")), QStringLiteral("Bob"));
        QVERIFY(a && b);
        const QStringList uuids = addEntries(*a, 3); // receipts r0 and r2
        QVERIFY(quire::test::writeFile(QDir(b->folder()).filePath(QStringLiteral("receipts/r0.pdf")), "Bob's own"));
        RowTransfer transfer;
        transfer.mover = mover.name;
        transfer.keys = {QVariantList{uuids[0], QStringLiteral("receipts/r0 (2).pdf")},
                         QVariantList{uuids[2], QStringLiteral("receipts/r2.pdf")}};
        transfer.files = {QStringLiteral("receipts/r0.pdf"), QStringLiteral("receipts/r2.pdf")};
        transfer.renamedTo.insert(QStringLiteral("receipts/r0.pdf"), QStringLiteral("receipts/r0 (2).pdf"));
        Result<RowTransferReport> report = moveRows(books.registry, *a, *b, mover, transfer);
        QVERIFY2(report, qPrintable(report.error().toString()));
        QCOMPARE(report->files, 2);

        const QHash<QString, Entry> inB = entriesOf(*b);
        QCOMPARE(inB.value(uuids[0]).receipt, QStringLiteral("receipts/r0 (2).pdf"));
        QCOMPARE(inB.value(uuids[2]).receipt, QStringLiteral("receipts/r2.pdf"));
        QCOMPARE(entriesOf(*a).keys(), QStringList{uuids[1]});
        const QMap<QString, QByteArray> files = filesOf(*b);
        QCOMPARE(files.value(QStringLiteral("receipts/r0.pdf")), QByteArray("Bob's own"));
        QCOMPARE(files.value(QStringLiteral("receipts/r0 (2).pdf")), receiptBytes(0));
        QCOMPARE(files.value(QStringLiteral("receipts/r2.pdf")), receiptBytes(2));
        QVERIFY(filesOf(*a).isEmpty());
        QCOMPARE(leftovers(*a), QStringLiteral("0/0/0"));
        QCOMPARE(leftovers(*b), QStringLiteral("0/0/0"));
    }

    // A crash left a transfer of an entry unfinished (its record is in the
    // source, its recovery not yet run): a new transfer of that entry is
    // refused, so recovery finds the entry where the record says; other
    // entries move meanwhile, and once recovery has undone it, it moves too.
    void aRowInAnUnfinishedTransferStaysPut()
    {
        Books books(m_tmp->path());
        Result<Tenant> a = books.registry.create(path(QStringLiteral("Ann")), QStringLiteral("Ann"));
        Result<Tenant> b = books.registry.create(path(QStringLiteral("Bob")), QStringLiteral("Bob"));
        QVERIFY(a && b);
        const QStringList uuids = addEntries(*a, 2); // r0 only
        {
            Result<Session> writer = a->write();
            QVERIFY(writer);
            QVERIFY(writer->exec("INSERT INTO quire_row_transfers_out (id, mover, kind, destination_uuid,"
                                 " destination_folder, state, keys, files, created_at)"
                                 " VALUES (?1, 'entries', 'move', ?2, ?3, 'prepared', ?4, '[\"receipts/r0.pdf\"]', 0)",
                                 {QUuid::createUuid().toString(QUuid::WithoutBraces),
                                  b->uuid().toString(QUuid::WithoutBraces), b->folder(),
                                  QStringLiteral("[\"%1\"]").arg(uuids[0])}));
            QVERIFY(writer->exec("INSERT OR IGNORE INTO quire_identity (key, value) VALUES ('transfers', 1)"));
        }
        Result<RowTransferReport> refused = moveRows(books.registry, *a, *b, entriesMover(), transferOf(*a, {uuids[0]}));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code(), ErrorCode::Busy);
        QVERIFY2(refused.error().message().contains(uuids[0]) && refused.error().message().contains("another transfer"),
                 qPrintable(refused.error().toString()));
        QCOMPARE(entriesOf(*a).size(), 2);
        QVERIFY(QFileInfo::exists(QDir(a->folder()).filePath(QStringLiteral("receipts/r0.pdf"))));

        QVERIFY(moveRows(books.registry, *a, *b, entriesMover(), transferOf(*a, {uuids[1]})));
        Result<RowRecoveryReport> recovered = recoverRowTransfers(books.registry, {entriesMover()});
        QVERIFY(recovered);
        QCOMPARE(recovered->entries.size(), 1);
        QCOMPARE(recovered->entries.first().outcome, RowRecoveryReport::Outcome::Undone);
        QCOMPARE(recovered->entries.first().rows, 1);
        Result<RowTransferReport> moved = moveRows(books.registry, *a, *b, entriesMover(), transferOf(*a, {uuids[0]}));
        QVERIFY2(moved, qPrintable(moved.error().toString()));
        QCOMPARE(entriesOf(*b).size(), 2);
        QVERIFY(entriesOf(*a).isEmpty());
        QCOMPARE(readFile(QDir(b->folder()).filePath(QStringLiteral("receipts/r0.pdf"))), receiptBytes(0));
        QCOMPARE(leftovers(*a), QStringLiteral("0/0/0"));
    }

    void aFormatWithoutTheTablesIsToldWhatToAdd()
    {
        RegistryOptions options;
        Registry registry(customerFormat(false), path(QStringLiteral("ws")), options);
        Result<Tenant> a = registry.create(path(QStringLiteral("Ann")), QStringLiteral("Ann"));
        Result<Tenant> b = registry.create(path(QStringLiteral("Bob")), QStringLiteral("Bob"));
        QVERIFY(a && b);
        const QStringList uuids = addEntries(*a, 2);
        Result<RowTransferReport> report = moveRows(registry, *a, *b, entriesMover(), transferOf(*a, uuids));
        QVERIFY(!report);
        QCOMPARE(report.error().code(), ErrorCode::InvalidArgument);
        const QString message = report.error().toString();
        QVERIFY2(message.contains(QStringLiteral("rowTransferSchema()")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("customer")), qPrintable(message));
        QCOMPARE(entriesOf(*a).size(), 2);
        QCOMPARE(entriesOf(*b).size(), 0);
    }

    void aRecordNamingAPathOutsideIsNeverActedOn()
    {
        // A database edited by another program records a transfer whose
        // file leads out of the folder: recovery leaves it and says so, and
        // still undoes a genuine transfer a crash left beside it.
        QStringList uuids;
        QString victim = path(QStringLiteral("victim.txt"));
        QVERIFY(quire::test::writeFile(victim, "keep me"));
        {
            Books books(m_tmp->path(), RegistryOptions());
            Result<Tenant> a = books.registry.create(path(QStringLiteral("Ann")));
            Result<Tenant> b = books.registry.create(path(QStringLiteral("Bob")));
            QVERIFY(a && b);
            uuids = addEntries(*a, 2); // r0
            Result<Session> w = a->write();
            QVERIFY(w);
            QVERIFY(w->exec("INSERT INTO quire_row_transfers_out VALUES (?1, 'entries', 'move', ?2, ?3, 'removed',"
                            " ?4, '[\"../victim.txt\"]', 0)",
                            {QUuid::createUuid().toString(QUuid::WithoutBraces), b->uuid().toString(QUuid::WithoutBraces),
                             b->folder(), QStringLiteral("[\"%1\"]").arg(uuids[0])}));
            // Prepared, its receipt already placed in Bob's folder, its rows not.
            QVERIFY(w->exec("INSERT INTO quire_row_transfers_out VALUES (?1, 'entries', 'move', ?2, ?3, 'prepared',"
                            " ?4, '[\"receipts/r0.pdf\"]', 1)",
                            {QUuid::createUuid().toString(QUuid::WithoutBraces), b->uuid().toString(QUuid::WithoutBraces),
                             b->folder(), QStringLiteral("[\"%1\"]").arg(uuids[0])}));
            QVERIFY(w->exec("INSERT INTO quire_identity (key, value) VALUES ('transfers', 1)"));
            QVERIFY(QDir(b->folder()).mkpath(QStringLiteral("receipts")));
            QVERIFY(QFile::copy(QDir(a->folder()).filePath(QStringLiteral("receipts/r0.pdf")),
                                QDir(b->folder()).filePath(QStringLiteral("receipts/r0.pdf"))));
        }
        Books books(m_tmp->path(), RegistryOptions());
        Result<RowRecoveryReport> report = recoverRowTransfers(books.registry, {entriesMover()});
        QVERIFY(report);
        QCOMPARE(report->problems.size(), 1);
        QVERIFY2(report->problems.first().toString().contains(QStringLiteral("did not write")),
                 qPrintable(report->problems.first().toString()));
        QCOMPARE(report->problems.first().kind(), QStringLiteral("customer"));
        QCOMPARE(readFile(victim), QByteArray("keep me"));
        QCOMPARE(report->entries.size(), 1);
        QCOMPARE(report->entries.first().outcome, RowRecoveryReport::Outcome::Undone);
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("Bob/receipts/r0.pdf"))));
        Result<Tenant> a = books.registry.open(path(QStringLiteral("Ann")));
        QVERIFY(a);
        QCOMPARE(entriesOf(*a).size(), 2);
        QCOMPARE(leftovers(*a), QStringLiteral("1/0/1")); // the forged record, left for a person to look at
    }

    void transferSurvivesKillAtEveryStep_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("minimumPoints");
        QTest::newRow("move") << QStringLiteral("move") << 20;
        QTest::newRow("copy") << QStringLiteral("copy") << 12;
    }

    void transferSurvivesKillAtEveryStep()
    {
        QFETCH(QString, kind);
        QFETCH(int, minimumPoints);
        const bool move = kind == QLatin1String("move");
        constexpr int Entries = 6;
        int killed = 0;
        int interrupted = 0;
        for (int n = 1;; ++n) {
            QTemporaryDir dir;
            const QString root = dir.path();
            const QString annFolder = dir.filePath(QStringLiteral("Ann"));
            const QString bobFolder = dir.filePath(QStringLiteral("Bob"));
            QStringList uuids;
            QHash<QString, Entry> before;
            QStringList arguments{kind, root + QStringLiteral("/ws"), annFolder, bobFolder};
            {
                Books setup(root);
                Result<Tenant> a = setup.registry.create(annFolder);
                Result<Tenant> b = setup.registry.create(bobFolder);
                QVERIFY(a && b);
                uuids = addEntries(*a, Entries);
                QCOMPARE(uuids.size(), Entries);
                before = entriesOf(*a);
                for (const QString &uuid : std::as_const(uuids)) {
                    const QString receipt = before.value(uuid).receipt;
                    arguments.append(receipt.isEmpty() ? uuid : uuid + u':' + receipt);
                }
            }
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("QUIRE_CRASH_AT"), QString::number(n));
            child.setProcessEnvironment(env);
            child.start(QStringLiteral(ROW_TRANSFER_CHILD_PATH), arguments);
            QVERIFY(child.waitForFinished(60000));
            const bool completed = child.exitStatus() == QProcess::NormalExit;
            if (completed)
                QVERIFY2(child.exitCode() == 0, child.readAllStandardError().constData());
            else
                ++killed;

            // Recovery three ways: opening the destination first, the source
            // first, or recoverRowTransfers before either.
            const int way = n % 3;
            Books books(root);
            if (way == 2) {
                Result<RowRecoveryReport> report = recoverRowTransfers(books.registry, {entriesMover()});
                QVERIFY(report);
                QVERIFY(report->problems.isEmpty());
                for (const RowRecoveryReport::Entry &e : std::as_const(report->entries))
                    QVERIFY2(e.outcome != RowRecoveryReport::Outcome::Pending, qPrintable(e.message));
                if (!report->entries.isEmpty())
                    ++interrupted;
            }
            Result<Tenant> b = way == 0 ? books.registry.open(bobFolder) : Result<Tenant>(Tenant());
            Result<Tenant> a = books.registry.open(annFolder);
            if (way != 0)
                b = books.registry.open(bobFolder);
            QVERIFY2(a && b, qPrintable((a ? b : a).error().toString()));

            const QHash<QString, Entry> inA = entriesOf(*a), inB = entriesOf(*b);
            const bool arrived = !inB.isEmpty();
            if (move) {
                // Every entry exactly once, all on one side, its receipt with it.
                QCOMPARE(inA.size() + inB.size(), Entries);
                QVERIFY2(inA.isEmpty() || inB.isEmpty(), qPrintable(QString::number(n)));
                const QHash<QString, Entry> &holder = arrived ? inB : inA;
                const Tenant &holderTenant = arrived ? *b : *a;
                const Tenant &other = arrived ? *a : *b;
                QCOMPARE(holder, before);
                for (const Entry &e : before) {
                    if (e.receipt.isEmpty())
                        continue;
                    QVERIFY2(QFileInfo::exists(QDir(holderTenant.folder()).filePath(e.receipt)),
                             qPrintable(QStringLiteral("n=%1 %2").arg(n).arg(e.receipt)));
                    QVERIFY2(!QFileInfo::exists(QDir(other.folder()).filePath(e.receipt)),
                             qPrintable(QStringLiteral("n=%1 %2 left behind").arg(n).arg(e.receipt)));
                }
            } else {
                QCOMPARE(inA, before);
                QVERIFY(inB.isEmpty() || inB.size() == Entries);
                for (const Entry &e : before) {
                    if (e.receipt.isEmpty())
                        continue;
                    QVERIFY(QFileInfo::exists(QDir(a->folder()).filePath(e.receipt)));
                    QVERIFY2(QFileInfo::exists(QDir(b->folder()).filePath(e.receipt)) == arrived,
                             qPrintable(QStringLiteral("n=%1 %2").arg(n).arg(e.receipt)));
                }
            }
            QCOMPARE(leftovers(*a), QStringLiteral("0/0/0"));
            QCOMPARE(leftovers(*b), QStringLiteral("0/0/0"));
            const QStringList partials = QDir(bobFolder + QStringLiteral("/receipts"))
                                             .entryList({QStringLiteral("*.quire-partial-*")}, QDir::Files);
            QVERIFY2(partials.isEmpty(), qPrintable(partials.join(u' ')));
            if (completed)
                break;
        }
        QVERIFY2(killed >= minimumPoints, qPrintable(QStringLiteral("only %1 crash points").arg(killed)));
        QVERIFY(interrupted > 0);
    }
};

QTEST_GUILESS_MAIN(TestRowTransfer)
#include "tst_row_transfer.moc"
