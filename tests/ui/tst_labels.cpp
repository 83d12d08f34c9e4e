// Colour labels and picks, as a person sets them: select pictures in the
// grid, press 6 to 9 for red, yellow, green, blue (the same key again on
// pictures that all carry it takes it off), P to pick, X to reject, U to
// unflag; each picture's marks are saved in its album and shown in the
// detail pane; Ctrl+Z puts back each picture's own marks as one step and
// Ctrl+Shift+Z sets them again; in
// the viewer the key marks the picture shown; the same letters typed into
// a text field are text. The title field titles the selection the same way.

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

#include <QLabel>

#include <functional>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using quire::AlbumRegistry;
using quire::ColourLabel;
using quire::PickState;
using quire::ui::MainWindow;

class tst_Labels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void keysLabelTheSelectionAndTheSameKeyTakesItOff();
    void pickRejectUnflagAndUndoPutsEachBack();
    void theViewerMarksThePictureShown();
    void lettersTypedInTheSearchFieldAreText();
    void titleFieldTitlesTheSelectionAndUndoPutsEachBack();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    // The saved marks of the grid's rows, read from the album: "red",
    // "none", ... and "picked", "rejected", "none".
    // One field of each grid row's picture, as saved in the album.
    QStringList saved(const std::function<QString(const quire::Picture &)> &field);
    QStringList savedLabels();
    QStringList savedPicks();
    QStringList savedTitles();
    QString shownMarks() const;
    void click(int row, Qt::KeyboardModifiers modifiers = {});
    void press(Qt::Key key, Qt::KeyboardModifiers modifiers = {});
    bool waitIdle() { return quire::uitest::waitIdle(*m_window); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AlbumRegistry> m_registry;
    std::unique_ptr<MainWindow> m_window;
    QUuid m_album;
};

void tst_Labels::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    quire::uitest::isolateSettings(path(QStringLiteral("settings")));
    m_registry = std::make_unique<AlbumRegistry>(path(QStringLiteral("workspace")));
    auto album = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Holiday")), QStringLiteral("Holiday"), 4);
    QVERIFY2(album, qPrintable(album.error().toString()));
    m_album = album->uuid();
    m_window = std::make_unique<MainWindow>(*m_registry);
    QVERIFY(quire::uitest::showOnAlbum(*m_window, m_album, 4));
}

void tst_Labels::cleanup()
{
    m_window.reset();
    m_registry.reset();
    m_dir.reset();
}

QStringList tst_Labels::saved(const std::function<QString(const quire::Picture &)> &field)
{
    QStringList values;
    auto album = m_registry->resolve(m_album.toString(QUuid::WithoutBraces));
    auto session = album ? album->read() : quire::Result<quire::Session>(album.error());
    for (int row = 0; session && row < m_window->pictureModel()->rowCount(); ++row) {
        auto picture = quire::Pictures(*session).byId(m_window->pictureModel()->item(row).picture.id);
        values.append(picture && *picture ? field(**picture) : QStringLiteral("?"));
    }
    return values;
}

QStringList tst_Labels::savedLabels()
{
    return saved([](const quire::Picture &p) { return quire::colourLabelName(p.colourLabel); });
}

QStringList tst_Labels::savedPicks()
{
    return saved([](const quire::Picture &p) { return quire::pickStateName(p.pick); });
}

QStringList tst_Labels::savedTitles()
{
    return saved([](const quire::Picture &p) { return p.title; });
}

QString tst_Labels::shownMarks() const
{
    return m_window->detailPane()->findChild<QLabel *>(QStringLiteral("marksLabel"))->text();
}

void tst_Labels::click(int row, Qt::KeyboardModifiers modifiers)
{
    quire::ui::PictureGridView *grid = m_window->pictureView();
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, modifiers,
                      grid->visualRect(m_window->pictureModel()->index(row)).center());
}

void tst_Labels::press(Qt::Key key, Qt::KeyboardModifiers modifiers)
{
    QTest::keyClick(m_window->pictureView(), key, modifiers);
    QVERIFY(waitIdle());
}

