// The search bar: Ctrl+F, words and filters, run across every album off the
// GUI thread, results in a grid naming each picture's album.

#include <quire/album_registry.h>
#include <quire/pictures.h>
#include <quire/session.h>
#include <quire/search.h>
#include <quire/workspace_index.h>
#include <quire/ui/detailpane.h>
#include <quire/ui/indexkeeper.h>
#include <quire/ui/mainwindow.h>
#include <quire/ui/picturegridmodel.h>
#include <quire/ui/picturegridview.h>
#include <quire/ui/searchpanel.h>

#include "uitest.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

using quire::AlbumRegistry;
using quire::Registry;
using quire::Result;
using quire::ui::MainWindow;
using quire::ui::PictureGridModel;
using quire::ui::SearchPanel;

class tst_SearchPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void parseReadsWordsAndFilters();
    void ctrlFThenEnterSearchesEveryAlbum();
    void tagFilterFindsPicturesInSeveralAlbums();
    void typedWordsFindTagsAtEveryLevelAndAlbumNames();
    void albumFilterLimitsTheAlbums();
    void labelAndPickFiltersFindThoseAndAMisspeltOneIsSaid();
    void missingAlbumIsNamedAndTheOthersStillFound();
    void resultShowsInTheDetailPaneAndBackReturns();
    void newSearchReplacesARunningOne();
    void typingSearchesTheIndexWithoutEnter();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    void openWindow();
    QStringList resultAlbums() const;
    bool searchFor(const QString &text);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<MainWindow> m_window;
};

void tst_SearchPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    quire::uitest::isolateSettings(path(QStringLiteral("settings")));
    m_registry = std::make_unique<AlbumRegistry>(path(QStringLiteral("workspace")));
}

void tst_SearchPanel::cleanup()
{
    m_window.reset();
    m_registry.reset();
    m_dir.reset();
}

void tst_SearchPanel::openWindow()
{
    QVERIFY(quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Holiday")), QStringLiteral("Holiday"), 4,
                                     {QStringLiteral("Places/Beach")}).ok());
    QVERIFY(quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Family")), QStringLiteral("Family"), 3,
                                     {QStringLiteral("People/Ann"), QStringLiteral("Places/Beach")}).ok());
    QVERIFY(quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Work")), QStringLiteral("Work"), 2).ok());
    m_window = std::make_unique<MainWindow>(*m_registry);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QVERIFY(quire::uitest::waitIdle(*m_window));
}

QStringList tst_SearchPanel::resultAlbums() const
{
    QStringList albums;
    const PictureGridModel *results = m_window->searchPanel()->results();
    for (int row = 0; row < results->rowCount(); ++row)
        albums.append(results->index(row).data(PictureGridModel::AlbumNameRole).toString());
    albums.removeDuplicates();
    albums.sort();
    return albums;
}

bool tst_SearchPanel::searchFor(const QString &text)
{
    QSignalSpy finished(m_window->searchPanel(), &SearchPanel::finished);
    QLineEdit *field = m_window->searchPanel()->field();
    QTest::keyClick(m_window->albumView(), Qt::Key_F, Qt::ControlModifier);
    if (!field->hasFocus())
        return false;
    field->clear();
    QTest::keyClicks(field, text);
    QTest::keyClick(field, Qt::Key_Return);
    return QTest::qWaitFor([&] { return finished.count() == 1; }, 30000);
}

void tst_SearchPanel::parseReadsWordsAndFilters()
{
    QStringList albums;
    const quire::SearchQuery query =
        SearchPanel::parse(QStringLiteral("  sunset tag:Places/Beach  rating:3 album:Hol tag:People/Ann dog"), &albums);
    QCOMPARE(query.words, (QStringList{QStringLiteral("sunset"), QStringLiteral("dog")}));
    QVERIFY(query.text.isEmpty()); // each word on its own, not the line as one text
    QCOMPARE(query.allTags, (QStringList{QStringLiteral("Places/Beach"), QStringLiteral("People/Ann")}));
    QCOMPARE(query.minRating.value_or(-1), 3);
    QCOMPARE(albums, QStringList{QStringLiteral("Hol")});
    QVERIFY(!SearchPanel::parse(QStringLiteral("rating:x")).minRating.has_value());

    QStringList problems;
    quire::SearchQuery labelled = SearchPanel::parse(QStringLiteral("label:Red pick:rejected sea"), nullptr, &problems);
    QCOMPARE(labelled.colourLabel, std::optional(quire::ColourLabel::Red));
    QCOMPARE(labelled.pick, std::optional(quire::PickState::Rejected));
    QCOMPARE(labelled.words, QStringList{QStringLiteral("sea")});
    QVERIFY(problems.isEmpty());
    labelled = SearchPanel::parse(QStringLiteral("label:none pick:none"), nullptr, &problems);
    QCOMPARE(labelled.colourLabel, std::optional(quire::ColourLabel::None));
    QCOMPARE(labelled.pick, std::optional(quire::PickState::None));
    QVERIFY(problems.isEmpty());
    SearchPanel::parse(QStringLiteral("label:pink pick:maybe"), nullptr, &problems);
    QCOMPARE(problems.size(), 2);
    QVERIFY2(problems.at(0).contains(QStringLiteral("\"pink\" is not a colour label")), qPrintable(problems.at(0)));
    QVERIFY2(problems.at(1).contains(QStringLiteral("\"maybe\" is not a pick state")), qPrintable(problems.at(1)));
}

