// The filter bar above the grid, driven with the keyboard as a person
// would: a minimum rating, a colour label, a pick state and photos or
// videos narrow the album's grid (each read again from the album), the
// order puts it by name, date or rating, and the same rating narrows the
// search results; the viewer hides the bar.

#include <quire/album_registry.h>
#include <quire/pictures.h>
#include <quire/session.h>
#include <quire/ui/filterbar.h>
#include <quire/ui/mainwindow.h>
#include <quire/ui/picturegridmodel.h>
#include <quire/ui/picturegridview.h>
#include <quire/ui/pictureviewer.h>
#include <quire/ui/searchpanel.h>

#include "uitest.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using quire::AlbumRegistry;
using quire::ui::MainWindow;

class tst_FilterBar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void ratingLabelPickAndKindNarrowTheGrid();
    void orderPutsTheGridByDateAndRating();
    void theBarNarrowsSearchResultsToo();
    void theViewerHidesTheBar();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    // Picks the item of the bar's combo box `name` with the arrow keys.
    void choose(const char *name, const QString &text);
    // The grid's file numbers, in order: {2, 3, 5} for IMG_00002.jpg...
    QList<int> shown() const;
    bool waitIdle() { return quire::uitest::waitIdle(*m_window); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AlbumRegistry> m_registry;
    std::unique_ptr<MainWindow> m_window;
    QUuid m_album;
};

void tst_FilterBar::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    quire::uitest::isolateSettings(path(QStringLiteral("settings")));
    m_registry = std::make_unique<AlbumRegistry>(path(QStringLiteral("workspace")));
    auto album = quire::uitest::makeAlbum(*m_registry, path(QStringLiteral("Holiday")), QStringLiteral("Holiday"), 6);
    QVERIFY2(album, qPrintable(album.error().toString()));
    m_album = album->uuid();
    {
        // Taken a day apart, IMG_00001 first. Ratings 0 5 3 1 4 2; 2 and 3
        // red, 4 blue; 2 picked, 5 rejected; 6 a video.
        auto session = album->write();
        QVERIFY(session);
        quire::Pictures pictures(*session);
        auto all = pictures.query();
        QVERIFY(all && all->size() == 6);
        const int ratings[] = {0, 5, 3, 1, 4, 2};
        for (int i = 0; i < 6; ++i) {
            quire::Picture p = all->at(i);
            p.rating = ratings[i];
            p.colourLabel = i == 1 || i == 2 ? quire::ColourLabel::Red
                            : i == 3         ? quire::ColourLabel::Blue
                                             : quire::ColourLabel::None;
            p.pick = i == 1 ? quire::PickState::Picked : i == 4 ? quire::PickState::Rejected : quire::PickState::None;
            if (i == 5) {
                p.kind = quire::PictureKind::Video;
                p.durationMs = 4000;
            }
            auto updated = pictures.update(p);
            QVERIFY2(updated, qPrintable(updated.error().toString()));
        }
    }
    m_window = std::make_unique<MainWindow>(*m_registry);
    QVERIFY(quire::uitest::showOnAlbum(*m_window, m_album, 6));
}

void tst_FilterBar::cleanup()
{
    m_window.reset();
    m_registry.reset();
    m_dir.reset();
}

void tst_FilterBar::choose(const char *name, const QString &text)
{
    auto *box = m_window->filterBar()->findChild<QComboBox *>(QLatin1String(name));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QTest::mouseClick(box, Qt::LeftButton); // opens the list
    QTRY_VERIFY(box->view()->isVisible());
    QTest::keyClick(box->view(), Qt::Key_Escape); // closes it; focus stays on the box
    QTest::keyClick(box, Qt::Key_Home);
    for (int i = 0; i < box->count() && box->currentText() != text; ++i)
        QTest::keyClick(box, Qt::Key_Down);
    QCOMPARE(box->currentText(), text);
    QVERIFY(waitIdle());
}

QList<int> tst_FilterBar::shown() const
{
    QList<int> numbers;
    const quire::ui::PictureGridModel *model = m_window->pictureModel();
    for (int row = 0; row < model->rowCount(); ++row)
        numbers.append(model->item(row).picture.path.mid(4, 5).toInt());
    return numbers;
}

