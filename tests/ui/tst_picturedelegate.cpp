// The thumbnail grid marks videos: a cell whose picture is a video shows a
// play badge and its duration on the thumbnail; a photo's thumbnail is
// drawn as it is. A colour label is a dot of its colour, a picked picture
// has a white flag, a rejected one is dimmed with a cross. Checked on the
// pixels the grid view renders.

#include <quire/picture.h>
#include <quire/ui/picturedelegate.h>
#include <quire/ui/picturegridmodel.h>
#include <quire/ui/picturegridview.h>
#include <quire/ui/thumbnailloader.h>

#include <QImage>
#include <QPixmap>
#include <QStandardItemModel>
#include <QTest>

using quire::PictureKind;
using quire::ui::PictureDelegate;
using quire::ui::PictureGridModel;
using quire::ui::PictureGridView;
using quire::ui::ThumbnailLoader;

namespace {

// A flat colour no style paints with, so the thumbnail's pixels can be told apart.
const QColor Thumbnail(120, 140, 160);
const QSize ThumbnailSize(ThumbnailLoader::Size, ThumbnailLoader::Size * 3 / 4);

QStandardItem *cell(const QString &name, PictureKind kind, qint64 durationMs)
{
    // As the thumbnail loader hands them to the grid: ThumbnailLoader::Size wide.
    QPixmap pixmap(ThumbnailSize);
    pixmap.fill(Thumbnail);
    auto *item = new QStandardItem(name);
    item->setData(pixmap, Qt::DecorationRole);
    item->setData(int(kind), PictureGridModel::KindRole);
    if (kind == PictureKind::Video)
        item->setData(durationMs, PictureGridModel::DurationRole);
    return item;
}

struct Marks {
    QRect thumbnail;  // where the thumbnail's colour is
    int badge = 0;    // bright pixels in the play badge's place
    int other = 0;    // pixels of the thumbnail's area that are not its colour
};

// What the view drew of the cell: the thumbnail's bounds (its colour's),
// and what lies on it.
Marks marksOf(const QImage &shot, const QRect &cellRect)
{
    Marks marks;
    for (int y = cellRect.top(); y <= cellRect.bottom(); ++y) {
        for (int x = cellRect.left(); x <= cellRect.right(); ++x) {
            if (QColor(shot.pixel(x, y)) == Thumbnail)
                marks.thumbnail |= QRect(x, y, 1, 1);
        }
    }
    const QRect badge = PictureDelegate::playBadgeRect(marks.thumbnail);
    for (int y = marks.thumbnail.top(); y <= marks.thumbnail.bottom(); ++y) {
        for (int x = marks.thumbnail.left(); x <= marks.thumbnail.right(); ++x) {
            const QColor c = shot.pixel(x, y);
            if (c == Thumbnail)
                continue;
            ++marks.other;
            if (badge.contains(x, y) && c.red() > 230 && c.green() > 230 && c.blue() > 230)
                ++marks.badge;
        }
    }
    return marks;
}

} // namespace

class tst_PictureDelegate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void videoCellShowsPlayBadgeAndPhotoCellDoesNot();
    void durationReadsAsPlayersShowIt();
    void labelsAndPicksAreMarkedOnTheThumbnail();
};

void tst_PictureDelegate::videoCellShowsPlayBadgeAndPhotoCellDoesNot()
{
    QStandardItemModel model;
    model.appendRow(cell(QStringLiteral("IMG_0001.MOV"), PictureKind::Video, 7400));
    model.appendRow(cell(QStringLiteral("IMG_0002.jpg"), PictureKind::Photo, 0));
    PictureGridView view(nullptr);
    view.setModel(&model);
    view.resize(700, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QImage shot = view.viewport()->grab().toImage();

    const Marks video = marksOf(shot, view.visualRect(model.index(0, 0)));
    const Marks photo = marksOf(shot, view.visualRect(model.index(1, 0)));
    QCOMPARE(video.thumbnail.size(), ThumbnailSize);
    QCOMPARE(photo.thumbnail.size(), ThumbnailSize);
    // The badge's white triangle, and the duration's box beside it.
    QVERIFY2(video.badge > 20, qPrintable(QString::number(video.badge)));
    QVERIFY2(video.other > video.badge + 100, qPrintable(QString::number(video.other)));
    // A photo's thumbnail is untouched.
    QCOMPARE(photo.badge, 0);
    QCOMPARE(photo.other, 0);
}

void tst_PictureDelegate::durationReadsAsPlayersShowIt()
{
    QCOMPARE(PictureDelegate::durationText(7400), QStringLiteral("0:07"));
    QCOMPARE(PictureDelegate::durationText(400), QStringLiteral("0:01")); // never 0:00 for a video that runs
    QCOMPARE(PictureDelegate::durationText(754000), QStringLiteral("12:34"));
    QCOMPARE(PictureDelegate::durationText(3723000), QStringLiteral("1:02:03"));
}

namespace {

// Pixels of area in the shot that pass test.
template<typename Test>
int countPixels(const QImage &shot, const QRect &area, Test test)
{
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x)
            n += test(QColor(shot.pixel(x, y))) ? 1 : 0;
    }
    return n;
}