void tst_SearchPanel::ctrlFThenEnterSearchesEveryAlbum()
{
    openWindow();
    QVERIFY(searchFor(QStringLiteral("IMG_0000")));
    auto *pages = m_window->findChild<QStackedWidget *>();
    QCOMPARE(pages->currentWidget(), m_window->searchPanel());
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 9);
    QCOMPARE(resultAlbums(), (QStringList{QStringLiteral("Family"), QStringLiteral("Holiday"), QStringLiteral("Work")}));
    // Each result names its album, under the file name.
    const QString text = m_window->searchPanel()->results()->index(0).data(Qt::DisplayRole).toString();
    QVERIFY2(text.contains(QLatin1Char('\n')), qPrintable(text));
    QCOMPARE(m_window->searchPanel()->summary(), QStringLiteral("9 pictures found in 3 albums."));
    // Newest first: the album made with the latest dates leads.
    const QDateTime first = m_window->searchPanel()->results()->item(0).picture.takenAt;
    const QDateTime last = m_window->searchPanel()->results()->item(8).picture.takenAt;
    QVERIFY(first >= last);
}

void tst_SearchPanel::tagFilterFindsPicturesInSeveralAlbums()
{
    openWindow();
    QVERIFY(searchFor(QStringLiteral("tag:Places/Beach")));
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 7);
    QCOMPARE(resultAlbums(), (QStringList{QStringLiteral("Family"), QStringLiteral("Holiday")}));
    QVERIFY(searchFor(QStringLiteral("tag:Places/Beach tag:People/Ann")));
    QCOMPARE(resultAlbums(), QStringList{QStringLiteral("Family")});
    QVERIFY(searchFor(QStringLiteral("nothing-like-this")));
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 0);
    QCOMPARE(m_window->searchPanel()->summary(), QStringLiteral("No pictures found."));
}

// What a person types first: a word, not tag: syntax. Typed key by key
// into the real field; the workspace has no index, so this is the fan-out.
void tst_SearchPanel::typedWordsFindTagsAtEveryLevelAndAlbumNames()
{
    openWindow();
    for (const QString &word : {QStringLiteral("beach"), QStringLiteral("bea"), QStringLiteral("BEACH"),
                                QStringLiteral("places")}) {
        QVERIFY(searchFor(word));
        QCOMPARE(m_window->searchPanel()->results()->rowCount(), 7);
        QCOMPARE(resultAlbums(), (QStringList{QStringLiteral("Family"), QStringLiteral("Holiday")}));
    }
    QVERIFY(searchFor(QStringLiteral("ann")));
    QCOMPARE(resultAlbums(), QStringList{QStringLiteral("Family")});
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 3);
    // Every word required; an album's name is a word of its pictures.
    QVERIFY(searchFor(QStringLiteral("beach holiday")));
    QCOMPARE(resultAlbums(), QStringList{QStringLiteral("Holiday")});
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 4);
    QVERIFY(searchFor(QStringLiteral("beach work")));
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 0);
}

void tst_SearchPanel::albumFilterLimitsTheAlbums()
{
    openWindow();
    QVERIFY(searchFor(QStringLiteral("album:work")));
    QCOMPARE(resultAlbums(), QStringList{QStringLiteral("Work")});
    QVERIFY(searchFor(QStringLiteral("album:nowhere")));
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 0);
    QVERIFY2(m_window->searchPanel()->summary().contains(QStringLiteral("nowhere")),
             qPrintable(m_window->searchPanel()->summary()));
}

// Labels and picks set in two albums, found together by one search; a
// misspelt label searches nothing and says which word is wrong.
void tst_SearchPanel::labelAndPickFiltersFindThoseAndAMisspeltOneIsSaid()
{
    openWindow();
    for (const QString &name : {QStringLiteral("Holiday"), QStringLiteral("Family")}) {
        Result<quire::Tenant> album = m_registry->resolve(path(name));
        QVERIFY2(album, qPrintable(album.error().toString()));
        Result<quire::Session> session = album->write();
        QVERIFY2(session, qPrintable(session.error().toString()));
        quire::Pictures pictures(*session);
        Result<QList<quire::Picture>> all = pictures.query();
        QVERIFY2(all, qPrintable(all.error().toString()));
        QVERIFY(pictures.setColourLabel({all->at(0).id, all->at(1).id}, quire::ColourLabel::Red).ok());
        QVERIFY(pictures.setPick({all->at(1).id}, quire::PickState::Picked).ok());
    }
    QVERIFY(searchFor(QStringLiteral("label:red")));
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 4);
    QCOMPARE(resultAlbums(), (QStringList{QStringLiteral("Family"), QStringLiteral("Holiday")}));
    QVERIFY(searchFor(QStringLiteral("label:red pick:picked")));
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 2);
    QVERIFY(searchFor(QStringLiteral("pick:none album:work")));
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 2);

    QVERIFY(searchFor(QStringLiteral("label:pink")));
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 0);
    QVERIFY2(m_window->searchPanel()->summary().contains(QStringLiteral("\"pink\" is not a colour label")),
             qPrintable(m_window->searchPanel()->summary()));
}

