// AlbumListModel: what the sidebar shows for each catalog entry.

#include <quire/ui/albumlistmodel.h>

#include <QAbstractItemModelTester>
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
