// Rating many pictures at once, as a person does it: select pictures in
// the grid, press 0 to 5; each picture's rating is saved in its album and
// shown; Ctrl+Z puts back each picture's own rating, as one step named
// for what it undoes; in the viewer the key rates the picture shown; the
// same keys typed into a text field are text.

#include <quire/album_registry.h>
#include <quire/pictures.h>
#include <quire/session.h>
#include <quire/ui/detailpane.h>
#include <quire/ui/mainwindow.h>
#include <quire/ui/picturegridmodel.h>
#include <quire/ui/picturegridview.h>
#include <quire/ui/pictureviewer.h>
#include <quire/ui/searchpanel.h>

#include "uitest.h"

#include <QComboBox>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using quire::AlbumRegistry;
using quire::ui::MainWindow;

class tst_Ratings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void keysRateTheSelectionAndUndoPutsEachBack();
    void theViewerRatesThePictureShown();
    void digitsTypedInTheSearchFieldAreText();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    // The saved ratings of the grid's rows, read from the album.
    QList<int> savedRatings();
    QList<int> shownRatings() const;
    void click(int row, Qt::KeyboardModifiers modifiers = {});
    bool waitIdle() { return quire::uitest::waitIdle(*m_window); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AlbumRegistry> m_registry;
    std::unique_ptr<MainWindow> m_window;
    QUuid m_album;
};

void tst_Ratings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    quire::uitest::isolateSettings(path(QStringLiteral("settings")));
    m_registry = std::make_unique<AlbumRegistry>(path(QStringLiteral("workspace")));
    auto album = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Holiday")), QStringLiteral("Holiday"), 5);
    QVERIFY2(album, qPrintable(album.error().toString()));
    m_album = album->uuid();
    m_window = std::make_unique<MainWindow>(*m_registry);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->selectAlbum(m_album);
    QVERIFY(waitIdle());
    QTRY_COMPARE(m_window->pictureModel()->rowCount(), 5);
}

void tst_Ratings::cleanup()
{
    m_window.reset();
    m_registry.reset();
    m_dir.reset();
}

QList<int> tst_Ratings::savedRatings()
{
    QList<int> ratings;
    auto album = m_registry->resolve(m_album.toString(QUuid::WithoutBraces));
    auto session = album ? album->read() : quire::Result<quire::Session>(album.error());
    if (!session)
        return {-1};
    for (int row = 0; row < m_window->pictureModel()->rowCount(); ++row) {
        auto picture = quire::Pictures(*session).byId(m_window->pictureModel()->item(row).picture.id);
        ratings.append(picture && *picture ? (*picture)->rating : -1);
    }
    return ratings;
}

QList<int> tst_Ratings::shownRatings() const
{
    QList<int> ratings;
    for (int row = 0; row < m_window->pictureModel()->rowCount(); ++row)
        ratings.append(m_window->pictureModel()->item(row).picture.rating);
    return ratings;
}

void tst_Ratings::click(int row, Qt::KeyboardModifiers modifiers)
{
    quire::ui::PictureGridView *grid = m_window->pictureView();
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, modifiers,
                      grid->visualRect(m_window->pictureModel()->index(row)).center());
}

void tst_Ratings::keysRateTheSelectionAndUndoPutsEachBack()
{
    quire::ui::PictureGridView *grid = m_window->pictureView();
    click(2);
    QVERIFY(waitIdle()); // the detail pane has read the picture
    QTest::keyClick(grid, Qt::Key_5);
    QVERIFY(waitIdle());
    QCOMPARE(savedRatings(), (QList<int>{0, 0, 5, 0, 0}));
    QCOMPARE(m_window->detailPane()->ratingBox()->currentIndex(), 5); // the pane shows the picture rated

    click(0);
    click(2, Qt::ControlModifier);
    click(3, Qt::ControlModifier);
    QTest::keyClick(grid, Qt::Key_3);
    QVERIFY(waitIdle());
    QCOMPARE(savedRatings(), (QList<int>{3, 0, 3, 3, 0}));
    QCOMPARE(shownRatings(), savedRatings());
    QCOMPARE(m_window->undoStack()->undoText(), QStringLiteral("Rate 3 pictures \u2605\u2605\u2605"));

    // Ctrl+Z: each picture gets its own rating back, the 5 too.
    QTest::keyClick(grid, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(waitIdle());
    QCOMPARE(savedRatings(), (QList<int>{0, 0, 5, 0, 0}));
    QCOMPARE(shownRatings(), savedRatings());
    QCOMPARE(m_window->undoStack()->undoText(), QStringLiteral("Rate 1 picture \u2605\u2605\u2605\u2605\u2605"));
    // Ctrl+Shift+Z rates the three again, and Ctrl+Z undoes that again.
    QTest::keyClick(grid, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(waitIdle());
    QCOMPARE(savedRatings(), (QList<int>{3, 0, 3, 3, 0}));
    QCOMPARE(shownRatings(), savedRatings());
    QTest::keyClick(grid, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(waitIdle());
    QCOMPARE(savedRatings(), (QList<int>{0, 0, 5, 0, 0}));
    QTest::keyClick(grid, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(waitIdle());
    QCOMPARE(savedRatings(), (QList<int>{0, 0, 0, 0, 0}));

    // 0 takes the rating away; pictures rated so already are not a change.
    click(1);
    QTest::keyClick(grid, Qt::Key_2);
    QVERIFY(waitIdle());
    QTest::keyClick(grid, Qt::Key_0);
    QVERIFY(waitIdle());
    QCOMPARE(savedRatings(), (QList<int>{0, 0, 0, 0, 0}));
    QCOMPARE(m_window->undoStack()->undoText(), QStringLiteral("Rate 1 picture no rating"));
    const int steps = m_window->undoStack()->count();
    QTest::keyClick(grid, Qt::Key_0);
    QVERIFY(waitIdle());
    QCOMPARE(m_window->undoStack()->count(), steps);
}

void tst_Ratings::theViewerRatesThePictureShown()
{
    quire::ui::PictureGridView *grid = m_window->pictureView();
    click(0);
    click(4, Qt::ShiftModifier); // all five selected; the viewer shows one
    QCOMPARE(grid->selectionModel()->selectedIndexes().size(), 5);
    QTest::keyClick(grid, Qt::Key_Return);
    QCOMPARE(m_window->viewer()->current(), 4);
    QTest::keyClick(m_window->viewer(), Qt::Key_Left);
    QTest::keyClick(m_window->viewer(), Qt::Key_4);
    QVERIFY(waitIdle());
    QCOMPARE(savedRatings(), (QList<int>{0, 0, 0, 4, 0}));
}

void tst_Ratings::digitsTypedInTheSearchFieldAreText()
{
    click(1);
    QLineEdit *field = m_window->searchPanel()->field();
    field->setFocus();
    QTest::keyClicks(field, QStringLiteral("2024"));
    QCOMPARE(field->text(), QStringLiteral("2024"));
    QVERIFY(waitIdle());
    QCOMPARE(savedRatings(), (QList<int>{0, 0, 0, 0, 0}));
}

QTEST_MAIN(tst_Ratings)
#include "tst_ratings.moc"