void tst_FilterBar::ratingLabelPickAndKindNarrowTheGrid()
{
    choose("ratingFilter", QStringLiteral("\u2605\u2605\u2605 or more"));
    QTRY_COMPARE(shown(), (QList<int>{2, 3, 5}));
    choose("labelFilter", QStringLiteral("Red"));
    QTRY_COMPARE(shown(), (QList<int>{2, 3}));
    choose("pickFilter", QStringLiteral("Picked"));
    QTRY_COMPARE(shown(), (QList<int>{2}));
    choose("pickFilter", QStringLiteral("Any"));
    choose("labelFilter", QStringLiteral("No label"));
    QTRY_COMPARE(shown(), (QList<int>{5}));
    choose("ratingFilter", QStringLiteral("Any"));
    QTRY_COMPARE(shown(), (QList<int>{1, 5, 6}));
    choose("labelFilter", QStringLiteral("Any"));
    choose("pickFilter", QStringLiteral("Rejected"));
    QTRY_COMPARE(shown(), (QList<int>{5}));
    choose("pickFilter", QStringLiteral("Any"));
    choose("kindFilter", QStringLiteral("Videos"));
    QTRY_COMPARE(shown(), (QList<int>{6}));
    choose("kindFilter", QStringLiteral("Photos"));
    QTRY_COMPARE(shown(), (QList<int>{1, 2, 3, 4, 5}));
    choose("kindFilter", QStringLiteral("All"));
    QTRY_COMPARE(shown(), (QList<int>{1, 2, 3, 4, 5, 6}));
}

void tst_FilterBar::orderPutsTheGridByDateAndRating()
{
    choose("sortOrder", QStringLiteral("Date, newest first"));
    QTRY_COMPARE(shown(), (QList<int>{6, 5, 4, 3, 2, 1}));
    choose("sortOrder", QStringLiteral("Rating"));
    QTRY_COMPARE(shown(), (QList<int>{2, 5, 3, 6, 4, 1}));
    // Order and filter together.
    choose("labelFilter", QStringLiteral("Red"));
    QTRY_COMPARE(shown(), (QList<int>{2, 3}));
    choose("sortOrder", QStringLiteral("Date, oldest first"));
    QTRY_COMPARE(shown(), (QList<int>{2, 3}));
    choose("sortOrder", QStringLiteral("Name"));
    choose("labelFilter", QStringLiteral("Any"));
    QTRY_COMPARE(shown(), (QList<int>{1, 2, 3, 4, 5, 6}));
}

void tst_FilterBar::theBarNarrowsSearchResultsToo()
{
    QSignalSpy finished(m_window->searchPanel(), &quire::ui::SearchPanel::finished);
    QTest::keyClick(m_window->pictureView(), Qt::Key_F, Qt::ControlModifier);
    QLineEdit *field = m_window->searchPanel()->field();
    QTest::keyClicks(field, QStringLiteral("IMG"));
    QTest::keyClick(field, Qt::Key_Return);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 6);
    // Changing the bar on the results page searches again, narrowed.
    choose("ratingFilter", QStringLiteral("\u2605\u2605\u2605\u2605 or more"));
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 2);
    // Typed words name their own: label:red wins over the bar's Any.
    field->clear();
    QTest::keyClicks(field, QStringLiteral("label:red"));
    QTest::keyClick(field, Qt::Key_Return);
    QTRY_COMPARE(finished.count(), 3);
    QCOMPARE(m_window->searchPanel()->results()->rowCount(), 1); // IMG_00002: red and 5 stars
}

void tst_FilterBar::theViewerHidesTheBar()
{
    QVERIFY(m_window->filterBar()->isVisible());
    quire::ui::PictureGridView *grid = m_window->pictureView();
    const QPoint where = grid->visualRect(m_window->pictureModel()->index(0)).center();
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, where); // the first click of the two
    QTest::mouseDClick(grid->viewport(), Qt::LeftButton, {}, where);
    QTRY_VERIFY(m_window->viewer()->isVisible());
    QVERIFY(!m_window->filterBar()->isVisible());
    QTest::keyClick(m_window->viewer(), Qt::Key_Escape);
    QTRY_VERIFY(m_window->filterBar()->isVisible());
}

QTEST_MAIN(tst_FilterBar)
#include "tst_filterbar.moc"
