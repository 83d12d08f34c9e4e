// AlbumListModel: what the sidebar shows for each catalog entry.

#include <quire/ui/albumlistmodel.h>
#include <quire/album.h>

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QIcon>
#include <QSignalSpy>
#include <QTest>

using quire::AlbumState;
using quire::CatalogEntry;
using quire::ui::AlbumListModel;

class tst_AlbumListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsFollowEntries();
    void rolesShowNameFolderAndState_data();
    void rolesShowNameFolderAndState();
    void statusLineShowsCountAndState_data();
    void statusLineShowsCountAndState();
    void busyAndCountChangesUpdateTheRow();
    void picturesDropOnlyOntoAnotherUsableAlbum();
    void passesModelTester();
};

static CatalogEntry entry(const QString &name, const QString &folder,
                          AlbumState state = AlbumState::Available)
{
    CatalogEntry e;
    e.uuid = QUuid::createUuid();
    e.name = name;
    e.folder = folder;
    e.state = state;
    e.lastSeen = QDateTime::currentDateTimeUtc();
    return e;
}

void tst_AlbumListModel::rowsFollowEntries()
{
    AlbumListModel model;
    QCOMPARE(model.rowCount(), 0);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

    const QList<CatalogEntry> entries{entry("Birthday", "/p/Birthday"), entry("Holiday", "/p/Holiday")};
    model.setEntries(entries);
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(entries.at(1).uuid), 1);
    QCOMPARE(model.rowOf(QUuid::createUuid()), -1);
    // A list has no children below its rows.
    QCOMPARE(model.rowCount(model.index(0)), 0);

    model.setEntries({});
    QCOMPARE(model.rowCount(), 0);
}

void tst_AlbumListModel::rolesShowNameFolderAndState_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("folder");
    QTest::addColumn<AlbumState>("state");
    QTest::addColumn<QString>("display");
    QTest::addColumn<QString>("stateName");

    QTest::newRow("available") << "Holiday 2024" << "/photos/Holiday 2024" << AlbumState::Available
                               << "Holiday 2024" << "available";
    QTest::newRow("missing") << "Holiday 2024" << "/photos/Holiday 2024" << AlbumState::Missing
                             << "Holiday 2024 (missing)" << "missing";
    QTest::newRow("read-only") << "Archive" << "/mnt/cd/Archive" << AlbumState::ReadOnly
                               << "Archive (read-only)" << "read-only";
    QTest::newRow("no name: folder name") << "" << "/photos/Unnamed" << AlbumState::Available
                                          << "Unnamed" << "available";
}

void tst_AlbumListModel::rolesShowNameFolderAndState()
{
    QFETCH(QString, name);
    QFETCH(QString, folder);
    QFETCH(AlbumState, state);
    QFETCH(QString, display);
    QFETCH(QString, stateName);

    AlbumListModel model;
    const CatalogEntry e = entry(name, folder, state);
    model.setEntries({e});
    const QModelIndex index = model.index(0);
    QCOMPARE(index.data(Qt::DisplayRole).toString(), display);
    QCOMPARE(index.data(AlbumListModel::NameRole).toString(), name);
    QCOMPARE(index.data(AlbumListModel::FolderRole).toString(), folder);
    QCOMPARE(index.data(AlbumListModel::StateRole).toString(), stateName);
    QCOMPARE(index.data(AlbumListModel::UuidRole).toUuid(), e.uuid);
    QVERIFY(!index.data(Qt::ToolTipRole).toString().isEmpty());
    QVERIFY(!index.data(Qt::DecorationRole).value<QIcon>().isNull());
}

void tst_AlbumListModel::statusLineShowsCountAndState_data()
{
    QTest::addColumn<AlbumState>("state");
    QTest::addColumn<int>("count"); // -1: not counted yet
    QTest::addColumn<bool>("open");
    QTest::addColumn<bool>("busy");
    QTest::addColumn<QString>("status");

    QTest::newRow("open") << AlbumState::Available << 12 << true << false << QStringLiteral("12 pictures \u00b7 open");
    QTest::newRow("one picture") << AlbumState::Available << 1 << true << false << QStringLiteral("1 picture \u00b7 open");
    QTest::newRow("closed") << AlbumState::Available << 0 << false << false << QStringLiteral("0 pictures \u00b7 closed");
    QTest::newRow("not counted yet") << AlbumState::Available << -1 << false << false << QStringLiteral("closed");
    QTest::newRow("busy") << AlbumState::Available << 3 << true << true << QStringLiteral("3 pictures \u00b7 busy");
    QTest::newRow("missing") << AlbumState::Missing << -1 << false << false << QStringLiteral("missing");
    QTest::newRow("damaged") << AlbumState::Damaged << -1 << false << false << QStringLiteral("damaged");
    QTest::newRow("locked") << AlbumState::Locked << -1 << false << false << QStringLiteral("locked");
    QTest::newRow("read-only") << AlbumState::ReadOnly << 5 << true << false << QStringLiteral("5 pictures \u00b7 read-only");
}