bool isWhite(const QColor &c)
{
    return c.red() > 230 && c.green() > 230 && c.blue() > 230;
}

} // namespace

void tst_PictureDelegate::labelsAndPicksAreMarkedOnTheThumbnail()
{
    QStandardItemModel model;
    const auto add = [&](const QString &name, quire::ColourLabel label, quire::PickState pick) {
        QStandardItem *item = cell(name, PictureKind::Photo, 0);
        item->setData(int(label), PictureGridModel::ColourLabelRole);
        item->setData(int(pick), PictureGridModel::PickRole);
        model.appendRow(item);
    };
    add(QStringLiteral("plain.jpg"), quire::ColourLabel::None, quire::PickState::None);
    add(QStringLiteral("red.jpg"), quire::ColourLabel::Red, quire::PickState::None);
    add(QStringLiteral("picked.jpg"), quire::ColourLabel::None, quire::PickState::Picked);
    add(QStringLiteral("rejected.jpg"), quire::ColourLabel::Blue, quire::PickState::Rejected);
    PictureGridView view(nullptr);
    view.setModel(&model);
    view.resize(900, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QImage shot = view.viewport()->grab().toImage();

    const QRect plainCell = view.visualRect(model.index(0, 0));
    const Marks plain = marksOf(shot, plainCell);
    QCOMPARE(plain.thumbnail.size(), ThumbnailSize);
    QCOMPARE(plain.other, 0); // no label, no pick: untouched
    // Every cell lays its thumbnail out as the plain one does.
    const auto thumbnailOf = [&](int row) {
        return plain.thumbnail.translated(view.visualRect(model.index(row, 0)).topLeft() - plainCell.topLeft());
    };

    const QRect red = thumbnailOf(1);
    const int redDot = countPixels(shot, PictureDelegate::labelDotRect(red), [](const QColor &c) {
        return c.red() > 180 && c.green() < 90 && c.blue() < 90;
    });
    QVERIFY2(redDot > 20, qPrintable(QString::number(redDot)));
    QCOMPARE(countPixels(shot, PictureDelegate::pickBadgeRect(red), isWhite), 0);

    const QRect picked = thumbnailOf(2);
    const int flag = countPixels(shot, PictureDelegate::pickBadgeRect(picked), isWhite);
    QVERIFY2(flag > 10, qPrintable(QString::number(flag)));
    // Not dimmed: the thumbnail's own colour is most of it.
    QVERIFY(countPixels(shot, picked, [](const QColor &c) { return c == Thumbnail; }) > picked.width() * picked.height() / 2);

    const QRect rejected = thumbnailOf(3);
    const int cross = countPixels(shot, PictureDelegate::pickBadgeRect(rejected), isWhite);
    QVERIFY2(cross > 10, qPrintable(QString::number(cross)));
    const QColor centre = shot.pixel(rejected.center());
    QVERIFY2(centre.value() < Thumbnail.value() - 30, qPrintable(centre.name())); // dimmed
    const int blueDot = countPixels(shot, PictureDelegate::labelDotRect(rejected), [](const QColor &c) {
        return c.blue() > 150 && c.red() < 80;
    });
    QVERIFY2(blueDot > 20, qPrintable(QString::number(blueDot)));
}

QTEST_MAIN(tst_PictureDelegate)
#include "tst_picturedelegate.moc"
