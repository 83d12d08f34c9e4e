// The thumbnail grid marks videos: a cell whose picture is a video shows a
// play badge and its duration on the thumbnail; a photo's thumbnail is
// drawn as it is. Checked on the pixels the grid view renders.

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

QTEST_MAIN(tst_PictureDelegate)
#include "tst_picturedelegate.moc"