void tst_SearchPanel::missingAlbumIsNamedAndTheOthersStillFound()
{
    openWindow();
    // The Work album's folder disappears behind the window's back.
    const QString work = path(QStringLiteral("Work"));
    QVERIFY(m_registry->close(m_registry->resolve(work)->uuid()).ok());
    QVERIFY(QDir(work).removeRecursively());
    QVERIFY(searchFor(QStringLiteral("IMG")));
    QCOMPARE(resultAlbums(), (QStringList{QStringLiteral("Family"), QStringLiteral("Holiday")}));
    QVERIFY2(m_window->searchPanel()->summary().contains(QStringLiteral("1 album could not be searched")),
             qPrintable(m_window->searchPanel()->summary()));
}

void tst_SearchPanel::resultShowsInTheDetailPaneAndBackReturns()
{
    openWindow();
    QVERIFY(searchFor(QStringLiteral("tag:People/Ann")));
    const PictureGridModel *results = m_window->searchPanel()->results();
    QCOMPARE(results->rowCount(), 3);
    m_window->searchPanel()->resultsView()->setCurrentIndex(results->index(1));
    QTRY_VERIFY(m_window->detailPane()->hasPicture());
    QCOMPARE(m_window->detailPane()->picture().uuid, results->item(1).picture.uuid);
    QTRY_COMPARE(m_window->detailPane()->tags(), (QStringList{QStringLiteral("People/Ann"), QStringLiteral("Places/Beach")}));
    QTest::mouseClick(m_window->searchPanel()->findChild<QPushButton *>(QStringLiteral("searchBackButton")), Qt::LeftButton);
    auto *pages = m_window->findChild<QStackedWidget *>();
    QVERIFY(pages->currentWidget() != m_window->searchPanel());
}

void tst_SearchPanel::newSearchReplacesARunningOne()
{
    openWindow();
    QSignalSpy finished(m_window->searchPanel(), &SearchPanel::finished);
    m_window->search(QStringLiteral("tag:Places/Beach"));
    m_window->search(QStringLiteral("album:Work"));
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->searchPanel()->isRunning() && finished.count() >= 1, 30000);
    QTest::qWait(50); // nothing more arrives from the first search
    QCOMPARE(finished.count(), 1);
    QCOMPARE(resultAlbums(), QStringList{QStringLiteral("Work")});
}

// What a person does: types "bea", pauses, types "ch"; no Enter. The app
// keeps a workspace index, built off the GUI thread with its progress in
// the status bar, and each pause is answered from it.
void tst_SearchPanel::typingSearchesTheIndexWithoutEnter()
{
    openWindow();
    QVERIFY(!quire::WorkspaceIndex::existsFor(*m_registry));
    m_window->keepWorkspaceIndex();
    QSignalSpy progress(m_window->indexKeeper(), &quire::ui::IndexKeeper::progress);
    QVERIFY(quire::uitest::waitIdle(*m_window));
    QVERIFY(quire::WorkspaceIndex::existsFor(*m_registry));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toInt(), 3); // every album indexed
    QCOMPARE(progress.last().at(1).toInt(), 3);
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("indexStatus"))->isHidden());

    QSignalSpy finished(m_window->searchPanel(), &SearchPanel::finished);
    QLineEdit *field = m_window->searchPanel()->field();
    QTest::keyClick(m_window->albumView(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(field->hasFocus());
    for (const QString &typed : {QStringLiteral("bea"), QStringLiteral("ch")}) {
        finished.clear();
        QTest::keyClicks(field, typed);
        QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 30000));
        const auto result = finished.last().at(0).value<quire::SearchResult>();
        QVERIFY2(result.fromIndex, qPrintable(result.indexNote));
        QCOMPARE(m_window->searchPanel()->results()->rowCount(), 7);
        QCOMPARE(resultAlbums(), (QStringList{QStringLiteral("Family"), QStringLiteral("Holiday")}));
        auto *pages = m_window->findChild<QStackedWidget *>();
        QCOMPARE(pages->currentWidget(), m_window->searchPanel());
    }
    QCOMPARE(field->text(), QStringLiteral("beach"));
    QCOMPARE(m_window->searchPanel()->summary(), QStringLiteral("7 pictures found in 2 albums."));
}

QTEST_MAIN(tst_SearchPanel)
#include "tst_searchpanel.moc"
