// Tagging many pictures at once, as a person does it: select pictures in
// the grid (or in search results from several albums), type a tag in the
// detail pane and press Enter, or pick a tag there and press Remove; every
// selected picture gets the change, saved in its own album; Ctrl+Z takes
// it back from exactly the pictures it changed, Ctrl+Shift+Z does it again.

#include <quire/album_registry.h>
#include <quire/pictures.h>
#include <quire/session.h>
#include <quire/tags.h>
#include <quire/ui/detailpane.h>
#include <quire/ui/mainwindow.h>
#include <quire/ui/picturegridmodel.h>
#include <quire/ui/picturegridview.h>
#include <quire/ui/searchpanel.h>

#include "uitest.h"

#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using quire::AlbumRegistry;
using quire::ui::MainWindow;

class tst_Tagging : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void enterTagsEverySelectedPictureAndUndoTakesItOffThoseOnly();
    void removeTakesTheTagOffTheSelectionAndUndoPutsItBack();
    void searchResultsFromTwoAlbumsAreTaggedInEach();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    // For each picture of the album (by path), whether it carries tag.
    QList<bool> carries(const QUuid &album, const QString &tag);
    void click(int row, Qt::KeyboardModifiers modifiers = {});
    void typeTag(const QString &tag);
    void pressOnGrid(Qt::Key key, Qt::KeyboardModifiers modifiers);
    bool waitIdle() { return quire::uitest::waitIdle(*m_window); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AlbumRegistry> m_registry;
    std::unique_ptr<MainWindow> m_window;
    QUuid m_holiday;
    QUuid m_family;
};

void tst_Tagging::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    quire::uitest::isolateSettings(path(QStringLiteral("settings")));
    m_registry = std::make_unique<AlbumRegistry>(path(QStringLiteral("workspace")));
    auto holiday = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Holiday")), QStringLiteral("Holiday"), 4,
                                            {QStringLiteral("Places/Beach")});
    QVERIFY2(holiday, qPrintable(holiday.error().toString()));
    m_holiday = holiday->uuid();
    auto family = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Family")), QStringLiteral("Family"), 2);
    QVERIFY2(family, qPrintable(family.error().toString()));
    m_family = family->uuid();
    m_window = std::make_unique<MainWindow>(*m_registry);
    QVERIFY(quire::uitest::showOnAlbum(*m_window, m_holiday, 4));
}

void tst_Tagging::cleanup()
{
    m_window.reset();
    m_registry.reset();
    m_dir.reset();
}

QList<bool> tst_Tagging::carries(const QUuid &album, const QString &tag)
{
    QList<bool> out;
    auto tenant = m_registry->resolve(album.toString(QUuid::WithoutBraces));
    auto session = tenant ? tenant->read() : quire::Result<quire::Session>(tenant.error());
    auto pictures = session ? quire::Pictures(*session).query() : quire::Result<QList<quire::Picture>>(session.error());
    if (!pictures)
        return {};
    std::sort(pictures->begin(), pictures->end(),
              [](const quire::Picture &a, const quire::Picture &b) { return a.path < b.path; });
    for (const quire::Picture &picture : std::as_const(*pictures)) {
        auto tags = quire::Tags(*session).of(picture.id);
        out.append(tags && std::any_of(tags->cbegin(), tags->cend(), [&](const quire::Tag &t) { return t.path == tag; }));
    }
    return out;
}

void tst_Tagging::click(int row, Qt::KeyboardModifiers modifiers)
{
    quire::ui::PictureGridView *grid = m_window->pictureView();
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, modifiers,
                      grid->visualRect(m_window->pictureModel()->index(row)).center());
}

void tst_Tagging::typeTag(const QString &tag)
{
    QLineEdit *edit = m_window->detailPane()->tagEdit();
    QTest::mouseClick(edit, Qt::LeftButton);
    QTest::keyClicks(edit, tag);
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(waitIdle());
}

void tst_Tagging::pressOnGrid(Qt::Key key, Qt::KeyboardModifiers modifiers)
{
    QTest::keyClick(m_window->pictureView(), key, modifiers);
    QVERIFY(waitIdle());
}