void tst_Labels::keysLabelTheSelectionAndTheSameKeyTakesItOff()
{
    click(1);
    QVERIFY(waitIdle()); // the detail pane has read the picture
    QCOMPARE(shownMarks(), QStringLiteral("None"));
    press(Qt::Key_6);
    QCOMPARE(savedLabels(), (QStringList{"none", "red", "none", "none"}));
    QCOMPARE(shownMarks(), QStringLiteral("Red"));
    QCOMPARE(m_window->undoStack()->undoText(), QStringLiteral("Label 1 picture red"));

    // Two of three selected are red already: 6 makes all three red.
    click(0);
    click(2, Qt::ShiftModifier);
    press(Qt::Key_6);
    QCOMPARE(savedLabels(), (QStringList{"red", "red", "red", "none"}));
    // All three red: 6 again takes the label off, as one step.
    press(Qt::Key_6);
    QCOMPARE(savedLabels(), (QStringList{"none", "none", "none", "none"}));
    QCOMPARE(m_window->undoStack()->undoText(), QStringLiteral("Take the label off 3 pictures"));
    press(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(savedLabels(), (QStringList{"red", "red", "red", "none"}));
    // Ctrl+Shift+Z takes it off again, and Ctrl+Z puts it back again.
    QCOMPARE(m_window->undoStack()->redoText(), QStringLiteral("Take the label off 3 pictures"));
    press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(savedLabels(), (QStringList{"none", "none", "none", "none"}));
    QCOMPARE(shownMarks(), QStringLiteral("None"));
    press(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(savedLabels(), (QStringList{"red", "red", "red", "none"}));

    // 7, 8 and 9: yellow, green, blue; the grid's items carry the label.
    for (const auto &[key, name] : {std::pair{Qt::Key_7, "yellow"}, {Qt::Key_8, "green"}, {Qt::Key_9, "blue"}}) {
        click(3);
        press(key);
        QCOMPARE(savedLabels().at(3), QLatin1String(name));
        QCOMPARE(quire::colourLabelName(m_window->pictureModel()->item(3).picture.colourLabel), QLatin1String(name));
    }
    // Ctrl+Z steps back through each: blue, green, yellow, none.
    for (const char *name : {"green", "yellow", "none"}) {
        press(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(savedLabels().at(3), QLatin1String(name));
    }
    QCOMPARE(savedLabels(), (QStringList{"red", "red", "red", "none"}));
    // And redo forward through them, the grid showing each.
    for (const char *name : {"yellow", "green"}) {
        press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(savedLabels().at(3), QLatin1String(name));
        QCOMPARE(quire::colourLabelName(m_window->pictureModel()->item(3).picture.colourLabel), QLatin1String(name));
    }
    // A new mark after an undo ends the redo: there is nothing left to redo.
    press(Qt::Key_Z, Qt::ControlModifier);
    press(Qt::Key_6);
    QVERIFY(!m_window->undoStack()->canRedo());
    QCOMPARE(savedLabels(), (QStringList{"red", "red", "red", "red"}));
}

void tst_Labels::pickRejectUnflagAndUndoPutsEachBack()
{
    click(0);
    press(Qt::Key_P);
    click(1);
    click(3, Qt::ControlModifier);
    press(Qt::Key_X);
    QCOMPARE(savedPicks(), (QStringList{"picked", "rejected", "none", "rejected"}));
    QCOMPARE(m_window->undoStack()->undoText(), QStringLiteral("Reject 2 pictures"));

    // U on everything: one step that unflags three; undo gives each its own.
    click(0);
    click(3, Qt::ShiftModifier);
    press(Qt::Key_U);
    QCOMPARE(savedPicks(), (QStringList{"none", "none", "none", "none"}));
    QCOMPARE(m_window->undoStack()->undoText(), QStringLiteral("Unflag 4 pictures"));
    press(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(savedPicks(), (QStringList{"picked", "rejected", "none", "rejected"}));

    // A label and a pick on the same picture; the pane shows both.
    click(1);
    press(Qt::Key_9);
    QVERIFY(waitIdle());
    QCOMPARE(shownMarks(), QStringLiteral("Blue, rejected"));
    // Picking a rejected picture picks it (one state, not two).
    press(Qt::Key_P);
    QCOMPARE(savedPicks().at(1), QStringLiteral("picked"));
    QCOMPARE(shownMarks(), QStringLiteral("Blue, picked"));
    // A key that changes nothing adds no undo step.
    const int steps = m_window->undoStack()->count();
    press(Qt::Key_P);
    QCOMPARE(m_window->undoStack()->count(), steps);
}

void tst_Labels::theViewerMarksThePictureShown()
{
    quire::ui::PictureGridView *grid = m_window->pictureView();
    click(0);
    click(3, Qt::ShiftModifier); // all four selected; the viewer shows one
    QTest::keyClick(grid, Qt::Key_Return);
    QCOMPARE(m_window->viewer()->current(), 3);
    QTest::keyClick(m_window->viewer(), Qt::Key_Left);
    QTest::keyClick(m_window->viewer(), Qt::Key_8);
    QTest::keyClick(m_window->viewer(), Qt::Key_X);
    QVERIFY(waitIdle());
    QCOMPARE(savedLabels(), (QStringList{"none", "none", "green", "none"}));
    QCOMPARE(savedPicks(), (QStringList{"none", "none", "rejected", "none"}));
}

void tst_Labels::lettersTypedInTheSearchFieldAreText()
{
    click(1);
    QVERIFY(waitIdle());
    QLineEdit *field = m_window->searchPanel()->field();
    field->setFocus();
    QTest::keyClicks(field, QStringLiteral("pux6789"));
    QCOMPARE(field->text(), QStringLiteral("pux6789"));
    QLineEdit *tag = m_window->detailPane()->tagEdit();
    tag->setFocus();
    QTest::keyClicks(tag, QStringLiteral("Paxu"));
    QCOMPARE(tag->text(), QStringLiteral("Paxu"));
    QVERIFY(waitIdle());
    QCOMPARE(savedLabels(), (QStringList{"none", "none", "none", "none"}));
    QCOMPARE(savedPicks(), (QStringList{"none", "none", "none", "none"}));
}

void tst_Labels::titleFieldTitlesTheSelectionAndUndoPutsEachBack()
{
    QLineEdit *title = m_window->detailPane()->titleEdit();
    const auto typeTitle = [&](const QString &text) {
        QTest::mouseClick(title, Qt::LeftButton);
        title->selectAll();
        if (text.isEmpty())
            QTest::keyClick(title, Qt::Key_Delete);
        else
            QTest::keyClicks(title, text);
        QTest::keyClick(title, Qt::Key_Return);
        QVERIFY(waitIdle());
    };
    click(0);
    QVERIFY(waitIdle());
    typeTitle(QStringLiteral("Harbour"));
    QCOMPARE(savedTitles(), (QStringList{"Harbour", "", "", ""}));

    click(2, Qt::ShiftModifier); // rows 0 to 2; the pane shows row 2
    QVERIFY(waitIdle());
    QCOMPARE(title->text(), QString());
    typeTitle(QStringLiteral("Sunset at the pier"));
    QCOMPARE(savedTitles(), (QStringList{"Sunset at the pier", "Sunset at the pier", "Sunset at the pier", ""}));
    QCOMPARE(m_window->undoStack()->undoText(), QStringLiteral("Title 3 pictures \u201cSunset at the pier\u201d"));
    // Leaving the field is not a second edit.
    click(3);
    QVERIFY(waitIdle());
    QCOMPARE(m_window->undoStack()->undoText(), QStringLiteral("Title 3 pictures \u201cSunset at the pier\u201d"));
    QCOMPARE(title->text(), QString()); // row 3's title: none

    press(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(savedTitles(), (QStringList{"Harbour", "", "", ""}));
    press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(savedTitles(), (QStringList{"Sunset at the pier", "Sunset at the pier", "Sunset at the pier", ""}));

    click(1);
    QVERIFY(waitIdle());
    QCOMPARE(title->text(), QStringLiteral("Sunset at the pier"));
    typeTitle(QString());
    QCOMPARE(savedTitles(), (QStringList{"Sunset at the pier", "", "Sunset at the pier", ""}));
    QCOMPARE(m_window->undoStack()->undoText(), QStringLiteral("Clear the title of 1 picture"));
}

QTEST_MAIN(tst_Labels)
#include "tst_labels.moc"