void tst_AlbumListModel::statusLineShowsCountAndState()
{
    QFETCH(AlbumState, state);
    QFETCH(int, count);
    QFETCH(bool, open);
    QFETCH(bool, busy);
    QFETCH(QString, status);
    AlbumListModel model;
    const CatalogEntry e = entry("Holiday", "/p/Holiday", state);
    model.setEntries({e});
    if (count >= 0)
        model.setPictureCount(e.uuid, count);
    model.setOpen(open ? QSet<QUuid>{e.uuid} : QSet<QUuid>{});
    model.setBusy(e.uuid, busy);
    const QModelIndex index = model.index(0);
    QCOMPARE(index.data(AlbumListModel::StatusRole).toString(), status);
    QCOMPARE(index.data(AlbumListModel::CountRole), count >= 0 ? QVariant(count) : QVariant());
    QCOMPARE(index.data(AlbumListModel::BusyRole).toBool(), busy);
    QCOMPARE(index.data(AlbumListModel::OpenRole).toBool(), open);
}

void tst_AlbumListModel::busyAndCountChangesUpdateTheRow()
{
    AlbumListModel model;
    const QList<CatalogEntry> entries{entry("A", "/a"), entry("B", "/b")};
    model.setEntries(entries);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setPictureCount(entries.at(1).uuid, 7);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.last().at(0).value<QModelIndex>().row(), 1);
    model.setPictureCount(entries.at(1).uuid, 7); // no change, no signal
    QCOMPARE(changed.count(), 1);
    model.setBusy(entries.at(0).uuid, true);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.last().at(0).value<QModelIndex>().row(), 0);
    QVERIFY(model.isBusy(entries.at(0).uuid));
    model.setBusy(entries.at(0).uuid, false);
    QVERIFY(!model.isBusy(entries.at(0).uuid));
    model.forgetPictureCount(entries.at(1).uuid);
    QVERIFY(!model.hasPictureCount(entries.at(1).uuid));
}

void tst_AlbumListModel::picturesDropOnlyOntoAnotherUsableAlbum()
{
    AlbumListModel model;
    const QList<CatalogEntry> entries{entry("Source", "/s"), entry("Target", "/t"),
                                      entry("Gone", "/g", AlbumState::Missing), entry("CD", "/cd", AlbumState::ReadOnly)};
    model.setEntries(entries);
    const QUuid picture = QUuid::createUuid();
    std::unique_ptr<QMimeData> data(quire::ui::encodePictureRefs({{entries.at(0).uuid, picture}}));
    QVERIFY(model.mimeTypes().contains(quire::ui::pictureMimeType()));
    QVERIFY(model.canDropMimeData(data.get(), Qt::MoveAction, -1, -1, model.index(1)));
    QVERIFY(model.canDropMimeData(data.get(), Qt::CopyAction, -1, -1, model.index(1)));
    QVERIFY(!model.canDropMimeData(data.get(), Qt::LinkAction, -1, -1, model.index(1)));
    QVERIFY(!model.canDropMimeData(data.get(), Qt::MoveAction, -1, -1, model.index(0))); // its own album
    QVERIFY(!model.canDropMimeData(data.get(), Qt::MoveAction, -1, -1, model.index(2))); // missing
    QVERIFY(!model.canDropMimeData(data.get(), Qt::MoveAction, -1, -1, model.index(3))); // read-only
    QVERIFY(!model.canDropMimeData(data.get(), Qt::MoveAction, 1, 0, {}));                // between rows

    QSignalSpy dropped(&model, &AlbumListModel::picturesDropped);
    QVERIFY(model.dropMimeData(data.get(), Qt::CopyAction, -1, -1, model.index(1)));
    QCOMPARE(dropped.count(), 1);
    QCOMPARE(dropped.at(0).at(0).toUuid(), entries.at(1).uuid);
    const auto refs = dropped.at(0).at(1).value<QList<quire::ui::PictureRef>>();
    QCOMPARE(refs.size(), 1);
    QCOMPARE(refs.first().picture, picture);
    QCOMPARE(dropped.at(0).at(2).value<Qt::DropAction>(), Qt::CopyAction);
    QVERIFY(!model.dropMimeData(data.get(), Qt::MoveAction, -1, -1, model.index(2)));
    QCOMPARE(dropped.count(), 1);
}

void tst_AlbumListModel::passesModelTester()
{
    AlbumListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntries({entry("A", "/a"), entry("B", "/b"), entry("C", "/c", AlbumState::Damaged)});
    model.setEntries({entry("D", "/d")});
    model.setEntries({});
}

QTEST_MAIN(tst_AlbumListModel)
#include "tst_albumlistmodel.moc"