void tst_Tagging::enterTagsEverySelectedPictureAndUndoTakesItOffThoseOnly()
{
    // Row 0 has People/Ann already: the step must not take it off.
    click(0);
    QVERIFY(waitIdle());
    typeTag(QStringLiteral("People/Ann"));
    QCOMPARE(carries(m_holiday, QStringLiteral("People/Ann")), (QList<bool>{true, false, false, false}));

    click(2, Qt::ShiftModifier); // rows 0 to 2
    QVERIFY(waitIdle());
    QCOMPARE(m_window->detailPane()->tagEdit()->placeholderText(), QStringLiteral("Add a tag to the 3 selected pictures"));
    typeTag(QStringLiteral("People/Ann"));
    QCOMPARE(carries(m_holiday, QStringLiteral("People/Ann")), (QList<bool>{true, true, true, false}));
    QCOMPARE(m_window->undoStack()->undoText(), QStringLiteral("Tag 3 pictures with People/Ann"));
    QVERIFY(m_window->detailPane()->tags().contains(QStringLiteral("People/Ann"))); // the pane shows it

    pressOnGrid(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(carries(m_holiday, QStringLiteral("People/Ann")), (QList<bool>{true, false, false, false}));
    pressOnGrid(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(carries(m_holiday, QStringLiteral("People/Ann")), (QList<bool>{true, true, true, false}));
    // The first step too: undoing both leaves no picture with the tag.
    pressOnGrid(Qt::Key_Z, Qt::ControlModifier);
    pressOnGrid(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(carries(m_holiday, QStringLiteral("People/Ann")), (QList<bool>{false, false, false, false}));
    QCOMPARE(carries(m_holiday, QStringLiteral("Places/Beach")), (QList<bool>{true, true, true, true}));
}

void tst_Tagging::removeTakesTheTagOffTheSelectionAndUndoPutsItBack()
{
    click(1);
    click(3, Qt::ShiftModifier); // rows 1 to 3
    QVERIFY(waitIdle());
    auto *pane = m_window->detailPane();
    auto *list = pane->findChild<QListWidget *>(QStringLiteral("tagList"));
    QTRY_COMPARE(list->count(), 1);
    auto *remove = pane->findChild<QPushButton *>(QStringLiteral("removeTagButton"));
    QCOMPARE(remove->text(), QStringLiteral("Remove from all"));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(0)).center());
    QTest::mouseClick(remove, Qt::LeftButton);
    QVERIFY(waitIdle());
    QCOMPARE(carries(m_holiday, QStringLiteral("Places/Beach")), (QList<bool>{true, false, false, false}));
    QCOMPARE(m_window->undoStack()->undoText(), QStringLiteral("Remove Places/Beach from 3 pictures"));
    QTRY_COMPARE(list->count(), 0);
    pressOnGrid(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(carries(m_holiday, QStringLiteral("Places/Beach")), (QList<bool>{true, true, true, true}));
    QTRY_COMPARE(list->count(), 1);
}

void tst_Tagging::searchResultsFromTwoAlbumsAreTaggedInEach()
{
    QSignalSpy finished(m_window->searchPanel(), &quire::ui::SearchPanel::finished);
    QTest::keyClick(m_window->pictureView(), Qt::Key_F, Qt::ControlModifier);
    QLineEdit *field = m_window->searchPanel()->field();
    QTest::keyClicks(field, QStringLiteral("IMG"));
    QTest::keyClick(field, Qt::Key_Return);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 6);
    auto *results = m_window->searchPanel()->resultsView();
    QTest::mouseClick(results->viewport(), Qt::LeftButton, {},
                      results->visualRect(m_window->searchPanel()->results()->index(0)).center());
    QTest::keyClick(results, Qt::Key_A, Qt::ControlModifier);
    QCOMPARE(results->selectionModel()->selectedIndexes().size(), 6);
    QVERIFY(waitIdle());
    typeTag(QStringLiteral("Events/Trip"));
    QCOMPARE(carries(m_holiday, QStringLiteral("Events/Trip")), (QList<bool>{true, true, true, true}));
    QCOMPARE(carries(m_family, QStringLiteral("Events/Trip")), (QList<bool>{true, true}));
    QCOMPARE(m_window->undoStack()->undoText(), QStringLiteral("Tag 6 pictures with Events/Trip"));
    QTest::keyClick(results, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(waitIdle());
    QCOMPARE(carries(m_holiday, QStringLiteral("Events/Trip")), (QList<bool>{false, false, false, false}));
    QCOMPARE(carries(m_family, QStringLiteral("Events/Trip")), (QList<bool>{false, false}));
}

QTEST_MAIN(tst_Tagging)
#include "tst_tagging.moc"
